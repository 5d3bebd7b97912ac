/**
 * Tools for models that cannot call them (the server refused `tools`, or the model is
 * configured as without tools): the model is asked, in a system message after the others, to
 * write a fenced block (```sql … ```) instead; Hearth holds back the fenced text while it
 * streams (the member never sees the raw query as the answer), runs the tool on it, and feeds
 * the result back as a turn of its own, clearly marked as Hearth's, for the model to answer from.
 */
import type { ToolCall } from '#common/conversations';
import { ModelServerError, type ChatTurn, type ModelToolCall } from '#server/providers/types';
import type { GenerationTool } from './tools';

/** Whether a model server's error means "this model does not take tools" (a 4xx to the request). */
export function refusesTools(err: unknown): boolean {
  return (
    err instanceof ModelServerError &&
    err.failure === 'http_error' &&
    [400, 404, 422, 501].includes(err.upstreamStatus ?? 0) &&
    // A missing model is a 404 too, but then the plain request would fail just the same.
    !/not found/i.test(err.message)
  );
}

/** The tools that can be called in text. */
export const textTools = (tools: readonly GenerationTool[]) => tools.filter((t) => t.textForm);

/** Tool plumbing of earlier replies (saved `toolCalls`) as plain turns a tool-less server accepts. */
function plainTurns(turns: readonly ChatTurn[], tools: readonly GenerationTool[]): ChatTurn[] {
  const fenceOf = (name: string) => tools.find((t) => t.name === name)?.textForm;
  return turns.map((turn): ChatTurn => {
    if (turn.role === 'tool') return { role: 'user', content: resultText(turn.content) };
    if (turn.role !== 'assistant' || !turn.toolCalls?.length) return turn;
    const blocks = turn.toolCalls.map((call) => {
      const form = fenceOf(call.name);
      const args = safeJson(call.arguments);
      const body = form && typeof args?.[form.argument] === 'string' ? String(args[form.argument]) : call.arguments;
      return `\`\`\`${form?.fence ?? call.name}\n${body}\n\`\`\``;
    });
    return { role: 'assistant', content: [turn.content, ...blocks].filter(Boolean).join('\n\n') };
  });
}

const safeJson = (text: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** The turns with the text-form instructions added after the leading system messages. */
export function withTextTools(turns: readonly ChatTurn[], tools: readonly GenerationTool[]): ChatTurn[] {
  const plain = plainTurns(turns, tools);
  const instructions = textTools(tools)
    .map((t) => `${t.textForm!.instructions}\n(${t.description})`)
    .join('\n\n');
  const at = plain.findIndex((t) => t.role !== 'system');
  const index = at === -1 ? plain.length : at;
  return [...plain.slice(0, index), { role: 'system', content: instructions }, ...plain.slice(index)];
}

/** What the model reads as the result of a call it made in text. */
const resultText = (json: string) =>
  `Hearth ran the query. Its result (JSON; "error" means it failed):\n${json}\n` +
  'Answer the question from this result alone. If it holds no rows, say plainly that nothing was found.';

/** The round's text and the call's result as turns for the next request. */
export function textResultTurns(roundText: string, call: ToolCall): ChatTurn[] {
  const json = call.refused
    ? JSON.stringify({ error: call.refused.message, code: call.refused.code })
    : JSON.stringify(call.result ?? null);
  return [
    { role: 'assistant', content: roundText },
    { role: 'user', content: resultText(json) },
  ];
}

/** The call written in `held` (text from the first fence on), or null when it is no tool's block. */
export function extractTextCall(held: string, tools: readonly GenerationTool[], id: string): ModelToolCall | null {
  const match = /^```([\w-]+)[^\n]*\n?([\s\S]*?)(?:```|$)/.exec(held);
  if (!match) return null;
  const tool = textTools(tools).find((t) => t.textForm!.fence.toLowerCase() === match[1]!.toLowerCase());
  if (!tool) return null;
  return { id, name: tool.name, arguments: JSON.stringify({ [tool.textForm!.argument]: match[2]!.trim() }) };
}

/**
 * Lets streamed text through until a fence (```) starts, then holds the rest of the round: a
 * fenced tool call is not part of the answer. Backticks at the end of a piece wait for the next
 * piece, since a fence may arrive split.
 */
export class FenceHoldback {
  private pending = '';
  /** The text from the first fence on (empty while none). */
  held = '';

  /** Takes a piece; returns what may be shown now. */
  push(text: string): string {
    if (this.held) {
      this.held += text;
      return '';
    }
    const all = this.pending + text;
    const fence = all.indexOf('```');
    if (fence >= 0) {
      this.pending = '';
      this.held = all.slice(fence);
      return all.slice(0, fence);
    }
    const keep = /`{1,2}$/.exec(all)?.[0].length ?? 0;
    this.pending = all.slice(all.length - keep);
    return all.slice(0, all.length - keep);
  }

  /** Everything still held back (the round ended without a tool call). */
  flush(): string {
    const rest = this.pending + this.held;
    this.pending = '';
    this.held = '';
    return rest;
  }
}
