/**
 * Open sockets per credential (Principal.sessionId) in this process, so one token cannot pin
 * an unbounded number of sockets (PARLEY_MAX_SOCKETS_PER_SESSION). In memory, like the other
 * limits: behind N processes a credential may hold up to N× the cap.
 */
export class SessionSockets {
  private counts = new Map<string, number>();

  /** Takes a slot for `key`, or null when it already holds `max`. The release is idempotent. */
  tryAcquire(key: string, max: number): (() => void) | null {
    const n = this.counts.get(key) ?? 0;
    if (n >= max) return null;
    this.counts.set(key, n + 1);
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }
}
