/**
 * Issue 4, export: one conversation as JSON (every branch, importable) or Markdown (the branch
 * on screen), and "download all my data" as one ZIP, recorded in the audit log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HearthConversationExport } from '#common/conversation-export';
import type { AuditList } from '#common/admin';
import type { Conversation } from '#common/conversations';
import { asUser, signedInUser, type Session } from '#test/helpers';
import { hasUnzip, readZip, startChatWorld, unzipTest, type ChatWorld } from './export-test-support';

let w: ChatWorld;
beforeEach(async () => {
  w = await startChatWorld();
});
afterEach(async () => {
  await w.close();
});

/** A conversation with two branch points and a reasoning reply; its messages by name. */
async function branchyConversation(s: Session, title = 'Fruit and veg') {
  const c = await w.create(s, { title });
  const fruit = await w.send(s, c.id, 'Name a fruit', 'Apple', 'They want a fruit; apples are common.');
  const another = await w.send(s, c.id, 'Another one', 'Banana');
  const cherry = await w.regenerate(s, another.assistantMessage.id, 'Cherry');
  const veg = await w.edit(s, fruit.userMessage.id, 'Name a vegetable', 'Carrot');
  return { c, fruit, another, cherry, veg };
}

const exportOf = (s: Session, id: string, format: string) =>
  w.as(s, { method: 'GET', url: `/api/conversations/${id}/export?format=${format}` });

