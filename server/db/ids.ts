/**
 * Time-ordered ids (ULID layout: 10 chars of milliseconds + 16 random, Crockford base32).
 * Monotonic within a process, so ids sort in creation order even within one millisecond —
 * lists page by id and a reply always sorts after its question.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32]! + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/** Random bytes are drawn in blocks: one system call per 256 ids instead of one per id. */
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function freshRandom(): number[] {
  if (poolOffset + 16 > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const digits = new Array<number>(16);
  // & 31 keeps 5 of the 8 random bits: still uniform over the 32 letters.
  for (let i = 0; i < 16; i++) digits[i] = pool[poolOffset + i]! & 31;
  poolOffset += 16;
  return digits;
}

/** Increments the random part by one (carry to the left); keeps ids strictly increasing. */
function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  return freshRandom(); // 32^16 ids in one millisecond: not reachable in practice
}

/** A new 26-character, time-sortable, unique id. */
export function newId(now = Date.now()): string {
  if (now <= lastTime) {
    lastRandom = increment(lastRandom);
    now = lastTime;
  } else {
    lastTime = now;
    lastRandom = freshRandom();
  }
  return encodeTime(now) + lastRandom.map((d) => ALPHABET[d]).join('');
}
