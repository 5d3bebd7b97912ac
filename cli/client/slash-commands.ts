/**
 * The `/…` commands of `hearth chat`. Each prints what it did in plain words; failures are
 * thrown and shown by the REPL like any other.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Message } from '#common/conversations';
import type { ChatSession } from './chat-session';
import { closest } from './edit-distance';
import type { Style, TermOutput } from './style';

/** What a command may ask of the REPL. */
export type CommandHost = {
  session: ChatSession;
  out: TermOutput;
  style: Style;
  /** Regenerates the last reply (streams it like a send). */
  retry: () => Promise<void>;
  /** Opens $EDITOR and sends what was written. */
  edit: () => Promise<void>;
  /** Shows messages of a conversation just opened. */
  showMessages: (messages: Message[]) => void;
  exit: () => void;
};

type Handler = (host: CommandHost, arg: string) => Promise<void> | void;

const line = (host: CommandHost, text = ''): void => {
  host.out.write(`${text}\n`);
};

const HELP: [string, string][] = [
  ['/help', 'this list'],
  ['/status', 'server, account, model, task, usage and model servers'],
  ['/clear', 'start a new conversation (the last one stays in /history)'],
  ['/model [name]', 'show or switch the model (Tab completes)'],
  ['/task [name]', 'show or switch the task (Tab completes)'],
  ['/history', 'your recent conversations'],
  ['/open <id|words>', 'open a conversation by id or by searching'],
  ['/rename <title>', 'rename this conversation'],
  ['/export md|json [file]', 'save this conversation to a file'],
  ['/retry', 'write the last reply again'],
  ['/think on|off', "show or hide a thinking model's reasoning"],
  ['/edit', 'write a long message in $EDITOR'],
  ['/exit, /quit', 'leave (or Ctrl+D, or Ctrl+C twice)'],
];

const help: Handler = (host) => {
  for (const [name, what] of HELP) line(host, `  ${host.style.bold(name.padEnd(24))}${what}`);
  line(
    host,
    host.style.dim('  Multi-line: start and end with """ · Ctrl+C stops a reply · Ctrl+R searches your input history'),
  );
};

