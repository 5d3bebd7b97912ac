/**
 * The admin socket: a Unix socket in the data dir (`admin.sock`, mode 0600, so only the
 * server's own user — or root — can connect) through which `hearth user …` and `hearth sessions
 * clear` ask the running server to make their change. The change then runs in the process that
 * holds the live sockets and replies, so it reaches them (see admin-commands.ts).
 *
 * One connection carries one request line and gets one response line (admin-protocol.ts).
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import type { AppContext } from '#server/context';
import { runAdminCommand } from './admin-commands';
import { MAX_LINE_BYTES, adminSocketPath, type AdminResponse } from './admin-protocol';

/** A client that connects and says nothing is dropped after this long. */
const IDLE_MS = 30_000;

/** The listening socket; close() stops it and removes its file. */
export type AdminSocket = { path: string; close: () => Promise<void> };

/** Whether something answers on the socket at `socketPath`. */
export function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve(false);
      else
        reject(
          new Error(`Cannot check whether another Hearth server owns ${socketPath} (${err.code ?? err.message}).`),
        );
    });
  });
}

/**
 * Removes the socket file a crashed server left behind. A file something still answers on
 * belongs to a server that is running on this data dir: two must never share it.
 */
async function clearStale(socketPath: string): Promise<void> {
  const stat = await fs.lstat(socketPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!stat) return;
  if (!stat.isSocket())
    throw new Error(`${socketPath} is in the way of Hearth's admin socket and is not a socket. Move it away.`);
  if (await answers(socketPath)) {
    throw new Error(
      `Another Hearth server is already running on this data dir (it answers on ${socketPath}). Stop it first.`,
    );
  }
  await fs.unlink(socketPath);
}

/** Reads one request line, answers it, and ends the connection. */
function serve(ctx: AppContext, socket: net.Socket, busy: Set<net.Socket>): void {
  socket.setEncoding('utf8');
  socket.setTimeout(IDLE_MS, () => socket.destroy());
  socket.on('error', (err) => ctx.log.debug({ err }, 'admin socket client error'));
  let buffer = '';
  const onData = (chunk: string) => {
    buffer += chunk;
    const end = buffer.indexOf('\n');
    if (end < 0) {
      if (buffer.length > MAX_LINE_BYTES) socket.destroy();
      return;
    }
    socket.off('data', onData);
    busy.add(socket);
    void answer(ctx, buffer.slice(0, end)).then((response) => {
      busy.delete(socket);
      socket.end(`${JSON.stringify(response)}\n`);
    });
  };
  socket.on('data', onData);
}

async function answer(ctx: AppContext, line: string): Promise<AdminResponse> {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return { ok: false, error: 'The request was not understood.' };
  }
  const response = await runAdminCommand(ctx, request);
  // The command's name only: its arguments may hold a password.
  const command = (request as { command?: unknown } | null)?.command;
  ctx.log.info(
    { command: typeof command === 'string' ? command.slice(0, 64) : null, ok: response.ok },
    'operator command',
  );
  return response;
}

/**
 * Opens the admin socket of this server.
 * @throws when another server answers on it, or the file cannot be made
 */
export async function startAdminSocket(ctx: AppContext): Promise<AdminSocket> {
  const socketPath = adminSocketPath(ctx.config);
  await fs.mkdir(ctx.config.dataDir, { recursive: true });
  await clearStale(socketPath);
  const open = new Set<net.Socket>();
  const busy = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    serve(ctx, socket, busy);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`Hearth's admin socket cannot be made at ${socketPath} (${err.code ?? err.message}).`)),
    );
    // The file is made inside listen() itself; with this umask it is never open to others,
    // not even for the moment before the chmod below.
    const umask = process.umask(0o177);
    try {
      server.listen(socketPath, () => resolve());
    } finally {
      process.umask(umask);
    }
  });
  await fs.chmod(socketPath, 0o600);
  ctx.log.info({ path: socketPath }, 'admin socket open for hearth user … and hearth sessions clear');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      // Commands being answered finish; clients that have not asked anything yet are dropped.
      server.close(() => resolve());
      for (const socket of open) if (!busy.has(socket)) socket.destroy();
    }).then(() => fs.rm(socketPath, { force: true })));
  return { path: socketPath, close };
}
