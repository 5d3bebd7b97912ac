/** "Sign in with a passkey" on the sign-in page, shown when the browser supports WebAuthn. */
import { useMutation } from '@tanstack/react-query';
import { ApiError } from '#common/api-client';
import { errorText } from '#web/lib/errors';
import { acceptSession } from '#web/features/auth/session';
import { FingerprintIcon } from '#web/lib/ui/icons';
import { PasskeyCancelled, passkeysSupported, signInWithPasskey } from './passkeys';
import './settings.css';

function passkeyError(err: unknown): string | null {
  if (err instanceof PasskeyCancelled) return null;
  if (err instanceof ApiError && err.code === 'invalid_credentials') {
    return 'That passkey isn’t registered here any more. Sign in with your password, then add it again in Settings.';
  }
  return errorText(err);
}

/** Props: what to do once signed in (navigate on). */
export function PasskeyLoginButton({ onSignedIn }: { onSignedIn: () => void }) {
  const login = useMutation({
    mutationFn: () => signInWithPasskey(),
    onSuccess: (session) => {
      acceptSession(session);
      onSignedIn();
    },
  });
  if (!passkeysSupported()) return null;
  const error = login.isError ? passkeyError(login.error) : null;
  return (
    <div className="passkey-login">
      <div className="auth-or" aria-hidden="true">
        <span>or</span>
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
        {login.isPending ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </button>
    </div>
  );
}
