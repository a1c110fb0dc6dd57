import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { sumRoomReports, type Bus, type BusEvent, type ControlEvent, type Presence, type RoomCounts } from "./bus";

const CHANNEL = "parley:events";
/** control events (close these sockets): rare, so plain JSON on a channel of their own */
const CONTROL_CHANNEL = "parley:control";
/** A connection not refreshed for this long is counted offline (process crashed, no drop). */
const PRESENCE_TTL_MS = 90_000;
/** the room-count hash outlives its last writer by this much (each report's own stamp decides what counts) */
const ROOM_COUNTS_KEY_TTL_MS = 60_000;

/**
 * Redis pub/sub between processes: one channel, every process subscribes and filters by
 * audience locally. A process hands its own events to its own sockets at once and skips them
 * when Redis echoes them back (each event names the process it came from). Presence is a
 * sorted set per user of `<connId>` scored by expiry, so a crashed process's connections age
 * out instead of staying "online" forever.
 */
export async function createRedisBus(url: string): Promise<Bus> {
  // auto-pipelining: the publishes of one write batch leave in one socket write, not one each
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true });
  const sub = new Redis(url, { lazyConnect: true });
  await Promise.all([pub.connect(), sub.connect()]);
  const handlers = new Set<(e: BusEvent) => void>();
  const controls = new Set<(e: ControlEvent) => void>();
  const origin = randomBytes(6).toString("base64url");
  const mine = `${ORIGIN}${origin}`;
  sub.on("message", (channel: string, raw: string) => {
    if (channel === CONTROL_CHANNEL) {
      let event: ControlEvent & { origin?: string };
      try {
        event = JSON.parse(raw);
      } catch {
        return;
      }
      if (event.origin === origin) return; // acted on locally when published
      delete event.origin;
      controls.forEach((h) => h(event));
      return;
    }
    if (isFrom(raw, mine)) return; // delivered locally when published
    const event = decodeEvent(raw);
    if (event) handlers.forEach((h) => h(event));
  });
  await sub.subscribe(CHANNEL, CONTROL_CHANNEL);

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

  // one hash for every process's room counts (field: the process), refreshed every second
  const ROOMS_KEY = "parley:room-counts";
  const roomCounts: RoomCounts = {
    async report(proc, counts, at) {
      await pub.multi().hset(ROOMS_KEY, proc, JSON.stringify({ at, counts })).pexpire(ROOMS_KEY, ROOM_COUNTS_KEY_TTL_MS).exec();
    },
    async totals(roomIds, now, ttlMs) {
      const { totals, stale } = sumRoomReports(Object.entries(await pub.hgetall(ROOMS_KEY)), roomIds, now, ttlMs);
      if (stale.length) await pub.hdel(ROOMS_KEY, ...stale);
      return totals;
    },
    async withdraw(proc) {
      await pub.hdel(ROOMS_KEY, proc);
    },
  };

  return {
    kind: "redis",
    async publish(event) {
      // this process's sockets at once (asynchronously, like the memory bus); the others via Redis
      queueMicrotask(() => handlers.forEach((h) => h(event)));
      await pub.publish(CHANNEL, encodeEvent(event, origin));
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async publishControl(event) {
      queueMicrotask(() => controls.forEach((h) => h(event)));
      await pub.publish(CONTROL_CHANNEL, JSON.stringify({ ...event, origin }));
    },
    subscribeControl(handler) {
      controls.add(handler);
      return () => controls.delete(handler);
    },
    presence,
    roomCounts,
    async ping() {
      await pub.ping();
    },
    async close() {
      handlers.clear();
      controls.clear();
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}

/**
 * On the wire: `<audiences, comma-separated>\n@<origin>[ <exceptConn>]\n<frame>`. The frame is
 * already JSON; wrapping it in JSON again would escape every quote of it on publish and
 * unescape it in every process on receipt. Audience names, origins and connection ids contain
 * no commas, spaces or newlines. The previous release wrote `<exceptConn>` alone on the second
 * line, and reads this one's second line as an exceptConn that matches none of its sockets —
 * right, since the excepted socket lives in the publishing process.
 */
const ORIGIN = "@";
export function encodeEvent(e: BusEvent, origin: string): string {
  return `${e.audiences.join(",")}\n${ORIGIN}${origin}${e.exceptConn ? ` ${e.exceptConn}` : ""}\n${e.data}`;
}

/** whether this raw event was published by the process whose tag is `mine` ("@<origin>") */
function isFrom(raw: string, mine: string): boolean {
  const a = raw.indexOf("\n");
  if (a < 0 || !raw.startsWith(mine, a + 1)) return false;
  const end = raw.charCodeAt(a + 1 + mine.length);
  return end === 10 || end === 32; // "\n" or " ": the whole tag, not a prefix of another
}

export function decodeEvent(raw: string): BusEvent | null {
  // processes of the release before the previous one publish JSON
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
  let exceptConn = raw.slice(a + 1, b);
  if (exceptConn.startsWith(ORIGIN)) {
    const space = exceptConn.indexOf(" ");
    exceptConn = space < 0 ? "" : exceptConn.slice(space + 1);
  }
  return { audiences: raw.slice(0, a).split(","), data: raw.slice(b + 1), ...(exceptConn ? { exceptConn } : {}) };
}
