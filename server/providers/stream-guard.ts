/**
 * The life of one upstream chat stream: one AbortController that closes the upstream connection
 * when the caller aborts, when the first token is too late, or when the consumer stops reading
 * (generator `return()`), and that turns whatever the SDK threw into the right error.
 */
import { failures } from './errors';
import type { ConnectionInfo, ModelServerError } from './types';

export class StreamGuard {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private timeoutError: ModelServerError | null = null;
  private readonly onAbort = () => this.controller.abort(this.caller.reason);

  constructor(
    private readonly caller: AbortSignal,
    private readonly connection: ConnectionInfo,
    firstTokenTimeoutMs: number,
  ) {
    if (caller.aborted) this.controller.abort(caller.reason);
    else caller.addEventListener('abort', this.onAbort, { once: true });
    this.timer = setTimeout(() => {
      this.timeoutError = failures.firstTokenTimeout(connection, firstTokenTimeoutMs);
      this.controller.abort(this.timeoutError);
    }, firstTokenTimeoutMs);
  }

  /** The signal to hand the SDK: aborting it closes the upstream connection. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Something arrived from the model: the first-token timer is done. */
  gotToken(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /**
   * Throws when the stream must end now: the caller aborted (its reason, an AbortError) or the
   * first token was too late. SDKs sometimes end iteration quietly on abort; this makes it loud.
   */
  throwIfStopped(): void {
    if (this.timeoutError) throw this.timeoutError;
    if (this.caller.aborted) throw this.caller.reason;
  }

  /**
   * The error to throw for `err`: the caller's abort reason or the timeout win over what the
   * SDK made of the abort; anything else goes through `classify`.
   */
  failure(err: unknown, classify: (err: unknown) => unknown): unknown {
    if (this.timeoutError) return this.timeoutError;
    if (this.caller.aborted) return this.caller.reason;
    return classify(err);
  }

  /** Always called at the end: stops the timer and closes the upstream connection if still open. */
  dispose(): void {
    this.gotToken();
    this.caller.removeEventListener('abort', this.onAbort);
    if (!this.controller.signal.aborted) this.controller.abort();
  }
}
