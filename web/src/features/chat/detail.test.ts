import { describe, it, expect } from 'vitest';
import type { ConversationDetail, Message } from '#common/conversations';
import {
  activeBranch,
  branchView,
  mergeFirstPage,
  mergeOlderPage,
  removeMessage,
  titleFrom,
  upsertMessage,
  withToolCall,
} from './detail';

const msg = (id: string, parentId: string | null, role: Message['role'], t: number): Message => ({
  id,
  conversationId: 'c',
  parentId,
  role,
  content: id,
  status: 'complete',
  createdAt: new Date(t * 1000).toISOString(),
  updatedAt: new Date(t * 1000).toISOString(),
});

const detail = (messages: Message[], activeLeafId: string | null): ConversationDetail => ({
  conversation: {
    id: 'c',
    title: 't',
    taskId: 'general',
    model: null,
    pinned: false,
    archived: false,
    activeLeafId,
    createdAt: '',
    updatedAt: '',
  },
  messages,
  activeLeafId,
});

// s(system) → u1 → a1 ; u1 → a1b (regenerated) ; a1 → u2 → a2
const tree = [
  msg('s', null, 'system', 0),
  msg('u1', 's', 'user', 1),
  msg('a1', 'u1', 'assistant', 2),
  msg('u2', 'a1', 'user', 3),
  msg('a2', 'u2', 'assistant', 4),
  msg('a1b', 'u1', 'assistant', 5),
];

describe('activeBranch', () => {
  it('follows the active leaf up to the root, hiding system messages', () => {
    expect(activeBranch(detail(tree, 'a2')).map((m) => m.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(activeBranch(detail(tree, 'a1b')).map((m) => m.id)).toEqual(['u1', 'a1b']);
  });

  it('falls back to the newest message when the leaf is unknown', () => {
    expect(activeBranch(detail(tree, null)).map((m) => m.id)).toEqual(['u1', 'a1b']);
    expect(activeBranch(detail(tree, 'gone')).map((m) => m.id)).toEqual(['u1', 'a1b']);
  });
});

describe('upsertMessage / removeMessage', () => {
  it('appends as the new leaf, replaces in place, and removes a placeholder', () => {
    const d0 = detail(tree.slice(0, 5), 'a2');
    const d1 = upsertMessage(d0, msg('u3', 'a2', 'user', 6), true);
    expect(activeBranch(d1).at(-1)!.id).toBe('u3');
    const d2 = upsertMessage(d1, { ...msg('u3', 'a2', 'user', 6), content: 'edited' });
    expect(d2.messages).toHaveLength(6);
    expect(d2.messages.at(-1)!.content).toBe('edited');
    const d3 = removeMessage(d2, 'u3');
    expect(d3.activeLeafId).toBe('a2');
    expect(activeBranch(d3).at(-1)!.id).toBe('a2');
  });
});

describe('titleFrom', () => {
  it('uses the first words, collapsed and shortened', () => {
    expect(titleFrom('  What is\n\nthe   weather? ')).toBe('What is the weather?');
    expect(titleFrom('x'.repeat(100))).toHaveLength(58);
  });
});

describe('paged branches', () => {
  // A page holds only part of the branch: u1 → a1 → u2 → a2, of which u2, a2 are loaded.
  const page = (ids: string[], leaf: string, extra: Partial<ConversationDetail> = {}) => ({
    ...detail(
      tree.filter((m) => ids.includes(m.id)),
      leaf,
    ),
    ...extra,
  });

  it('shows the loaded part and knows older messages exist until the root is loaded', () => {
    const newest = page(['u2', 'a2'], 'a2');
    expect(branchView(newest)).toEqual({ messages: [tree[3], tree[4]], hasMore: true, oldestId: 'u2' });
    const withOlder = mergeOlderPage(newest, page(['s', 'u1', 'a1'], 'a2', { hasMore: false }));
    const view = branchView(withOlder);
    expect(view.messages.map((m) => m.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(view.hasMore).toBe(false);
    expect(view.oldestId).toBe('s');
  });

  it('keeps older pages on a refetch of the same branch, and drops them for another branch', () => {
    const loaded = page(['s', 'u1', 'a1', 'u2', 'a2'], 'a2', { siblings: { a1: ['a1', 'a1b'] } });
    const refetched = mergeFirstPage(loaded, page(['u2', 'a2'], 'a2', { siblings: {} }));
    expect(activeBranch(refetched).map((m) => m.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(refetched.siblings).toEqual({ a1: ['a1', 'a1b'] });
    // Switched to a1b: its page starts at u1's child, so only the shared part above stays.
    const switched = mergeFirstPage(loaded, page(['a1b'], 'a1b', { siblings: { a1b: ['a1', 'a1b'] } }));
    expect(activeBranch(switched).map((m) => m.id)).toEqual(['u1', 'a1b']);
    expect(switched.messages.map((m) => m.id)).not.toContain('a2');
  });

  it('counts a regenerated reply as a new version of the one it replaces', () => {
    const d = page(['s', 'u1', 'a1'], 'a1', { siblings: {} });
    const next = upsertMessage(d, tree[5]!, true);
    expect(next.siblings).toEqual({ a1: ['a1', 'a1b'], a1b: ['a1', 'a1b'] });
    expect(activeBranch(next).map((m) => m.id)).toEqual(['u1', 'a1b']);
    // Replacing it in place (its final state) adds nothing.
    expect(upsertMessage(next, { ...tree[5]!, content: 'done' }).siblings).toEqual(next.siblings);
  });
});

describe('withToolCall', () => {
  const call = { id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } };
  it('adds a call, then replaces it by id when its result arrives, leaving other messages alone', () => {
    const d = detail([msg('u', null, 'user', 1), msg('a', 'u', 'assistant', 2)], 'a');
    const asked = withToolCall(d, 'a', call);
    expect(asked.messages[1]!.toolCalls).toEqual([call]);
    const answered = withToolCall(asked, 'a', { ...call, result: { sky: 'snow' } });
    expect(answered.messages[1]!.toolCalls).toEqual([{ ...call, result: { sky: 'snow' } }]);
    const second = withToolCall(answered, 'a', { ...call, id: 'call_2' });
    expect(second.messages[1]!.toolCalls!.map((c) => c.id)).toEqual(['call_1', 'call_2']);
    expect(second.messages[0]).toBe(d.messages[0]);
    expect(asked.messages[1]).not.toBe(d.messages[1]);
    expect(d.messages[1]!.toolCalls).toBeUndefined();
  });

  it('changes nothing for a message that is not there', () => {
    const d = detail([msg('u', null, 'user', 1)], 'u');
    expect(withToolCall(d, 'missing', call)).toBe(d);
  });
});
