/**
 * `hearth ask "question"` (or the question on stdin): one question in a new conversation, the
 * answer alone on stdout, the outcome in the exit code (see exit-codes.ts). `--json` prints
 * the final message as JSON instead.
 *
 * Start-up matters for scripts (`npm run bench:cli`): this module loads nothing heavy. It sends
 * the first request (the new conversation) itself, then loads the API client and its schemas
 * while that request is on its way; ask-run.ts takes the response over.
 */
import { CliError, type CliIo } from '../io';
import { resolveCredentials } from './config-store';
import { EXIT } from './exit-codes';

/** Options of `hearth ask`. */
export type AskOptions = { json?: boolean; model?: string; task?: string };

async function readQuestion(io: CliIo, words: string[]): Promise<string> {
  if (words.length > 0) return words.join(' ').trim();
  if (io.stdin.isTTY) return '';
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text.trim();
}

/** Runs `hearth ask`; throws a CliError carrying the exit code on any failure. */
export async function ask(io: CliIo, words: string[], options: AskOptions): Promise<void> {
  const question = await readQuestion(io, words);
  if (!question) {
    throw new CliError('Ask a question: hearth ask "What is for dinner?" (or pipe it in).', EXIT.usage);
  }
  const { server, token } = resolveCredentials(io.env);
  const path = '/api/conversations';
  // The same request api-client's createConversation makes (Bearer auth needs no CSRF token).
  const response = fetch(`${server}${path}`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      ...(options.task ? { taskId: options.task } : {}),
      ...(options.model ? { model: options.model } : {}),
    }),
  });
  // Handled where it is awaited (ask-run.ts); this only keeps an early failure from being "unhandled".
  response.catch(() => undefined);
  const { runAsk } = await import('./ask-run');
  await runAsk(io, question, options, { server, token, path, response });
}
