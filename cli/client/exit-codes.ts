/** The terminal client's exit codes, for scripts that call `hearth ask`. */
export const EXIT = {
  ok: 0,
  /** Anything else, Hearth unreachable included. */
  failed: 1,
  /** Bad usage: a missing question, an unknown option. */
  usage: 2,
  /** No token, or the token was revoked or has expired. */
  signedOut: 3,
  /** The model server is down or did not answer. */
  modelUnavailable: 4,
  /** Refused for now: the rate limit, the daily budget, quiet hours. */
  refusedForNow: 5,
} as const;
