// LiveClient against a fake WebSocket and fake timers: what it puts on the wire, when it gives
// a socket up, when it dials again.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LiveClient, LiveError, MAX_FRAME_BYTES, type LiveState } from "./live-client";

type Frame = Record<string, unknown> & { eventType: number; msgId?: string };

/** The browser's WebSocket as LiveClient uses it, with the server's side as methods. */
class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeWebSocket[] = [];
  /** the fake server: called (a tick later, like a network) with each frame the client writes */
  static server: ((ws: FakeWebSocket, frame: Frame, bytes: number) => void) | null = null;
  /** the server takes every new socket (a tick later) */
  static autoAccept = false;

  readyState = FakeWebSocket.CONNECTING;
  sent: string[] = [];
  closedByClient: { code?: number; reason?: string } | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.all.push(this);
    if (FakeWebSocket.autoAccept) setTimeout(() => this.accept(), 1);
  }

  send(data: string) {
    if (this.readyState !== FakeWebSocket.OPEN) return; // a browser drops it too
    this.sent.push(data);
    const server = FakeWebSocket.server;
    if (server) setTimeout(() => this.readyState === FakeWebSocket.OPEN && server(this, JSON.parse(data), Buffer.byteLength(data)), 1);
  }

  /** a cut network: the close frame goes nowhere, so no close event comes back */
  close(code?: number, reason?: string) {
    this.closedByClient = { code, reason };
    this.readyState = FakeWebSocket.CLOSING;
  }

  // ---- the server's side ----
  accept() {
    this.readyState = FakeWebSocket.OPEN;
    this.deliver({ eventType: 100, role: "visitor", userId: "9", siteIds: ["1"], conversationId: "42", serverTime: Date.now() });
  }
  deliver(frame: Frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  ack(frame: Frame) {
    this.deliver({ ...frame, logId: String(Date.now()), fromType: "visitor", fromId: "9", datetime: Date.now() });
  }
  serverClose(code: number, reason = "") {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code, reason });
  }
  frames(): Frame[] {
    return this.sent.map((s) => JSON.parse(s));
  }
}

const last = () => FakeWebSocket.all[FakeWebSocket.all.length - 1];
const message = (text: string, msgId?: string) => ({ eventType: 0, ...(msgId ? { msgId } : {}), channelType: 4, targetId: "42", msgType: 1, msg: { content: text } });
/** a server that acks messages and answers heartbeats */
const politeServer = (ws: FakeWebSocket, f: Frame) => {
  if (f.eventType === 99) ws.deliver({ eventType: 99, msgId: f.msgId, code: 0, serverTime: Date.now() });
  else ws.ack(f);
};

function client(extra: Partial<ConstructorParameters<typeof LiveClient>[0]> = {}) {
  const states: LiveState[] = [];
  const live = new LiveClient({ url: "ws://parley.test/ws", token: "pv_a", onFrame: () => {}, onState: (s) => states.push(s), ...extra });
  return { live, states };
}

