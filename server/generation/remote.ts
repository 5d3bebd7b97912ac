/**
 * Stop and re-attach of a reply that another process runs (scaled out, or two apps on one bus
 * in a test). Everything goes through the bus, so the memory bus today and a Redis bus later
 * behave the same:
 * - stop: `generation.stop` goes out; the owner saves the reply as `stopped` and publishes
 *   `generation.done` on the user's channel, which is the answer.
 * - re-attach: the follower listens on the user's channel, then asks with `generation.attach`;
 *   the owner answers `generation.snapshot` (the text and tool calls so far). Live
 *   `generation.delta` events carry the `offset` their piece starts at, so pieces already in the
 *   snapshot are dropped and a missing piece is seen (then a new snapshot is asked for): no gap,
 *   no repeat. Live `generation.tool` events become `tool` frames, never a call's older state.
 * Each wait is bounded; when nobody answers, the saved state is the answer, as before.
 */
import { randomUUID } from 'node:crypto';
import type { Message, ToolCall } from '#common/conversations';
import type { GenerationEvent, ServerEvent } from '#common/events';
import type { AppContext } from '#server/context';
import { userChannel } from '#server/realtime/bus';
import { finalFrame, sseFrame, type SseStream } from './sse';

/** How long the owner of a reply has to answer a stop or an attach. */
export const REMOTE_WAIT_MS = 5000;

type RemoteDeps = Pick<AppContext, 'bus'>;
type Delta = Extract<ServerEvent, { type: 'generation.delta' }>;
type Tool = Extract<ServerEvent, { type: 'generation.tool' }>;
type Snapshot = {
  message: Message;
  content: string;
  reasoning: string;
  toolCalls: ToolCall[];
  waiting?: boolean;
  position?: number | null;
};

/**
 * Asks the owner to stop `messageId` and resolves with the saved `stopped` (or otherwise
 * finished) message, or null when nobody answered within `waitMs`. `reread` gives the saved
 * state: read once the request is out, it catches a reply that ended just before.
 */
export function stopRemote(
  ctx: RemoteDeps,
  userId: string,
  messageId: string,
  reread: () => Promise<Message>,
  waitMs = REMOTE_WAIT_MS,
): Promise<Message | null> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (message: Message | null) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      clearTimeout(timer);
      resolve(message);
    };
    const unsubscribe = ctx.bus.subscribe(userChannel(userId), (event) => {
      if (event.type === 'generation.done' && event.message.id === messageId) finish(event.message);
    });
    const timer = setTimeout(() => finish(null), waitMs);
    ctx.bus.emit('generation.stop', { messageId });
    reread().then(
      (saved) => {
        if (saved.status !== 'streaming') finish(saved);
      },
      // The caller reads the saved state again after a null, and meets the same failure there.
      () => finish(null),
    );
  });
}

/** What following a remote reply found first. */
export type RemoteStart = { kind: 'snapshot' } | { kind: 'finished'; message: Message } | { kind: 'silent' };

/** A reply run by another process, followed from here. */
export type RemoteFollower = {
  /** Resolves once the owner answered, the reply turned out finished, or nobody answered in time. */
  ready: Promise<RemoteStart>;
  /**
   * Streams to `sse` what a local re-attach sends: `start`, the text so far as one `reasoning`
   * and one `delta`, then live pieces until `done`/`error`. Only after `ready` said `snapshot`.
   */
  pipe(sse: SseStream): void;
  /** Stops following (the client went away, or `ready` said it is not running anywhere). */
  cancel(): void;
};

/**
 * Starts following `messageId` of `userId` on the bus. `reread` gives the saved state (read once
 * the request is out: a reply that ended just before is found there, not waited for).
 */
