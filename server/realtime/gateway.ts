// The live gateway: `/ws` on the same port as the web app.
// - Authenticates in the HTTP `upgrade` event, before handleUpgrade (ws README): a browser
//   Origin must be Parley's own origin (no cross-site WebSocket hijacking); the caller is a
//   visitor token, a member API token (`?token=`) or the console's session cookie.
// - noServer + maxPayload; ping/pong every HEARTBEAT_MS to find dead peers.
// - Delivers bus events to the local sockets of each audience, the frame already serialized.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { isOwnOrigin, principalFromRequest } from "../auth/request-principal";
import { audience, type BusEvent, type ControlEvent } from "../bus/bus";

import { AppError, logUnexpected } from "../errors/app-error";
import { isAppCode, pickLocale } from "../errors/codes";
import { groupOnline } from "../services/group/online";
import { roomLive } from "../services/room/live";
import { activeThreadIds } from "../services/messages/threads";
import type { Deps, Principal } from "../services/deps";
import { CloseCode, HEARTBEAT_MS, MAX_PAYLOAD } from "./close-codes";
import { Connection, wireFrame } from "./connection";
import { FanoutCycles } from "./fanout-cycles";
import { receiveFrame } from "./handlers";
import { SessionSockets } from "./session-sockets";
import { agentConnected, announceAgent } from "../services/support/agent-status";
import { getOpenConversationId } from "../services/widget/conversation-of";

/** longer than any upgrade takes to authenticate (one database round trip) */
const ENDED_MEMORY_MS = 60_000;
/** an audience bigger than this is written in slices of this many sockets per turn of the event loop */
const FANOUT_SLICE = 500;

export class Gateway {
  private wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
  private byAudience = new Map<string, Set<Connection>>();
  private conns = new Set<Connection>();
  private heartbeat: NodeJS.Timeout;
  private unsubscribe: () => void;
  private closing = false;
  /**
   * Sessions ended lately: a socket whose upgrade was authenticated just before the revocation
   * committed registers after the close event went by, and is closed on arrival instead.
   */
  private ended = new Map<string, { until: number; code: number; reason: string; appCode?: number }>();

  constructor(private deps: Deps) {
    this.cycles = new FanoutCycles(deps.config.fanoutIntervalMs, FANOUT_SLICE);
    const offEvents = deps.bus.subscribe((e) => this.deliver(e));
    const offControl = deps.bus.subscribeControl((c) => this.control(c));
    this.unsubscribe = () => {
      offEvents();
      offControl();
    };
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size() {
    return this.conns.size;
  }

  /** open sockets per credential in this process (PARLEY_MAX_SOCKETS_PER_SESSION) */
  private perSession = new SessionSockets();

  /** Call from the http server's `upgrade` event for path `/ws`. */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const refuse = (status: number, reason: string) => {
      socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (this.closing) return refuse(503, "Service Unavailable");
    const url = new URL(req.url ?? "/", "http://x");
    const origin = req.headers.origin;
    if (origin && !isOwnOrigin(origin, req)) return refuse(403, "Forbidden");
    let principal: Principal | null;
    try {
      principal = await principalFromRequest(this.deps, req, url.searchParams.get("token"));
    } catch (err) {
      console.error("[ws] auth failed", err);
      return refuse(500, "Internal Server Error");
    }
    if (!principal) return refuse(401, "Unauthorized");
    // a slot for this credential, held until the socket closes (also when the handshake fails)
    const release = this.perSession.tryAcquire(principal.sessionId, this.deps.config.maxSocketsPerSession);
    if (!release) return refuse(429, "Too Many Requests");
    if (socket.destroyed) return release(); // the client gave up while we authenticated
    socket.once("close", release);
    const locale = pickLocale(url.searchParams.get("locale") ?? req.headers["accept-language"]);
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.onConnection(ws, principal, locale));
  }

