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
import { useTranslation } from 'react-i18next';
import { useLimitText } from '#web/features/limits/limitWords';

/** What each scope is for, as the member reads it. */
const SCOPES: ReadonlyArray<{ value: TokenScope; label: string; hint: string; short: string; adminOnly?: boolean }> = [
  {
    value: 'models',
    label: 'Other apps (OpenAI-compatible) — models only',
    hint: 'Chat with your models from other apps and scripts. It sees nothing else of your account.',
    short: 'Other apps',
  },
  {
    value: 'chat',
    label: 'Terminal client — chat',
    hint: 'The Hearth terminal client: your conversations, models, tasks and usage.',
    short: 'Terminal client',
  },
  {
    value: 'admin',
    label: 'Admin',
    hint: 'The admin console’s actions, for your admin scripts. Nothing else.',
    short: 'Admin',
    adminOnly: true,
  },
];

/** The plain name of a token's scope in the list. */
const scopeName = (scope: TokenScope) => SCOPES.find((s) => s.value === scope)?.short ?? scope;

function NewTokenForm({ onCreated }: { onCreated: (t: CreatedApiToken) => void }) {
  const user = useUser();
  const isAdmin = user.role === 'admin';
  // A supervised member's guardians decide about tokens; the terminal's is the one usually allowed.
  const firstScope: TokenScope = user.supervised ? 'chat' : 'models';
  const { t } = useTranslation('limits');
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
          {t('tokensSupervisedNote')}
        </p>
      )}
      <fieldset className="token-scopes">
        <legend className="field-legend">What it’s for</legend>
        <div className="segmented" role="radiogroup" aria-label="What it’s for">
          {SCOPES.filter((s) => isAdmin || !s.adminOnly).map((s) => (
            <label key={s.value} className="segment" data-testid={`token-scope-${s.value}`}>
              <input
                type="radio"
                name="token-scope"
                value={s.value}
                checked={scope === s.value}
                onChange={() => setScope(s.value)}
              />
              <span className="segment-label">{s.label}</span>
              <span className="segment-hint">{s.hint}</span>
            </label>
          ))}
        </div>
        {scope === 'admin' && (
          <p className="notice notice-warn" role="note" data-testid="token-admin-warning">
            An admin token can do what you can do in the admin console: add and remove people, reset their passwords,
            change model servers. Make one only for a script you trust, and revoke it when you no longer need it.
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor="token-name">New token’s name</label>
        <div className="inline-form-row">
          <input
            id="token-name"
            className="input"
            data-testid="token-name"
            placeholder="e.g. Laptop terminal"
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
            {create.isPending ? 'Creating…' : 'Create token'}
          </button>
        </div>
        {create.isError && (
          <span className="field-error" role="alert">
            {limitWords(create.error, 'token') ?? `Couldn’t create it: ${errorText(create.error)}`}
          </span>
        )}
      </div>
    </form>
  );
}

function NewTokenSecret({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  return (
    <div className="secret-box" role="status" data-testid="token-created">
      <strong>“{token.name}” is ready. Copy it now: this is the only time Hearth shows it.</strong>
      <div className="secret">
        <code data-testid="token-secret">{token.token}</code>
        <CopyButton text={token.token} testId="token-copy" />
      </div>
      <p className="hint">
        Keep it like a password: anyone who has it can act as you, within what it’s for. Revoke it here if it gets out.
      </p>
      <button type="button" className="btn" data-testid="token-done" onClick={onDone}>
        I’ve copied it
      </button>
    </div>
  );
}

function TokenRow({ token, onRevoke }: { token: ApiTokenInfo; onRevoke: () => void }) {
  return (
    <li className="row" data-testid="token-row">
      <div className="row-main">
        <div className="row-title">
          {token.name}{' '}
          <Badge tone={token.scope === 'admin' ? 'warn' : 'neutral'} testId="token-scope">
            {scopeName(token.scope)}
          </Badge>
        </div>
        <div className="row-sub">
          Created {formatDateTime(token.createdAt)} ·{' '}
          {token.lastUsedAt ? `last used ${formatRelative(token.lastUsedAt)}` : 'never used'}
        </div>
      </div>
      <div className="row-actions">
        <button type="button" className="btn btn-sm btn-danger-quiet" data-testid="token-revoke" onClick={onRevoke}>
          Revoke
        </button>
      </div>
    </li>
  );
}

/** Props: none. */
export function TokensSection() {
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
        title="Personal API tokens"
        description={
          <>
            For the Hearth terminal client, scripts, and any OpenAI client pointed at{' '}
            <code className="code-inline" data-testid="token-base-url">
              {origin}/v1
            </code>
            . A token acts as you, with your permissions, and only for what you made it for. No token can make other
            tokens or change your password.
          </>
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
          <LoadError error={tokens.error} what="your tokens" onRetry={() => void tokens.refetch()} />
        ) : tokens.data.items.length === 0 ? (
          <EmptyState testId="token-list-empty">No tokens yet.</EmptyState>
        ) : (
          <ul className="rows rows-spaced" aria-label="Your API tokens">
            {tokens.data.items.map((t) => (
              <TokenRow key={t.id} token={t} onRevoke={() => setRevoking(t)} />
            ))}
          </ul>
        )}
        {revoke.isError && (
          <div className="notice notice-error" role="alert">
            Couldn’t revoke it: {errorText(revoke.error)}
          </div>
        )}
      </Section>
      {!!revoking && (
        <ConfirmDialog
          open
          title="Revoke this token?"
          body={revoking ? `Anything using “${revoking.name}” stops working at once. This can’t be undone.` : ''}
          confirmLabel="Revoke"
          danger
          busy={revoke.isPending}
          onConfirm={() => revoking && revoke.mutate(revoking.id)}
          onCancel={() => setRevoking(null)}
        />
      )}
    </>
  );
}
