// The ceiling: a bare `ws` relay that stores nothing. It authenticates the upgrade (an HMAC
// token, like the others), keeps rooms in a Map, acks the sender and forwards the frame to
// the room's other sockets, serialized once, each socket's frames of one turn of the event
// loop in one TCP write (corked, as Parley's gateway does). Nothing a real chat can do is
// faster than this. A socket is in its token's room from the start, and joins others with a
// join frame (the room scenario: {"t":"j","id","room"} → {"t":"j","id","ok":true}).
import http from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { installProbe, NO_ROOM, verifyBenchToken } from "./probe";

const secret = process.env.BENCH_SECRET ?? "bench";
const rooms = new Map<string, Set<WebSocket>>();

/** sockets written to in this turn of the event loop, uncorked together at its end */
const corked = new Set<WebSocket>();
const tcp = (ws: WebSocket) => (ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
function sendCorked(ws: WebSocket, data: string) {
  if (!corked.has(ws)) {
    if (corked.size === 0) setImmediate(uncorkAll);
    corked.add(ws);
    tcp(ws).cork();
  }
  ws.send(data);
}
function uncorkAll() {
  for (const ws of corked) tcp(ws).uncork();
  corked.clear();
}
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
    /** the rooms this socket is in: its token's (joined on connect) and those it joined by frame */
    const joined = new Map<string, Set<WebSocket>>();
    if (who.room !== NO_ROOM) joined.set(who.room, joinRoom(ws, who.room));
    ws.on("message", (data) => {
      let m: { t?: unknown; id?: unknown; room?: unknown; c?: unknown };
      try {
        m = JSON.parse(data.toString());
      } catch {
        return;
      }
      const id = String(m.id);
      // a join, {"t":"j","id","room"}: the socket receives the room's messages from now on
      if (m.t === "j") {
        const room = String(m.room);
        if (!joined.has(room)) joined.set(room, joinRoom(ws, room));
        return ws.send(`{"t":"j","id":${JSON.stringify(id)},"ok":true}`);
      }
      // a message into the token's room, or into a joined one ({"id","room","c"})
      const room = m.room === undefined ? who.room : String(m.room);
      const set = joined.get(room);
      if (!set) return ws.send(`{"t":"e","id":${JSON.stringify(id)},"error":"not joined"}`);
      ws.send(`{"t":"a","id":${JSON.stringify(id)}}`);
      const out = JSON.stringify({ t: "m", id, from: who.user, room, c: m.c, datetime: Date.now() });
      for (const peer of set) if (peer !== ws) sendCorked(peer, out);
    });
    ws.on("close", () => {
      corked.delete(ws);
      for (const [room, set] of joined) {
        set.delete(ws);
        if (set.size === 0) rooms.delete(room);
      }
    });
    ws.on("error", () => {});
    ws.send('{"t":"hello"}');
  });
});

function joinRoom(ws: WebSocket, room: string) {
  let set = rooms.get(room);
  if (!set) rooms.set(room, (set = new Set()));
  set.add(ws);
  return set;
}

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const a = server.address() as { port: number };
  installProbe({ url: `http://127.0.0.1:${a.port}` });
});
// a normal exit, so BENCH_CPU_PROF=1 can write this server's profile too
process.on("SIGTERM", () => process.exit(0));