  private async onConnection(ws: WebSocket, principal: Principal, locale: ReturnType<typeof pickLocale>) {
    const audiences =
      principal.kind === "visitor"
        ? [audience.visitor(principal.visitorId), audience.session(principal.sessionId)]
        : principal.kind === "guest"
          ? [audience.session(principal.sessionId), audience.everyone]
          : [
              audience.user(principal.userId),
              audience.session(principal.sessionId),
              audience.everyone,
              ...principal.agentSites.map((s) => audience.siteAgents(s.siteId)),
              ...principal.agentSites.filter((s) => s.role === "supervisor").map((s) => audience.siteSupervisors(s.siteId)),
            ];
    const conn = new Connection(ws, principal, locale, new Set(), this.hub);
    const ended = this.ended.get(audience.session(principal.sessionId));
    if (ended && ended.until > Date.now()) return this.endSocket(conn, ended);
    this.conns.add(conn);
    for (const a of audiences) this.join(conn, a);
    // listeners before anything is awaited: a socket that closes meanwhile is still cleaned up
    ws.on("pong", () => (conn.isAlive = true));
    ws.on("message", (data, isBinary) => receiveFrame(this.deps, conn, data, isBinary));
    ws.on("close", () => void this.onClose(conn));
    ws.on("error", () => {});
    // the member's threads (friend chats…), read after the socket is registered under u:<id>:
    // a subscribe that commits meanwhile reaches it through that audience, so none is missed
    if (principal.kind === "member") {
      try {
        for (const id of await activeThreadIds(this.deps, principal.userId)) this.join(conn, audience.thread(id));
      } catch (err) {
        logUnexpected("ws connect", err);
        return ws.close(CloseCode.internalError, "try again");
      }
    }

    // seen as connected before the hello: a client that heard it is counted (an agent's
    // "could answer right now", the groups' online counts), not a moment later
    if (principal.kind === "member") {
      await this.deps.bus.presence.touch(principal.userId, conn.id);
      groupOnline(this.deps).userChanged(principal.userId); // their groups' online counts (event 24)
    }
    conn.sendJson({
      eventType: 100,
      role: principal.kind,
      userId: principal.kind === "visitor" ? String(principal.visitorId) : principal.kind === "guest" ? principal.guestId : String(principal.userId),
      siteIds: principal.kind === "visitor" ? [String(principal.siteId)] : principal.kind === "guest" ? [] : principal.agentSites.map((s) => String(s.siteId)),
      conversationId:
        principal.kind === "visitor" ? await getOpenConversationId(this.deps, principal.visitorId) : undefined,
      serverTime: Date.now(),
    });
    if (principal.kind === "member" && principal.agentSites.length) await agentConnected(this.deps, principal).catch((err) => console.error("[ws] agent connect", err));
  }

  private hub = { join: (conn: Connection, a: string) => this.join(conn, a), leave: (conn: Connection, a: string) => this.leave(conn, a) };

  private join(conn: Connection, a: string) {
    if (!this.conns.has(conn)) return; // closed meanwhile
    if (conn.audiences.has(a)) return;
    conn.audiences.add(a);
    const room = roomOfAudience(a);
    if (room) roomLive(this.deps).enter(conn.id, conn.principal, room);
    let set = this.byAudience.get(a);
    if (!set) this.byAudience.set(a, (set = new Set()));
    set.add(conn);
  }

  private leave(conn: Connection, a: string) {
    if (!conn.audiences.delete(a)) return;
    const room = roomOfAudience(a);
    if (room) roomLive(this.deps).exit(conn.id, conn.principal, room);
    const set = this.byAudience.get(a);
    set?.delete(conn);
    if (set?.size === 0) this.byAudience.delete(a);
  }

  /** eventType 101 says why (when there is a seed code), then the close */
  private endSocket(conn: Connection, e: { code: number; reason: string; appCode?: number }) {
    if (e.appCode !== undefined && isAppCode(e.appCode)) {
      // -3000's own text ("no permission") does not say why a session ended: the reason does ("account suspended")
      const detail = e.appCode === -3000 ? e.reason.slice(e.reason.indexOf(" ") + 1) : undefined;
      conn.sendJson({ eventType: 101, code: e.appCode, content: new AppError(e.appCode, detail).localized(conn.locale) });
    }
    conn.close(e.code, e.reason);
  }

  private async onClose(conn: Connection) {
    this.conns.delete(conn);
    this.cycles.delete(conn);
    for (const a of [...conn.audiences]) this.leave(conn, a);
    const p = conn.principal;
    if (p.kind === "member") {
      await this.deps.bus.presence.drop(p.userId, conn.id).catch(() => {});
      if (!this.closing) groupOnline(this.deps).userChanged(p.userId);
      if (p.agentSites.length && !this.closing) await announceAgent(this.deps, p).catch(() => {});
    }
  }

