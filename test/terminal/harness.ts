/**
 * Harness for the terminal client's tests: the fake model server, a real Hearth listening on a
 * random 127.0.0.1 port, a member, a private config dir, and the built `hearth` command run as
 * its own process (piped, or inside a real terminal with tmux).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '#server/config';
import { startServer, type RunningServer } from '#server/main';
import { createUser } from '#test/helpers';
import {
  DEFAULT_REPLY,
  startFakeModelServer,
  type FakeModelServer,
  type FakeScript,
  type RecordedRequest,
} from '#test/fakes/fake-model-server';

import { ensureCliBuilt, repoRoot } from './build';

export { repoRoot } from './build';
const bin = path.join(repoRoot, 'bin/hearth.js');

/** The text of the last user message in a chat request the fake received. */
export function lastUserText(request: RecordedRequest): string | undefined {
  const messages = request.body?.messages;
  if (!Array.isArray(messages)) return undefined;
  const last = (messages as { role?: unknown; content?: unknown }[]).findLast((m) => m.role === 'user');
  return typeof last?.content === 'string' ? last.content : undefined;
}

/** What a `hearth` process did. */
export type Run = { code: number | null; stdout: string; stderr: string };

export type TerminalHarness = {
  fake: FakeModelServer;
  hearth: RunningServer;
  baseUrl: string;
  username: string;
  password: string;
  /** The XDG_CONFIG_HOME the client uses (hearth/ inside it). */
  configHome: string;
  /** Makes the fake answer the user message `prompt` with `script`. */
  script: (prompt: string, script: FakeScript) => void;
  /** The environment for a `hearth` process (PATH, HOME, XDG_CONFIG_HOME, …plus `extra`). */
  env: (extra?: Record<string, string>) => Record<string, string>;
  /** Runs `hearth …` with piped stdio. */
  run: (args: string[], options?: { stdin?: string; env?: Record<string, string> }) => Promise<Run>;
  /** Signs in with the piped password (so other tests start signed in). */
  login: () => Promise<Run>;
  close: () => Promise<void>;
};

/** Starts everything; call close() in afterAll. */
export async function startTerminalHarness(serverEnv: Record<string, string> = {}): Promise<TerminalHarness> {
  ensureCliBuilt();
  const scripts = new Map<string, FakeScript>();
  const fake = await startFakeModelServer({
    script: (request) => scripts.get(lastUserText(request) ?? '') ?? { reply: DEFAULT_REPLY },
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-term-'));
  const configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-term-config-'));
  const hearth = await startServer(
    loadConfig({
      HEARTH_HOST: '127.0.0.1',
      HEARTH_PORT: '0',
      HEARTH_DATA_DIR: dataDir,
      HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}`,
      HEARTH_PROBE_DEFAULT_SERVERS: '0',
      HEARTH_MODELS_CACHE_SECONDS: '0',
      HEARTH_GENERATED_TITLES: '0',
      HEARTH_LOG_LEVEL: 'silent',
      ...serverEnv,
    }),
    { quiet: true },
  );
  const { user, password } = await createUser(hearth.app, { username: 'alice', displayName: 'Alice' });
  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: configHome,
    XDG_CONFIG_HOME: configHome,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    ...extra,
  });
  const run: TerminalHarness['run'] = (args, options = {}) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      env: env(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(options.stdin ?? '');
    return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  };
  return {
    fake,
    hearth,
    baseUrl: hearth.url,
    username: user.username,
    password,
    configHome,
    script: (prompt, s) => void scripts.set(prompt, s),
    env,
    run,
    login: () =>
      run(['login', '--server', hearth.url, '--username', user.username, '--password-stdin'], {
        stdin: `${password}\n`,
      }),
    close: async () => {
      await hearth.close();
      await fake.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(configHome, { recursive: true, force: true });
    },
  };
}
