/**
 * "Sign in with a passkey" on the sign-in page, shown when the browser supports WebAuthn; on a
 * plain-http page a line saying passkeys work once Hearth is a secure site.
 */
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '#common/api-transport';
import { errorText } from '#web/lib/errors';
import { acceptSession } from '#web/features/auth/session';
import { FingerprintIcon } from '#web/lib/ui/icons';
import { InsecurePasskeyNote } from '#web/features/a11y/InsecurePasskeyNote';
import { PasskeyCancelled, passkeyBlocker, signInWithPasskey } from './passkeys';
import './settings.css';

function passkeyError(err: unknown, t: TFunction<'auth'>): string | null {
  if (err instanceof PasskeyCancelled) return null;
  if (err instanceof ApiError && err.code === 'invalid_credentials') return t('passkeyUnknown');
  return errorText(err);
}

/** Props: what to do once signed in (navigate on). */
export function PasskeyLoginButton({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation('auth');
  const login = useMutation({
    mutationFn: () => signInWithPasskey(),
    onSuccess: (session) => {
      acceptSession(session);
      onSignedIn();
    },
  });
  const blocker = passkeyBlocker();
  if (blocker === 'insecure') return <InsecurePasskeyNote />;
  if (blocker) return null;
  const error = login.isError ? passkeyError(login.error, t) : null;
  return (
    <div className="passkey-login">
      <div className="auth-or" aria-hidden="true">
        <span>{t('or')}</span>
      </div>
      {error && (
        <div className="notice notice-error" role="alert" data-testid="passkey-login-error">
          {error}
        </div>
      )}
      <button
        type="button"
        className="btn btn-block"
        data-testid="login-passkey"
        disabled={login.isPending}
        onClick={() => login.mutate()}
      >
        <FingerprintIcon size={18} />
        {login.isPending ? t('waitingForPasskey') : t('signInWithPasskey')}
      </button>
    </div>
  );
}
