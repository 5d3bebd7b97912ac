/**
 * A task's tools on `/v1`: there the caller gets only the answer (the OpenAI wire format has no
 * place for Hearth's own tools), so the model → tool → model rounds run inside the provider
 * this wraps. The wrapped provider's stream yields the model's text, thinking and usage; tool
 * calls are answered here and never reach the client. At most MAX_TOOL_ROUNDS rounds offer the
 * tools; the last request goes without them, so the model answers.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ToolCall } from '#common/conversations';
import { parseArguments, callRecord, runToolCall, toolTurns } from '#server/generation/tool-calls';
import { MAX_TOOL_ROUNDS, type GenerationTool } from '#server/generation/tools';
import type { ChatRequest, ModelProvider, ModelToolCall, StreamPart } from '#server/providers/types';

/** `provider` with `tools` run server-side for the user `userId`. */
export function withTaskTools(
  provider: ModelProvider,
  tools: readonly GenerationTool[],
  userId: string,
  log: FastifyBaseLogger,
): ModelProvider {
  const byName = new Map(tools.map((t) => [t.name, t]));
  const specs = tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters }));
  // Not a conversation: the tools of a task read nothing of the context but who asked.
  const context = { kind: 'conversation' as const, userId, conversationId: '' };

  async function* streamChat(request: ChatRequest): AsyncIterable<StreamPart> {
    let turns = request.messages;
    for (let round = 0; ; round++) {
      const offered = round < MAX_TOOL_ROUNDS;
      const calls: ModelToolCall[] = [];
      let text = '';
      for await (const part of provider.streamChat({
        ...request,
        messages: turns,
        tools: offered ? specs : undefined,
      })) {
        if (part.kind === 'tool_call') calls.push(part.call);
        else {
          if (part.kind === 'delta') text += part.text;
          yield part;
        }
      }
      if (calls.length === 0 || !offered) return;
      const answered: ToolCall[] = [];
      for (const call of calls) {
        const parsed = parseArguments(call.arguments);
        const record = callRecord(call, parsed);
        const outcome =
          'refused' in parsed ? parsed : await runToolCall(byName, record, { context, signal: request.signal }, log);
        answered.push({ ...record, ...outcome });
      }
      turns = [...turns, ...toolTurns(text, answered)];
    }
  }

  return { connection: provider.connection, listModels: (signal) => provider.listModels(signal), streamChat };
}
