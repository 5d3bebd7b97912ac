/**
 * `hearth chat`: the REPL. node:readline for the line (history across sessions in the config
 * dir, up/down, Tab completion of commands, models and tasks), line-keys.ts for Ctrl+C, Ctrl+R
 * and pastes, stream-renderer.ts for the reply as Markdown while it streams.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ApiError } from '#common/api-client';
import type { Message } from '#common/conversations';
import type { GenerationEvent } from '#common/events';
import { CliError, type CliIo } from '../io';
import { endingNote } from './reply-stream';
import { ChatSession } from './chat-session';
import { configDir, ensureConfigDir } from './config-store';
import { connect } from './connect';
import { describeApiError, exitCodeFor, toCliError } from './errors';
import { EXIT } from './exit-codes';
import { installLineKeys } from './line-keys';
import { loadMarkdownRenderer, type MarkdownRenderer } from './markdown';
import { followReply } from './reply-stream';
import { COMMAND_NAMES, runSlashCommand, type CommandHost } from './slash-commands';
import { StreamRenderer } from './stream-renderer';
import { styleFor, type TermOutput } from './style';

const HISTORY_SIZE = 1000;
const PROMPT = '> ';
const MORE_PROMPT = '… ';

/** The input history, newest first (readline's order); multi-line entries are not kept. */
function loadHistory(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function appendHistory(file: string, entry: string) {
  if (!entry.trim() || entry.includes('\n')) return;
  fs.appendFileSync(file, `${entry}\n`, { mode: 0o600 });
}

/** Runs the REPL until the member leaves. */
export async function runChat(io: CliIo, options: { fresh: boolean }): Promise<void> {
  const out = io.stdout as TermOutput;
  const style = styleFor(out, io.env);
  if (!io.stdin.isTTY) {
    throw new CliError('hearth chat needs a terminal. For scripts, use hearth ask "question".', EXIT.usage);
  }
  const conn = connect(io);
  const session = new ChatSession(conn, io);
  try {
    await session.load();
  } catch (err) {
    throw toCliError(err, conn.server);
  }
  const render: MarkdownRenderer = await loadMarkdownRenderer({ width: out.columns ?? 80, color: style.color });

  const showMessages = (messages: Message[]) => {
    for (const m of messages.slice(-4)) {
      const who = m.role === 'user' ? style.cyan('You') : style.green('Assistant');
      out.write(`${who}\n${render(m.content).replace(/\n+$/, '')}\n\n`);
    }
  };

  let resumed = false;
  if (!options.fresh) {
    try {
      resumed = await session.resumeLast();
    } catch (err) {
      throw toCliError(err, conn.server);
    }
  }
  out.write(`${style.bold('Hearth')} — ${session.user.displayName} on ${conn.server}\n`);
  if (resumed && session.conversation) {
    out.write(
      style.dim(`Continuing "${session.conversation.title}". /clear starts a new one, /help lists commands.\n\n`),
    );
  } else {
    out.write(style.dim('New conversation. /help lists commands; Ctrl+D or /exit leaves.\n\n'));
  }

  ensureConfigDir(io.env);
  const historyFile = path.join(configDir(io.env), 'history');
  const completer = (line: string): [string[], string] => {
    const m = /^\/(model|task)\s+(.*)$/.exec(line);
    if (m) {
      const typed = m[2]!.toLowerCase();
      const names =
        m[1] === 'model'
          ? session.models.filter((x) => x.id.toLowerCase().includes(typed) || x.name.toLowerCase().startsWith(typed))
          : session.tasks.filter((x) => x.id.toLowerCase().includes(typed) || x.name.toLowerCase().startsWith(typed));
      return [names.map((x) => x.id), m[2]!];
    }
    if (line.startsWith('/')) {
      const hits = COMMAND_NAMES.filter((c) => c.startsWith(line));
      return [hits.length ? hits : COMMAND_NAMES, line];
    }
    return [[], line];
  };
  const rl = readline.createInterface({
    input: io.stdin,
    output: out,
    terminal: true,
    history: loadHistory(historyFile),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer,
    prompt: PROMPT,
  });

  let busy = false;
  let stopRequested = false;
  let abort: AbortController | null = null;
  let leaving = false;
  const stop = () => {
    if (stopRequested) return;
    stopRequested = true;
    const id = session.runningMessageId;
    if (id) void session.api.stopGeneration(id).catch(() => abort?.abort());
    else abort?.abort();
  };
  const keys = installLineKeys(rl, out, style, {
    busy: () => busy,
    onStop: stop,
    onLeave: () => rl.close(),
  });

  /** Streams one reply (a send or a retry) and reports how it ended. */
  const streamReply = async (start: (signal: AbortSignal) => AsyncGenerator<GenerationEvent, void, undefined>) => {
    busy = true;
    stopRequested = false;
    abort = new AbortController();
    const renderer = new StreamRenderer(out, style, render, session.think);
    const toolsSeen = new Set<string>();
    try {
      const outcome = await followReply(start(abort.signal), {
        onStart: (m) => (session.runningMessageId = m.id),
        onWaiting: (position) => renderer.waiting(position),
        onReasoning: (t) => renderer.reasoning(t),
        onDelta: (t) => renderer.delta(t),
        onTool: (call) => {
          if (toolsSeen.has(call.id)) return;
          toolsSeen.add(call.id);
          renderer.note(`(using the tool ${call.name}…)`);
        },
      });
      renderer.finish();
      if (outcome.message?.role === 'assistant') {
        session.lastReplyId = outcome.message.id;
        session.lastReplyModel = outcome.message.model ?? session.lastReplyModel;
      }
      const note = endingNote(outcome.message, outcome);
      if (note) out.write(`${style.yellow(note)}\n`);
      if (outcome.error && exitCodeFor(outcome.error.code) === EXIT.modelUnavailable) {
        out.write(style.dim('/status shows which model servers are up; /model switches.\n'));
      }
    } catch (err) {
      renderer.finish();
      if (err instanceof ApiError && err.code === 'aborted') out.write(`${style.yellow('Stopped.')}\n`);
      else throw err;
    } finally {
      busy = false;
      session.runningMessageId = null;
      abort = null;
    }
  };

  const send = async (content: string) => {
    const conversation = await session.ensureConversation();
    out.write('\n');
    await streamReply((signal) => session.api.streamMessage(conversation.id, { content }, signal));
    out.write('\n');
  };

  const host: CommandHost = {
    session,
    out,
    style,
    showMessages,
    exit: () => rl.close(),
    retry: async () => {
      if (!session.lastReplyId) return void out.write('There is no reply to write again yet.\n');
      const id = session.lastReplyId;
      out.write('\n');
      await streamReply((signal) => session.api.regenerate(id, signal));
      out.write('\n');
    },
    edit: async () => {
      const editor = io.env.VISUAL || io.env.EDITOR || 'vi';
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-edit-')), 'message.md');
      fs.writeFileSync(file, '', { mode: 0o600 });
      io.stdin.setRawMode?.(false);
      rl.pause();
      const result = spawnSync(editor, [file], { stdio: 'inherit', shell: true });
      rl.resume();
      io.stdin.setRawMode?.(true);
      const text = fs.readFileSync(file, 'utf8').trim();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      if (result.error) return void out.write(`Could not start the editor "${editor}": ${result.error.message}\n`);
      if (!text) return void out.write('Nothing written, nothing sent.\n');
      await send(text);
    },
  };

  // A long message between """ lines, as in `ollama run`.
  let multiline: string[] | null = null;
  const handle = async (raw: string) => {
    if (multiline) {
      if (raw.trimEnd().endsWith('"""')) {
        multiline.push(raw.trimEnd().slice(0, -3));
        const text = multiline.join('\n').trim();
        multiline = null;
        rl.setPrompt(PROMPT);
        if (text) await send(text);
        return;
      }
      multiline.push(raw);
      return;
    }
    const line = keys.expandPastes(raw);
    if (line.trimStart().startsWith('"""')) {
      const rest = line.trimStart().slice(3);
      if (rest.trimEnd().endsWith('"""') && rest.trim().length > 3) return send(rest.trimEnd().slice(0, -3).trim());
      multiline = rest ? [rest] : [];
      rl.setPrompt(MORE_PROMPT);
      return;
    }
    if (!line.trim()) return;
    // A line holding a paste's placeholder would not mean the same next time.
    if (line === raw) appendHistory(historyFile, raw);
    if (line.startsWith('/')) return runSlashCommand(host, line);
    await send(line);
  };

  // Bracketed paste: the terminal marks pasted text, so its newlines do not send it.
  out.write('\x1b[?2004h');
  await new Promise<void>((resolve) => {
    let queue = Promise.resolve();
    rl.on('line', (raw) => {
      // One at a time: readline may emit lines typed ahead while a reply still streams.
      queue = queue.then(async () => {
        try {
          await handle(raw);
        } catch (err) {
          const message =
            err instanceof ApiError ? describeApiError(err, conn.server) : toCliError(err, conn.server).message;
          out.write(`${style.red(message)}\n`);
          if (err instanceof ApiError && exitCodeFor(err.code) === EXIT.signedOut) {
            leaving = true;
            process.exitCode = EXIT.signedOut;
            rl.close();
            return;
          }
        }
        if (!leaving) {
          rl.prompt();
          keys.replayTypedAhead();
        }
      });
    });
    rl.on('close', () => {
      leaving = true;
      resolve();
    });
    rl.prompt();
  });
  out.write('\x1b[?2004l');
  if (busy) stop();
  // Over the prompt line Ctrl+D leaves behind.
  out.write(`\r\x1b[K${style.dim('Bye.')}\n`);
  io.stdin.pause();
}
