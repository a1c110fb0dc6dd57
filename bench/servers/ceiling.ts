// The ceiling: a bare `ws` relay that stores nothing. It authenticates the upgrade (an HMAC
// token, like the others), keeps rooms in a Map, acks the sender and forwards the frame to
// the room's other sockets, serialized once. Nothing a real chat can do is faster than this.
import http from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { installProbe, verifyBenchToken } from "./probe";

const secret = process.env.BENCH_SECRET ?? "bench";
const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
const server = http.createServer((_req, res) => res.writeHead(404).end());

server.on("upgrade", async (req, socket, head) => {
  const url = new URL(req.url ?? "/", "http://x");
  const who = url.pathname === "/ws" ? await verifyBenchToken(url.searchParams.get("token") ?? undefined, secret) : null;
  if (!who) {
    socket.write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
    return void socket.destroy();
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    let set = rooms.get(who.room);
    if (!set) rooms.set(who.room, (set = new Set()));
    set.add(ws);
    ws.on("message", (data) => {
      let m: { id?: unknown; c?: unknown };
      try {
        m = JSON.parse(data.toString());
      } catch {
        return;
      }
      const id = String(m.id);
      ws.send(`{"t":"a","id":${JSON.stringify(id)}}`);
      const out = JSON.stringify({ t: "m", id, from: who.user, room: who.room, c: m.c, datetime: Date.now() });
      for (const peer of set!) if (peer !== ws) peer.send(out);
    });
    ws.on("close", () => {
      set!.delete(ws);
      if (set!.size === 0) rooms.delete(who.room);
    });
    ws.on("error", () => {});
    ws.send('{"t":"hello"}');
  });
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const a = server.address() as { port: number };
  installProbe({ url: `http://127.0.0.1:${a.port}` });
});
// a normal exit, so BENCH_CPU_PROF=1 can write this server's profile too
process.on("SIGTERM", () => process.exit(0));
