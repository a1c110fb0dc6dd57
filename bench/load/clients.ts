// How the load generator speaks to each server under test. Every adapter does the same three
// things — connect as an authenticated user and wait until the server says hello, send a
// text message with a msgId, and report acks (to the sender) and deliveries (to the others)
// by msgId — so the generator, the message sizes and the clock are identical for all. Every
// live socket is the generator's own lean WebSocket client (wire.ts).
import { io, type Socket } from "socket.io-client";
import { openWire } from "./wire";

export type ServerKind = "ceiling" | "typical" | "parley";

export interface ClientSpec {
  /** base http URL of the process this client connects to */
  url: string;
  token: string;
  /** conversation id or group id (Parley) or room (peers) this client writes into */
  target: string;
  /** Parley's channelType of `target`: 4 support (the default), 2 group */
  channelType?: number;
  /** this client's place among its room's members (0…): tells a second copy of a message apart from another member's */
  slot?: number;
  /**
   * the room scenario: the room this client joins with a join frame (LiveClient.join) and writes
   * into — Parley's groupId (channelType 1, the same as `target`), the peers' room name
   */
  room?: string;
}

export interface Handlers {
  onAck(msgId: string): void;
  onFail(msgId: string, code: string): void;
  onDeliver(msgId: string): void;
  /** the server ended an open connection (not our close()): its code, e.g. 4008 slow consumer */
  onLost(code: string): void;
  /** the answer to a join frame: "0" joined, else the server's code */
  onJoined?(msgId: string, code: string): void;
  /** Parley's online count (eventType 24) reached this socket: the frame */
  onCount?(frame: string): void;
}

export interface LiveClient {
  send(msgId: string, content: string, contentJson: string): void;
  /** join spec.room (the answer comes to Handlers.onJoined) */
  join(msgId: string): void;
  close(): void;
}

export interface HistoryClient {
  /** one page of 50 (or `limit`) older than `before`, or after `after`; resolves with the ids */
  page(q: { target: string; before?: string; after?: string; limit: number }): Promise<string[]>;
  close(): void;
}

const wsUrl = (base: string, token: string) => `${base.replace(/^http/, "ws")}/ws?token=${encodeURIComponent(token)}`;

/** read a JSON string value by key without parsing the whole frame (the generator must stay cheap) */
function field(s: string, key: string): string | null {
  const i = s.indexOf(key);
  if (i < 0) return null;
  const start = i + key.length;
  const end = s.indexOf('"', start);
  return end < 0 ? null : s.slice(start, end);
}

