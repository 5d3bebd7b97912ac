/**
 * The part of `hearth ask` that needs the API client (and zod): loaded while the first
 * request is already on its way (see ask.ts).
 */
import { createApiClient } from '#common/api-client';
import { CliError, type CliIo } from '../io';
import type { AskOptions } from './ask';
import { exitCodeFor, toCliError } from './errors';
import { EXIT } from './exit-codes';
import { endingNote, followReply } from './reply-stream';
import { StreamRenderer } from './stream-renderer';
import { styleFor, type TermOutput } from './style';

/** The request ask.ts sent before this module was loaded, and where it went. */
export type EarlyRequest = { server: string; token: string; path: string; response: Promise<Response> };

/** Answers `fetch(early.path)` once with the response already on its way, then fetches as usual. */
function withEarlyResponse(early: EarlyRequest): typeof fetch {
  let pending: Promise<Response> | null = early.response;
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (pending && url === `${early.server}${early.path}` && init?.method === 'POST') {
      const response = pending;
      pending = null;
      return response;
    }
    return fetch(input, init);
  };
}

/** Runs `hearth ask` to the end; throws a CliError carrying the exit code on any failure. */
export async function runAsk(io: CliIo, question: string, options: AskOptions, early: EarlyRequest): Promise<void> {
  const { server } = early;
  const api = createApiClient({ baseUrl: server, bearerToken: early.token, fetch: withEarlyResponse(early) });
  const out = io.stdout as TermOutput;
  const style = styleFor(out, io.env);
  let messageId: string | null = null;
  // Ctrl+C stops the reply on the server (the partial text is kept); before there is one, or
  // a second time, it leaves at once as Ctrl+C always does.
  let interrupted = false;
  const onSigint = () => {
    if (messageId && !interrupted) {
      interrupted = true;
      void api.stopGeneration(messageId).catch(() => process.exit(130));
    } else process.exit(130);
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
      onWaiting: (position) => renderer?.waiting(position),
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
