/**
 * Bench child: the floor of any relay. A bare node:http server that forwards each request to
 * the fake model server over a keep-alive agent and pipes the reply back untouched: no parsing,
 * no auth, no database. It runs in its own process like Hearth, so "relay − direct" is what one
 * extra Node process hop costs on this machine, and "hearth − relay" is what Hearth itself adds.
 */
import http from 'node:http';
import { failToParent, serveRelayToParent } from './child';

/** What run.ts passes in argv[2]. */
export type RelayOptions = { fakeOpenaiBaseUrl: string };
/** What this child reports when it is listening: an OpenAI base URL that leads to the fake. */
export type RelayInfo = { openaiBaseUrl: string };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as RelayOptions;
  const upstream = new URL(options.fakeOpenaiBaseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
  const server = http.createServer((req, res) => {
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: `${upstream.pathname}${req.url?.replace(/^\/v1/, '') ?? ''}`, headers: req.headers, agent },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await serveRelayToParent(server, () => agent.destroy());
}

main().catch(failToParent);
