/**
 * How an operator command makes its change: through the running server's admin socket when a
 * server runs on this data dir (so its live sockets, replies and caches see the change), else
 * straight on the database with the same service code. Which way it went is said only at debug
 * level (HEARTH_LOG_LEVEL=debug).
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { loadConfig } from '#server/config';
import { runAdminCommand } from '#server/ops/admin-commands';
import {
  AdminResponse,
  MAX_LINE_BYTES,
  adminCommands,
  adminSocketPath,
  type AdminArgs,
  type AdminCommand,
  type AdminResult,
} from '#server/ops/admin-protocol';
import { withContext } from './database';
import { CliError, type CliIo } from './io';

/** How long a running server may take over one command (deleting a big account takes a while). */
const ANSWER_TIMEOUT_MS = 120_000;

/** The server's answer, or null when no server listens (no socket file, or a stale one). */
function askServer(socketPath: string, line: string): Promise<AdminResponse | null> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let connected = false;
    let buffer = '';
    const fail = (message: string) => {
      socket.destroy();
      reject(new CliError(message));
    };
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      connected = true;
      socket.setTimeout(ANSWER_TIMEOUT_MS, () =>
        fail(
          'The running Hearth server did not answer in time. Check with `hearth user list` whether the change was made.',
        ),
      );
      void isServersOwn(socketPath).then((own) => {
        if (own) socket.write(line);
        else
          fail(
            `${socketPath} is open to other users or not the data dir owner's, so it may not be Hearth's: nothing was sent to it.`,
          );
      });
    });
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_LINE_BYTES) fail('The running Hearth server answered with more than expected.');
    });
    socket.once('end', () => {
      const parsed = safeJson(buffer.trim());
      const response = AdminResponse.safeParse(parsed);
      if (response.success) resolve(response.data);
      else fail('The running Hearth server closed the connection without a proper answer. Its log may say why.');
      socket.destroy();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      // No socket file, or a file no server listens on (one that crashed): nobody runs.
      if (!connected && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')) return resolve(null);
      if (err.code === 'EACCES' || err.code === 'EPERM') {
        return fail(
          `A Hearth server is running, but its admin socket (${socketPath}) is not open to this user. Run the command as the user the server runs as.`,
        );
      }
      fail(`Talking to the running Hearth server failed (${err.code ?? err.message}).`);
    });
  });
}

/**
 * Whether the socket file is as the server makes it: owned by the data dir's owner, open to no
 * one else. A request may carry a password; it goes nowhere else.
 */
async function isServersOwn(socketPath: string): Promise<boolean> {
  try {
    const [file, dir] = await Promise.all([fs.lstat(socketPath), fs.stat(path.dirname(socketPath))]);
    return file.isSocket() && file.uid === dir.uid && (file.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Runs one command and returns its result.
 * @throws CliError with the sentence the server (or the services, directly) refused with
 */
export async function operate<C extends AdminCommand>(
  io: CliIo,
  command: C,
  args: AdminArgs<C>,
): Promise<AdminResult<C>> {
  const config = loadConfig(io.env);
  const socketPath = adminSocketPath(config);
  const debug = config.logLevel === 'debug' || config.logLevel === 'trace';
  const request = { command, args };
  let response = await askServer(socketPath, `${JSON.stringify(request)}\n`);
  if (response) {
    if (debug) io.stderr.write(`hearth: ${command}: done by the running server (${socketPath})\n`);
  } else {
    response = await withContext(io, (ctx) => runAdminCommand(ctx, request));
    if (debug) io.stderr.write(`hearth: ${command}: no server is running; done on the database in ${config.dataDir}\n`);
  }
  if (!response.ok) throw new CliError(response.error);
  const result = adminCommands[command].result.safeParse(response.result);
  if (!result.success)
    throw new CliError(
      `The Hearth server answered "${command}" in a form this hearth command does not know. Restart the server after an upgrade.`,
    );
  return result.data as AdminResult<C>;
}
