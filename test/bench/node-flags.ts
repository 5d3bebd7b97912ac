/**
 * The Node flags Hearth runs with in production (package.json's `start`, deploy/hearth.service);
 * the bench starts its Hearth (and its bare relay) with the same ones, so it measures what a
 * household runs.
 *
 * --max-semi-space-size=32: a young generation of up to 32 MiB per semi-space instead of V8's
 * 16, grown early. With a hundred replies streaming, V8 otherwise ran a scavenge every few
 * megabytes, each pausing the one event loop (and every stream's next token) for up to ~15 ms
 * on a 2-core machine; with it, scavenges are about seven times rarer (measured: 50 → 7 per
 * bench run, added inter-token p99 49/34 → 8/17 ms).
 */
export const HEARTH_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