describe('export one conversation', () => {
  it('as JSON: every branch, the branch on screen, thinking; nothing of the server', async () => {
    const { c, fruit, another, cherry, veg } = await branchyConversation(w.anna);
    const res = await exportOf(w.anna, c.id, 'json');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="fruit-and-veg.json"; filename*=UTF-8''Fruit%20and%20veg.json`,
    );

    const file = HearthConversationExport.parse(res.json());
    expect(file).toMatchObject({
      format: 'hearth.conversation',
      version: 1,
      conversation: { id: c.id, title: 'Fruit and veg', activeLeafId: veg.assistantMessage.id },
    });
    const byId = new Map(file.messages.map((m) => [m.id, m]));
    expect(file.messages.map((m) => m.content)).toEqual([
      'Name a fruit',
      'Apple',
      'Another one',
      'Banana',
      'Cherry',
      'Name a vegetable',
      'Carrot',
    ]);
    expect(byId.get(cherry.assistantMessage.id)?.parentId).toBe(another.userMessage.id);
    expect(byId.get(veg.userMessage.id)?.parentId).toBeNull();
    expect(byId.get(fruit.assistantMessage.id)).toMatchObject({
      reasoning: 'They want a fruit; apples are common.',
      model: 'env-1/fake-reasoner',
      status: 'complete',
    });
    // The owner and server flags stay home.
    expect(res.body).not.toContain(w.anna.user.id);
    expect(res.body).not.toMatch(/titleByUser|userId|conversationId/);
  });

  it('as Markdown: the branch on screen, labelled, without thinking or other branches', async () => {
    const { c, cherry } = await branchyConversation(w.anna);
    await w.ok(w.anna, {
      method: 'PATCH',
      url: `/api/conversations/${c.id}`,
      payload: { activeLeafId: cherry.assistantMessage.id },
    });
    const res = await exportOf(w.anna, c.id, 'markdown');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('filename="fruit-and-veg.md"');
    const md = res.body;
    expect(md.startsWith('# Fruit and veg\n\n*Started ')).toBe(true);
    // An English reader (no language chosen, no browser preference): English words and dates.
    expect(md).toMatch(/\*\*You\*\* · [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M\n\nName a fruit/);
    expect(md).toContain('**fake-reasoner** · ');
    const order = ['Name a fruit', 'Apple', 'Another one', 'Cherry'].map((text) => md.indexOf(`\n\n${text}\n`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const absent of ['Banana', 'Carrot', 'Name a vegetable', 'apples are common'])
      expect(md).not.toContain(absent);
  });

  it("as Markdown: in the member's language (else the browser's) and the server's time zone; JSON stays ISO", async () => {
    const c = await w.create(w.anna, { title: 'Obst' });
    await w.send(w.anna, c.id, 'Nenne eine Frucht', 'Apfel');
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const download = (headers: Record<string, string>) =>
      w.t.app.inject({
        method: 'GET',
        url: `/api/conversations/${c.id}/export?format=markdown`,
        headers: { ...asUser(w.anna), ...headers },
      });
    const german = /\*\*Du\*\* · \d\d\.\d\d\.\d{4}, \d\d:\d\d\n\nNenne eine Frucht/;
    // No setting: the browser's language decides (by its q-values).
    const byBrowser = (await download({ 'accept-language': 'fr-FR;q=0.9, de-AT;q=0.8, en;q=0.5' })).body;
    expect(byBrowser).toMatch(german);
    expect(byBrowser).toContain(`*Begonnen `);
    expect(byBrowser).toContain(`Zeiten in ${zone}*`);
    expect((await download({ 'accept-language': 'en-GB,de;q=0.5' })).body).toContain('**You** · ');
    // The member's setting wins over the browser.
    await w.ok(w.anna, { method: 'PATCH', url: '/api/me/settings', payload: { language: 'de' } });
    const chosen = (await download({ 'accept-language': 'en-US' })).body;
    expect(chosen).toMatch(german);
    expect(chosen).not.toContain('UTC\n');
    const json = (await exportOf(w.anna, c.id, 'json')).json();
    expect(json.exportedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(json.messages[0].createdAt).toMatch(/Z$/);
  });

  it("as Markdown: a reply's tool calls under it, each with its arguments and its result or refusal, shortened", async () => {
    const c = await w.create(w.anna, { title: 'Music' });
    await w.send(w.anna, c.id, 'Any Nina Simone?', 'You have three of her albums.');
    // Tool calls reach a conversation through a tool-using reply, or an import like this one.
    const file = HearthConversationExport.parse((await exportOf(w.anna, c.id, 'json')).json());
    const long = 'x'.repeat(1000);
    file.messages[1]!.toolCalls = [
      {
        id: 'call_1',
        name: 'query_music_library',
        arguments: { artist: 'Nina Simone' },
        result: { albums: ['Pastel Blues', 'Wild Is the Wind', 'I Put a Spell on You'] },
      },
      {
        id: 'call_2',
        name: 'query_music_library',
        arguments: { artist: 'Nina `Simone`', note: long },
        result: `line one\n\n${long}`,
      },
      {
        id: 'call_3',
        name: 'play_album',
        arguments: '{"album": "Pastel',
        refused: { code: 'bad_arguments', message: 'The arguments were not *valid* JSON.' },
      },
    ];
    const res = await w.as(w.anna, { method: 'POST', url: '/api/conversations/import', payload: file });
    expect(res.statusCode, res.body).toBe(201);
    const [copy] = res.json<{ items: Conversation[] }>().items;

    const md = (await exportOf(w.anna, copy!.id, 'markdown')).body;
    const reply = md.slice(md.indexOf('You have three of her albums.'));
    const lines = reply.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'You have three of her albums.',
      '',
      '- Used `query_music_library`: `{"artist":"Nina Simone"}`',
      '  Result: `{"albums":["Pastel Blues","Wild Is the Wind","I Put a Spell on You"]}`',
    ]);
    // Long values are cut to a readable length, on one line; backticks inside cannot break out.
    expect(lines[4]).toMatch(/^- Used `query_music_library`: ``\{"artist":"Nina `Simone`","note":"x+…``$/);
    expect(lines[4]!.length).toBeLessThan(260);
    expect(lines[5]).toMatch(/^ {2}Result: `line one x+…`$/);
    expect(lines[5]!.length).toBeLessThan(330);
    expect(lines.slice(6, 8)).toEqual([
      '- Used `play_album`: `{"album": "Pastel`',
      '  Not carried out: The arguments were not \\*valid\\* JSON.',
    ]);
  });

  it("answers 404 for another user's conversation and 400 naming `format` for a bad one", async () => {
    const { c } = await branchyConversation(w.anna);
    const ben = await signedInUser(w.t.app);
    const other = await exportOf(ben, c.id, 'json');
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    expect(other.body).not.toContain('Apple');
    for (const url of [`/api/conversations/${c.id}/export?format=pdf`, `/api/conversations/${c.id}/export`]) {
      const bad = await w.as(w.anna, { method: 'GET', url });
      expect(bad.statusCode, url).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'validation_failed', field: 'format' });
    }
  });

  it('names the file safely in ASCII and keeps the real title in filename*', async () => {
    const c = await w.create(w.anna, { title: 'Björk & 坂本龍一: notes/2024 "live"' });
    const res = await exportOf(w.anna, c.id, 'markdown');
    const header = res.headers['content-disposition'] as string;
    expect(header).toMatch(/^attachment; filename="bjork-notes-2024-live\.md"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe('Björk & 坂本龍一: notes 2024 "live".md');
    const untitled = await w.create(w.anna, { title: '坂本龍一' });
    expect((await exportOf(w.anna, untitled.id, 'json')).headers['content-disposition']).toContain(
      'filename="conversation.json"',
    );
  });

  it('strips bidi controls from the readable name, so an export cannot pose as another kind of file', async () => {
    // "invoice<RLO>dm.exe" shows as "invoiceexe.md" in a download bar that honours the override.
    const c = await w.create(w.anna, { title: 'invoice\u202edm.exe\u2066\u200f' });
    const header = (await exportOf(w.anna, c.id, 'markdown')).headers['content-disposition'] as string;
    const readable = decodeURIComponent(header.split("UTF-8''")[1]!);
    expect(readable).toBe('invoicedm.exe.md');
    expect(readable).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
  });
});

