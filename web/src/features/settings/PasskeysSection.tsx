/**
 * Passkeys: sign in with the device's own unlock (face, fingerprint, PIN) instead of a password.
 * Register one or more with a name; list them; remove one.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { PasskeyInfo } from '#common/passkeys';
import { api } from '#web/lib/api';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { errorText } from '#web/lib/errors';
import { queryClient } from '#web/lib/queryClient';
import { FingerprintIcon } from '#web/lib/ui/icons';
import { formatDateTime, formatRelative } from '#web/lib/ui/format';
import { Badge, EmptyState, ListSkeleton, LoadError, Section } from '#web/lib/ui/Section';
import { PasskeyCancelled, passkeysUsableHere, registerPasskey } from './passkeys';
import { settingsKeys } from './settings';
import { useTranslation } from 'react-i18next';
import { i18next } from '#web/lib/i18n';

/** A guess at a name for this device's passkey, e.g. "Chrome on macOS". */
function suggestedName(): string {
  const ua = navigator.userAgent;
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/iPad/.test(ua)) return 'iPad';
  if (/Android/.test(ua)) return i18next.t('settings:androidPhone');
  if (/Mac OS X/.test(ua)) return 'Mac';
  if (/Windows/.test(ua)) return i18next.t('settings:windowsPc');
  return i18next.t('settings:thisDeviceName');
}

function PasskeyRow({ p, onRemove }: { p: PasskeyInfo; onRemove: () => void }) {
  const { t } = useTranslation('settings');
  return (
    <li className="row" data-testid="passkey-row">
      <span className="row-icon" aria-hidden="true">
        <FingerprintIcon size={18} />
      </span>
      <div className="row-main">
        <div className="row-title">
          <span>{p.name}</span>
          {p.backedUp && <Badge>{t('synced')}</Badge>}
        </div>
        <div className="row-sub">
          {t('addedAt', { when: formatDateTime(p.createdAt) })} ·{' '}
          {p.lastUsedAt ? t('lastUsed', { when: formatRelative(p.lastUsedAt) }) : t('notUsedYet')}
        </div>
      </div>
      <div className="row-actions">
        <button type="button" className="btn btn-sm btn-danger-quiet" data-testid="passkey-remove" onClick={onRemove}>
          {t('common:remove')}
        </button>
      </div>
    </li>
  );
}

/** After registering: the new passkey gets its name (prefilled with a guess). */
function NameNewPasskey({ passkey, onDone }: { passkey: PasskeyInfo; onDone: () => void }) {
  const { t } = useTranslation('settings');
  const [name, setName] = useState(passkey.name);
  const rename = useMutation({
    mutationFn: () => api.renamePasskey(passkey.id, name.trim()),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: settingsKeys.passkeys });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === passkey.name) onDone();
    else if (name.trim() && !rename.isPending) rename.mutate();
  };
  return (
    <form className="secret-box" onSubmit={submit} noValidate data-testid="passkey-added">
      <strong>{t('passkeyAdded')}</strong>
      <div className="field" style={{ alignSelf: 'stretch', marginBottom: 0 }}>
        <label htmlFor="passkey-name">{t('passkeyNameLabel')}</label>
        <div className="inline-form-row">
          <input
            id="passkey-name"
            className="input"
            data-testid="passkey-name"
            maxLength={64}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoFocus
          />
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="passkey-name-save"
            disabled={!name.trim() || rename.isPending}
          >
            {rename.isPending ? t('common:saving') : t('common:save')}
          </button>
        </div>
        {rename.isError && (
          <span className="field-error" role="alert">
            {t('couldNotRename', { error: errorText(rename.error) })}
          </span>
        )}
      </div>
    </form>
  );
}

/** Props: none. */
export function PasskeysSection() {
  const { t } = useTranslation('settings');
  const usable = passkeysUsableHere();
  const supported = usable.ok;
  const passkeys = useQuery({ queryKey: settingsKeys.passkeys, queryFn: () => api.listPasskeys() });
  const [added, setAdded] = useState<PasskeyInfo | null>(null);
  const [removing, setRemoving] = useState<PasskeyInfo | null>(null);
  const register = useMutation({
    mutationFn: () => registerPasskey(suggestedName()),
    onSuccess: (p) => {
      setAdded(p);
      void queryClient.invalidateQueries({ queryKey: settingsKeys.passkeys });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.removePasskey(id),
    onSuccess: (_v, id) => {
      setRemoving(null);
      if (added?.id === id) setAdded(null);
      void queryClient.invalidateQueries({ queryKey: settingsKeys.passkeys });
    },
    onError: () => setRemoving(null),
  });
  const registerError =
    register.isError && !(register.error instanceof PasskeyCancelled) ? errorText(register.error) : null;

  return (
    <Section
      title={t('passkeysTitle')}
      description={t('passkeysDescription')}
      testId="settings-passkeys"
      actions={
        supported && (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="passkey-add"
            disabled={register.isPending}
            onClick={() => {
              setAdded(null);
              register.mutate();
            }}
          >
            <FingerprintIcon size={16} />
            {register.isPending ? t('waitingForDevice') : t('addPasskey')}
          </button>
        )
      }
    >
      {!usable.ok && (
        <p className="notice notice-warn section-note" data-testid="passkeys-unsupported">
          {usable.reason}
        </p>
      )}
      {registerError && (
        <div className="notice notice-error section-note" role="alert" data-testid="passkey-error">
          {registerError}
        </div>
      )}
      {added && <NameNewPasskey key={added.id} passkey={added} onDone={() => setAdded(null)} />}
      {passkeys.isPending ? (
        <ListSkeleton rows={1} />
      ) : passkeys.isError ? (
        <LoadError error={passkeys.error} what={t('whatPasskeys')} onRetry={() => void passkeys.refetch()} />
      ) : passkeys.data.items.length === 0 ? (
        <EmptyState testId="passkey-list-empty">{t('noPasskeys')}</EmptyState>
      ) : (
        <ul className={`rows${added ? ' rows-spaced' : ''}`} aria-label={t('yourPasskeys')}>
          {passkeys.data.items.map((p) => (
            <PasskeyRow key={p.id} p={p} onRemove={() => setRemoving(p)} />
          ))}
        </ul>
      )}
      {remove.isError && (
        <div className="notice notice-error" role="alert">
          {t('couldNotRemove', { error: errorText(remove.error) })}
        </div>
      )}
      {!!removing && (
        <ConfirmDialog
          open
          title={t('removePasskeyTitle')}
          body={removing ? t('removePasskeyBody', { name: removing.name }) : ''}
          confirmLabel={t('common:remove')}
          danger
          busy={remove.isPending}
          onConfirm={() => removing && remove.mutate(removing.id)}
          onCancel={() => setRemoving(null)}
        />
      )}
    </Section>
  );
}
