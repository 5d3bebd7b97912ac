/**
 * Bench child: the floor of a relay that reaches the model server the way Hearth must, through
 * the official `openai` SDK. A bare node:http server reads the JSON body, calls
 * `chat.completions.create` on production's client (createOpenAiClient: same options, same
 * transport), and writes every chunk back as an OpenAI SSE frame: no auth, no database, no
 * framework.
 *
 * "sdk − direct" is what one more process hop and the SDK (building the request, parsing the
 * stream) cost on their own; "hearth − sdk" is Hearth's own work (Fastify, sign-in, the
 * conversation, the saved rows).
 */
import http from 'node:http';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { createOpenAiClient } from '#server/providers/openai-compatible';
import { failToParent, serveRelayToParent } from './child';

/** What run.ts passes in argv[2]. */
export type SdkRelayOptions = { fakeOpenaiBaseUrl: string };
/** What this child reports when it is listening: an OpenAI base URL that leads to the fake. */
export type SdkRelayInfo = { openaiBaseUrl: string };

function readJson(req: http.IncomingMessage): Promise<ChatCompletionCreateParamsStreaming> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(text) as ChatCompletionCreateParamsStreaming);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SdkRelayOptions;
  const client = createOpenAiClient({ baseUrl: options.fakeOpenaiBaseUrl }, { connectTimeoutMs: 10_000 });
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        const body = await readJson(req);
        const controller = new AbortController();
        res.on('close', () => controller.abort());
        const stream = await client.chat.completions.create(
          { model: body.model, messages: body.messages, stream: true, stream_options: { include_usage: true } },
          { signal: controller.signal },
        );
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        for await (const chunk of stream) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
        res.end('data: [DONE]\n\n');
      } catch (err) {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(err instanceof Error ? err.message : String(err));
      }
    })();
  });
  await serveRelayToParent(server);
}

main().catch(failToParent);
