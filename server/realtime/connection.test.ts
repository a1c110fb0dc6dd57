// A socket's frames leave in the order they were sent, with the fan-out in between: what the
// gateway queued for a socket is written before any frame sent to it afterwards (an ack, an
// answer), and a close waits for both. A fake ws records what was written and when it closed.
import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import type { Principal } from "../services/deps";
import { Connection } from "./connection";

function fakeWs() {
  const log: string[] = [];
  const ws = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send: (d: string) => log.push(d),
    close: (code: number) => {
      log.push(`close ${code}`);
      ws.readyState = 3;
    },
  };
  return { ws: ws as unknown as WebSocket, log };
}
const guest: Principal = { kind: "guest", sessionId: "gx", guestId: "x" };

describe("Connection order", () => {
  it("an ack sent while fanned-out frames wait is written after them", () => {
    const { ws, log } = fakeWs();
    const conn = new Connection(ws, guest, "en", new Set());
    expect(conn.enqueueFrame("m1")).toBe(true); // the gateway schedules a flush
    expect(conn.enqueueFrame("m2")).toBe(false); // already scheduled
    conn.send("ack");
    expect(log).toEqual([]); // nothing overtakes the queue
    conn.flush();
    expect(log).toEqual(["m1", "m2", "ack"]);
    conn.send("later");
    expect(log).toEqual(["m1", "m2", "ack", "later"]); // no queue: at once
  });

  it("a close waits for what is queued; without a queue it closes at once", () => {
    const a = fakeWs();
    const queued = new Connection(a.ws, guest, "en", new Set());
    queued.enqueueFrame("m1");
    queued.send("101");
    queued.close(4001, "session ended");
    expect(a.log).toEqual([]);
    queued.flush();
    expect(a.log).toEqual(["m1", "101", "close 4001"]);
    const b = fakeWs();
    new Connection(b.ws, guest, "en", new Set()).close(1001, "bye");
    expect(b.log).toEqual(["close 1001"]);
  });

  it("drops frames for a socket that is no longer open", () => {
    const { ws, log } = fakeWs();
    const conn = new Connection(ws, guest, "en", new Set());
    conn.enqueueFrame("m1");
    (ws as unknown as { readyState: number }).readyState = 3;
    conn.flush();
    expect(log).toEqual([]);
  });
});
