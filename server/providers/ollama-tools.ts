/**
 * Tool calling on Ollama's native API (/api/chat), as its API documents it: `tools` in the
 * request like OpenAI's; the model's calls in `message.tool_calls` with `function.arguments` as
 * an OBJECT (not JSON text) and no call id; results go back as `role: "tool"` messages naming
 * the tool (`tool_name`), after the assistant message that carries the calls.
 */
import { randomUUID } from 'node:crypto';
import type { Message, Tool, ToolCall } from 'ollama';
import type { ChatTurn, ModelToolCall, ToolSpec } from './types';

/** The request's `tools`. */
export const ollamaTools = (tools: readonly ToolSpec[]): Tool[] =>
  tools.map((t) => ({
    type: 'function',
    function: { name: t.name, description: t.description, parameters: t.parameters },
  }));

/** The turns as Ollama messages; plain turns go as they are. */
export function ollamaMessages(turns: readonly ChatTurn[]): Message[] {
  if (!turns.some((t) => t.role === 'tool' || (t.role === 'assistant' && t.toolCalls !== undefined)))
    return turns as Message[];
  return turns.map((turn): Message => {
    if (turn.role === 'tool') return { role: 'tool', content: turn.content, tool_name: turn.name };
    if (turn.role === 'assistant') {
      const calls = turn.toolCalls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: turn.content };
      return {
        role: 'assistant',
        content: turn.content,
        tool_calls: calls.map((c) => ({ function: { name: c.name, arguments: argumentsObject(c.arguments) } })),
      };
    }
    return turn;
  });
}

/** Ollama takes an object: text that is not a JSON object (the model's mistake, refused) goes as {}. */
function argumentsObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The calls of one streamed line, with ids made up (Ollama sends none; newer servers may). */
export function ollamaToolCalls(calls: readonly ToolCall[]): ModelToolCall[] {
  return calls.map((call) => {
    const given = (call as { id?: unknown }).id;
    const args: unknown = call.function.arguments;
    return {
      id: typeof given === 'string' && given ? given : `call_${randomUUID().replaceAll('-', '')}`,
      name: call.function.name,
      // Some servers send JSON text here after all: passed on as it is.
      arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
    };
  });
}