/** outcome of a promise so far, without waiting for it */
function track<T>(p: Promise<T>) {
  const out: { value?: T; error?: LiveError } = {};
  p.then(
    (v) => (out.value = v),
    (e) => (out.error = e),
  );
  return out;
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.all = [];
  FakeWebSocket.server = null;
  FakeWebSocket.autoAccept = false;
  vi.stubGlobal("WebSocket", FakeWebSocket);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("a message the server would refuse for size", () => {
  it("is never put on the wire: it fails at once with -7000, and later messages still go", async () => {
    FakeWebSocket.server = politeServer;
    const { live } = client();
    live.start();
    last().accept();

    const big = track(live.request(message("x".repeat(70_000))));
    await vi.advanceTimersByTimeAsync(0);
    expect(big.error).toBeInstanceOf(LiveError);
    expect(big.error?.code).toBe(-7000);
    expect(last().sent.every((s) => Buffer.byteLength(s) <= MAX_FRAME_BYTES)).toBe(true);

    const next = track(live.request(message("still here")));
    await vi.advanceTimersByTimeAsync(10);
    expect(next.value).toMatchObject({ msg: { content: "still here" } });
    expect(FakeWebSocket.all).toHaveLength(1); // the socket was never closed
    live.stop();
  });

  it("counts UTF-8 bytes, as the server does: 30,000 three-byte characters are too many", async () => {
    const { live } = client();
    live.start();
    last().accept();
    const cjk = track(live.request(message("字".repeat(30_000)))); // 30,000 characters, 90,000 bytes
    await vi.advanceTimersByTimeAsync(0);
    expect(cjk.error?.code).toBe(-7000);
    live.stop();
  });

  it("closed with 1009 anyway (a proxy with a lower limit): the largest frame in flight fails, the others go, and it does not loop", async () => {
    const LOWER_LIMIT = 10_000;
    FakeWebSocket.server = (ws, f, bytes) => {
      if (bytes > LOWER_LIMIT) return ws.serverClose(1009, "Max payload size exceeded");
      politeServer(ws, f);
    };
    FakeWebSocket.autoAccept = true;
    const { live, states } = client();
    live.start();
    await vi.advanceTimersByTimeAsync(1);

    const a = track(live.request(message("before")));
    const b = track(live.request(message("y".repeat(20_000)))); // fine for us, too big for the proxy
    const c = track(live.request(message("after")));
    await vi.advanceTimersByTimeAsync(60_000);

    expect(a.value).toBeDefined();
    expect(b.error?.code).toBe(-7000);
    expect(c.value).toMatchObject({ msg: { content: "after" } });
    expect(FakeWebSocket.all.length).toBeLessThanOrEqual(2); // one reconnect, not a loop
    expect(states[states.length - 1]).toBe("open");
    const later = track(live.request(message("and later")));
    await vi.advanceTimersByTimeAsync(10);
    expect(later.value).toBeDefined();
    live.stop();
  });
});

describe("a dead socket (packets stop, no close frame)", () => {
  it("is given up within 10 s while the chat is open, and dialled again", async () => {
    const { live, states } = client();
    live.start();
    last().accept(); // ...and then the server never answers again
    await vi.advanceTimersByTimeAsync(9_100);
    expect(states).toContain("reconnecting");
    expect(FakeWebSocket.all[0].closedByClient).toMatchObject({ code: 4000 });
    await vi.advanceTimersByTimeAsync(600); // first retry: 0.25–0.5 s
    expect(FakeWebSocket.all).toHaveLength(2);
    last().accept();
    expect(live.state).toBe("open");
    live.stop();
  });

  it("stays open for as long as the heartbeat is answered", async () => {
    FakeWebSocket.server = politeServer;
    const { live, states } = client();
    live.start();
    last().accept();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(states).not.toContain("reconnecting");
    expect(FakeWebSocket.all).toHaveLength(1);
    live.stop();
  });

  it("a closed, idle widget pings only every 25 s (10,000 of them must not flood the server)", async () => {
    FakeWebSocket.server = politeServer;
    const { live } = client({ active: false });
    live.start();
    last().accept();
    await vi.advanceTimersByTimeAsync(100_500);
    const pings = last().frames().filter((f) => f.eventType === 99);
    expect(pings.length).toBe(4);

    live.setActive(true); // the shopper opens the chat: the fast heartbeat, at once
    await vi.advanceTimersByTimeAsync(20_000);
    expect(last().frames().filter((f) => f.eventType === 99).length).toBeGreaterThanOrEqual(8);
    live.stop();
  });

  it("a send not acked within 3 s makes it ask at once, even in a closed widget", async () => {
    const { live, states } = client({ active: false });
    live.start();
    last().accept();
    void live.request(message("are you there?")).catch(() => {});
    await vi.advanceTimersByTimeAsync(8_100); // 3 s to the probe + 5 s for its answer
    expect(states).toContain("reconnecting");
    // and after reconnecting the message goes again, with its msgId
    await vi.advanceTimersByTimeAsync(600);
    last().accept();
    const frames = FakeWebSocket.all.map((ws) => ws.frames().find((f) => f.eventType === 0)?.msgId);
    expect(frames[1]).toBe(frames[0]);
    live.stop();
  });

  it("the browser going offline makes it ask at once", async () => {
    vi.stubGlobal("window", new EventTarget());
    vi.stubGlobal("document", Object.assign(new EventTarget(), { visibilityState: "visible" }));
    const { live, states } = client({ active: false });
    live.start();
    last().accept();
    window.dispatchEvent(new Event("offline"));
    expect(last().frames().filter((f) => f.eventType === 99)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5_100);
    expect(states).toContain("reconnecting");
    live.stop();
  });

  it("a handshake that never finishes is dialled again after 10 s", async () => {
    const { live } = client();
    live.start(); // the socket never opens
    await vi.advanceTimersByTimeAsync(10_600);
    expect(FakeWebSocket.all).toHaveLength(2);
    live.stop();
  });
});

describe("a session the server ended (close 4001)", () => {
  it("is not redialled with its dead token; the app hears the seed code, and a new token resends the outbox", async () => {
    const ended: Array<[number, string]> = [];
    const { live } = client({ onSessionEnded: (code, reason) => ended.push([code, reason]) });
    live.start();
    last().accept();
    const waiting = track(live.request(message("hello?", "m-1")));
    last().serverClose(4001, "-1007 signed in elsewhere");
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ended).toEqual([[-1007, "signed in elsewhere"]]);
    expect(FakeWebSocket.all).toHaveLength(1); // no redialling with pv_a

    live.setToken("pv_b");
    expect(FakeWebSocket.all).toHaveLength(2);
    expect(new URL(last().url).searchParams.get("token")).toBe("pv_b");
    FakeWebSocket.server = politeServer;
    last().accept();
    expect(last().frames().find((f) => f.eventType === 0)?.msgId).toBe("m-1");
    await vi.advanceTimersByTimeAsync(10);
    expect(waiting.value).toBeDefined();
    live.stop();
  });

  it("without onSessionEnded it just stays closed", async () => {
    const { live } = client();
    live.start();
    last().accept();
    last().serverClose(4001, "-1003 session ended");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(live.state).toBe("closed");
    expect(FakeWebSocket.all).toHaveLength(1);
  });
});

