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

  it('places a piece by its offset: a repeat adds only what is new, a gap adds nothing and says so', () => {
    const { live } = registry();
    live.begin(reply);
    expect(live.appendTextAt('m1', 'lo', 3)).toBe(true);
    expect(live.appendTextAt('m1', 'llo w', 2)).toBe(true); // "lo" again, then " w"
    expect(live.appendTextAt('m1', 'Hello', 0)).toBe(true); // all of it already here
    expect(live.get('m1')?.content).toBe('Hello w');
    expect(live.appendTextAt('m1', 'ld', 9)).toBe(false); // "or" was lost
    expect(live.get('m1')?.content).toBe('Hello w');
    expect(live.appendReasoningAt('m1', 'hm', 0)).toBe(true);
    expect(live.appendReasoningAt('m1', 'm', 3)).toBe(false);
    expect(live.appendTextAt('m1', '!', undefined)).toBe(true); // an event without an offset
    expect(live.get('m1')).toMatchObject({ content: 'Hello w!', reasoning: 'hm' });
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
