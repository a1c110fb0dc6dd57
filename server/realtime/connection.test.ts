// A socket's frames leave in the order they were sent, with the fan-out in between: what the
// gateway queued for a socket is written before any frame sent to it afterwards (an ack, an
// answer), and a close waits for both. A fake ws records what was written and when it closed.
import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import type { Principal } from "../services/deps";
import { Connection, wireFrame } from "./connection";

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
  it("an ack sent while fanned-out frames wait takes them along: written at once, after them", () => {
    const { ws, log } = fakeWs();
    const conn = new Connection(ws, guest, "en", new Set());
    expect(conn.enqueueFrame("m1")).toBe(true); // the gateway schedules a flush
    expect(conn.enqueueFrame("m2")).toBe(false); // already scheduled
    expect(log).toEqual([]); // the fan-out waits for its pass
    conn.send("ack");
    expect(log).toEqual(["m1", "m2", "ack"]); // nothing overtakes the queue, and the ack does not wait
    conn.flush(); // the gateway's pass: nothing left
    expect(conn.enqueueFrame("m3")).toBe(true);
    conn.flush();
    conn.send("later");
    expect(log).toEqual(["m1", "m2", "ack", "m3", "later"]); // no queue: at once
  });

  it("a close waits for what is queued; without a queue it closes at once", () => {
    const a = fakeWs();
    const queued = new Connection(a.ws, guest, "en", new Set());
    queued.enqueueFrame("m1");
    queued.close(4001, "session ended");
    expect(a.log).toEqual([]);
    queued.flush();
    expect(a.log).toEqual(["m1", "close 4001"]);
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

describe("wireFrame", () => {
  it("a real ws client reads frames framed once and written raw, in order with ws.send's, at every length encoding", async () => {
    const { WebSocketServer, WebSocket: Client } = await import("ws");
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
    await new Promise<void>((r) => wss.once("listening", () => r()));
    const port = (wss.address() as { port: number }).port;
    // 7-bit, 16-bit and 64-bit lengths; multi-byte characters count as bytes, not characters
    const texts = ["hi", `{"eventType":0,"msg":{"content":"${"é".repeat(100)}"}}`, "红包".repeat(30_000), "after"];
    wss.on("connection", (ws) => {
      const conn = new Connection(ws, guest, "en", new Set());
      conn.enqueueFrame(wireFrame(texts[0]));
      conn.enqueueFrame(wireFrame(texts[1]));
      conn.send("an ack");
      conn.enqueueFrame(wireFrame(texts[2]));
      conn.flush();
      conn.send(texts[3]);
    });
    const got: string[] = [];
    const client = new Client(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      client.on("message", (d, isBinary) => {
        expect(isBinary).toBe(false);
        got.push(d.toString());
        if (got.length === 5) resolve();
      });
      client.on("error", reject);
    });
    client.close();
    await new Promise<void>((r) => wss.close(() => r()));
    expect(got).toEqual([texts[0], texts[1], "an ack", texts[2], texts[3]]);
  });
});
