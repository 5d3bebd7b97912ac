/**
 * `hearth login` and `hearth logout`. Login signs in like the web app (password → session
 * cookie + CSRF token), creates a personal API token with the `chat` scope named after this
 * machine, ends that browser-style session again and saves `{server, token}` (mode 0600).
 * Logout revokes the token server-side and deletes the file.
 */
import os from 'node:os';
import readline from 'node:readline/promises';
import { ApiError, createApiClient } from '#common/api-client';
import { CliError, say, type CliIo } from '../io';
import { readSecret } from '../password-input';
import {
  deleteCredentials,
  normalizeServer,
  readSavedCredentials,
  resolveCredentials,
  saveCredentials,
  serverAddress,
} from './config-store';
import { toCliError } from './errors';
import { EXIT } from './exit-codes';

/** A fetch that keeps the session cookie between requests, as a browser would. */
function cookieFetch(): typeof fetch {
  const jar = new Map<string, string>();
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size > 0) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(input, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return res;
  };
}

/** Asks for the username on the terminal (or reads the first piped line). */
async function askUsername(io: CliIo): Promise<string> {
  const rl = readline.createInterface({ input: io.stdin, output: io.stderr, terminal: io.stdin.isTTY === true });
  try {
    return (await rl.question('Username: ')).trim();
  } finally {
    rl.close();
  }
}

/** The token's name: this machine's, so the settings page says which device it is. */
export const tokenName = () => `hearth on ${os.hostname() || 'this computer'}`.slice(0, 64);

/** `hearth login [--server URL] [--username NAME] [--password-stdin]`. */
export async function login(
  io: CliIo,
  options: { server?: string; username?: string; passwordStdin?: boolean },
): Promise<void> {
  let saved = null;
  try {
    saved = readSavedCredentials(io.env);
  } catch {
    // A damaged or too-open file is replaced by this login.
  }
  const server = options.server ? normalizeServer(options.server) : serverAddress(io.env, saved);
  if (!io.stdin.isTTY && !options.passwordStdin) {
    throw new CliError(
      'There is no terminal to ask for the password. Pipe it in with --username NAME --password-stdin.',
      EXIT.usage,
    );
  }
  const username = options.username?.trim() || (await askUsername(io));
  if (!username) throw new CliError('A username is needed to sign in.', EXIT.usage);
  const password = await readSecret(io, 'Password: ');
  if (!password) throw new CliError('A password is needed to sign in.', EXIT.usage);

  let csrf = '';
  const api = createApiClient({ baseUrl: server, fetch: cookieFetch(), getCsrfToken: () => csrf });
  try {
    const session = await api.login({ username, password });
    csrf = session.csrfToken;
    const created = await api.createApiToken({ name: tokenName(), scope: 'chat' });
    // The token is what stays; the session was only the way to make it.
    await api.logout().catch(() => undefined);
    const file = saveCredentials(io.env, { server, token: created.token });
    say(io.stdout, `Signed in to ${server} as ${session.user.displayName} (${session.user.username}).`);
    say(io.stdout, `Your token "${created.name}" is saved in ${file}.`);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'invalid_credentials') {
      throw new CliError('That username and password do not match. Nothing was saved.', EXIT.signedOut);
    }
    throw toCliError(err, server);
  }
}

/** `hearth logout`: the token is revoked on the server, then forgotten here. */
export async function logout(io: CliIo): Promise<void> {
  let credentials;
  try {
    credentials = resolveCredentials(io.env);
  } catch (err) {
    if (deleteCredentials(io.env)) return say(io.stdout, 'Signed out on this computer.');
    throw err;
  }
  const api = createApiClient({ baseUrl: credentials.server, bearerToken: credentials.token });
  let note = '';
  try {
    await api.revokeCurrentToken();
  } catch (err) {
    // Already revoked: being signed out is what was asked for.
    if (!(err instanceof ApiError && err.code === 'unauthorized')) {
      note = ` The server could not be told (${toCliError(err, credentials.server).message}); revoke "${tokenName()}" in Settings → API tokens.`;
    }
  }
  const removed = io.env.HEARTH_TOKEN ? false : deleteCredentials(io.env);
  say(io.stdout, `Signed out of ${credentials.server}.${removed ? ' The saved token is deleted.' : ''}${note}`);
}
