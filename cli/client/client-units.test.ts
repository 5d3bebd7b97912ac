/**
 * The terminal client's pure parts: where a Markdown block ends while streaming, the streaming
 * renderer's output, "did you mean", the credentials file's rules and the exit codes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sink } from '../test-support';
import { readSavedCredentials, resolveCredentials, saveCredentials } from './config-store';
import { closest } from './edit-distance';
import { parseAskLine } from './fast-ask';
import { exitCodeFor } from './errors';
import { completedBlockEnd, StreamRenderer } from './stream-renderer';
import { styleFor, wantsColor, type TermOutput } from './style';

describe('completedBlockEnd', () => {
  it('ends a block at a blank line', () => {
    expect(completedBlockEnd('one\n\ntwo')).toBe('one\n\n'.length);
    expect(completedBlockEnd('one\ntwo')).toBe(0);
  });
  it('never inside a code fence, even at a blank line', () => {
    const text = 'intro\n\n```js\nconst a = 1;\n\nconst b = 2;\n';
    expect(completedBlockEnd(text)).toBe('intro\n\n'.length);
    expect(completedBlockEnd(`${text}\`\`\`\n\nafter`)).toBe(`${text}\`\`\`\n\n`.length);
  });
});

describe('StreamRenderer', () => {
  const plain = () => {
    const out = sink();
    const stream = out.stream as TermOutput;
    return { out, stream, style: styleFor(stream, {}) };
  };

  it('writes the text as it comes without a renderer (a pipe)', () => {
    const { out, stream, style } = plain();
    const r = new StreamRenderer(stream, style, null, true);
    r.delta('Hello **wor');
    r.delta('ld**');
    r.finish();
    expect(out.text()).toBe('Hello **world**\n');
  });

  it('replaces each finished block by its rendering, and the last one at the end', () => {
    const { out, stream, style } = plain();
    const r = new StreamRenderer(stream, style, (md) => `<${md.trim()}>\n`, true);
    r.delta('first para');
    r.delta('graph\n\nsecond');
    expect(out.text()).toContain('<first paragraph>');
    r.finish();
    expect(out.text().endsWith('<second>\n')).toBe(true);
  });

  it('hides reasoning with /think off, saying it is there', () => {
    const { out, stream, style } = plain();
    const r = new StreamRenderer(stream, style, null, false);
    r.reasoning('secret thoughts');
    r.delta('Answer.');
    r.finish();
    expect(out.text()).not.toContain('secret thoughts');
    expect(out.text()).toContain('/think on shows the reasoning');
    expect(out.text()).toContain('Answer.');
  });
});

describe('closest', () => {
  it('suggests the nearest command, or nothing for gibberish', () => {
    expect(closest('stauts', ['status', 'clear', 'model'])).toBe('status');
    expect(closest('mdl', ['status', 'clear', 'model'])).toBe('model');
    expect(closest('xyzzyplugh', ['status', 'clear', 'model'])).toBeNull();
  });
});

describe('colour', () => {
  it('only for a terminal, and never with NO_COLOR', () => {
    const tty = Object.assign(sink().stream, { isTTY: true }) as TermOutput;
    expect(wantsColor(tty, {})).toBe(true);
    expect(wantsColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(sink().stream as TermOutput, {})).toBe(false);
  });
});

describe('credentials file', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-creds-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('is written 0600 in $XDG_CONFIG_HOME/hearth and read back', () => {
    const env = { XDG_CONFIG_HOME: home };
    const file = saveCredentials(env, { server: 'http://h:8000', token: 'hearth_x' });
    expect(file).toBe(path.join(home, 'hearth', 'credentials.json'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readSavedCredentials(env)).toEqual({ server: 'http://h:8000', token: 'hearth_x' });
  });

  it('defaults to ~/.config/hearth', () => {
    const file = saveCredentials({ HOME: home }, { server: 'http://h', token: 't' });
    expect(file).toBe(path.join(home, '.config', 'hearth', 'credentials.json'));
  });

  it('is refused when group or others may read it', () => {
    const env = { XDG_CONFIG_HOME: home };
    const file = saveCredentials(env, { server: 'http://h', token: 't' });
    fs.chmodSync(file, 0o640);
    expect(() => readSavedCredentials(env)).toThrow(/chmod 600/);
  });

  it('gives way to HEARTH_TOKEN and HEARTH_SERVER', () => {
    const env = { XDG_CONFIG_HOME: home };
    saveCredentials(env, { server: 'http://saved:1', token: 'saved' });
    expect(resolveCredentials({ ...env, HEARTH_TOKEN: 'env' })).toEqual({ server: 'http://saved:1', token: 'env' });
    expect(resolveCredentials({ ...env, HEARTH_SERVER: 'other:2/' })).toEqual({
      server: 'http://other:2',
      token: 'saved',
    });
  });
});

it('maps error codes to exit codes', () => {
  expect(exitCodeFor('unauthorized')).toBe(3);
  expect(exitCodeFor('model_unavailable')).toBe(4);
  expect(exitCodeFor('quiet_hours')).toBe(5);
  expect(exitCodeFor('internal_error')).toBe(1);
});

describe('parseAskLine', () => {
  it('reads a plain ask line, and leaves anything else to the full parser', () => {
    expect(parseAskLine(['ask', 'what', 'now?'])).toEqual({ words: ['what', 'now?'], options: {} });
    expect(parseAskLine(['ask', '--json', '--model=a/b', '--task', 'music', 'hi'])).toEqual({
      words: ['hi'],
      options: { json: true, model: 'a/b', task: 'music' },
    });
    expect(parseAskLine(['ask', '--', '--not-an-option'])).toEqual({ words: ['--not-an-option'], options: {} });
    expect(parseAskLine(['ask', '--help'])).toBeNull();
    expect(parseAskLine(['ask', '--model'])).toBeNull();
    expect(parseAskLine(['chat'])).toBeNull();
  });
});
