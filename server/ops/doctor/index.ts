/**
 * `hearth doctor`: what a newcomer runs when something is wrong. Every check gives a finding
 * with the fix in plain words; the checks that depend on a valid configuration run only when it is.
 */
import type { Finding } from './finding';
import { checkConfig, checkDataDir, checkDatabase, checkPort } from './local-checks';
import { checkModelServers } from './model-checks';

export type { Finding } from './finding';

/** Runs every check against the environment `env` (the same variables as the server). */
export async function runDoctor(env: Record<string, string | undefined>): Promise<Finding[]> {
  const { config, findings } = checkConfig(env);
  if (!config) return findings;
  findings.push(checkDataDir(config), checkDatabase(config));
  const [models, port] = await Promise.all([checkModelServers(config), checkPort(config)]);
  return [...findings, ...models, port];
}
