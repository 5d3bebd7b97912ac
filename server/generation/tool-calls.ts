/**
 * One tool call, from what the model wrote to what is stored and what the model reads back:
 * the arguments checked (JSON text that must be an object), the tool run or the call refused,
 * and the turns that carry calls and results to the model (rebuilt the same way from a saved
 * message's `toolCalls`, since tool turns are not messages of the tree).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ToolCall, ToolRefusal } from '#common/conversations';
import type { ChatTurn, ModelToolCall } from '#server/providers/types';
import type { GenerationTool, ToolOutcome, ToolRunContext } from './tools';

/** The refusal stored on a call whose tool had not answered when the reply was stopped. */
export const STOPPED_CALL: ToolRefusal = {
  code: 'stopped',
  message: 'The reply was stopped before this tool answered.',
};

/** The arguments as an object, or why they are refused (the raw text is kept on the call). */
export function parseArguments(text: string): { args: Record<string, unknown> } | { refused: ToolRefusal } {
  let value: unknown;
  try {
    // A model calling a tool without arguments may send nothing at all.
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return {
      refused: {
        code: 'bad_arguments',
        message: 'The arguments were not valid JSON. Call the tool again with a JSON object.',
      },
    };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {
      refused: { code: 'bad_arguments', message: 'The arguments must be a JSON object. Call the tool again with one.' },
    };
  }
  return { args: value as Record<string, unknown> };
}

/** The call as first stored: the arguments object (or the raw text when it is not one). */
export function callRecord(call: ModelToolCall, parsed: ReturnType<typeof parseArguments>): ToolCall {
  return { id: call.id, name: call.name, arguments: 'args' in parsed ? parsed.args : call.arguments };
}

/** Runs the tool a call names; every failure becomes a refusal the model can read. */
export async function runToolCall(
  tools: ReadonlyMap<string, GenerationTool>,
  call: ToolCall,
  context: ToolRunContext,
  log: FastifyBaseLogger,
): Promise<ToolOutcome> {
  const tool = tools.get(call.name);
  if (!tool) {
    const names = [...tools.keys()].join(', ');
    return {
      refused: { code: 'unknown_tool', message: `There is no tool called "${call.name}". The tools are: ${names}.` },
    };
  }
  try {
    const outcome = await tool.run(call.arguments as Record<string, unknown>, context);
    return 'refused' in outcome ? { refused: outcome.refused } : { result: outcome.result ?? null };
  } catch (err) {
    if (context.signal.aborted) return { refused: STOPPED_CALL };
    log.error({ err, tool: call.name }, 'a tool failed');
    return { refused: { code: 'tool_failed', message: `The tool "${call.name}" failed. Answer without it.` } };
  }
}

/** What the model reads as a call's result. */
function resultText(call: ToolCall): string {
  if (call.refused) return JSON.stringify({ error: call.refused.message, code: call.refused.code });
  if (call.result === undefined) return JSON.stringify({ error: STOPPED_CALL.message, code: STOPPED_CALL.code });
  return typeof call.result === 'string' ? call.result : JSON.stringify(call.result);
}

/** The arguments as the model wrote them (JSON text). */
const argumentsText = (call: ToolCall) =>
  typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);

/**
 * The turns of a round of tool calls: the assistant turn that made them (with the text it wrote
 * before them), then one `tool` turn per call with its result or refusal.
 */
export function toolTurns(text: string, calls: readonly ToolCall[]): ChatTurn[] {
  return [
    {
      role: 'assistant',
      content: text,
      toolCalls: calls.map((c) => ({ id: c.id, name: c.name, arguments: argumentsText(c) })),
    },
    ...calls.map((c): ChatTurn => ({ role: 'tool', toolCallId: c.id, name: c.name, content: resultText(c) })),
  ];
}

/**
 * A saved assistant message as turns: without tool calls, its text; with them, the calls and
 * their results first, then its text (the rounds of a reply are folded into one).
 */
export function assistantTurns(content: string, toolCalls: readonly ToolCall[] | undefined): ChatTurn[] {
  if (!toolCalls?.length) return [{ role: 'assistant', content }];
  return [...toolTurns('', toolCalls), ...(content ? [{ role: 'assistant' as const, content }] : [])];
}
