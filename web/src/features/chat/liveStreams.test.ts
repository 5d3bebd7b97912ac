import { describe, expect, it } from 'vitest';
import { createLiveStreams } from './liveStreams';

/** A registry whose frames run when the test says. */
function registry() {
  const frames: (() => void)[] = [];
  const live = createLiveStreams({ requestFrame: (fn) => frames.push(fn) });
  const runFrame = () => frames.splice(0).forEach((fn) => fn());
  return { live, frames, runFrame };
}

const reply = { id: 'm1', conversationId: 'c1', content: 'Hel' };

describe('live streams', () => {
  it('publishes a reply at once when it begins, then deltas once per frame however many arrive', () => {
    const { live, frames, runFrame } = registry();
    let told = 0;
    live.subscribe('m1', () => told++);
    live.begin(reply);
    expect(live.published('m1')?.content).toBe('Hel');
    expect(told).toBe(1);
    live.appendText('m1', 'l');
    live.appendText('m1', 'o');
    live.appendReasoning('m1', 'hmm');
    expect(frames).toHaveLength(1);
    expect(live.get('m1')).toMatchObject({ content: 'Hello', reasoning: 'hmm' });
    expect(live.published('m1')?.content).toBe('Hel'); // React sees the frame's state
    runFrame();
    expect(told).toBe(2);
    expect(live.published('m1')).toEqual({ id: 'm1', conversationId: 'c1', content: 'Hello', reasoning: 'hmm' });
    live.end('m1');
    expect(live.published('m1')).toBeUndefined();
    expect(told).toBe(3);
  });

  it('drops only the replies this tab does not stream itself', () => {
    const { live } = registry();
    live.begin(reply);
    live.begin({ ...reply, id: 'm2' });
    live.own('m2');
    live.dropUnowned();
    expect([live.has('m1'), live.has('m2')]).toEqual([false, true]);
  });

  it('counts sends in flight per conversation and tells subscribers', () => {
    const { live } = registry();
    let told = 0;
    const off = live.subscribePending(() => told++);
    const a = { controller: new AbortController(), messageId: null, stopRequested: false };
    live.startSend('c1', a);
    live.markPending('c1'); // a regenerate at the same time
    live.endSend('c1', a);
    expect(live.isPending('c1')).toBe(true);
    expect(live.sendIn('c1')).toBeUndefined();
    live.unmarkPending('c1');
    expect(live.isPending('c1')).toBe(false);
    off();
    live.markPending('c1');
    expect(told).toBe(4);
  });

  it('runs one re-attach per reply, and waits before retrying one that failed', () => {
    const { live } = registry();
    expect(live.startAttach('m1', 1000, 15_000)).toBe(true);
    expect(live.startAttach('m1', 1000, 15_000)).toBe(false); // already running
    live.endAttach('m1', 2000); // failed
    expect(live.startAttach('m1', 16_999, 15_000)).toBe(false);
    expect(live.startAttach('m1', 17_000, 15_000)).toBe(true);
    live.endAttach('m1');
    live.own('m2'); // streamed by this tab: nothing to re-attach to
    expect(live.startAttach('m2', 0, 15_000)).toBe(false);
  });

  it('keeps registries apart', () => {
    const one = registry().live;
    const two = registry().live;
    one.begin(reply);
    one.own('m1');
    expect([two.has('m1'), two.isOwned('m1')]).toEqual([false, false]);
  });
});