  /**
   * Frames go out corked: a socket written to in this turn of the event loop is uncorked once at
   * its end (setImmediate), so everything it got meanwhile — a busy group's messages, a message
   * and its read mark — leaves in one TCP write. Each write is a system call, and with a
   * 500-member group they were most of what a message cost (bench/README.md "group").
   *
   * A big audience (a chat room of thousands) is written in slices instead: the frame is queued
   * on each socket (an array push — cheap even for 5,000) and written in passes of FANOUT_SLICE
   * sockets per turn, each socket's queue in one write. In one turn such a fan-out held the
   * event loop for ~100 ms and every ack, answer and database reply waited behind it
   * (bench/README.md "room"); in slices they get a turn between passes, and messages that
   * arrive meanwhile share the next write to each socket. Order per socket holds either way:
   * a frame sent to a socket with queued frames is written after them, and takes them along
   * (Connection.send).
   *
   * And those passes come in cycles, at most one per PARLEY_FANOUT_INTERVAL_MS: the messages of
   * one interval leave together, one write per socket (FanoutCycles).
   */
  private corked = new Set<Connection>();
  private uncorkScheduled = false;
  private cycles: FanoutCycles<Connection>;

  private deliver(e: BusEvent) {
    let size = 0;
    for (const a of e.audiences) size += this.byAudience.get(a)?.size ?? 0;
    const sliced = size > FANOUT_SLICE;
    // a big audience gets the same bytes: framed once (wireFrame), not once per socket
    const wire = sliced ? wireFrame(e.data) : null;
    // a socket is in one audience once: only several audiences can name it twice
    const seen = e.audiences.length > 1 ? new Set<Connection>() : null;
    for (const a of e.audiences) {
      for (const conn of this.byAudience.get(a) ?? []) {
        if (conn.id === e.exceptConn) continue;
        if (seen) {
          if (seen.has(conn)) continue;
          seen.add(conn);
        }
        if (sliced) {
          if (conn.enqueueFrame(wire!)) this.cycles.add(conn);
          continue;
        }
        if (!this.corked.has(conn)) {
          this.corked.add(conn);
          conn.cork();
        }
        conn.send(e.data);
      }
    }
    if (this.corked.size && !this.uncorkScheduled) {
      this.uncorkScheduled = true;
      setImmediate(this.uncorkAll);
    }
  }

  private uncorkAll = () => {
    this.uncorkScheduled = false;
    for (const conn of this.corked) conn.uncork();
    this.corked.clear();
  };

  /** A control event from any process: a revoked session's sockets close with 4001; subscriptions change. */
  private control(c: ControlEvent) {
    if (c.type === "subscribe" || c.type === "unsubscribe") {
      for (const a of c.audiences) {
        for (const conn of [...(this.byAudience.get(a) ?? [])]) {
          if (c.type === "subscribe") for (const x of c.add) this.join(conn, x);
          else for (const x of c.remove) this.leave(conn, x);
        }
      }
      return;
    }
    const t = Date.now();
    for (const a of c.audiences) {
      for (const conn of [...(this.byAudience.get(a) ?? [])]) this.endSocket(conn, c);
      this.ended.set(a, { until: t + ENDED_MEMORY_MS, code: c.code, reason: c.reason, appCode: c.appCode });
    }
    if (this.ended.size > 10_000) for (const [a, e] of this.ended) if (e.until < t) this.ended.delete(a);
  }

  private beat() {
    for (const conn of this.conns) {
      if (!conn.isAlive) {
        conn.ws.terminate();
        continue;
      }
      conn.isAlive = false;
      conn.ws.ping();
      if (conn.principal.kind === "member") void this.deps.bus.presence.touch(conn.principal.userId, conn.id).catch(() => {});
    }
  }

  /** Graceful stop: refuse new sockets, finish queued frames, flush, close with 1001. */
  async close() {
    this.closing = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    await Promise.all(
      [...this.conns].map(async (conn) => {
        await conn.drain();
        conn.flush(); // what the fan-out still held for it
        await waitForFlush(conn.ws, 2_000);
        conn.ws.close(CloseCode.goingAway, "server going away");
        const p = conn.principal;
        if (p.kind === "member") await this.deps.bus.presence.drop(p.userId, conn.id).catch(() => {});
      }),
    );
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** `r:<roomId>` → the room; anything else → null */
function roomOfAudience(a: string): number | null {
  return a.startsWith("r:") ? Number(a.slice(2)) : null;
}

function waitForFlush(ws: WebSocket, maxMs: number) {
  return new Promise<void>((resolve) => {
    const start = Date.now();
    const check = () => (ws.bufferedAmount === 0 || Date.now() - start > maxMs ? resolve() : setTimeout(check, 20));
    check();
  });
}


