/**
 * Tools a generation may offer the model. A tool is a name, a description and a JSON schema of
 * its arguments (what the model sees), and `run`, which answers a call with a result or refuses
 * it. Nothing in the normal chat offers tools yet; a tool-using task (the Music library) will.
 */
import type { ToolRefusal } from '#common/conversations';
import type { ReplyContext } from './sink';

/** What a tool's `run` is given besides the arguments. */
export type ToolRunContext = {
  /** Who asked and where. */
  context: ReplyContext;
  /** Aborted when the reply is stopped: a tool that waits on something should stop waiting. */
  signal: AbortSignal;
};

/** A tool's answer: a JSON-serializable result, or a refusal the model is told about. */
export type ToolOutcome = { result: unknown } | { refused: ToolRefusal };

/** A tool the model may call. */
export type GenerationTool = {
  name: string;
  description: string;
  /** JSON schema of the arguments object. */
  parameters: Record<string, unknown>;
  run(args: Record<string, unknown>, context: ToolRunContext): Promise<ToolOutcome>;
  /**
   * How a model without tool calling can call this tool in plain text: a fenced block
   * (```<fence> … ```) whose text is the value of the one argument `argument`. Without it, the
   * tool is offered only to models that call tools (text-tools.ts).
   */
  textForm?: { fence: string; argument: string; instructions: string };
};

/** How many model → tool rounds a reply may take before the model must answer without tools. */
export const MAX_TOOL_ROUNDS = 4;
