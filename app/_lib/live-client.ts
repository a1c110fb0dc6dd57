// Browser side of /ws: one socket, reconnect with backoff, an outbox that resends unacked
// messages with the same msgId (the server stores each msgId once), and a "state" the UI
// shows ("reconnecting…"). After every (re)connect `onOpen` runs so the app can catch up
// through chatLog afterId.
//
// What it protects against:
// - A frame the server is sure to refuse for size never goes out (it would close the socket
//   with 1009, and resending it after every reconnect would loop forever).
// - A network cut closes nothing: packets just stop. A heartbeat the server must answer finds
//   that out — every few seconds while someone is looking or a message waits for its ack,
//   rarely otherwise — and so do a probe when a send goes unacked and the browser's `offline`.
// - A session the server ended (close 4001) is not redialled with its dead token.
// - The outbox is flushed at half the server's rate limit, so a long one is not refused.
import type { FailureFrame, ServerFrame } from "../../server/protocol/frames";
import { messageFor, pickLocale } from "../../server/errors/codes";

export type LiveState = "connecting" | "open" | "reconnecting" | "closed";

export interface LiveClientOptions {
  /** visitor or member token; omit to use the console's session cookie */
  token?: string | null;
  locale?: string;
  onFrame(frame: ServerFrame): void;
  onState?(state: LiveState): void;
  onOpen?(hello: Extract<ServerFrame, { eventType: 100 }>): void;
  /**
   * A socket said hello, before the outbox goes out on it: subscribe again here (the chat rooms
   * joined on the old socket), so the messages waiting in the outbox find them joined. Requests
   * made in here are written first.
   */
  onHello?(hello: Extract<ServerFrame, { eventType: 100 }>): void;
  /**
   * The server ended the session behind this socket (close 4001, reason "<seed code> <text>",
   * e.g. "-1003 session ended", "-1007 signed in elsewhere"). The client stops redialling —
   * the token is dead — and keeps its outbox; call `setToken` with a new token to go on.
   * Without this option the client just stays "closed".
   */
  onSessionEnded?(code: number, reason: string): void;
  /**
   * Is someone looking at this conversation (the widget is open)? Then a dead socket is found
   * within ~10 s; otherwise the heartbeat is slow, unless a message waits for its ack.
   * Defaults to true; change it with `setActive`.
   */
  active?: boolean;
  /** ws URL; defaults to this page's origin + /ws */
  url?: string;
}

interface Waiter {
  resolve(frame: ServerFrame): void;
  reject(err: LiveError): void;
}

interface Pending {
  frame: Record<string, unknown> & { msgId: string; eventType: number };
  json: string;
  bytes: number;
  waiters: Waiter[];
}

