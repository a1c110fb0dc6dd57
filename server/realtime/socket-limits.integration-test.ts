import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { clock, realNow } from "../clock";
import type { Parley } from "../runtime";
import { createSite, newVisitor, startTestParley, TestSocket, textFrame } from "../testing/harness";
import { RATE_BURST } from "./close-codes";
import type { Connection } from "./connection";

let parley: Parley;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  await parley?.close();
});
afterEach(() => {
  clock.now = realNow;
});

/**
 * A visitor with one open socket, a clock that stands still until moved, and `received(n)`:
 * resolves once the server's end of the socket has received n frames (so the clock moves
 * between frames exactly where the test says).
 */
async function frozenScene() {
  const site = await createSite(parley);
  const visitor = await newVisitor(parley.url, site.key);
  const ws = await TestSocket.open(parley.url, visitor.visitorToken);
  let t = Date.now() + 1_000; // after the socket's bucket was made: it starts full
  clock.now = () => t;
  const conns = (parley.gateway as unknown as { conns: Set<Connection> }).conns;
  const serverSide = [...conns].find((c) => c.principal.kind === "visitor" && String(c.principal.visitorId) === visitor.visitorId)!;
  let count = 0;
  serverSide.ws.on("message", () => count++);
  const received = (n: number) => vi.waitFor(() => expect(count).toBeGreaterThanOrEqual(n), { timeout: 15_000, interval: 5 });
  return { site, visitor, ws, advance: (ms: number) => void (t += ms), received };
}

const codes = (ws: TestSocket, code: number) => ws.frames.filter((f) => (f as { code?: number }).code === code).length;

describe("every frame counts against the socket's rate limit", () => {
  it("200 undecodable 60 KB frames: the burst is answered, then one -1012, then silence", async () => {
    const { visitor, ws, advance, received } = await frozenScene();
    const garbage = "x".repeat(60 * 1024); // not JSON, under the 64 KiB frame limit
    for (let i = 0; i < 200; i++) ws.send(garbage);
    await received(200);
    advance(100); // one frame's worth of refill (10 per second)
    expect(await ws.request({ eventType: 99, msgId: "after" })).toMatchObject({ code: 0 });
    expect(codes(ws, -1005)).toBe(RATE_BURST);
    expect(codes(ws, -1012)).toBe(1);

    // the ping was accepted, so the next frame over the limit starts a new burst: one more -1012
    for (let i = 0; i < 5; i++) ws.send(garbage);
    await received(206);
    advance(100);
    await ws.request({ eventType: 99, msgId: "after-2" });
    expect(codes(ws, -1012)).toBe(2);
    expect(codes(ws, -1005)).toBe(RATE_BURST);

    advance(2_000); // refilled: the socket works again
    expect(await ws.request(textFrame(visitor.conversationId, "calm", "sorry"))).toMatchObject({ msgId: "calm", logId: expect.any(String) });
  });

  it("binary frames count too", async () => {
    const { ws, advance, received } = await frozenScene();
    for (let i = 0; i < 30; i++) ws.ws.send(Buffer.from([1, 2, 3]));
    await received(30);
    advance(100);
    await ws.request({ eventType: 99, msgId: "after" });
    expect(codes(ws, -1005)).toBe(RATE_BURST);
    expect(codes(ws, -1012)).toBe(1);
  });

  it("the -1012 answer names the refused frame when it can", async () => {
    const { ws, advance, received } = await frozenScene();
    for (let i = 0; i < RATE_BURST + 3; i++) ws.send({ eventType: 99, msgId: `p${i}` });
    await received(RATE_BURST + 3);
    advance(100);
    await ws.request({ eventType: 99, msgId: "after" });
    const refused = ws.frames.filter((f) => (f as { code?: number }).code === -1012);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ eventType: 99, msgId: `p${RATE_BURST}` });
  });
});

describe("sockets per credential", () => {
  it("a credential holds at most PARLEY_MAX_SOCKETS_PER_SESSION sockets in a process; more get 429", async () => {
    const max = parley.deps.config.maxSocketsPerSession;
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const open: TestSocket[] = [];
    for (let i = 0; i < max; i++) open.push(await TestSocket.open(parley.url, v.visitorToken));
    await expect(TestSocket.open(parley.url, v.visitorToken)).rejects.toThrow(/429/);
    // another credential is not affected
    const other = await newVisitor(parley.url, site.key);
    const otherWs = await TestSocket.open(parley.url, other.visitorToken);
    // a closed socket gives its slot back
    await open.pop()!.close();
    const again = await vi.waitFor(() => TestSocket.open(parley.url, v.visitorToken), { timeout: 15_000, interval: 20 });
    expect(again.frames[0]).toMatchObject({ eventType: 100, role: "visitor" });
    await expect(TestSocket.open(parley.url, v.visitorToken)).rejects.toThrow(/429/);
    for (const s of [...open, again, otherWs]) s.close();
  });
});
