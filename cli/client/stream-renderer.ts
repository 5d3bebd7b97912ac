/**
 * Shows a reply as it streams. The text appears raw as it arrives (so the reader sees progress
 * at once); each time a Markdown block is complete (a blank line outside a code fence) the raw
 * text of that block is erased and the block is printed rendered. A block taller than the
 * screen cannot be erased any more (it has scrolled away), so it simply stays raw.
 * Without a renderer (a pipe) the text is written as it comes, nothing is erased.
 */
import type { MarkdownRenderer } from './markdown';
import type { Style, TermOutput } from './style';

const FENCE = /^\s{0,3}(```|~~~)/;

/** The end of the last complete block in `text` (after its blank line), or 0. */
export function completedBlockEnd(text: string): number {
  let inFence = false;
  let end = 0;
  let pos = 0;
  let previousBlank = false;
  for (const line of text.split('\n').slice(0, -1)) {
    const next = pos + line.length + 1;
    if (FENCE.test(line)) inFence = !inFence;
    const blank = line.trim() === '';
    if (!inFence && blank && !previousBlank && pos > 0) end = next;
    previousBlank = blank;
    pos = next;
  }
  return end;
}

/** One reply's output. */
export class StreamRenderer {
  private pending = '';
  private rawRows = 0;
  private rawCol = 0;
  /** The raw text on screen has scrolled too far to erase: keep it as it is. */
  private committed = false;
  private reasoningShown = false;
  private reasoningChars = 0;
  private answerStarted = false;
  private waitingShown = false;

  constructor(
    private readonly out: TermOutput,
    private readonly style: Style,
    private readonly render: MarkdownRenderer | null,
    private readonly showThinking: boolean,
  ) {}

  private get columns() {
    return this.out.columns && this.out.columns > 0 ? this.out.columns : 80;
  }

  /** Writes raw text, counting the screen rows it takes so it can be erased. */
  private writeRaw(text: string) {
    this.out.write(text);
    for (const ch of text) {
      if (ch === '\n') {
        this.rawRows++;
        this.rawCol = 0;
      } else if (++this.rawCol > this.columns) {
        this.rawRows++;
        this.rawCol = 1;
      }
    }
    const screen = this.out.rows && this.out.rows > 0 ? this.out.rows : 24;
    if (this.rawRows >= screen - 1) this.committed = true;
  }

  private eraseRaw() {
    if (this.rawRows > 0) this.out.write(`\r\x1b[${this.rawRows}A\x1b[J`);
    else this.out.write('\r\x1b[J');
    this.rawRows = 0;
    this.rawCol = 0;
  }

  /**
   * The reply waits for its turn: one dimmed line, rewritten as the place changes and erased
   * once it runs (null). Only on a terminal: a pipe gets the reply's text and nothing else.
   */
  waiting(position: number | null): void {
    if (!this.style.color) return;
    if (position === null) {
      if (this.waitingShown) this.out.write('\r\x1b[K');
      this.waitingShown = false;
      return;
    }
    this.waitingShown = true;
    const line =
      position === 0 ? 'Waiting for the model — you’re next' : `Waiting for the model — ${position} ahead of you`;
    this.out.write(`\r\x1b[K${this.style.dim(`${line} (Ctrl+C cancels)`)}`);
  }

  /** A piece of a thinking model's reasoning: dimmed, or only counted with /think off. */
  reasoning(text: string): void {
    this.reasoningChars += text.length;
    if (!this.showThinking) return;
    if (!this.reasoningShown) {
      this.out.write(this.style.dim('Thinking…\n'));
      this.reasoningShown = true;
    }
    this.out.write(this.style.dim(text));
  }

  /** Closes the reasoning before the answer (or at the end of a reply that was all thinking). */
  private endReasoning() {
    if (this.reasoningShown) this.out.write('\n\n');
    else if (this.reasoningChars > 0)
      this.out.write(this.style.dim('(thought it over — /think on shows the reasoning)\n'));
    this.reasoningShown = false;
    this.reasoningChars = 0;
  }

  /**
   * A dimmed line about the reply (a tool the model uses). Only between pieces of raw text that
   * are not on screen yet: mid-block it would be erased with the raw text, so it is left out.
   */
  note(text: string): void {
    if (this.pending !== '' || this.reasoningShown) return;
    this.out.write(`${this.style.dim(text)}\n`);
  }

  /** A piece of the answer. */
  delta(text: string): void {
    if (!this.answerStarted) {
      this.answerStarted = true;
      this.endReasoning();
    }
    if (!this.render) {
      this.out.write(text);
      this.pending += text;
      return;
    }
    this.pending += text;
    this.writeRaw(text);
    const end = completedBlockEnd(this.pending);
    if (end === 0) return;
    const done = this.pending.slice(0, end);
    const rest = this.pending.slice(end);
    if (this.committed) {
      // Already on screen raw and out of reach; start afresh after it.
      this.committed = false;
      this.rawRows = 0;
      this.rawCol = 0;
      this.pending = '';
      if (rest) this.delta(rest);
      return;
    }
    this.eraseRaw();
    this.out.write(`${this.render(done).replace(/\n+$/, '')}\n\n`);
    this.pending = '';
    if (rest) {
      this.pending = rest;
      this.writeRaw(rest);
    }
  }

  /** The reply ended: the last block rendered, the cursor on a fresh line. */
  finish(): void {
    this.waiting(null); // cancelled while it waited: the line goes, the ending note follows
    if (!this.answerStarted) this.endReasoning();
    if (!this.render) {
      if (this.pending && !this.pending.endsWith('\n')) this.out.write('\n');
      return;
    }
    if (this.pending.trim() === '') {
      if (this.rawCol > 0) this.out.write('\n');
      return;
    }
    if (this.committed) {
      this.out.write('\n');
      return;
    }
    this.eraseRaw();
    this.out.write(`${this.render(this.pending).replace(/\n+$/, '')}\n`);
    this.pending = '';
  }
}
