// How the load generator speaks to each server under test. Every adapter does the same three
// things — connect as an authenticated user and wait until the server says hello, send a
// text message with a msgId, and report acks (to the sender) and deliveries (to the others)
// by msgId — so the generator, the message sizes and the clock are identical for all.
import WebSocket from "ws";
import { io, type Socket } from "socket.io-client";

export type ServerKind = "ceiling" | "typical" | "parley";

export interface ClientSpec {
  /** base http URL of the process this client connects to */
  url: string;
  token: string;
  /** conversation id (Parley) or room (peers) this client writes into */
  target: string;
}

export interface Handlers {
  onAck(msgId: string): void;
  onFail(msgId: string, code: string): void;
  onDeliver(msgId: string): void;
}

export interface LiveClient {
  send(msgId: string, content: string, contentJson: string): void;
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

    if (kind === "typical") {
      const s: Socket = io(spec.url, { transports: ["websocket"], auth: { token: spec.token }, forceNew: true, reconnection: false });
      s.on("connect_error", (e) => fail(e));
      s.on("message", (m: { msgId: string }) => h.onDeliver(m.msgId));
      s.once("hello", () =>
        done({
          send(msgId, content) {
            s.emit("message", { msgId, content }, (r: { ok: boolean; msgId: string; error?: string }) =>
              r.ok ? h.onAck(msgId) : h.onFail(msgId, r.error ?? "error"),
            );
          },
          close: () => void s.close(),
        }),
      );
      return;
    }

    const ws = new WebSocket(wsUrl(spec.url, spec.token), { perMessageDeflate: false });
    ws.on("unexpected-response", (_q, res) => fail(new Error(`${kind}: upgrade refused ${res.statusCode}`)));
    ws.on("error", (e) => fail(e));
    let ready = false;
    ws.on("message", (data) => {
      const s = data.toString();
      if (kind === "ceiling") {
        if (s.startsWith('{"t":"a"')) return h.onAck(field(s, '"id":"')!);
        if (s.startsWith('{"t":"m"')) return h.onDeliver(field(s, '"id":"')!);
        if (!ready && s.startsWith('{"t":"hello"')) {
          ready = true;
          done({ send: (msgId, _c, cj) => ws.send(`{"id":"${msgId}","c":${cj}}`), close: () => ws.close() });
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
      if (!ready && s.startsWith('{"eventType":100')) {
        ready = true;
        done({
          send: (msgId, _c, cj) =>
            ws.send(`{"eventType":0,"msgId":"${msgId}","channelType":4,"targetId":"${spec.target}","msgType":1,"msg":{"content":${cj}}}`),
          close: () => ws.close(),
        });
      }
    });
  });
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