describe('download all my data', () => {
  it('is one ZIP with the account (no secrets), usage, and every conversation as JSON and Markdown', async () => {
    const { c } = await branchyConversation(w.anna);
    const archived = await w.create(w.anna, { title: 'Old plans' });
    await w.ok(w.anna, { method: 'PATCH', url: `/api/conversations/${archived.id}`, payload: { archived: true } });
    const token = await w.ok<{ token: string }>(
      w.anna,
      { method: 'POST', url: '/api/auth/tokens', payload: { name: 'Laptop script' } },
      201,
    );

    const res = await w.as(w.anna, { method: 'GET', url: '/api/me/export' });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="hearth-${w.anna.user.username}-\\d{4}-\\d\\d-\\d\\d\\.zip"`),
    );
    const zip = res.rawPayload;
    const files = readZip(zip);
    expect([...files.keys()].sort()).toEqual(
      [
        'README.txt',
        'account.json',
        'usage.json',
        `conversations/fruit-and-veg-${c.id}.json`,
        `conversations/fruit-and-veg-${c.id}.md`,
        `conversations/old-plans-${archived.id}.json`,
        `conversations/old-plans-${archived.id}.md`,
      ].sort(),
    );
    const text = (name: string) => files.get(name)!.toString('utf8');
    const account = JSON.parse(text('account.json'));
    expect(account.user).toMatchObject({
      id: w.anna.user.id,
      username: w.anna.user.username,
      displayName: 'Anna',
      role: 'member',
      supervised: false,
    });
    expect(account.user.createdAt).toEqual(expect.any(String));
    expect(account.apiTokens).toEqual([
      { name: 'Laptop script', scope: 'models', createdAt: expect.any(String), lastUsedAt: null },
    ]);
    expect(JSON.parse(text('usage.json')).totals.all.requests).toBe(4);
    for (const [name, data] of files) {
      expect(data.toString('utf8'), name).not.toContain(token.token);
      expect(data.toString('utf8'), name).not.toMatch(/hash|argon2/i);
    }
    // The JSON in the archive is the single export (bar its time), and Markdown shows the branch on screen.
    const single = (await exportOf(w.anna, c.id, 'json')).json();
    expect({ ...JSON.parse(text(`conversations/fruit-and-veg-${c.id}.json`)), exportedAt: 0 }).toEqual({
      ...single,
      exportedAt: 0,
    });
    expect(text(`conversations/fruit-and-veg-${c.id}.md`)).toContain('Carrot');
    expect(text('README.txt')).toContain('2 conversations');
    if (hasUnzip) expect(unzipTest(zip).output).toContain('No errors detected');
  });

  it("holds only the caller's data and is recorded in the audit log", async () => {
    await branchyConversation(w.anna, 'Anna private chat');
    const ben = await signedInUser(w.t.app, { displayName: 'Ben' });
    // A HEAD request gets the headers only: no archive is made, no export is logged.
    const head = await w.t.app.inject({ method: 'HEAD', url: '/api/me/export', headers: { cookie: ben.cookie } });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('application/zip');
    expect(head.rawPayload.length).toBe(0);
    const res = await w.as(ben, { method: 'GET', url: '/api/me/export' });
    expect(res.statusCode).toBe(200);
    const files = readZip(res.rawPayload);
    expect([...files.keys()].filter((n) => n.startsWith('conversations/'))).toEqual([]);
    for (const [name, data] of files) {
      expect(data.toString('utf8'), name).not.toMatch(/Anna private chat|Apple|Carrot/);
      expect(data.toString('utf8'), name).not.toContain(w.anna.user.id);
    }

    const admin = await signedInUser(w.t.app, { role: 'admin' });
    const log = await w.ok<AuditList>(admin, { method: 'GET', url: '/api/admin/audit?action=data.export' });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({
      action: 'data.export',
      actor: { id: ben.user.id },
      target: ben.user.id,
      detail: { what: 'all', conversations: 0 },
    });
  });
});

describe('the OpenAPI page', () => {
  it('documents export and import', async () => {
    const doc = (await w.t.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{
      paths: Record<string, Record<string, { summary?: string; description?: string }>>;
    }>();
    expect(doc.paths['/api/conversations/{id}/export']?.get?.description).toContain('hearth.conversation');
    expect(doc.paths['/api/me/export']?.get?.summary).toMatch(/all of your data/);
    expect(doc.paths['/api/conversations/import']?.post?.description).toContain('import_invalid');
  });
});
