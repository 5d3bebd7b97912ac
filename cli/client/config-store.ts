/**
 * The terminal client's own files, in `$XDG_CONFIG_HOME/hearth/` (default `~/.config/hearth/`):
 * `credentials.json` (`{server, token}`, mode 0600), `history` (what was typed at the prompt)
 * and `state.json` (the conversation to continue). `HEARTH_SERVER` / `HEARTH_TOKEN` override
 * the stored credentials.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError, type CliIo } from '../io';
import { EXIT } from './exit-codes';

/** Where Hearth is and the token to call it with. */
export type Credentials = { server: string; token: string };

/** The address `hearth login` uses when none is given or saved. */
export const DEFAULT_SERVER = 'http://localhost:8000';

/** The config directory for `env` (XDG base directory rules). */
export function configDir(env: CliIo['env']): string {
  const base = env.XDG_CONFIG_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), '.config');
  return path.join(base, 'hearth');
}

const credentialsFile = (env: CliIo['env']) => path.join(configDir(env), 'credentials.json');

/** Creates the config dir readable by its owner only. */
export function ensureConfigDir(env: CliIo['env']): string {
  const dir = configDir(env);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Trims a server address to `scheme://host[:port][/prefix]` without a trailing slash. */
export function normalizeServer(raw: string): string {
  const text = raw.trim();
  const withScheme = /^https?:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError(`"${raw}" is not a server address. Give one like http://hearth.local:8000.`, EXIT.usage);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * The saved credentials, or null when there are none. A file that others could read is
 * refused: the token in it is as good as the password for chatting.
 */
export function readSavedCredentials(env: CliIo['env']): Credentials | null {
  const file = credentialsFile(env);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  if ((stat.mode & 0o077) !== 0) {
    throw new CliError(
      `${file} can be read by other people on this machine, so Hearth will not use it. ` +
        `Run "chmod 600 ${file}" (and consider "hearth logout" then "hearth login" for a new token).`,
      EXIT.signedOut,
    );
  }
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Credentials>;
    if (typeof data.server === 'string' && typeof data.token === 'string')
      return { server: data.server, token: data.token };
  } catch {
    // Fall through: a damaged file is as good as none.
  }
  throw new CliError(`${file} is damaged. Run "hearth login" again.`, EXIT.signedOut);
}

/** Saves credentials with mode 0600 (written to a new file, then renamed over the old one). */
export function saveCredentials(env: CliIo['env'], credentials: Credentials): string {
  ensureConfigDir(env);
  const file = credentialsFile(env);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(temp, 0o600);
  fs.renameSync(temp, file);
  return file;
}

/** Removes the saved credentials; true when there were some. */
export function deleteCredentials(env: CliIo['env']): boolean {
  try {
    fs.unlinkSync(credentialsFile(env));
    return true;
  } catch {
    return false;
  }
}

/** The server address to talk to: HEARTH_SERVER, else the saved one, else the default. */
export function serverAddress(env: CliIo['env'], saved: Credentials | null): string {
  return normalizeServer(env.HEARTH_SERVER?.trim() || saved?.server || DEFAULT_SERVER);
}

const savedQuietly = (env: CliIo['env']) => {
  try {
    return readSavedCredentials(env);
  } catch {
    return null;
  }
};

/**
 * The credentials to call Hearth with: the environment's over the saved file's. Throws the
 * "signed out" CliError (exit 3) when there is no token at all.
 */
export function resolveCredentials(env: CliIo['env']): Credentials {
  const envToken = env.HEARTH_TOKEN?.trim();
  // With HEARTH_TOKEN the file only lends its server address (HEARTH_SERVER wins over it).
  const saved = envToken ? savedQuietly(env) : readSavedCredentials(env);
  const token = envToken || saved?.token;
  if (!token) throw new CliError("You're not signed in — run hearth login.", EXIT.signedOut);
  return { server: serverAddress(env, saved), token };
}

/** A small JSON state file beside the credentials (the conversation to continue, per server). */
export function readState(env: CliIo['env']): Record<string, string> {
  try {
    const data: unknown = JSON.parse(fs.readFileSync(path.join(configDir(env), 'state.json'), 'utf8'));
    return data && typeof data === 'object' ? (data as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Merges `patch` into the state file. */
export function writeState(env: CliIo['env'], patch: Record<string, string>): void {
  const dir = ensureConfigDir(env);
  const next = { ...readState(env), ...patch };
  fs.writeFileSync(path.join(dir, 'state.json'), `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
}