/** The version `/healthz` reports, or null (an older server, or unreachable). */
async function serverVersion(server: string): Promise<string | null> {
  try {
    const body: unknown = await (await fetch(`${server}/healthz`)).json();
    const v = body && typeof body === 'object' && 'version' in body ? body.version : null;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

const status: Handler = async ({ session, out, style }) => {
  const put = (label: string, value: string) => out.write(`  ${style.dim(label.padEnd(14))}${value}\n`);
  const [health, models, usage, limits] = await Promise.all([
    serverVersion(session.conn.server),
    session.api.listModels(),
    session.api.myUsage(1).catch(() => null),
    session.api.myLimits().catch(() => null),
  ]);
  session.models = models.items;
  put('Server', `${session.conn.server}${health ? ` (Hearth ${health})` : ''}`);
  put('Signed in as', `${session.user.displayName} (${session.user.username}, ${session.user.role})`);
  put('Model', session.currentModel() ?? 'the server picks one');
  const task = session.tasks.find((t) => t.id === session.currentTask());
  put('Task', task ? `${task.name} (${task.id})` : session.currentTask());
  put('Conversation', session.conversation ? `${session.conversation.title} (${session.conversation.id})` : 'new');
  const today = usage?.totals.all;
  put(
    'Today',
    today
      ? `${today.requests} replies, ${today.promptTokens + today.completionTokens} tokens`
      : 'usage is not reported by this server',
  );
  put(
    'Limits',
    !limits
      ? 'not reported by this server'
      : limits.chat
        ? `${limits.chat.remaining} of ${limits.chat.perMinute} messages left this minute`
        : 'no message limit on this server',
  );
  for (const s of models.servers) {
    put(
      'Model server',
      `${s.name}: ${s.reachable ? style.green('up') : style.red('down')}${s.reachable ? ` (${s.modelCount} models)` : s.error ? ` — ${s.error}` : ''}`,
    );
  }
  if (models.servers.length === 0) put('Model server', style.yellow('none configured'));
};

/** Prints candidates when a name matched several or none. */
function ambiguity<T extends { id: string }>(host: CommandHost, what: string, query: string, found: T[]) {
  if (found.length === 0) line(host, `No ${what} matches "${query}". Press Tab after /${what} to see them.`);
  else line(host, `"${query}" matches several: ${found.map((f) => f.id).join(', ')}.`);
}

const model: Handler = async (host, arg) => {
  const { session } = host;
  if (!arg) {
    line(host, `Model: ${session.currentModel() ?? 'the server picks one'}`);
    for (const m of session.models)
      line(host, `  ${m.id}${m.available ? '' : host.style.dim(' (its server is down)')}`);
    return;
  }
  const found = session.findModel(arg);
  if (Array.isArray(found)) return ambiguity(host, 'model', arg, found);
  await session.setModel(found);
  line(host, `Model: ${found.id}${found.available ? '' : host.style.yellow(' — its model server is down right now')}`);
};

const task: Handler = async (host, arg) => {
  const { session } = host;
  if (!arg) {
    line(host, `Task: ${session.currentTask()}`);
    for (const t of session.tasks)
      line(host, `  ${t.id.padEnd(16)}${t.name}${t.description ? host.style.dim(` — ${t.description}`) : ''}`);
    return;
  }
  const found = session.findTask(arg);
  if (Array.isArray(found)) return ambiguity(host, 'task', arg, found);
  await session.setTask(found);
  line(host, `Task: ${found.name} (${found.id})`);
};

const clear: Handler = (host) => {
  host.session.clear();
  if (host.style.color) host.out.write('\x1b[2J\x1b[H');
  line(host, 'New conversation. The last one stays in /history.');
};

const history: Handler = async (host) => {
  const page = await host.session.api.listConversations({ limit: 15 });
  if (page.items.length === 0) return line(host, 'No conversations yet.');
  for (const c of page.items) {
    const here = c.id === host.session.conversation?.id ? host.style.green(' ← here') : '';
    line(
      host,
      `  ${host.style.dim(c.id)}  ${c.title}  ${host.style.dim(c.updatedAt.slice(0, 16).replace('T', ' '))}${here}`,
    );
  }
  line(host, host.style.dim('  /open <id or words> opens one'));
};

const open: Handler = async (host, arg) => {
  if (!arg) return line(host, 'Which one? /open <id> or /open <words to search for>');
  const { session } = host;
  let id: string | undefined;
  try {
    host.showMessages(await session.open(arg));
    id = arg;
  } catch {
    const found = (await session.api.listConversations({ q: arg, limit: 1 })).items[0];
    if (!found) return line(host, `No conversation matches "${arg}".`);
    id = found.id;
    host.showMessages(await session.open(id));
  }
  line(host, `Opened "${session.conversation?.title ?? id}".`);
};

const rename: Handler = async (host, arg) => {
  const { session } = host;
  if (!arg) return line(host, 'Give the new title: /rename <title>');
  if (!session.conversation) return line(host, 'Nothing to rename yet: send a message first.');
  session.conversation = await session.api.updateConversation(session.conversation.id, { title: arg });
  line(host, `Renamed to "${session.conversation.title}".`);
};

const exportCmd: Handler = async (host, arg) => {
  const { session } = host;
  const [kind, ...rest] = arg.split(/\s+/).filter(Boolean);
  if (kind !== 'md' && kind !== 'json') return line(host, 'Say which format: /export md [file] or /export json [file]');
  if (!session.conversation) return line(host, 'Nothing to export yet: send a message first.');
  const format = kind === 'md' ? 'markdown' : 'json';
  const res = await fetch(session.api.conversationExportUrl(session.conversation.id, format), {
    headers: { Authorization: `Bearer ${session.conn.token}` },
  });
  if (!res.ok) return line(host, host.style.red(`The export failed (the server answered ${res.status}).`));
  const slug =
    session.conversation.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'conversation';
  const file = path.resolve(rest.join(' ') || `${slug}.${kind}`);
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  line(host, `Saved to ${file}.`);
};

const think: Handler = (host, arg) => {
  if (arg === 'on' || arg === 'off') host.session.think = arg === 'on';
  else if (arg) return line(host, 'Say /think on or /think off.');
  line(host, `Reasoning is ${host.session.think ? 'shown (dimmed)' : 'hidden'}.`);
};

const COMMANDS: Record<string, Handler> = {
  help,
  status,
  clear,
  model,
  task,
  history,
  open,
  rename,
  export: exportCmd,
  retry: (host) => host.retry(),
  think,
  edit: (host) => host.edit(),
  exit: (host) => host.exit(),
  quit: (host) => host.exit(),
};

/** Every command name, for Tab completion. */
export const COMMAND_NAMES = Object.keys(COMMANDS).map((n) => `/${n}`);

/** Runs a `/command arg…` line. */
export async function runSlashCommand(host: CommandHost, input: string): Promise<void> {
  const [, name = '', arg = ''] = /^\/(\S*)\s*([\s\S]*)$/.exec(input.trim()) ?? [];
  const handler = COMMANDS[name.toLowerCase()];
  if (handler) return handler(host, arg.trim());
  const nearest = closest(name, Object.keys(COMMANDS));
  line(host, `There is no /${name} command.${nearest ? ` Did you mean /${nearest}?` : ''} /help lists them.`);
}
