/**
 * Test support for export and import: a ZIP reader written from the format's description (not
 * from zip.ts, so it checks the writer rather than agreeing with it), the `unzip` tool when the
 * machine has one, and the real export fixtures.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, inflateRawSync } from 'node:zlib';
import type { Conversation, ConversationDetail, Message } from '#common/conversations';
import { startFakeModelServer } from '#test/fakes/fake-model-server';
import { asUser, createTestApp, signedInUser, type Session } from '#test/helpers';
import { countUserContent } from './store';

/** Reads every entry of a ZIP archive, checking each entry's size and CRC-32; throws on any fault. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  const directorySize = zip.readUInt32LE(eocd + 12);
  let at = zip.readUInt32LE(eocd + 16);
  if (at + directorySize !== eocd) throw new Error('central directory is not where the end record says');
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + compressed);
    const data = method === 8 ? inflateRawSync(body) : method === 0 ? Buffer.from(body) : null;
    if (!data) throw new Error(`unknown method ${method} for ${name}`);
    if (data.length !== size) throw new Error(`size mismatch for ${name}`);
    if (crc32(data) !== crc) throw new Error(`CRC mismatch for ${name}`);
    if (files.has(name)) throw new Error(`duplicate entry ${name}`);
    files.set(name, data);
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

/** Whether the `unzip` tool is installed. */
export const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;

/** `unzip -t` on the archive: its exit status and output. */
export function unzipTest(zip: Buffer): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-zip-'));
  const file = path.join(dir, 'export.zip');
  fs.writeFileSync(file, zip);
  try {
    const result = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fixtures = fileURLToPath(new URL('../../test/fixtures/exports/', import.meta.url));

/** A real export file from test/fixtures/exports (see its README for provenance), parsed. */
export function fixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));
}

/** A test app on the fake model server, with the data rate limit off, and a signed-in user. */
export async function startChatWorld(env: Record<string, string> = {}) {
  const fake = await startFakeModelServer();
  const t = await createTestApp({
    HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}`,
    HEARTH_RATE_LIMIT_DATA_PER_MINUTE: '0',
    ...env,
  });
  const anna = await signedInUser(t.app, { displayName: 'Anna' });
  const as = (s: Session, req: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: unknown }) =>
    t.app.inject({
      method: req.method,
      url: req.url,
      headers: asUser(s),
      ...(req.payload === undefined ? {} : { payload: req.payload as object }),
    });
  const ok = async <T>(s: Session, req: Parameters<typeof as>[1], status = 200): Promise<T> => {
    const res = await as(s, req);
    if (res.statusCode !== status) throw new Error(`${req.method} ${req.url}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  return {
    t,
    fake,
    anna,
    as,
    ok,
    /** A new conversation of `s`. */
    create: (s: Session, payload: object = {}) =>
      ok<Conversation>(s, { method: 'POST', url: '/api/conversations', payload: { model: MODEL, ...payload } }, 201),
    /** Sends and waits for the whole reply (`thinking`: a reasoning model's, before it). */
    send: (s: Session, id: string, content: string, reply: string, thinking?: string) => {
      fake.enqueue({ reply, ...(thinking ? { thinking } : {}) });
      return ok<{ userMessage: Message; assistantMessage: Message }>(s, {
        method: 'POST',
        url: `/api/conversations/${id}/messages`,
        payload: { content, stream: false, ...(thinking ? { model: REASONER } : {}) },
      });
    },
    regenerate: (s: Session, messageId: string, reply: string) => {
      fake.enqueue({ reply });
      return ok<{ assistantMessage: Message }>(s, {
        method: 'POST',
        url: `/api/messages/${messageId}/regenerate`,
        payload: { stream: false },
      });
    },
    edit: (s: Session, messageId: string, content: string, reply: string) => {
      fake.enqueue({ reply });
      return ok<{ userMessage: Message; assistantMessage: Message }>(s, {
        method: 'POST',
        url: `/api/messages/${messageId}/edit`,
        payload: { content, stream: false },
      });
    },
    detail: (s: Session, id: string) => ok<ConversationDetail>(s, { method: 'GET', url: `/api/conversations/${id}` }),
    /** How many conversations and messages `s` has (to prove a refused import wrote nothing). */
    counts: (s: Session) => countUserContent(t.app.ctx.db, s.user.id),
    close: async () => {
      await t.close();
      await fake.close();
    },
  };
}

export type ChatWorld = Awaited<ReturnType<typeof startChatWorld>>;

/** Model ids the fake serves through its OpenAI-compatible API. */
export const MODEL = 'env-1/fake-model';
export const REASONER = 'env-1/fake-reasoner';
