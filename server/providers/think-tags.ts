/**
 * Some model servers send a reasoning model's thinking inside the answer text:
 * `<think>…</think>` first, then the answer. This splits a content stream into reasoning and
 * answer parts as it arrives, even when a tag is cut across chunks ("<thi" + "nk>").
 *
 * Only a `<think>` at the very start of the reply (after whitespace) opens a thinking block: an
 * answer that talks about the tag later (say, in code) is left alone.
 */
import type { StreamPart } from './types';

const OPEN = '<think>';
const CLOSE = '</think>';

type State = 'start' | 'think' | 'answer';

/** Length of the longest suffix of `text` that is a proper prefix of `tag` (a tag still arriving). */
function partialTagAtEnd(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}

/** A streaming `<think>` splitter for one reply. */
export class ThinkTagSplitter {
  private state: State = 'start';
  private pending = '';
  /** Right after `</think>` the blank lines before the answer are dropped. */
  private trimAnswerStart = false;

  /** Feeds a content chunk; returns the parts that are certain so far. */
  push(text: string): StreamPart[] {
    const out: StreamPart[] = [];
    this.feed(this.pending + text, out);
    return out;
  }

  /** The stream ended: whatever was held back goes out as it stands. */
  flush(): StreamPart[] {
    const rest = this.pending;
    this.pending = '';
    if (rest === '') return [];
    if (this.state === 'think') return [{ kind: 'reasoning', text: rest }];
    return [{ kind: 'delta', text: rest }];
  }

  private feed(buf: string, out: StreamPart[]): void {
    this.pending = '';
    if (buf === '') return;
    switch (this.state) {
      case 'start': {
        const lead = buf.length - buf.trimStart().length;
        const rest = buf.slice(lead);
        if (rest.startsWith(OPEN)) {
          this.state = 'think';
          return this.feed(rest.slice(OPEN.length), out);
        }
        if (OPEN.startsWith(rest)) {
          this.pending = buf; // only whitespace or part of "<think>" so far: wait
          return;
        }
        this.state = 'answer';
        return this.feed(buf, out);
      }
      case 'think': {
        const end = buf.indexOf(CLOSE);
        if (end >= 0) {
          if (end > 0) out.push({ kind: 'reasoning', text: buf.slice(0, end) });
          this.state = 'answer';
          this.trimAnswerStart = true;
          return this.feed(buf.slice(end + CLOSE.length), out);
        }
        const keep = partialTagAtEnd(buf, CLOSE);
        if (buf.length > keep) out.push({ kind: 'reasoning', text: buf.slice(0, buf.length - keep) });
        this.pending = buf.slice(buf.length - keep);
        return;
      }
      case 'answer': {
        let text = buf;
        if (this.trimAnswerStart) {
          text = text.trimStart();
          if (text === '') return;
          this.trimAnswerStart = false;
        }
        out.push({ kind: 'delta', text });
        return;
      }
    }
  }
}