export function connect(kind: ServerKind, spec: ClientSpec, h: Handlers, timeoutMs = 30_000): Promise<LiveClient> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind}: no hello within ${timeoutMs} ms`)), timeoutMs);
    const done = (c: LiveClient) => (clearTimeout(timer), resolve(c));
    const fail = (e: Error) => (clearTimeout(timer), reject(e));

    if (kind === "typical") return socketIoLive(spec, h, done, fail);

    let ready = false;
    let closing = false;
    const ws = openWire(wsUrl(spec.url, spec.token), {
      onError: (e, status) => fail(status ? new Error(`${kind}: upgrade refused ${status}`) : e),
      onClose: (code) => ready && !closing && h.onLost(String(code)),
      onMessage,
    });
    const close = () => ((closing = true), ws.close());
    function onMessage(s: string) {
      if (kind === "ceiling") {
        if (s.startsWith('{"t":"a"')) return h.onAck(field(s, '"id":"')!);
        if (s.startsWith('{"t":"m"')) return h.onDeliver(field(s, '"id":"')!);
        if (s.startsWith('{"t":"j"')) return h.onJoined?.(field(s, '"id":"')!, "0");
        if (s.startsWith('{"t":"e"')) return h.onFail(field(s, '"id":"')!, field(s, '"error":"') ?? "error");
        if (!ready && s.startsWith('{"t":"hello"')) {
          ready = true;
          // into a joined room the frame names it; otherwise it goes to the token's room
          const into = spec.room === undefined ? "" : `"room":${JSON.stringify(spec.room)},`;
          done({
            send: (msgId, _c, cj) => ws.send(`{"id":"${msgId}",${into}"c":${cj}}`),
            join: (msgId) => ws.send(`{"t":"j","id":"${msgId}","room":${JSON.stringify(spec.room ?? "")}}`),
            close,
          });
        }
        return;
      }
      // Parley: a stored message has a logId; the sender's own copy (its msgId) is the ack.
      if (s.startsWith('{"eventType":0,')) {
        const msgId = field(s, '"msgId":"');
        if (msgId === null) return;
        if (s.includes('"logId":"')) return h.onDeliver(msgId); // the generator tells ack from delivery by socket
        return h.onFail(msgId, /"code":(-?\d+)/.exec(s)?.[1] ?? "?");
      }
      // a join's answer {eventType:1, msgId, code} (the comma: not 10, 100, 101), the online count
      if (s.startsWith('{"eventType":1,')) return h.onJoined?.(field(s, '"msgId":"') ?? "", /"code":(-?\d+)/.exec(s)?.[1] ?? "?");
      if (s.startsWith('{"eventType":24,')) return h.onCount?.(s);
      if (!ready && s.startsWith('{"eventType":100')) {
        ready = true;
        const channelType = spec.channelType ?? 4;
        done({
          send: (msgId, _c, cj) =>
            ws.send(`{"eventType":0,"msgId":"${msgId}","channelType":${channelType},"targetId":"${spec.target}","msgType":1,"msg":{"content":${cj}}}`),
          join: (msgId) => ws.send(`{"eventType":1,"msgId":"${msgId}","groupId":"${spec.room ?? spec.target}"}`),
          close,
        });
      }
    }
  });
}

/**
 * The typical server's live client: Socket.IO's wire protocol (Engine.IO 4, websocket transport)
 * spoken over the generator's own WebSocket client (wire.ts), read like the other adapters read
 * their frames. The server is plain Socket.IO and sees exactly what socket.io-client sends; the
 * generator only skips the client library's decoding, which cost it twice the CPU per copy of
 * the other servers' clients and made it, not the server, the limit of the group scenario.
 *   server: 0{"sid":…} open · 40{"sid":…} connected · 44{…} refused · 2 ping
 *           42["hello",{…}] · 42["message",{…"msgId":"…"}] a delivery · 43<ack>[{"ok":…}] an ack
 *   client: 40{"token":…} connect with auth · 3 pong · 42<ack>["message",{"msgId":…,"content":…[,"room":…]}]
 *           42<ack>["join",{"room":…}] (answered 43<ack>[{"ok":true}])
 */
function socketIoLive(spec: ClientSpec, h: Handlers, done: (c: LiveClient) => void, fail: (e: Error) => void) {
  let ready = false;
  let closing = false;
  const ws = openWire(`${spec.url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`, {
    onError: (e, status) => fail(status ? new Error(`typical: upgrade refused ${status}`) : e),
    onClose: (code) => ready && !closing && h.onLost(String(code)),
    onMessage,
  });
  /** ack id → msgId (an ack names its msgId only when it succeeded) */
  const pending = new Map<number, string>();
  /** ack id → msgId of a join */
  const joins = new Map<number, string>();
  let nextAck = 0;
  const into = spec.room === undefined ? "" : `,"room":${JSON.stringify(spec.room)}`;
  function onMessage(s: string) {
    if (s.startsWith('42["message"')) return h.onDeliver(field(s, '"msgId":"')!);
    if (s.startsWith("43")) {
      const bracket = s.indexOf("[");
      const ack = Number(s.slice(2, bracket));
      const msgId = pending.get(ack);
      pending.delete(ack);
      if (msgId === undefined) {
        const join = joins.get(ack);
        joins.delete(ack);
        if (join !== undefined) h.onJoined?.(join, s.startsWith('[{"ok":true', bracket) ? "0" : (field(s, '"error":"') ?? "error"));
        return;
      }
      return s.startsWith('[{"ok":true', bracket) ? h.onAck(msgId) : h.onFail(msgId, field(s, '"error":"') ?? "error");
    }
    if (s === "2") return ws.send("3");
    if (s.startsWith("0{")) return ws.send(`40${JSON.stringify({ token: spec.token })}`);
    if (s.startsWith("44")) return fail(new Error(`typical: connect refused ${s.slice(2)}`));
    if (!ready && s.startsWith('42["hello"')) {
      ready = true;
      done({
        send(msgId, _c, cj) {
          const ack = nextAck++;
          pending.set(ack, msgId);
          ws.send(`42${ack}["message",{"msgId":"${msgId}","content":${cj}${into}}]`);
        },
        join(msgId) {
          const ack = nextAck++;
          joins.set(ack, msgId);
          ws.send(`42${ack}["join",{"room":${JSON.stringify(spec.room ?? "")}}]`);
        },
        close: () => ((closing = true), ws.close()),
      });
    }
  }
}

/** History pages: Parley over its HTTP API (support.chatLog), the typical server over Socket.IO. */
export async function historyClient(kind: ServerKind, spec: ClientSpec): Promise<HistoryClient> {
  if (kind === "parley") {
    const { Agent, request } = await import("node:http");
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const get = (path: string) =>
      new Promise<string>((resolve, reject) => {
        const req = request(`${spec.url}${path}`, { agent, headers: { authorization: `Bearer ${spec.token}` } }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (d) => (body += d));
          res.on("end", () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${res.statusCode} ${body.slice(0, 200)}`))));
        });
        req.on("error", reject);
        req.end();
      });
    return {
      async page(q) {
        const input: Record<string, unknown> = { id: q.target, number: q.limit };
        if (q.before) input.startId = q.before;
        if (q.after) input.afterId = q.after;
        const body = await get(`/api/trpc/support.chatLog?input=${encodeURIComponent(JSON.stringify(input))}`);
        const logs = (JSON.parse(body) as { result: { data: { logs: { logId: string }[] } } }).result.data.logs;
        return logs.map((l) => l.logId);
      },
      close: () => agent.destroy(),
    };
  }
  if (kind === "typical") {
    const s: Socket = io(spec.url, { transports: ["websocket"], auth: { token: spec.token }, forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      s.once("hello", () => resolve());
      s.once("connect_error", reject);
    });
    return {
      page: (q) =>
        new Promise((resolve, reject) =>
          s.emit("history", { room: q.target, before: q.before, after: q.after, limit: q.limit }, (r: { ok: boolean; rows: { id: string }[]; error?: string }) =>
            r.ok ? resolve(r.rows.map((x) => String(x.id))) : reject(new Error(r.error)),
          ),
        ),
      close: () => void s.close(),
    };
  }
  throw new Error("the ceiling stores nothing: it has no history");
}
