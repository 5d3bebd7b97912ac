/** One result of `hearth doctor`: what was checked, whether it passed, and how to fix it. */
export type Finding = {
  /** What was checked, e.g. "Data dir" or "Model server Ollama on this computer (http://127.0.0.1:11434)". */
  check: string;
  ok: boolean;
  /** What was found, in plain words. */
  detail: string;
  /** What to do about it (only when it failed). */
  fix?: string;
};

export const pass = (check: string, detail: string): Finding => ({ check, ok: true, detail });
export const fail = (check: string, detail: string, fix: string): Finding => ({ check, ok: false, detail, fix });
