/**
 * Personal API tokens: create one with a name and what it is for (its scope, in plain words;
 * the secret is shown once, with a copy button), list them with their scope and when they were
 * made and last used, revoke with a confirmation.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ApiTokenInfo, CreatedApiToken, TokenScope } from '#common/auth';
import { useUser } from '#web/features/auth/session';
import { api } from '#web/lib/api';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { errorText } from '#web/lib/errors';
import { queryClient } from '#web/lib/queryClient';
import { CopyButton } from '#web/lib/ui/CopyButton';
import { formatDateTime, formatRelative } from '#web/lib/ui/format';
import { Badge, EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { settingsKeys } from './settings';
import { Trans, useTranslation } from 'react-i18next';
import { useLimitText } from '#web/features/limits/limitWords';

/** The scopes a member may pick; their words are `scope_<value>`, `…_hint`, `…_short` in settings. */
const SCOPES: ReadonlyArray<{ value: TokenScope; adminOnly?: boolean }> = [
  { value: 'models' },
  { value: 'chat' },
  { value: 'admin', adminOnly: true },
];

function NewTokenForm({ onCreated }: { onCreated: (t: CreatedApiToken) => void }) {
  const user = useUser();
  const isAdmin = user.role === 'admin';
  // A supervised member's guardians decide about tokens; the terminal's is the one usually allowed.
  const firstScope: TokenScope = user.supervised ? 'chat' : 'models';
  const { t } = useTranslation('settings');
  const limitWords = useLimitText();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>(firstScope);
  const create = useMutation({
    mutationFn: () => api.createApiToken({ name: name.trim(), scope }),
    onSuccess: (token) => {
      setName('');
      setScope(firstScope);
      onCreated(token);
      void queryClient.invalidateQueries({ queryKey: settingsKeys.tokens });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() && !create.isPending) create.mutate();
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      {user.supervised && (
        <p className="notice" role="note" data-testid="token-supervised-note">
          {t('limits:tokensSupervisedNote')}
        </p>
      )}
      <fieldset className="token-scopes">
        <legend className="field-legend">{t('whatFor')}</legend>
        <div className="segmented" role="radiogroup" aria-label={t('whatFor')}>
          {SCOPES.filter((s) => isAdmin || !s.adminOnly).map((s) => (
            <label key={s.value} className="segment" data-testid={`token-scope-${s.value}`}>
              <input
                type="radio"
                name="token-scope"
                value={s.value}
                checked={scope === s.value}
                onChange={() => setScope(s.value)}
              />
              <span className="segment-label">{t(`scope_${s.value}`)}</span>
              <span className="segment-hint">{t(`scope_${s.value}_hint`)}</span>
            </label>
          ))}
        </div>
        {scope === 'admin' && (
          <p className="notice notice-warn" role="note" data-testid="token-admin-warning">
            {t('adminTokenWarning')}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor="token-name">{t('newTokenName')}</label>
        <div className="inline-form-row">
          <input
            id="token-name"
            className="input"
            data-testid="token-name"
            placeholder={t('tokenNamePlaceholder')}
            maxLength={64}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="token-create"
            disabled={!name.trim() || create.isPending}
          >
            {create.isPending ? t('creating') : t('createToken')}
          </button>
        </div>
        {create.isError && (
          <span className="field-error" role="alert">
            {limitWords(create.error, 'token') ?? t('couldNotCreate', { error: errorText(create.error) })}
          </span>
        )}
      </div>
    </form>
  );
}

function NewTokenSecret({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const { t } = useTranslation('settings');
  return (
    <div className="secret-box" role="status" data-testid="token-created">
      <strong>{t('tokenReady', { name: token.name })}</strong>
      <div className="secret">
        <code data-testid="token-secret">{token.token}</code>
        <CopyButton text={token.token} testId="token-copy" />
      </div>
      <p className="hint">{t('tokenKeep')}</p>
      <button type="button" className="btn" data-testid="token-done" onClick={onDone}>
        {t('copiedIt')}
      </button>
    </div>
  );
}

function TokenRow({ token, onRevoke }: { token: ApiTokenInfo; onRevoke: () => void }) {
  const { t } = useTranslation('settings');
  return (
    <li className="row" data-testid="token-row">
      <div className="row-main">
        <div className="row-title">
          {token.name}{' '}
          <Badge tone={token.scope === 'admin' ? 'warn' : 'neutral'} testId="token-scope">
            {t(`scope_${token.scope}_short`)}
          </Badge>
        </div>
        <div className="row-sub">
          {t('createdAt', { when: formatDateTime(token.createdAt) })} ·{' '}
          {token.lastUsedAt ? t('lastUsed', { when: formatRelative(token.lastUsedAt) }) : t('neverUsed')}
        </div>
      </div>
      <div className="row-actions">
        <button type="button" className="btn btn-sm btn-danger-quiet" data-testid="token-revoke" onClick={onRevoke}>
          {t('revoke')}
        </button>
      </div>
    </li>
  );
}

/** Props: none. */
export function TokensSection() {
  const { t } = useTranslation('settings');
  const tokens = useQuery({ queryKey: settingsKeys.tokens, queryFn: () => api.listApiTokens() });
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenInfo | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => api.revokeApiToken(id),
    onSuccess: (_v, id) => {
      setRevoking(null);
      if (created?.id === id) setCreated(null);
      void queryClient.invalidateQueries({ queryKey: settingsKeys.tokens });
    },
  });
  const origin = location.origin;

  return (
    <>
      <Section
        title={t('tokensTitle')}
        description={
          <Trans
            t={t}
            i18nKey="tokensDescription"
            values={{ address: `${origin}/v1` }}
            components={{ code: <code className="code-inline" data-testid="token-base-url" /> }}
          />
        }
        testId="settings-tokens"
      >
        {created ? (
          <NewTokenSecret token={created} onDone={() => setCreated(null)} />
        ) : (
          <NewTokenForm onCreated={setCreated} />
        )}
        {tokens.isPending ? (
          <ListSkeleton rows={2} />
        ) : tokens.isError ? (
          <LoadError error={tokens.error} what={t('whatTokens')} onRetry={() => void tokens.refetch()} />
        ) : tokens.data.items.length === 0 ? (
          <EmptyState testId="token-list-empty">{t('noTokens')}</EmptyState>
        ) : (
          <ul className="rows rows-spaced" aria-label={t('yourTokens')}>
            {tokens.data.items.map((token) => (
              <TokenRow key={token.id} token={token} onRevoke={() => setRevoking(token)} />
            ))}
          </ul>
        )}
        {revoke.isError && (
          <div className="notice notice-error" role="alert">
            {t('couldNotRevoke', { error: errorText(revoke.error) })}
          </div>
        )}
      </Section>
      {!!revoking && (
        <ConfirmDialog
          open
          title={t('revokeTitle')}
          body={revoking ? t('revokeBody', { name: revoking.name }) : ''}
          confirmLabel={t('revoke')}
          danger
          busy={revoke.isPending}
          onConfirm={() => revoking && revoke.mutate(revoking.id)}
          onCancel={() => setRevoking(null)}
        />
      )}
    </>
  );
}
