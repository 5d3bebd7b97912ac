/**
 * Tool calling on the OpenAI-compatible API: the `tools` of a request, the turns as the SDK's
 * message params (assistant `tool_calls`, `role: "tool"` results), and the calls of a stream,
 * which arrive in pieces: `delta.tool_calls[]` entries keyed by `index`, the id and name in a
 * call's first piece, its `arguments` as string fragments after (several calls may interleave).
 */
import { randomUUID } from 'node:crypto';
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import type { ChatTurn, ModelToolCall, ToolSpec } from './types';

type DeltaToolCall = ChatCompletionChunk.Choice.Delta.ToolCall;

/** The request's `tools`. */
export const openAiTools = (tools: readonly ToolSpec[]): ChatCompletionTool[] =>
  tools.map((t) => ({
    type: 'function',
    function: { name: t.name, description: t.description, parameters: t.parameters },
  }));

/**
 * The turns as message params. Plain turns go as they are (the request of a chat without tools
 * is exactly what it was before tools existed); only tool plumbing is rewritten.
 */
export function openAiMessages(turns: readonly ChatTurn[]): ChatCompletionMessageParam[] {
  // A plain chat's turns already have the SDK's shape: sent as they are, no copy.
  if (!turns.some(isToolPlumbing)) return turns as ChatCompletionMessageParam[];
  return turns.map((turn): ChatCompletionMessageParam => {
    if (turn.role === 'tool') return { role: 'tool', tool_call_id: turn.toolCallId, content: turn.content };
    if (turn.role === 'assistant') {
      const calls = turn.toolCalls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: turn.content };
      return {
        role: 'assistant',
        content: turn.content,
        tool_calls: calls.map((c) => ({
          id: c.id,
          type: 'function',
          function: { name: c.name, arguments: c.arguments },
        })),
      };
    }
    return turn;
  });
}

const isToolPlumbing = (turn: ChatTurn) =>
  turn.role === 'tool' || (turn.role === 'assistant' && turn.toolCalls !== undefined);

/** Puts a stream's tool calls together from their pieces. */
export class ToolCallAssembler {
  private readonly calls = new Map<number, ModelToolCall>();

  /** Adds the pieces of one delta. */
  push(pieces: readonly DeltaToolCall[]): void {
    for (const piece of pieces) {
      let call = this.calls.get(piece.index);
      if (!call) {
        // A server that sends no id (some local ones) still needs one: the result refers to it.
        call = { id: piece.id || `call_${randomUUID().replaceAll('-', '')}`, name: '', arguments: '' };
        this.calls.set(piece.index, call);
      }
      if (piece.function?.name) call.name += piece.function.name;
      if (piece.function?.arguments) call.arguments += piece.function.arguments;
    }
  }

  /** The calls so far, in index order, and forgets them. */
  take(): ModelToolCall[] {
    const calls = [...this.calls.entries()].sort((a, b) => a[0] - b[0]).map(([, call]) => call);
    this.calls.clear();
    return calls;
  }
}
