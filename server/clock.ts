/**
 * The time that rate limits and jobs read. One object so a test can set "now" (and move it
 * on) instead of sleeping: `clock.now = () => t`, and put `realNow` back afterwards. Set it at
 * or after the real time: a bucket made earlier counts the difference as refill.
 */
export const realNow = (): number => Date.now();
export const clock = { now: realNow };
