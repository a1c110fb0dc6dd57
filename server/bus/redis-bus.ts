import { Redis } from "ioredis";
import type { Bus, BusEvent, Presence } from "./bus";

const CHANNEL = "parley:events";
/** A connection not refreshed for this long is counted offline (process crashed, no drop). */
const PRESENCE_TTL_MS = 90_000;

/**
 * Redis pub/sub between processes: one channel, every process subscribes and filters by
 * audience locally. Presence is a sorted set per user of `<connId>` scored by expiry, so a
 * crashed process's connections age out instead of staying "online" forever.
 */
export async function createRedisBus(url: string): Promise<Bus> {
  // auto-pipelining: the publishes of one write batch leave in one socket write, not one each
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true });
  const sub = new Redis(url, { lazyConnect: true });
  await Promise.all([pub.connect(), sub.connect()]);
  const handlers = new Set<(e: BusEvent) => void>();
  sub.on("message", (_channel: string, raw: string) => {
    const event = decodeEvent(raw);
    if (event) handlers.forEach((h) => h(event));
  });
  await sub.subscribe(CHANNEL);

  const key = (userId: number) => `parley:presence:${userId}`;
  const presence: Presence = {
    async touch(userId, connId) {
      await pub
        .multi()
        .zadd(key(userId), Date.now() + PRESENCE_TTL_MS, connId)
        .pexpire(key(userId), PRESENCE_TTL_MS)
        .exec();
    },
    async drop(userId, connId) {
      await pub.zrem(key(userId), connId);
    },
    async connected(userIds) {
      if (userIds.length === 0) return new Set();
      const now = Date.now();
      const p = pub.pipeline();
      for (const id of userIds) p.zcount(key(id), now, "+inf");
      const res = (await p.exec()) ?? [];
      return new Set(userIds.filter((_, i) => Number(res[i]?.[1] ?? 0) > 0));
    },
  };

  return {
    kind: "redis",
    async publish(event) {
      await pub.publish(CHANNEL, encodeEvent(event));
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    presence,
    async ping() {
      await pub.ping();
    },
    async close() {
      handlers.clear();
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}

/**
 * On the wire: `<audiences, comma-separated>\n<exceptConn or empty>\n<frame>`. The frame is
 * already JSON; wrapping it in JSON again would escape every quote of it on publish and
 * unescape it in every process on receipt. Audience names and connection ids contain neither
 * commas nor newlines.
 */
export function encodeEvent(e: BusEvent): string {
  return `${e.audiences.join(",")}\n${e.exceptConn ?? ""}\n${e.data}`;
}

export function decodeEvent(raw: string): BusEvent | null {
  // processes of the previous release publish JSON (during a rolling upgrade)
  if (raw.startsWith("{")) {
    try {
      return JSON.parse(raw) as BusEvent;
    } catch {
      return null;
    }
  }
  const a = raw.indexOf("\n");
  const b = a < 0 ? -1 : raw.indexOf("\n", a + 1);
  if (b < 0) return null;
  const exceptConn = raw.slice(a + 1, b);
  return { audiences: raw.slice(0, a).split(","), data: raw.slice(b + 1), ...(exceptConn ? { exceptConn } : {}) };
}
