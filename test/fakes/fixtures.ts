/**
 * The real captured model-server streams in test/fakes/fixtures/ (see README there): payload
 * with the provenance header stripped, split into the units a server writes (SSE events or
 * NDJSON lines).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Every captured stream, by file name. */
export const FIXTURE_FILES = [
  'openai-chat.gpt-4o.text.sse',
  'openai-chat.gpt-4o.parallel-tool-calls.sse',
  'ollama-api-chat.gemma3-1b.short.ndjson',
  'ollama-api-chat.gemma3-1b.long.ndjson',
  'ollama-v1-chat.qwen3.reasoning-field.sse',
] as const;
export type FixtureName = (typeof FIXTURE_FILES)[number];

/** Directory holding the fixture files. */
export const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

const payloads = new Map<FixtureName, string>();

/** True for server-sent-event fixtures, false for NDJSON. */
export const isSseFixture = (name: FixtureName) => name.endsWith('.sse');

/**
 * The payload exactly as the server sent it: provenance lines (`:` in .sse, `#` in .ndjson)
 * and the blank lines after them removed, nothing else touched.
 */
export function fixturePayload(name: FixtureName): string {
  let payload = payloads.get(name);
  if (payload === undefined) {
    const raw = fs.readFileSync(`${fixturesDir}${name}`, 'utf8');
    const marker = isSseFixture(name) ? ':' : '#';
    const lines = raw.split('\n');
    let i = 0;
    while (i < lines.length && lines[i]!.startsWith(marker)) i++;
    payload = lines.slice(i).join('\n').replace(/^\n+/, '');
    payloads.set(name, payload);
  }
  return payload;
}

/**
 * The payload cut into what a server writes at once: SSE events (each ending "\n\n") or NDJSON
 * lines (each ending "\n"). Joining them gives the payload back.
 */
export function fixtureUnits(name: FixtureName): string[] {
  const payload = fixturePayload(name);
  const sep = isSseFixture(name) ? '\n\n' : '\n';
  const units: string[] = [];
  let start = 0;
  for (let end = payload.indexOf(sep); end >= 0; end = payload.indexOf(sep, start)) {
    units.push(payload.slice(start, end + sep.length));
    start = end + sep.length;
  }
  if (start < payload.length) units.push(payload.slice(start));
  return units;
}

/** The JSON objects of a fixture: SSE `data:` payloads (without `[DONE]`) or NDJSON lines. */
export function fixtureObjects(name: FixtureName): Record<string, unknown>[] {
  return fixtureUnits(name)
    .map((u) => (isSseFixture(name) ? u.replace(/^data: /, '') : u).trim())
    .filter((u) => u !== '' && u !== '[DONE]')
    .map((u) => JSON.parse(u) as Record<string, unknown>);
}
