/**
 * A real terminal for tests: a tmux session on a private server socket, keys sent with
 * `send-keys`, the screen read with `capture-pane -p`. The command's exit status is printed
 * as `[exited N]` and the pane stays open so the last screen can still be read.
 */
import { execFileSync } from 'node:child_process';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** One tmux session running one command. */
export class TmuxSession {
  private static count = 0;
  private readonly socket = `hearth-test-${process.pid}`;
  readonly name = `t${++TmuxSession.count}`;

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Starts `argv` with `env` in a `width`×`height` terminal. */
  start(argv: string[], env: Record<string, string>, size = { width: 110, height: 40 }): this {
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`);
    const command = `env -i ${assignments.join(' ')} ${argv.map(quote).join(' ')}; echo "[exited $?]"; sleep 600`;
    this.tmux(['new-session', '-d', '-s', this.name, '-x', String(size.width), '-y', String(size.height), command]);
    return this;
  }

  /** Types literal text (no key names interpreted). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  /** Pastes `text` as a terminal does: bracketed (marked as a paste) when the program asked for it. */
  paste(text: string): void {
    this.tmux(['set-buffer', '-b', this.name, text]);
    this.tmux(['paste-buffer', '-p', '-d', '-b', this.name, '-t', this.name]);
  }

  /** Presses keys by tmux name: Enter, C-c, C-d, Up, Tab, C-r… */
  press(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.name, ...keys]);
  }

  /** The visible screen as text, plus the scrollback when `history`. */
  screen(history = true): string {
    return this.tmux(['capture-pane', '-p', '-t', this.name, ...(history ? ['-S', '-2000'] : [])]);
  }

  /** Waits until the screen matches; fails with the screen it saw. */
  async waitFor(pattern: string | RegExp, timeoutMs = 20_000, from = 0): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const test = (s: string) => (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s));
    for (;;) {
      const text = this.screen().slice(from);
      if (test(text)) return text;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${String(pattern)}; it shows:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * How many characters the screen holds now (without the blank rows below the cursor): pass
   * as `from` to wait for what comes next.
   */
  mark(): number {
    return this.screen().trimEnd().length;
  }

  kill(): void {
    try {
      this.tmux(['kill-session', '-t', this.name]);
    } catch {
      // Already gone.
    }
  }

  /** Ends this test file's tmux server. */
  killServer(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // Already gone.
    }
  }
}
