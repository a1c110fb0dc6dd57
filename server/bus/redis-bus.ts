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
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = new Redis(url, { lazyConnect: true });
  await Promise.all([pub.connect(), sub.connect()]);
  const handlers = new Set<(e: BusEvent) => void>();
  sub.on("message", (_channel: string, raw: string) => {
    let event: BusEvent;
    try {
      event = JSON.parse(raw) as BusEvent;
    } catch {
      return;
    }
    handlers.forEach((h) => h(event));
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
      await pub.publish(CHANNEL, JSON.stringify(event));
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