export function followRemote(
  ctx: RemoteDeps,
  userId: string,
  messageId: string,
  reread: () => Promise<Message>,
  waitMs = REMOTE_WAIT_MS,
): RemoteFollower {
  /** Characters of each text the client has (or will have, once piped). */
  const have = { delta: 0, reasoning: 0 };
  /** Tool calls sent, by id: whether the one sent was finished (has a result or a refusal). */
  const calls = new Map<string, boolean>();
  /** Live events that came before the snapshot they must be measured against. */
  let held: Array<Delta | Tool> | null = [];
  let requestId = randomUUID();
  let snapshot: Snapshot | null = null;
  let sse: SseStream | null = null;
  /** Frames made before the stream was handed over (ready resolves a tick before `pipe`). */
  const queued: Array<{ frame: string; last: boolean }> = [];
  let resync: NodeJS.Timeout | null = null;
  let over = false;
  /** The reply waited for its turn when the snapshot came: `start` is sent once it runs. */
  let waiting = false;

  let resolveReady!: (start: RemoteStart) => void;
  const ready = new Promise<RemoteStart>((resolve) => (resolveReady = resolve));

  const write = (frame: string, last = false) => {
    if (sse) {
      sse.write(frame);
      if (last) sse.end();
    } else {
      queued.push({ frame, last });
    }
  };
  const piece = (kind: 'delta' | 'reasoning', text: string) =>
    write(sseFrame<Extract<GenerationEvent, { event: typeof kind }>>(kind, { text }));

  /**
   * A call as it stands, unless the client has it already or has its finished state: a bus may
   * bring a held event older than the snapshot, and a call must not go back to "running".
   */
  const tool = (call: ToolCall) => {
    const finished = call.result !== undefined || call.refused !== undefined;
    const sent = calls.get(call.id);
    if (sent === true || (sent === false && !finished)) return;
    calls.set(call.id, finished);
    write(sseFrame<Extract<GenerationEvent, { event: 'tool' }>>('tool', { call }));
  };

  const stop = () => {
    over = true;
    unsubscribe();
    unhear();
    clearTimeout(firstWait);
    if (resync) clearTimeout(resync);
  };

  /** A live piece: the part the client lacks is sent; a gap asks for a new snapshot. */
  const onDelta = (event: Delta) => {
    const kind = event.text !== undefined ? 'delta' : 'reasoning';
    const text = event.text ?? event.reasoning ?? '';
    const offset = event.offset ?? have[kind];
    if (offset + text.length <= have[kind]) return; // already sent
    if (offset > have[kind]) {
      askAgain(event);
      return;
    }
    piece(kind, text.slice(have[kind] - offset));
    have[kind] = offset + text.length;
  };

  /** While it waits: its new place, then `start` once it runs (the owner publishes both). */
  const onTurn = (event: ServerEvent) => {
    if (!snapshot || !waiting) return;
    if (event.type === 'generation.queued' && event.messageId === messageId)
      write(
        sseFrame<Extract<GenerationEvent, { event: 'queued' }>>('queued', {
          position: event.position,
          message: snapshot.message,
        }),
      );
    if (event.type === 'generation.start' && event.message.id === messageId) {
      waiting = false;
      write(sseFrame<Extract<GenerationEvent, { event: 'start' }>>('start', { message: event.message }));
    }
  };

  const onEvent = (event: ServerEvent) => {
    if (over) return;
    onTurn(event);
    const mine =
      ((event.type === 'generation.delta' || event.type === 'generation.tool') && event.messageId === messageId) ||
      (event.type === 'generation.done' && event.message.id === messageId);
    if (!mine) return;
    if (event.type === 'generation.done') {
      // The final message holds all the text: whatever was held or missing no longer matters.
      stop();
      if (snapshot) write(finalFrame(event.message), true);
      else resolveReady({ kind: 'finished', message: event.message });
      return;
    }
    if (held) held.push(event);
    else if (event.type === 'generation.tool') tool(event.call);
    else onDelta(event);
  };

  /** A piece went missing (a lossy bus): hold what comes and ask the owner for the text again. */
  const askAgain = (event: Delta | Tool) => {
    held = [event];
    requestId = randomUUID();
    resync = setTimeout(() => {
      // The owner is gone: the saved state ends the stream, as for a reply nobody runs.
      stop();
      void reread().then(
        (saved) => write(finalFrame(saved), true),
        () => write(finalFrame(snapshot!.message), true),
      );
    }, waitMs);
    ctx.bus.emit('generation.attach', { messageId, requestId });
  };

  /** The owner's text so far: what the client lacks of it is sent, then what was held. */
  const onSnapshot = (answer: Snapshot & { requestId: string }) => {
    if (over || answer.requestId !== requestId || !held) return;
    const first = !snapshot;
    snapshot = answer;
    if (resync) clearTimeout(resync);
    resync = null;
    if (first) {
      clearTimeout(firstWait);
      waiting = answer.waiting === true;
      if (!waiting) write(sseFrame<Extract<GenerationEvent, { event: 'start' }>>('start', { message: answer.message }));
      else if (typeof answer.position === 'number')
        write(
          sseFrame<Extract<GenerationEvent, { event: 'queued' }>>('queued', {
            position: answer.position,
            message: answer.message,
          }),
        );
    }
    if (answer.reasoning.length > have.reasoning) piece('reasoning', answer.reasoning.slice(have.reasoning));
    if (answer.content.length > have.delta) piece('delta', answer.content.slice(have.delta));
    have.reasoning = Math.max(have.reasoning, answer.reasoning.length);
    have.delta = Math.max(have.delta, answer.content.length);
    for (const call of answer.toolCalls) tool(call);
    const replay = held;
    held = null;
    if (first) resolveReady({ kind: 'snapshot' });
    for (const event of replay) onEvent(event);
  };

  const unsubscribe = ctx.bus.subscribe(userChannel(userId), onEvent);
  const unhear = ctx.bus.on('generation.snapshot', (answer) => {
    if (answer.messageId === messageId) onSnapshot(answer);
  });
  const firstWait = setTimeout(() => {
    stop();
    resolveReady({ kind: 'silent' });
  }, waitMs);
  ctx.bus.emit('generation.attach', { messageId, requestId });
  if (!over) {
    reread().then(
      (saved) => {
        if (!snapshot && !over && saved.status !== 'streaming') {
          stop();
          resolveReady({ kind: 'finished', message: saved });
        }
      },
      () => {
        // The route's own read failed too if the database is down; the wait ends it.
      },
    );
  }

  return {
    ready,
    pipe(stream) {
      sse = stream;
      stream.onClose(stop);
      for (const { frame, last } of queued.splice(0)) {
        stream.write(frame);
        if (last) stream.end();
      }
    },
    cancel: stop,
  };
}