export class LiveError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** refused for its size (ours or the server's limit): sending it again cannot help */
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

/** server/realtime/close-codes.ts MAX_PAYLOAD: the server closes the socket with 1009 on a bigger frame */
export const MAX_FRAME_BYTES = 64 * 1024;
/** the socket's close codes (server/realtime/close-codes.ts CloseCode) */
const CLOSE_TOO_BIG = 1009;
const CLOSE_SESSION_ENDED = 4001;
/** a close code of ours (3000–4999 are the application's): we gave up on a silent socket */
const CLOSE_DEAD = 4000;
/** the seed code for "message content invalid", also for a frame too big to send */
const CODE_INVALID = -7000;
/** the seed code for "too fast": the server dropped the frame; it goes again a bit later */
const CODE_TOO_FAST = -1012;
/** not a seed code: the app took the request back (cancel) */
export const CODE_CANCELLED = 0;

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15_000;
/** dialled but no hello this long: the handshake went nowhere (a cut answers nothing) */
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * App-level heartbeat (browsers cannot see ws pings), eventType 99. While the page is visible
 * and the chat open, or a message waits for its ack: every 4 s with a 5 s answer timeout, so a
 * cut shows within ~9 s. Otherwise every 25 s: 10,000 idle widgets then cost the server 400
 * frames/s, not 2,500. Either way far below the rate limit of 10 frames/s per socket.
 */
const PING_ACTIVE_MS = 4_000;
const PING_IDLE_MS = 25_000;
const PONG_TIMEOUT_MS = 5_000;
/** a message unacked this long makes us ask right away whether the socket still works */
const ACK_PROBE_MS = 3_000;
/** our own pace: half the server's limit (close-codes.ts RATE_BURST 20, RATE_PER_SECOND 10) */
const SEND_BURST = 10;
const SEND_PER_SECOND = 5;
/** a frame the server dropped as too fast goes again after this */
const TOO_FAST_RETRY_MS = 1_000;

let counter = 0;
export function newMsgId(): string {
  const rnd = typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  return `${rnd}-${++counter}`;
}

const encoder = new TextEncoder();
/** what the server measures against its limit: the frame's UTF-8 bytes */
export function frameBytes(json: string): number {
  return encoder.encode(json).length;
}

export class LiveClient {
  private ws: WebSocket | null = null;
  /** the current socket said hello: frames may go */
  private ready = false;
  private attempt = 0;
  private stopped = false;
  /** no redialling until setToken (the session ended, or the app asked) */
  private suspended = false;
  private active: boolean;
  /** every request not answered yet, in the order written */
  private pending = new Map<string, Pending>();
  /** msgIds written on the current socket and not answered yet */
  private inFlight = new Set<string>();
  /** msgIds waiting for their turn to go out on the current socket */
  private queue: string[] = [];
  private tokens = SEND_BURST;
  private tokensAt = 0;
  /** when the server last proved it hears us (hello or a heartbeat answer) */
  private aliveAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setTimeout> | null = null;
  private pongTimer: ReturnType<typeof setTimeout> | null = null;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;
  state: LiveState = "connecting";

  constructor(private opts: LiveClientOptions) {
    this.active = opts.active ?? true;
  }

  get locale() {
    return this.opts.locale;
  }

  start() {
    this.stopped = false;
    this.connect();
    if (typeof window !== "undefined") {
      window.addEventListener("online", this.onOnline);
      window.addEventListener("offline", this.probe);
      document.addEventListener("visibilitychange", this.onVisibility);
    }
    return this;
  }

  stop() {
    this.stopped = true;
    if (typeof window !== "undefined") {
      window.removeEventListener("online", this.onOnline);
      window.removeEventListener("offline", this.probe);
      document.removeEventListener("visibilitychange", this.onVisibility);
    }
    this.dropSocket(1000, "bye");
    this.clearTimer("retryTimer");
    this.setState("closed");
  }

  /**
   * Send a frame; resolves with the server's answer for its msgId (the stored message for
   * eventType 0) or rejects with the seed code. While offline the frame waits in the outbox
   * and is resent after reconnecting — with the same msgId, so it is never stored twice.
   * A frame bigger than the server takes is refused at once with -7000.
   */
  request(frame: Record<string, unknown> & { eventType: number; msgId?: string }): Promise<ServerFrame> {
    const msgId = frame.msgId ?? newMsgId();
    const full = { ...frame, msgId };
    const json = JSON.stringify(full);
    const bytes = frameBytes(json);
    if (bytes > MAX_FRAME_BYTES) {
      return Promise.reject(this.tooLarge(`the message is ${bytes} bytes; at most ${MAX_FRAME_BYTES} can be sent`));
    }
    return new Promise((resolve, reject) => {
      const same = this.pending.get(msgId);
      if (same) return void same.waiters.push({ resolve, reject }); // already on its way
      this.pending.set(msgId, { frame: full, json, bytes, waiters: [{ resolve, reject }] });
      if (this.ready) {
        this.queue.push(msgId);
        this.pump();
      }
      this.scheduleHeartbeat(); // something unacked: the fast heartbeat
    });
  }

  /** take back requests not answered yet (their conversation is gone); they reject with CODE_CANCELLED */
  cancel(msgIds: Iterable<string>) {
    for (const id of msgIds) this.settle(id, null, new LiveError(CODE_CANCELLED, "cancelled"));
  }

  /** the token changed (e.g. after identify, or a new session after 4001): reconnect with it now */
  setToken(token: string | null) {
    this.opts.token = token;
    this.suspended = false;
    if (this.stopped) return;
    this.dropSocket(1000, "token changed");
    this.clearTimer("retryTimer");
    this.connect();
  }

  /** close the socket and do not redial until `setToken`; the outbox waits */
  suspend() {
    this.suspended = true;
    this.dropSocket(1000, "suspended");
    this.clearTimer("retryTimer");
    this.setState("reconnecting");
  }

  /** someone is looking (the chat is open): find a dead socket fast */
  setActive(active: boolean) {
    if (active === this.active) return;
    this.active = active;
    this.scheduleHeartbeat();
  }

  private onOnline = () => {
    this.kick();
    this.probe();
  };

  private onVisibility = () => {
    this.kick();
    this.scheduleHeartbeat(); // visible: the fast heartbeat, at once if the last answer is old
  };

  private kick() {
    if (this.stopped || this.suspended) return;
    if (typeof document !== "undefined" && document.visibilityState === "hidden") return;
    if (this.state === "reconnecting" && this.retryTimer) {
      this.clearTimer("retryTimer");
      this.connect();
    }
  }

  private url() {
    const base = this.opts.url ?? `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws`;
    const u = new URL(base);
    if (this.opts.token) u.searchParams.set("token", this.opts.token);
    if (this.opts.locale) u.searchParams.set("locale", this.opts.locale);
    return u.toString();
  }

  private connect() {
    if (this.stopped || this.suspended || this.ws) return;
    this.setState(this.attempt === 0 ? "connecting" : "reconnecting");
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url());
    } catch {
      return this.scheduleRetry();
    }
    this.ws = ws;
    this.ready = false;
    this.inFlight = new Set();
    this.queue = [];
    this.connectTimer = setTimeout(() => this.giveUp("no hello"), CONNECT_TIMEOUT_MS);
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      this.onFrame(frame);
    };
    ws.onclose = (ev) => {
      if (this.ws === ws) this.onClose(ev.code, ev.reason);
    };
    ws.onerror = () => {};
  }

  private onFrame(frame: ServerFrame) {
    if (frame.eventType === 100) {
      this.ready = true;
      this.attempt = 0;
      this.aliveAt = Date.now();
      this.clearTimer("connectTimer");
      this.setState("open");
      // what this socket must hear before the outbox (a room's join) goes first
      this.opts.onHello?.(frame as Extract<ServerFrame, { eventType: 100 }>);
      if (this.ws === null || !this.ready) return; // stopped or suspended in there
      // flush the outbox in the order it was written
      this.queue = [...this.pending.keys()];
      this.pump();
      this.scheduleHeartbeat();
      this.opts.onOpen?.(frame as Extract<ServerFrame, { eventType: 100 }>);
      return;
    }
    if (frame.eventType === 99) {
      this.aliveAt = Date.now();
      this.clearTimer("pongTimer");
      this.scheduleHeartbeat();
    }
    const msgId = (frame as { msgId?: string }).msgId;
    const p = msgId ? this.pending.get(msgId) : undefined;
    if (p && frame.eventType === p.frame.eventType) {
      this.inFlight.delete(msgId!);
      const code = (frame as FailureFrame).code;
      if (code === CODE_TOO_FAST) {
        // dropped unread, not refused: the same frame goes again shortly
        setTimeout(() => {
          if (this.ready && this.pending.get(msgId!) === p && !this.inFlight.has(msgId!)) {
            this.queue.push(msgId!);
            this.pump();
          }
        }, TOO_FAST_RETRY_MS);
        return;
      }
      if (typeof code === "number" && code !== 0) this.settle(msgId!, null, new LiveError(code, (frame as FailureFrame).content));
      else this.settle(msgId!, frame, null);
    }
    if (frame.eventType === 99) return; // heartbeats are ours
    this.opts.onFrame(frame);
  }

  private onClose(code: number, reason: string) {
    const inFlight = this.inFlight;
    this.dropSocket();
    if (code === CLOSE_TOO_BIG) this.failLargest(inFlight);
    if (code === CLOSE_SESSION_ENDED) {
      // the token is dead: redialling with it would only be refused, forever
      this.suspended = true;
      const m = /^\s*(-\d+)\s*(.*)$/.exec(reason ?? "");
      const seed = m ? Number(m[1]) : -1003;
      if (!this.opts.onSessionEnded) return this.setState("closed");
      this.setState("reconnecting"); // the app gets a new session and calls setToken
      this.opts.onSessionEnded(seed, m ? m[2] : reason);
      return;
    }
    if (!this.stopped) this.scheduleRetry();
  }

  /**
   * The server closed with 1009: a frame we wrote on that socket was over its limit (our
   * MAX_FRAME_BYTES check makes this unexpected, e.g. a proxy with a lower limit). Resending
   * everything would hit it again after every reconnect. The server reads frames in order and
   * answers each one it handled, so the culprit is among the unanswered ones, and the largest
   * unanswered frame is at least as big as the culprit — over the limit too. So failing the
   * largest is never wrong; the rest go again. Each 1009 fails one frame, so this ends after
   * at most as many reconnects as frames were in flight.
   */
  private failLargest(inFlight: Set<string>) {
    let worst: Pending | null = null;
    for (const id of inFlight) {
      const p = this.pending.get(id);
      if (p && (!worst || p.bytes > worst.bytes)) worst = p;
    }
    if (worst) this.settle(worst.frame.msgId, null, this.tooLarge(`the server refused a ${worst.bytes}-byte message as too large`));
  }

  private settle(msgId: string, frame: ServerFrame | null, err: LiveError | null) {
    const p = this.pending.get(msgId);
    if (!p) return;
    this.pending.delete(msgId);
    this.inFlight.delete(msgId);
    for (const w of p.waiters) {
      if (err) w.reject(err);
      else w.resolve(frame!);
    }
    this.scheduleHeartbeat(); // nothing unacked any more: maybe the slow heartbeat again
  }

  /** write queued frames while our own token bucket allows */
  private pump() {
    const ws = this.ws;
    if (!ws || !this.ready) return;
    const now = Date.now();
    this.tokens = Math.min(SEND_BURST, this.tokens + ((now - this.tokensAt) * SEND_PER_SECOND) / 1000);
    this.tokensAt = now;
    while (this.queue.length && this.tokens >= 1) {
      const id = this.queue.shift()!;
      const p = this.pending.get(id);
      if (!p || this.inFlight.has(id)) continue;
      this.tokens -= 1;
      ws.send(p.json);
      this.inFlight.add(id);
      if (p.frame.eventType === 0) this.armAckProbe();
    }
    if (this.queue.length && !this.pumpTimer) {
      this.pumpTimer = setTimeout(() => {
        this.pumpTimer = null;
        this.pump();
      }, Math.ceil(((1 - this.tokens) * 1000) / SEND_PER_SECOND));
    }
  }

  private armAckProbe() {
    this.ackTimer ??= setTimeout(() => {
      this.ackTimer = null;
      for (const id of this.inFlight) if (this.pending.get(id)?.frame.eventType === 0) return this.probe();
    }, ACK_PROBE_MS);
  }

  private isActive() {
    const visible = typeof document === "undefined" || document.visibilityState !== "hidden";
    if (!visible) return false;
    if (this.active) return true;
    for (const p of this.pending.values()) if (p.frame.eventType === 0) return true;
    return false;
  }

  /** the next heartbeat, counted from the server's last answer; none while one is out */
  private scheduleHeartbeat() {
    this.clearTimer("pingTimer");
    if (!this.ready || this.pongTimer) return;
    const every = this.isActive() ? PING_ACTIVE_MS : PING_IDLE_MS;
    this.pingTimer = setTimeout(this.probe, Math.max(0, this.aliveAt + every - Date.now()));
  }

  /** ask the server to answer now; no answer within PONG_TIMEOUT_MS and the socket is given up */
  private probe = () => {
    this.clearTimer("pingTimer");
    if (!this.ws || !this.ready || this.pongTimer) return;
    this.ws.send(JSON.stringify({ eventType: 99, msgId: newMsgId() }));
    this.tokens -= 1; // counts against our pace like any frame
    this.pongTimer = setTimeout(() => this.giveUp("heartbeat timeout"), PONG_TIMEOUT_MS);
  };

  /** a socket that stopped answering: a cut sends no close frame, so we do not wait for one */
  private giveUp(reason: string) {
    if (!this.ws) return;
    this.dropSocket(CLOSE_DEAD, reason);
    if (!this.stopped) this.scheduleRetry();
  }

  /** forget the current socket (closing it if code is given) and its timers */
  private dropSocket(code?: number, reason?: string) {
    const ws = this.ws;
    this.ws = null;
    this.ready = false;
    this.inFlight = new Set();
    this.queue = [];
    for (const k of ["connectTimer", "pingTimer", "pongTimer", "ackTimer", "pumpTimer"] as const) this.clearTimer(k);
    if (!ws) return;
    ws.onmessage = ws.onclose = ws.onerror = null;
    if (code !== undefined) {
      try {
        ws.close(code, reason);
      } catch {
        /* already closing */
      }
    }
  }

  private scheduleRetry() {
    if (this.stopped || this.suspended) return;
    this.clearTimer("retryTimer");
    this.attempt++;
    this.setState("reconnecting");
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (this.attempt - 1));
    const delay = base / 2 + Math.random() * (base / 2); // jitter: a server restart is not a stampede
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private clearTimer(k: "retryTimer" | "connectTimer" | "pingTimer" | "pongTimer" | "ackTimer" | "pumpTimer") {
    const timer = this[k];
    if (timer) clearTimeout(timer);
    this[k] = null;
  }

  /** -7000, as the server says it, with what was too large */
  private tooLarge(detail: string) {
    return new LiveError(CODE_INVALID, `${messageFor(CODE_INVALID, pickLocale(this.opts.locale))} (${detail})`, true);
  }

  private setState(s: LiveState) {
    if (this.state === s) return;
    this.state = s;
    this.opts.onState?.(s);
  }
}
