// The generator's HTTP client against node:http (what Parley and the naive peer run on) and
// against a raw TCP server that cuts answers into small pieces: the request the server reads,
// Content-Length and chunked bodies however TCP cuts them, several requests on one connection,
// UTF-8 split across pieces, `Connection: close`, and a server that goes away.
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { openHttpWire } from "./http-wire";

const servers: (HttpServer | TcpServer)[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) {
    (s as HttpServer).closeAllConnections?.();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

async function listen(s: HttpServer | TcpServer) {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(s.address() as { port: number }).port}`;
}

async function readBody(req: IncomingMessage) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text;
}

/** a raw server that answers each request (once its head and body are in) with `answer`, written in `piece`-byte writes */
async function rawServer(answer: (n: number) => Buffer, piece: number) {
  let n = 0;
  return listen(
    createTcpServer((socket) => {
      sockets.push(socket);
      let got = "";
      socket.on("data", async (d) => {
        got += d.toString("latin1");
        const headEnd = got.indexOf("\r\n\r\n");
        const length = Number(/content-length: (\d+)/i.exec(got)?.[1] ?? 0);
        if (headEnd < 0 || got.length < headEnd + 4 + length) return;
        got = "";
        const out = answer(n++);
        for (let i = 0; i < out.length; i += piece) {
          socket.write(out.subarray(i, i + piece));
          await new Promise((r) => setImmediate(r));
        }
      });
    }),
  );
}

describe("the generator's HTTP client", () => {
  it("posts what the server reads and gets its status and body, many times on one connection", async () => {
    const seen: { method: string; url: string; auth: string | undefined; type: string | undefined; body: string }[] = [];
    const url = await listen(
      createHttpServer(async (req: IncomingMessage, res: ServerResponse) => {
        const body = await readBody(req);
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, type: req.headers["content-type"], body });
        const text = JSON.stringify({ result: seen.length === 3 ? -4001 : 0, echo: JSON.parse(body) });
        res.writeHead(seen.length === 2 ? 201 : 200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
        res.end(text);
      }),
    );
    const wire = await openHttpWire(url);
    const answers = [];
    for (let i = 1; i <= 3; i++) answers.push(await wire.post("/api/x", { authorization: `Bearer t${i}` }, JSON.stringify({ packet_id: `p${i}` })));
    expect(answers.map((a) => a.status)).toEqual([200, 201, 200]);
    expect(answers.map((a) => JSON.parse(a.text))).toEqual([
      { result: 0, echo: { packet_id: "p1" } },
      { result: 0, echo: { packet_id: "p2" } },
      { result: -4001, echo: { packet_id: "p3" } },
    ]);
    expect(seen).toEqual([1, 2, 3].map((i) => ({ method: "POST", url: "/api/x", auth: `Bearer t${i}`, type: "application/json", body: `{"packet_id":"p${i}"}` })));
    expect(wire.open).toBe(true);
    wire.close();
  });

  it("reads a chunked body (no Content-Length) with UTF-8 text in it", async () => {
    const url = await listen(
      createHttpServer(async (req, res) => {
        await readBody(req);
        res.writeHead(200, { "Content-Type": "application/json" });
        res.write('{"message":"操作');
        setTimeout(() => res.end('成功"}'), 5);
      }),
    );
    const wire = await openHttpWire(url);
    expect(JSON.parse((await wire.post("/", {}, "{}")).text)).toEqual({ message: "操作成功" });
    expect(JSON.parse((await wire.post("/", {}, "{}")).text)).toEqual({ message: "操作成功" });
    wire.close();
  });

  it("puts together answers that TCP cuts into pieces of 1 to 7 bytes, a multibyte character split among them", async () => {
    const body = '{"result":0,"message":"成功しました"}';
    const fixed = (n: number) => Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-N: ${n}\r\n\r\n${body}`);
    const chunked = () => {
      const b = Buffer.from(body);
      const head = Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
      const c1 = b.subarray(0, 25), c2 = b.subarray(25);
      return Buffer.concat([head, Buffer.from(`${c1.length.toString(16)}\r\n`), c1, Buffer.from(`\r\n${c2.length.toString(16)}\r\n`), c2, Buffer.from("\r\n0\r\n\r\n")]);
    };
    for (const piece of [1, 2, 3, 7]) {
      const url = await rawServer((n) => (n % 2 ? chunked() : fixed(n)), piece);
      const wire = await openHttpWire(url);
      for (let i = 0; i < 4; i++) expect(await wire.post("/", {}, "{}")).toEqual({ status: 200, text: body });
      wire.close();
    }
  });

  it("is closed after an answer that says Connection: close, and after the server goes away", async () => {
    let n = 0;
    const url = await listen(
      createHttpServer(async (req, res) => {
        await readBody(req);
        if (++n === 1) res.setHeader("Connection", "close");
        res.end("bye");
      }),
    );
    const first = await openHttpWire(url);
    expect(await first.post("/", {}, "{}")).toEqual({ status: 200, text: "bye" });
    expect(first.open).toBe(false);
    await expect(first.post("/", {}, "{}")).rejects.toThrow(/closed/);

    const second = await openHttpWire(url);
    expect(await second.post("/", {}, "{}")).toEqual({ status: 200, text: "bye" });
    (servers[0] as HttpServer).closeAllConnections();
    await new Promise((r) => setTimeout(r, 50));
    expect(second.open).toBe(false);
  });

  it("fails a request whose answer never comes because the server hung up", async () => {
    const url = await listen(
      createTcpServer((socket) => {
        sockets.push(socket);
        socket.on("data", () => socket.end("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
      }),
    );
    const wire = await openHttpWire(url);
    await expect(wire.post("/", {}, "{}")).rejects.toThrow(/closed before the answer/);
    expect(wire.open).toBe(false);
  });

  it("refuses a second request while one is in flight", async () => {
    const url = await listen(createHttpServer((_req, res) => setTimeout(() => res.end("ok"), 20)));
    const wire = await openHttpWire(url);
    const first = wire.post("/", {}, "{}");
    await expect(wire.post("/", {}, "{}")).rejects.toThrow(/one request at a time/);
    expect((await first).text).toBe("ok");
    wire.close();
  });
});
