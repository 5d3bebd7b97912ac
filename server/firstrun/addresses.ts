/**
 * Where the family can open Hearth, for their sign-in cards: HEARTH_PUBLIC_URL when set, else
 * this server on each of its network addresses (on the port the admin's own request came in on:
 * the port Hearth really listens on, behind no proxy). An admin on the server machine itself
 * sees 127.0.0.1, which no phone can open, so the card needs these.
 */
import os from 'node:os';
import type { Config } from '#server/config';

const ANY_HOST = new Set(['0.0.0.0', '::', '']);

/** `{protocol, port}` of the request that asks (Fastify's `request.protocol` and `request.port`). */
export type RequestOrigin = { protocol: 'http' | 'https'; port: number | null };

/** The addresses to offer on a sign-in card, best first. */
export function familyAddresses(config: Pick<Config, 'publicUrl' | 'host'>, origin: RequestOrigin): string[] {
  if (config.publicUrl) return [config.publicUrl];
  const port = origin.port ? `:${origin.port}` : '';
  if (!ANY_HOST.has(config.host)) return [`${origin.protocol}://${config.host}${port}`];
  const urls: string[] = [];
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) urls.push(`${origin.protocol}://${a.address}${port}`);
    }
  }
  return urls;
}