describe("the outbox after a reconnect", () => {
  it("goes out at half the server's rate limit (20 at once, 10/s), so none is refused", async () => {
    FakeWebSocket.server = politeServer;
    const { live } = client();
    live.start();
    const all = Array.from({ length: 30 }, (_, i) => track(live.request(message(`offline ${i}`))));
    last().accept();
    const sentAt = () => last().frames().filter((f) => f.eventType === 0).length;
    expect(sentAt()).toBeLessThanOrEqual(10);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sentAt()).toBeLessThanOrEqual(16);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(sentAt()).toBe(30);
    expect(all.every((m) => m.value)).toBe(true);
    live.stop();
  });

  it("a frame dropped as too fast (-1012) goes again instead of failing", async () => {
    let refused = 0;
    FakeWebSocket.server = (ws, f) => {
      if (f.eventType === 0 && refused++ === 0) return ws.deliver({ eventType: 0, msgId: f.msgId, code: -1012, content: "too fast" });
      politeServer(ws, f);
    };
    const { live } = client();
    live.start();
    last().accept();
    const m = track(live.request(message("again")));
    await vi.advanceTimersByTimeAsync(1_100);
    expect(m.error).toBeUndefined();
    expect(m.value).toBeDefined();
    live.stop();
  });
});

describe("a new socket's subscriptions (onHello)", () => {
  it("what is asked in onHello goes out before the outbox, once", async () => {
    let live: LiveClient | null = null;
    const made = client({ onHello: () => void live!.request({ eventType: 1, groupId: "40" }).catch(() => {}) });
    live = made.live;
    live.start();
    // written while offline: waits in the outbox
    void live.request(message("written offline")).catch(() => {});
    last().accept();
    await vi.advanceTimersByTimeAsync(0);
    const kinds = last()
      .frames()
      .filter((f) => f.eventType !== 99)
      .map((f) => f.eventType);
    expect(kinds).toEqual([1, 0]);
    live.stop();
  });
});
