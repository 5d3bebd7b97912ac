/**
 * `hearth ask "question"` (or the question on stdin): one question in a new conversation, the
 * answer alone on stdout, the outcome in the exit code (see exit-codes.ts). `--json` prints
 * the final message as JSON instead.
 */
import type { Message } from '#common/conversations';
import { CliError, type CliIo } from '../io';
import { connect } from './connect';
import { exitCodeFor, toCliError } from './errors';
import { EXIT } from './exit-codes';
import { followReply, type ReplyOutcome } from './reply-stream';
import { StreamRenderer } from './stream-renderer';
import { styleFor, type TermOutput } from './style';

/** Options of `hearth ask`. */
export type AskOptions = { json?: boolean; model?: string; task?: string };

async function readQuestion(io: CliIo, words: string[]): Promise<string> {
  if (words.length > 0) return words.join(' ').trim();
  if (io.stdin.isTTY) return '';
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text.trim();
}

/** The line that says how a reply that did not complete ended (partial text is kept). */
export function endingNote(message: Message | null, outcome: ReplyOutcome): string | null {
  if (outcome.error) return `The reply failed: ${outcome.error.message}`;
  if (message?.status === 'stopped') return 'Stopped — the reply above is incomplete.';
  if (message?.status === 'interrupted') return 'Interrupted — the server restarted; the reply above is incomplete.';
  return null;
}

/** Runs `hearth ask`; throws a CliError carrying the exit code on any failure. */
export async function ask(io: CliIo, words: string[], options: AskOptions): Promise<void> {
  const question = await readQuestion(io, words);
  if (!question) {
    throw new CliError('Ask a question: hearth ask "What is for dinner?" (or pipe it in).', EXIT.usage);
  }
  const { api, server } = connect(io);
  const out = io.stdout as TermOutput;
  const style = styleFor(out, io.env);
  let messageId: string | null = null;
  const onSigint = () => {
    if (messageId) void api.stopGeneration(messageId).catch(() => undefined);
  };
  process.on('SIGINT', onSigint);
  try {
    const conversation = await api.createConversation({
      ...(options.task ? { taskId: options.task } : {}),
      ...(options.model ? { model: options.model } : {}),
    });
    // Markdown only for a person at a terminal; a pipe gets the text exactly as written.
    let render = null;
    if (!options.json && style.color) {
      const { loadMarkdownRenderer } = await import('./markdown');
      render = await loadMarkdownRenderer({ width: out.columns ?? 80, color: true });
    }
    const renderer = options.json ? null : new StreamRenderer(out, style, render, false);
    const events = api.streamMessage(conversation.id, { content: question });
    const outcome = await followReply(events, {
      onStart: (m) => (messageId = m.id),
      onDelta: (text) => renderer?.delta(text),
    });
    renderer?.finish();
    const message = outcome.message;
    if (options.json && message) io.stdout.write(`${JSON.stringify(message, null, 2)}\n`);
    const note = endingNote(message, outcome);
    if (note) {
      io.stderr.write(`${style.yellow(note)}\n`);
      throw new CliError('', outcome.error ? exitCodeFor(outcome.error.code) : EXIT.failed);
    }
  } catch (err) {
    throw toCliError(err, server);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
