/**
 * `hearth chat` in a real terminal (tmux) against a real Hearth and the fake model server, the
 * way a member uses it: sign in, a streamed Markdown reply, Ctrl+C stopping a slow reply (the
 * fake sees Hearth hang up on it) with the REPL still open, /status, /model with Tab, /clear,
 * input history across sessions, a mistyped command, Ctrl+C at the prompt, /exit. The screen
 * text is what is asserted (tmux trims trailing spaces: an empty prompt reads `>`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastUserText, repoRoot, startTerminalHarness, type TerminalHarness } from './harness';
import { TmuxSession } from './tmux';

const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

let h: TerminalHarness;
const sessions: TmuxSession[] = [];
const bin = path.join(repoRoot, 'bin/hearth.js');

beforeAll(async () => {
  h = await startTerminalHarness();
}, 180_000);
afterAll(async () => {
  for (const s of sessions) s.kill();
  sessions[0]?.killServer();
  await h?.close();
});

/** A terminal running `hearth <args>` as this test's member would. */
function terminal(args: string[], env: Record<string, string> = {}): TmuxSession {
  const s = new TmuxSession().start([process.execPath, bin, ...args], h.env(env));
  sessions.push(s);
  return s;
}

/** The newest chat request the fake received for `prompt`. */
async function requestFor(prompt: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = h.fake.chatRequests().findLast((r) => lastUserText(r) === prompt);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`the fake never received "${prompt}"`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!hasTmux)('hearth chat in a terminal', () => {
  it('signs in with a hidden password', async () => {
    const t = terminal(['login', '--server', h.baseUrl]);
    await t.waitFor('Username:');
    t.type(h.username);
    t.press('Enter');
    await t.waitFor('Password:');
    t.type(h.password);
    t.press('Enter');
    const screen = await t.waitFor('[exited 0]');
    expect(screen).toContain('Signed in to');
    expect(screen).not.toContain(h.password);
  }, 60_000);

  it('chats: streaming, Ctrl+C, /status, /model, /clear, history, /exit', async () => {
    h.script('Show me markdown', {
      reply: 'Here is **bold** text.\n\n- first item\n- second item\n\n```js\nconst answer = 42;\n```\n\nThat is all.',
      tokenIntervalMs: 40,
    });
    h.script('Count slowly', { reply: Array.from({ length: 400 }, (_, i) => `w${i}`).join(' '), tokenIntervalMs: 60 });

    const t = terminal(['chat', '--new']);
    await t.waitFor('New conversation.');
    await t.waitFor(/^>$/m);

    // A streamed reply, rendered as Markdown (no stars left, bullets drawn).
    t.type('Show me markdown');
    t.press('Enter');
    const md = await requestFor('Show me markdown');
    await t.waitFor(/That is all\.\s*\n\s*>$/m);
    expect(md.closedByClient).toBe(false);
    const rendered = t.screen();
    expect(rendered).toMatch(/Here is bold text\./);
    expect(rendered).not.toContain('**bold**');
    expect(rendered).toMatch(/^\s+[*•-] first item/m);
    expect(rendered).toContain('const answer = 42;');
    expect(rendered).not.toContain('```');

    // Ctrl+C stops a slow reply: Hearth hangs up on the model server, the REPL stays.
    t.type('Count slowly');
    t.press('Enter');
    const slow = await requestFor('Count slowly');
    await t.waitFor(/w5\b/);
    expect(slow.closedAt).toBeNull();
    t.press('C-c');
    const closed = await h.fake.waitForClose(slow.index, 15_000);
    expect(closed.closedByClient).toBe(true);
    await t.waitFor('Stopped — the reply above is incomplete.');
    expect(t.screen()).not.toMatch(/w399\b/);

    // /status answers: the REPL survived the Ctrl+C.
    t.type('/status');
    t.press('Enter');
    const status = await t.waitFor('Model server');
    expect(status).toMatch(/Signed in as\s+Alice \(alice/);
    expect(status).toMatch(/Server\s+http:\/\/127\.0\.0\.1:\d+ \(Hearth \d+\.\d+\.\d+\)/);
    expect(status).toMatch(/Model server\s+.*up \(2 models\)/);
    expect(status).toMatch(/Limits\s+(\d+ of \d+ messages left this minute|no message limit on this server)/);

    // /model with Tab completion, then a message goes to that model.
    t.type('/model fake-rea');
    t.press('Tab');
    await t.waitFor('/model env-1/fake-reasoner');
    t.press('Enter');
    await t.waitFor('Model: env-1/fake-reasoner');
    let from = t.mark();
    t.type('Which model are you');
    t.press('Enter');
    expect((await requestFor('Which model are you')).model).toBe('fake-reasoner');
    await t.waitFor(/Hello from the fake model server\.\s*\n\s*>$/m, 20_000, from);

    // /clear: the next message starts a conversation of its own.
    t.type('/clear');
    t.press('Enter');
    await t.waitFor('New conversation. The last one stays in /history.');
    from = t.mark();
    t.type('Fresh start');
    t.press('Enter');
    const fresh = await requestFor('Fresh start');
    const userTurns = (fresh.body?.messages as { role: string }[]).filter((m) => m.role === 'user');
    expect(userTurns).toHaveLength(1);
    await t.waitFor(/Hello from the fake model server\.\s*\n\s*>$/m, 20_000, from);

    // A mistyped command is named and the nearest suggested.
    t.type('/stauts');
    t.press('Enter');
    await t.waitFor('There is no /stauts command. Did you mean /status?');

    // Up recalls what was typed before.
    t.press('Up');
    await t.waitFor(/^> \/stauts$/m);
    t.press('Up');
    await t.waitFor(/^> Fresh start$/m);
    t.press('C-u');

    // Ctrl+C at an empty prompt says how to leave; /exit leaves.
    t.press('C-c');
    await t.waitFor('To leave, press Ctrl+C again');
    t.type('/exit');
    t.press('Enter');
    await t.waitFor('[exited 0]');
  }, 180_000);

  it('continues the last conversation and remembers input history across sessions', async () => {
    const t = terminal(['chat']);
    await t.waitFor('Continuing "');
    await t.waitFor(/^>$/m);
    t.press('Up');
    await t.waitFor(/^> \/exit$/m);
    t.press('C-u');
    // Two Ctrl+C in a row leave as well.
    t.press('C-c');
    await t.waitFor('To leave');
    t.press('C-c');
    await t.waitFor('[exited 0]');
  }, 60_000);
  it('takes long messages (""" blocks, a bracketed paste, /edit); /retry, /rename, /export, /history, /open', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-term-edit-'));
    const editor = path.join(work, 'editor.sh');
    fs.writeFileSync(editor, '#!/bin/sh\nprintf "Written in the editor\\nsecond line\\n" > "$1"\n', { mode: 0o755 });
    const t = terminal(['chat', '--new'], { EDITOR: editor });
    await t.waitFor(/^>$/m);
    const replied = /Hello from the fake model server\.\s*\n\s*>$/m;

    let from = t.mark();
    t.type('"""first line');
    t.press('Enter');
    t.type('second line"""');
    t.press('Enter');
    await requestFor('first line\nsecond line');
    await t.waitFor(replied, 20_000, from);

    from = t.mark();
    t.paste('pasted one\npasted two\npasted three');
    await t.waitFor('[pasted 3 lines #1]', 20_000, from);
    t.press('Enter');
    await requestFor('pasted one\npasted two\npasted three');
    await t.waitFor(replied, 20_000, from);

    from = t.mark();
    t.type('/edit');
    t.press('Enter');
    await requestFor('Written in the editor\nsecond line');
    await t.waitFor(replied, 20_000, from);

    const before = h.fake.chatRequests().length;
    from = t.mark();
    t.type('/retry');
    t.press('Enter');
    await h.fake.waitForRequests(before + 1, 15_000);
    expect(lastUserText(h.fake.chatRequests().at(-1)!)).toBe('Written in the editor\nsecond line');
    await t.waitFor(replied, 20_000, from);

    t.type('/rename Long messages');
    t.press('Enter');
    await t.waitFor('Renamed to "Long messages".');

    const file = path.join(work, 'chat.md');
    t.type(`/export md ${file}`);
    t.press('Enter');
    await t.waitFor(`Saved to ${file}.`);
    expect(fs.readFileSync(file, 'utf8')).toContain('Written in the editor');

    t.type('/history');
    t.press('Enter');
    await t.waitFor(/Long messages.*← here/);

    t.type('/clear');
    t.press('Enter');
    await t.waitFor('New conversation.');
    t.type('/open long messages');
    t.press('Enter');
    await t.waitFor('Opened "Long messages".');

    t.type('/exit');
    t.press('Enter');
    await t.waitFor('[exited 0]');
    fs.rmSync(work, { recursive: true, force: true });
  }, 180_000);

  it('says in plain words when the model server fails, and when the token is revoked', async () => {
    h.script('Are you down?', { status: 503, errorMessage: 'Model is loading' });
    const t = terminal(['chat', '--new']);
    await t.waitFor(/^>$/m);
    t.type('Are you down?');
    t.press('Enter');
    const screen = await t.waitFor('/status shows which model servers are up');
    expect(screen).toMatch(/The reply failed: .+/);
    t.type('/exit');
    t.press('Enter');
    await t.waitFor('[exited 0]');

    const revoked = terminal(['chat'], { HEARTH_TOKEN: 'hearth_revoked_or_never_was', HEARTH_SERVER: h.baseUrl });
    await revoked.waitFor("You're signed out — run hearth login.");
    await revoked.waitFor('[exited 3]');
  }, 60_000);
});
