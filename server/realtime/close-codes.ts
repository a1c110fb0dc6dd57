/** WebSocket close codes Parley uses, and why. */
export const CloseCode = {
  /** server shutting down; clients reconnect (to another process) with backoff */
  goingAway: 1001,
  /** ws closes with 1009 by itself when a frame exceeds maxPayload */
  tooBig: 1009,
  /** the server could not set the socket up (e.g. the database did not answer); reconnect with backoff */
  internalError: 1011,
  /** the client does not read fast enough; we drop it rather than buffer without bound */
  slowConsumer: 4008,
  /** the session or token behind this socket was revoked */
  sessionEnded: 4001,
} as const;

/** Largest frame a client may send: a text message is ≤ 4000 chars; 64 KiB leaves room. */
export const MAX_PAYLOAD = 64 * 1024;
/** Unsent bytes above this mean the peer stopped reading. */
export const MAX_BUFFERED = 1024 * 1024;
/** Server ping interval; a peer that misses one pong is terminated. */
export const HEARTBEAT_MS = 30_000;
/** Per connection: 20 frames burst, 10 per second sustained. */
export const RATE_BURST = 20;
export const RATE_PER_SECOND = 10;
