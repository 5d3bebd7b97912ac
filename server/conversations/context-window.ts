/**
 * Fitting a conversation into the model's context window. The system prompt is always sent; then
 * the most recent turns that fit, leaving room for the reply. A single message too long for the
 * window on its own (a pasted document) is cut in the middle with a note, never dropped. What was
 * left out is remembered per reply (`contextStartId`) so the chat can mark it.
 *
 * Counting: see tokens.ts. Most conversations never load the tokenizer at all: when the UTF-8
 * length of everything is within budget, so is its token count.
 */
import { assistantTurns } from '#server/generation/tool-calls';
import type { ChatTurn } from '#server/providers/types';
import type { BranchMessage } from './store';
import { byteBound, countMessage, countText, cutMiddle, loadTokenizer } from './tokens';

/** What chat templates add around each message (role markers, separators), roughly. */
const PER_MESSAGE = 4;
/** The tokens that start the reply. */
const PRIMING = 3;
/** Room kept for the reply: a quarter of the window, at most this many tokens. */
const MAX_REPLY_RESERVE = 8192;
/** Even next to an enormous system prompt, the message being answered keeps this much. */
const MIN_LAST_MESSAGE = 64;

/** The turns to send and what the model could not see. */
export type ContextFit = {
  turns: ChatTurn[];
  /** The first message of the branch the model saw; null when it saw the whole branch. */
  contextStartId: string | null;
  /** A message sent only in part because it alone was too long for the window. */
  cutId: string | null;
};

/** The tokens the prompt may use in a window of `contextLength` (the rest is for the reply). */
export function promptBudget(contextLength: number): number {
  const reserve = Math.min(Math.ceil(contextLength * 0.25), MAX_REPLY_RESERVE);
  return Math.max(1, contextLength - reserve - PRIMING);
}

/**
 * The messages the model sees: user and assistant contents, in order. Assistant turns that
 * failed or are empty are skipped: the model should not imitate an error or an empty answer.
 * A stopped or interrupted reply keeps its partial text: the user saw it. Messages stored with
 * role `system` (from an imported chat) are never sent: only the task decides system messages,
 * so a file cannot smuggle instructions in above the member's words.
 */
export function visibleMessages<M extends Pick<BranchMessage, 'role' | 'content' | 'status'>>(
  branch: readonly M[],
): M[] {
  return branch.filter(
    (m) =>
      m.role !== 'system' &&
      !(m.role === 'assistant' && (m.status === 'error' || m.status === 'streaming' || m.content.trim() === '')),
  );
}

/** The plan's system messages as turns, each on its own (never joined with anything else). */
function systemTurns(system: string | readonly string[] | null): ChatTurn[] {
  const list = system === null ? [] : typeof system === 'string' ? [system] : system;
  return list.filter((s) => s.trim() !== '').map((content) => ({ role: 'system', content }));
}

/**
 * Adds a message's turns. Tool turns are not messages of the tree: an assistant reply that used
 * tools is sent as its calls, their results, then its text (tool-calls.ts).
 */
function pushTurns(turns: ChatTurn[], m: Pick<BranchMessage, 'role' | 'content' | 'toolCalls'>): void {
  if (m.role === 'assistant' && m.toolCalls?.length) turns.push(...assistantTurns(m.content, m.toolCalls));
  else turns.push({ role: m.role, content: m.content });
}

/** The tool calls' JSON, which the model reads too (empty without tools). */
const toolText = (m: Pick<BranchMessage, 'toolCalls'>) => (m.toolCalls?.length ? JSON.stringify(m.toolCalls) : '');

const cutNote = (leftOut: number) =>
  `\n\n[… ${leftOut} characters of this message were left out here: it is longer than the model can read at once …]\n\n`;

/**
 * The system prompt and the most recent messages of `branch` (root first, ending with the message
 * the reply answers) that fit a window of `contextLength` tokens; everything when the length is
 * unknown (Hearth does not guess: the model server's own limit applies).
 */
export async function fitContext(
  systemMessages: string | readonly string[] | null,
  branch: readonly BranchMessage[],
  contextLength: number | undefined,
): Promise<ContextFit> {
  const systems = systemTurns(systemMessages);
  // Counted as one text: what the window must hold before any message.
  const system = systems.map((t) => t.content).join('\n\n');
  const messages = visibleMessages(branch);
  const all = (): ChatTurn[] => {
    const turns: ChatTurn[] = [...systems];
    for (const m of messages) pushTurns(turns, m);
    return turns;
  };
  if (!contextLength || messages.length === 0) return { turns: all(), contextStartId: null, cutId: null };

  const budget = promptBudget(contextLength);
  let bound = system ? byteBound(system) + PER_MESSAGE * systems.length : 0;
  for (const m of messages) bound += byteBound(m.content) + PER_MESSAGE + (m.toolCalls ? byteBound(toolText(m)) : 0);
  if (bound <= budget) return { turns: all(), contextStartId: null, cutId: null };

  const enc = await loadTokenizer();
  let left = budget - (system ? countText(enc, system) + PER_MESSAGE * systems.length : 0);
  let first = messages.length;
  while (first > 0) {
    const m = messages[first - 1]!;
    const cost = countMessage(enc, m.id, m.content) + PER_MESSAGE + (m.toolCalls ? countText(enc, toolText(m)) : 0);
    if (cost > left) break;
    left -= cost;
    first -= 1;
  }

  let cutId: string | null = null;
  const kept = messages
    .slice(first)
    .map((m) => ({ id: m.id, role: m.role, content: m.content, toolCalls: m.toolCalls }));
  if (kept.length === 0) {
    // The message being answered does not fit on its own: send its start and end, and say so.
    const last = messages.at(-1)!;
    const max = Math.max(MIN_LAST_MESSAGE, left - PER_MESSAGE);
    kept.push({
      id: last.id,
      role: last.role,
      content: cutMiddle(enc, last.content, max, cutNote),
      toolCalls: last.toolCalls,
    });
    cutId = last.id;
  }
  // Chat templates (Gemma, Mistral…) insist the conversation starts with a user turn.
  while (kept.length > 1 && kept[0]!.role === 'assistant') kept.shift();

  const turns: ChatTurn[] = [...systems];
  for (const k of kept) pushTurns(turns, k);
  const startId = kept[0]!.id;
  return { turns, contextStartId: startId === messages[0]!.id ? null : startId, cutId };
}
