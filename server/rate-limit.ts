import { clock } from "./clock";

/**
 * Token buckets in process memory. Good enough per process: behind a load balancer with N
 * processes a client gets at most N× the rate, which still stops brute force and floods.
 */
const buckets = new Map<string, { tokens: number; at: number }>();

/**
 * Password guesses per client IP per minute, for every door that checks a password
 * (user.pwdLogin and the console's sign-in share the one bucket): plenty for typos, slow for brute force.
 */
export const LOGIN_PER_MINUTE = 20;
export function takeLoginToken(ip: string, nowMs = clock.now()): boolean {
  return takeToken(`login:${ip}`, LOGIN_PER_MINUTE, LOGIN_PER_MINUTE / 60_000, nowMs);
}

export function takeToken(key: string, capacity: number, refillPerMs: number, nowMs = Date.now()): boolean {
  let b = buckets.get(key);
  if (!b) {
    b = { tokens: capacity, at: nowMs };
    buckets.set(key, b);
    if (buckets.size > 50_000) pruneBuckets(nowMs);
  }
  b.tokens = Math.min(capacity, b.tokens + (nowMs - b.at) * refillPerMs);
  b.at = nowMs;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

function pruneBuckets(nowMs: number) {
  for (const [k, b] of buckets) if (nowMs - b.at > 10 * 60_000) buckets.delete(k);
}

/** A bucket owned by one object (a socket), so it dies with it. */
export class TokenBucket {
  private tokens: number;
  private at = Date.now();
  constructor(private capacity: number, private perSecond: number) {
    this.tokens = capacity;
  }
  take(nowMs = Date.now()): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((nowMs - this.at) / 1000) * this.perSecond);
    this.at = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
