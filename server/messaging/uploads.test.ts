import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment, Room } from '#common/messaging';
import { asUser, signedInUser, type Session } from '#test/helpers';
import { startPeopleWorld, type PeopleWorld } from './test-support';

let w: PeopleWorld;
let room: Room;
let admin: Session;
// A 1 MB limit keeps the too-large case small.
beforeAll(async () => {
  w = await startPeopleWorld({ HEARTH_MAX_UPLOAD_MB: '1' });
  room = await w.room(w.anna, [w.ben], 'Photos');
  admin = await signedInUser(w.t.app, { username: 'boss', role: 'admin' });
});
afterAll(async () => w.close());

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A multipart body with one file. */
function multipart(name: string, type: string, content: Buffer) {
  const boundary = `----hearth${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(who: Session, name: string, type: string, content: Buffer) {
  const body = multipart(name, type, content);
  return w.t.app.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: { ...asUser(who), ...body.headers },
    payload: body.payload,
  });
}

const fetchFile = (who: Session | null, id: string) =>
  w.t.app.inject({ method: 'GET', url: `/api/uploads/${id}`, headers: who ? asUser(who) : {} });

describe('uploads', () => {
  it('stores a photo under random names, posts it, and serves it to members only', async () => {
    const res = await upload(w.anna, '../../etc/passwd cat.png', 'image/png', PNG);
    expect(res.statusCode).toBe(201);
    const file = res.json<Attachment>();
    expect(file).toMatchObject({ name: 'passwd cat.png', type: 'image/png', size: PNG.length });
    const stored = fs.readdirSync(path.join(w.t.dataDir, 'uploads'));
    expect(stored.some((n) => n.includes('cat'))).toBe(false);
    // Before it is posted: the uploader only.
    expect((await fetchFile(w.anna, file.id)).statusCode).toBe(200);
    expect((await fetchFile(w.ben, file.id)).statusCode).toBe(404);
    const message = await w.post(w.anna, room.id, 'look!', { attachmentIds: [file.id] });
    expect(message.attachments).toEqual([file]);
    const got = await fetchFile(w.ben, file.id);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toMatch(/^inline; filename="passwd cat.png"/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toContain('sandbox');
    // Not a member, an admin, nobody signed in, a guessed path: nothing.
    expect((await fetchFile(w.cleo, file.id)).statusCode).toBe(404);
    expect((await fetchFile(admin, file.id)).statusCode).toBe(404);
    expect((await fetchFile(null, file.id)).statusCode).toBe(401);
    for (const guess of [stored[0]!, `..%2F..%2Fhearth.sqlite`, '..%2Fuploads', `${file.id}%00`]) {
      const r = await w.t.app.inject({ method: 'GET', url: `/api/uploads/${guess}`, headers: asUser(w.anna) });
      expect(r.statusCode, guess).toBe(404);
    }
    // One file, one message: it cannot be posted again (nor by someone else).
    expect(
      (await w.call(w.anna, 'POST', `/api/rooms/${room.id}/messages`, { text: 'again', attachmentIds: [file.id] }))
        .status,
    ).toBe(400);
    // Deleted message: the file is gone for everyone, the uploader included.
    await w.call(w.anna, 'DELETE', `/api/rooms/${room.id}/messages/${message.id}`);
    expect((await fetchFile(w.ben, file.id)).statusCode).toBe(404);
    expect((await fetchFile(w.anna, file.id)).statusCode).toBe(404);
    expect(fs.readdirSync(path.join(w.t.dataDir, 'uploads'))).not.toContain(stored[0]);
  });

  it('never serves SVG or HTML inline', async () => {
    for (const [name, type, body] of [
      ['x.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
      ['x.html', 'text/html', '<script>alert(1)</script>'],
      ['x.png', 'text/html', '<script>alert(1)</script>'],
    ] as const) {
      const res = await upload(w.ben, name, type, Buffer.from(body));
      const file = res.json<Attachment>();
      await w.post(w.ben, room.id, 'file', { attachmentIds: [file.id] });
      const got = await fetchFile(w.anna, file.id);
      expect(got.headers['content-type']).toBe('application/octet-stream');
      expect(got.headers['content-disposition']).toMatch(/^attachment;/);
      expect(got.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('refuses a file over HEARTH_MAX_UPLOAD_MB with a clear 413 and keeps nothing', async () => {
    const before = fs.existsSync(path.join(w.t.dataDir, 'uploads'))
      ? fs.readdirSync(path.join(w.t.dataDir, 'uploads')).length
      : 0;
    const res = await upload(w.anna, 'big.bin', 'application/octet-stream', Buffer.alloc(1024 * 1024 + 10));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      error: { code: 'too_large', message: expect.stringContaining('1 MB'), limitMb: 1 },
    });
    expect(fs.readdirSync(path.join(w.t.dataDir, 'uploads'))).toHaveLength(before);
  });

  it('answers 400 to a request without a file, and deletes files with their room', async () => {
    const res = await w.t.app.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: asUser(w.anna),
      payload: { file: 'x' },
    });
    expect(res.statusCode).toBe(400);
    const temp = await w.room(w.anna, [w.ben], 'Temp');
    const file = (await upload(w.anna, 'a.png', 'image/png', PNG)).json<Attachment>();
    await w.post(w.anna, temp.id, '', { attachmentIds: [file.id] });
    expect((await fetchFile(w.ben, file.id)).statusCode).toBe(200);
    await w.call(w.anna, 'DELETE', `/api/rooms/${temp.id}`);
    expect((await fetchFile(w.anna, file.id)).statusCode).toBe(404);
  });
});
