/**
 * Bench child: the fake model server alone in its own process, so its token timers run on an
 * event loop that neither Hearth nor the load client can delay, and both measured paths are fed
 * by the very same process.
 */
import { startFakeModelServer, type FakeScript } from '#test/fakes/fake-model-server';
import { failToParent, serveParent } from './child';

/** What run.ts passes in argv[2]: the one script every chat request gets. */
export type FakeOptions = { script: FakeScript };
/** What this child reports when it is listening. */
export type FakeInfo = { url: string; openaiBaseUrl: string };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as FakeOptions;
  const fake = await startFakeModelServer({ script: options.script });
  serveParent<FakeInfo>({ url: fake.url, openaiBaseUrl: fake.openaiBaseUrl }, () => fake.close());
}

main().catch(failToParent);
