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
import { audience, type BusEvent } from "../bus/bus";

import { pickLocale } from "../errors/codes";
import type { Deps, Principal } from "../services/deps";
import { CloseCode, HEARTBEAT_MS, MAX_PAYLOAD } from "./close-codes";
import { Connection } from "./connection";
import { handleFrame } from "./handlers";
import { agentConnected, announceAgent } from "../services/support/agent-status";
import { getOpenConversationId } from "../services/widget/conversation-of";

export class Gateway {
  private wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
  private byAudience = new Map<string, Set<Connection>>();
  private conns = new Set<Connection>();
  private heartbeat: NodeJS.Timeout;
  private unsubscribe: () => void;
  private closing = false;

  constructor(private deps: Deps) {
    this.unsubscribe = deps.bus.subscribe((e) => this.deliver(e));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size() {
    return this.conns.size;
  }

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
    const locale = pickLocale(url.searchParams.get("locale") ?? req.headers["accept-language"]);
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.onConnection(ws, principal, locale));
  }

  private async onConnection(ws: WebSocket, principal: Principal, locale: ReturnType<typeof pickLocale>) {
    const audiences =
      principal.kind === "visitor"
        ? [audience.visitor(principal.visitorId)]
        : [
            audience.user(principal.userId),
            ...principal.agentSites.map((s) => audience.siteAgents(s.siteId)),
            ...principal.agentSites.filter((s) => s.role === "supervisor").map((s) => audience.siteSupervisors(s.siteId)),
          ];
    const conn = new Connection(ws, principal, locale, audiences);
    this.conns.add(conn);
    for (const a of audiences) {
      let set = this.byAudience.get(a);
      if (!set) this.byAudience.set(a, (set = new Set()));
      set.add(conn);
    }
    ws.on("pong", () => (conn.isAlive = true));
    ws.on("message", (data, isBinary) => {
      if (isBinary) return conn.sendJson({ eventType: 0, msgId: "", code: -1005, content: "binary frames are not supported" });
      conn.enqueue(() => handleFrame(this.deps, conn, data.toString()));
    });
    ws.on("close", () => void this.onClose(conn));
    ws.on("error", () => {});

    conn.sendJson({
      eventType: 100,
      role: principal.kind,
      userId: String(principal.kind === "visitor" ? principal.visitorId : principal.userId),
      siteIds: principal.kind === "visitor" ? [String(principal.siteId)] : principal.agentSites.map((s) => String(s.siteId)),
      conversationId:
        principal.kind === "visitor" ? await getOpenConversationId(this.deps, principal.visitorId) : undefined,
      serverTime: Date.now(),
    });
    if (principal.kind === "member") {
      await this.deps.bus.presence.touch(principal.userId, conn.id);
      if (principal.agentSites.length) await agentConnected(this.deps, principal).catch((err) => console.error("[ws] agent connect", err));
    }
  }

  private async onClose(conn: Connection) {
    this.conns.delete(conn);
    for (const a of conn.audiences) {
      const set = this.byAudience.get(a);
      set?.delete(conn);
      if (set?.size === 0) this.byAudience.delete(a);
    }
    const p = conn.principal;
    if (p.kind === "member") {
      await this.deps.bus.presence.drop(p.userId, conn.id).catch(() => {});
      if (p.agentSites.length && !this.closing) await announceAgent(this.deps, p).catch(() => {});
    }
  }

  private deliver(e: BusEvent) {
    const seen = new Set<Connection>();
    for (const a of e.audiences) {
      for (const conn of this.byAudience.get(a) ?? []) {
        if (seen.has(conn) || conn.id === e.exceptConn) continue;
        seen.add(conn);
        conn.send(e.data);
      }
    }
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
        await waitForFlush(conn.ws, 2_000);
        conn.ws.close(CloseCode.goingAway, "server going away");
        const p = conn.principal;
        if (p.kind === "member") await this.deps.bus.presence.drop(p.userId, conn.id).catch(() => {});
      }),
    );
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function waitForFlush(ws: WebSocket, maxMs: number) {
  return new Promise<void>((resolve) => {
    const start = Date.now();
    const check = () => (ws.bufferedAmount === 0 || Date.now() - start > maxMs ? resolve() : setTimeout(check, 20));
    check();
  });
}


