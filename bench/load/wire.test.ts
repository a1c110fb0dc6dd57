// The generator's WebSocket client against the `ws` server every peer runs on: the upgrade,
// frames of every length encoding however TCP cuts them, fragmented messages, ping → pong,
// sending (masked), the server's close code, and its own close.
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { wireFrame } from "../../server/realtime/connection";
import { openWire, type Wire } from "./wire";

let wss: WebSocketServer | null = null;
afterEach(async () => {
  for (const ws of wss?.clients ?? []) ws.terminate();
  await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
  wss = null;
});

async function server(onConnection: (ws: WebSocket) => void) {
  wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  wss.on("connection", onConnection);
  await new Promise<void>((r) => wss!.once("listening", () => r()));
  return `ws://127.0.0.1:${(wss.address() as { port: number }).port}/ws?token=t`;
}

function client(url: string) {
  const got: string[] = [];
  const closed: number[] = [];
  const errors: string[] = [];
  let wire!: Wire;
  const opened = new Promise<void>((resolve) => {
    wire = openWire(url, {
      onOpen: resolve,
      onMessage: (t) => got.push(t),
      onClose: (c) => closed.push(c),
      onError: (e, status) => errors.push(status ? `status ${status}` : e.message),
    });
  });
  return { got, closed, errors, opened, wire: () => wire };
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setImmediate(r));
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe("openWire", () => {
  it("reads every frame of every length encoding, also when TCP cuts them anywhere", async () => {
    const texts = ["hi", `{"eventType":0,"msgId":"1-2","logId":"9"}`, "x".repeat(300), "y".repeat(70_000), "last"];
    const url = await server((ws) => {
      const socket = (ws as unknown as { _socket: import("node:net").Socket })._socket;
      // the first two as ws writes them; the rest as bytes cut into pieces of 1 to 13, each its own write a tick apart
      ws.send(texts[0]);
      ws.send(texts[1]);
      const bytes = Buffer.concat(texts.slice(2).map(wireFrame));
      const sizes = [1, 2, 3, 5, 8, 13];
      let o = 0;
      let k = 0;
      const next = () => {
        if (o >= bytes.length) return;
        const n = o > 400 && o < bytes.length - 300 ? 4_096 : sizes[k++ % sizes.length]; // the long middle faster
        socket.write(bytes.subarray(o, o + n));
        o += n;
        setImmediate(next);
      };
      next();
    });
    const c = client(url);
    await c.opened;
    await until(() => c.got.length === texts.length);
    expect(c.got).toEqual(texts);
  });

  it("joins a fragmented message, answers a ping with a pong, and its messages reach the server", async () => {
    let pong = "";
    const heard: string[] = [];
    const url = await server((ws) => {
      ws.on("pong", (d) => (pong = d.toString()));
      ws.on("message", (d, isBinary) => heard.push(`${isBinary ? "bin" : "text"}:${d.toString()}`));
      ws.send("frag", { fin: false });
      ws.send("mented", { fin: true });
      ws.ping("are you there");
    });
    const c = client(url);
    await c.opened;
    c.wire().send(`{"eventType":1,"msgId":"j1","groupId":"7"}`);
    c.wire().send("é".repeat(200)); // 400 bytes: a 16-bit length
    await until(() => c.got.length === 1 && pong !== "" && heard.length === 2);
    expect(c.got).toEqual(["fragmented"]);
    expect(pong).toBe("are you there");
    expect(heard).toEqual([`text:{"eventType":1,"msgId":"j1","groupId":"7"}`, `text:${"é".repeat(200)}`]);
  });

  it("reports the server's close code; its own close reaches the server as 1000 and reports nothing", async () => {
    const url1 = await server((ws) => ws.close(4008, "slow consumer"));
    const a = client(url1);
    await a.opened;
    await until(() => a.closed.length === 1);
    expect(a.closed).toEqual([4008]);
    await new Promise<void>((r) => wss!.close(() => r()));

    let serverSaw = 0;
    const url2 = await server((ws) => ws.on("close", (code) => (serverSaw = code)));
    const b = client(url2);
    await b.opened;
    b.wire().close();
    await until(() => serverSaw !== 0);
    expect(serverSaw).toBe(1000);
    expect(b.closed).toEqual([]);
  });

  it("an upgrade the server refuses is an error with its status", async () => {
    wss = new WebSocketServer({ noServer: true });
    const http = await import("node:http");
    const srv = http.createServer();
    srv.on("upgrade", (_req, socket) => socket.end("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"));
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
    const c = client(`ws://127.0.0.1:${(srv.address() as { port: number }).port}/ws`);
    await until(() => c.errors.length > 0);
    srv.close();
    expect(c.errors).toEqual(["status 401"]);
  });
});
