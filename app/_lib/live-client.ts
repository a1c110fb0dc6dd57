// Browser side of /ws: one socket, reconnect with backoff, an outbox that resends unacked
// messages with the same msgId (the server stores each msgId once), and a "state" the UI
// shows ("reconnecting…"). After every (re)connect `onOpen` runs so the app can catch up
// through chatLog afterId.
import type { FailureFrame, ServerFrame } from "../../server/protocol/frames";

export type LiveState = "connecting" | "open" | "reconnecting" | "closed";

export interface LiveClientOptions {
  /** visitor or member token; omit to use the console's session cookie */
  token?: string | null;
  locale?: string;
  onFrame(frame: ServerFrame): void;
  onState?(state: LiveState): void;
  onOpen?(hello: Extract<ServerFrame, { eventType: 100 }>): void;
  /** ws URL; defaults to this page's origin + /ws */
  url?: string;
}

interface Pending {
  frame: Record<string, unknown> & { msgId: string; eventType: number };
  resolve(frame: ServerFrame): void;
  reject(err: LiveError): void;
}

export class LiveError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15_000;
/** app-level heartbeat: browsers cannot see ws pings, so we ask and expect an answer */
const PING_EVERY_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;

let counter = 0;
export function newMsgId(): string {
  const rnd = typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  return `${rnd}-${++counter}`;
}

export class LiveClient {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private stopped = false;
  private pending = new Map<string, Pending>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pongTimer: ReturnType<typeof setTimeout> | null = null;
  state: LiveState = "connecting";

  constructor(private opts: LiveClientOptions) {}

  start() {
    this.stopped = false;
    this.connect();
    if (typeof window !== "undefined") {
      window.addEventListener("online", this.kick);
      document.addEventListener("visibilitychange", this.kick);
    }
    return this;
  }

  stop() {
    this.stopped = true;
    if (typeof window !== "undefined") {
      window.removeEventListener("online", this.kick);
      document.removeEventListener("visibilitychange", this.kick);
    }
    this.clearTimers();
    this.ws?.close(1000, "bye");
    this.ws = null;
    this.setState("closed");
  }

  /**
   * Send a frame; resolves with the server's answer for its msgId (the stored message for
   * eventType 0) or rejects with the seed code. While offline the frame waits in the outbox
   * and is resent after reconnecting — with the same msgId, so it is never stored twice.
   */
  request(frame: Record<string, unknown> & { eventType: number; msgId?: string }): Promise<ServerFrame> {
    const msgId = frame.msgId ?? newMsgId();
    const full = { ...frame, msgId };
    return new Promise((resolve, reject) => {
      this.pending.set(msgId, { frame: full, resolve, reject });
      if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(full));
    });
  }

  /** the token changed (e.g. after identify): reconnect with the new one */
  setToken(token: string | null) {
    this.opts.token = token;
    this.ws?.close(1000, "token changed");
  }

  private kick = () => {
    if (this.stopped) return;
    if (typeof document !== "undefined" && document.visibilityState === "hidden") return;
    if (this.state === "reconnecting" && this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.connect();
    }
  };

  private url() {
    const base = this.opts.url ?? `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws`;
    const u = new URL(base);
    if (this.opts.token) u.searchParams.set("token", this.opts.token);
    if (this.opts.locale) u.searchParams.set("locale", this.opts.locale);
    return u.toString();
  }

  private connect() {
    if (this.stopped) return;
    this.setState(this.attempt === 0 ? "connecting" : "reconnecting");
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url());
    } catch {
      return this.scheduleRetry();
    }
    this.ws = ws;
    ws.onmessage = (ev) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      this.onFrame(frame);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearTimers();
      if (!this.stopped) this.scheduleRetry();
    };
    ws.onerror = () => {};
  }

  private onFrame(frame: ServerFrame) {
    if (frame.eventType === 100) {
      this.attempt = 0;
      this.setState("open");
      this.startHeartbeat();
      // flush the outbox in the order it was written
      for (const p of this.pending.values()) this.ws?.send(JSON.stringify(p.frame));
      this.opts.onOpen?.(frame as Extract<ServerFrame, { eventType: 100 }>);
      return;
    }
    if (frame.eventType === 99) {
      if (this.pongTimer) clearTimeout(this.pongTimer);
      this.pongTimer = null;
    }
    const msgId = (frame as { msgId?: string }).msgId;
    const p = msgId ? this.pending.get(msgId) : undefined;
    if (p && frame.eventType === p.frame.eventType) {
      this.pending.delete(msgId!);
      const code = (frame as FailureFrame).code;
      if (typeof code === "number" && code !== 0) p.reject(new LiveError(code, (frame as FailureFrame).content));
      else p.resolve(frame);
      if (frame.eventType === 99) return;
    }
    this.opts.onFrame(frame);
  }

  private startHeartbeat() {
    this.pingTimer = setInterval(() => {
      if (this.ws?.readyState !== WebSocket.OPEN) return;
      this.ws.send(JSON.stringify({ eventType: 99, msgId: newMsgId() }));
      this.pongTimer ??= setTimeout(() => this.ws?.close(4000, "heartbeat timeout"), PONG_TIMEOUT_MS);
    }, PING_EVERY_MS);
  }

  private scheduleRetry() {
    this.attempt++;
    this.setState("reconnecting");
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (this.attempt - 1));
    const delay = base / 2 + Math.random() * (base / 2); // jitter: a server restart is not a stampede
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private clearTimers() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.pongTimer) clearTimeout(this.pongTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.pingTimer = this.pongTimer = this.retryTimer = null;
  }

  private setState(s: LiveState) {
    if (this.state === s) return;
    this.state = s;
    this.opts.onState?.(s);
  }
}
