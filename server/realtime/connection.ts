import { randomUUID } from "node:crypto";
import type { WebSocket } from "ws";
import { clock } from "../clock";
import { logUnexpected } from "../errors/app-error";
import type { Locale } from "../errors/codes";
import type { Principal } from "../services/deps";
import { TokenBucket } from "../rate-limit";
import { CloseCode, MAX_BUFFERED, RATE_BURST, RATE_PER_SECOND } from "./close-codes";

/**
 * One object per socket (after Rocket.Chat's ddp-streamer Client): frames from one socket are
 * handled strictly in order through a promise chain, and one failing task never poisons it.
 */
export class Connection {
  readonly id = randomUUID();
  isAlive = true;
  readonly bucket = new TokenBucket(RATE_BURST, RATE_PER_SECOND);
  /** a frame was refused since the last accepted one: the rest of this burst is dropped silently */
  private isOverLimit = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly ws: WebSocket,
    readonly principal: Principal,
    readonly locale: Locale,
    /** what this socket receives; grows and shrinks while it is open (Gateway.control) */
    readonly audiences: Set<string>,
    /** the gateway's side of entering and leaving audiences (a chat room joined on this socket) */
    readonly hub: { join(conn: Connection, a: string): void; leave(conn: Connection, a: string): void } = { join() {}, leave() {} },
  ) {}

  /**
   * Counts one incoming frame (text or binary, decodable or not) against the socket's rate
   * limit. "refuse": answer it with -1012 — only the first frame over the limit; later ones
   * are "drop"ped without an answer until a frame is accepted again (the bucket has refilled),
   * so a flood cannot make the server write one answer per frame.
   */
  admitFrame(nowMs = clock.now()): "accept" | "refuse" | "drop" {
    if (this.bucket.take(nowMs)) {
      this.isOverLimit = false;
      return "accept";
    }
    if (this.isOverLimit) return "drop";
    this.isOverLimit = true;
    return "refuse";
  }

  enqueue(task: () => Promise<void>) {
    this.queue = this.queue.then(task).catch((err) => logUnexpected("ws handler", err));
  }

  /** resolves when every frame received so far has been handled */
  drain(): Promise<void> {
    return this.queue;
  }

  /**
   * Frames the gateway's fan-out queued for this socket and not written yet (Gateway.deliver).
   * Any other frame for it — an ack, an answer, the 101 before a close — takes them along: the
   * queue is written first, then the frame, at once. So a socket always receives its frames in
   * the order they were sent, and a writer's ack never waits for the room's next fan-out pass.
   */
  private backlog: (string | Buffer)[] | null = null;
  private closeAfter: { code: number; reason: string } | null = null;

  send(data: string) {
    if (!this.backlog) return this.write(data);
    this.backlog.push(data);
    this.flush();
  }

  /**
   * queue a fanned-out frame — text, or one already framed for the wire (wireFrame: a big
   * audience's frame is encoded once, not once per socket); true when this started the backlog
   * (the gateway then schedules its write)
   */
  enqueueFrame(data: string | Buffer): boolean {
    if (this.backlog) {
      this.backlog.push(data);
      return false;
    }
    this.backlog = [data];
    return true;
  }

  /** write the backlog in one TCP write (corked), then a close that waited for it */
  flush() {
    const frames = this.backlog;
    this.backlog = null;
    if (frames) {
      if (frames.length === 1) this.write(frames[0]);
      else {
        this.cork();
        for (const f of frames) this.write(f);
        this.uncork();
      }
    }
    const c = this.closeAfter;
    this.closeAfter = null;
    if (c) this.ws.close(c.code, c.reason);
  }

  /** close after whatever is queued for this socket has been written */
  close(code: number, reason: string) {
    if (this.backlog) this.closeAfter = { code, reason };
    else this.ws.close(code, reason);
  }

  private write(data: string | Buffer) {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED) {
      this.ws.close(CloseCode.slowConsumer, "slow consumer");
      return;
    }
    if (typeof data === "string") return this.ws.send(data);
    // a frame framed once for many sockets: straight onto this one's TCP stream. ws writes its own
    // frames synchronously too (no compression here, no Blobs), so the order on the wire is the
    // order of these calls; bufferedAmount counts the stream's queue either way.
    const tcp = this.tcp();
    if (tcp) tcp.write(data);
  }

  /**
   * Hold this socket's writes until uncork: the frames of one flush leave in one TCP write
   * instead of one each. ws has no cork of its own; its socket is Node's, whose cork nests
   * (ws's own framing corks inside ours).
   */
  cork() {
    this.tcp()?.cork();
  }

  uncork() {
    this.tcp()?.uncork();
  }

  private tcp() {
    return (this.ws as unknown as { _socket?: { cork(): void; uncork(): void; write(b: Buffer): boolean } })._socket;
  }

  sendJson(frame: unknown) {
    this.send(JSON.stringify(frame));
  }
}

/**
 * A text message framed for the wire (RFC 6455 §5.2) as a server sends it: FIN, opcode 1, no
 * mask, the length in 7, 7+16 or 7+64 bits. A message for 5,000 sockets of a chat room is
 * encoded and framed once and the same bytes are written to each, where `ws.send` would turn
 * the string into bytes and build a header 5,000 times.
 */
export function wireFrame(text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x81;
  if (n < 126) frame[1] = n;
  else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, head);
  return frame;
}
