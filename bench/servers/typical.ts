// "Typical": what most teams would write — Socket.IO 4, rooms, and one INSERT into the same
// PostgreSQL per message before emitting it to the room and acking the sender. Same pool
// size as Parley (10). History is the obvious SELECT … ORDER BY id DESC LIMIT on an index
// of (room, id). A socket is in its token's room from the start and joins public rooms with a
// "join" event (socket.join: Socket.IO's rooms), as the room scenario does.
import http from "node:http";
import postgres from "postgres";
import { Server } from "socket.io";
import { installProbe, NO_ROOM, verifyBenchToken } from "./probe";

const secret = process.env.BENCH_SECRET ?? "bench";
const sql = postgres(process.env.BENCH_DB_URL!, { max: 10, onnotice: () => {} });
const server = http.createServer();
const io = new Server(server, { transports: ["websocket"], serveClient: false, perMessageDeflate: false, maxHttpBufferSize: 64 * 1024 });

io.use(async (socket, next) => {
  const who = await verifyBenchToken(socket.handshake.auth?.token, secret);
  if (!who) return next(new Error("unauthorized"));
  socket.data.who = who;
  next();
});

io.on("connection", (socket) => {
  const { user, room } = socket.data.who as { user: string; room: string };
  if (room !== NO_ROOM) socket.join(room);
  // a public room joined live (the room scenario): Socket.IO's own rooms
  socket.on("join", (q: { room?: string }, ack?: (r: unknown) => void) => {
    socket.join(String(q?.room));
    ack?.({ ok: true });
  });
  socket.on("message", async (m: { msgId: string; content: string; room?: string }, ack?: (r: unknown) => void) => {
    // into the token's room, or into one the socket joined
    const r = m.room === undefined ? room : String(m.room);
    if (!socket.rooms.has(r)) return ack?.({ ok: false, error: "not joined" });
    try {
      const [row] = await sql`
        insert into typical_messages (room, sender, client_msg_id, content, created_at)
        values (${r}, ${user}, ${String(m.msgId)}, ${String(m.content)}, ${Date.now()})
        returning id, created_at`;
      const out = { id: String(row.id), msgId: m.msgId, room: r, from: user, content: m.content, datetime: Number(row.created_at) };
      socket.to(r).emit("message", out);
      ack?.({ ok: true, id: out.id, msgId: m.msgId });
    } catch (err) {
      ack?.({ ok: false, error: String(err) });
    }
  });
  socket.on("history", async (q: { room?: string; before?: string; after?: string; limit?: number }, ack?: (r: unknown) => void) => {
    const r = q.room ?? room;
    const limit = Math.min(Number(q.limit ?? 50), 100);
    try {
      const rows = q.after
        ? await sql`select * from typical_messages where room = ${r} and id > ${q.after} order by id asc limit ${limit}`
        : q.before
          ? await sql`select * from typical_messages where room = ${r} and id < ${q.before} order by id desc limit ${limit}`
          : await sql`select * from typical_messages where room = ${r} order by id desc limit ${limit}`;
      ack?.({ ok: true, rows });
    } catch (err) {
      ack?.({ ok: false, error: String(err) });
    }
  });
  socket.emit("hello", { user, room });
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const a = server.address() as { port: number };
  installProbe({ url: `http://127.0.0.1:${a.port}` });
});
// a normal exit, so BENCH_CPU_PROF=1 can write this server's profile too
process.on("SIGTERM", () => process.exit(0));
