import { randomUUID } from "node:crypto";
import type { WebSocket } from "ws";
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
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly ws: WebSocket,
    readonly principal: Principal,
    readonly locale: Locale,
    readonly audiences: string[],
  ) {}

  enqueue(task: () => Promise<void>) {
    this.queue = this.queue.then(task).catch((err) => console.error("[ws] handler crashed", err));
  }

  /** resolves when every frame received so far has been handled */
  drain(): Promise<void> {
    return this.queue;
  }

  send(data: string) {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED) {
      this.ws.close(CloseCode.slowConsumer, "slow consumer");
      return;
    }
    this.ws.send(data);
  }

  sendJson(frame: unknown) {
    this.send(JSON.stringify(frame));
  }
}
