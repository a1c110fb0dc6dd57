import { sumRoomReports, type Bus, type BusEvent, type ControlEvent, type Presence, type RoomCounts } from "./bus";

/** One process, no Redis: events go straight to the local subscribers. */
export function createMemoryBus(): Bus {
  const handlers = new Set<(e: BusEvent) => void>();
  const controls = new Set<(e: ControlEvent) => void>();
  const live = new Map<number, Set<string>>();
  const presence: Presence = {
    async touch(userId, connId) {
      let set = live.get(userId);
      if (!set) live.set(userId, (set = new Set()));
      set.add(connId);
    },
    async drop(userId, connId) {
      const set = live.get(userId);
      set?.delete(connId);
      if (set && set.size === 0) live.delete(userId);
    },
    async connected(userIds) {
      return new Set(userIds.filter((id) => live.has(id)));
    },
  };
  const reports = new Map<string, string>();
  const roomCounts: RoomCounts = {
    async report(proc, counts, at) {
      reports.set(proc, JSON.stringify({ at, counts }));
    },
    async totals(roomIds, now, ttlMs) {
      const { totals, stale } = sumRoomReports(reports, roomIds, now, ttlMs);
      for (const p of stale) reports.delete(p);
      return totals;
    },
    async withdraw(proc) {
      reports.delete(proc);
    },
  };
  return {
    kind: "memory",
    async publish(event) {
      // queueMicrotask keeps publish asynchronous like Redis, so callers never rely on
      // delivery happening inside their own call stack.
      queueMicrotask(() => handlers.forEach((h) => h(event)));
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async publishControl(event) {
      queueMicrotask(() => controls.forEach((h) => h(event)));
    },
    subscribeControl(handler) {
      controls.add(handler);
      return () => controls.delete(handler);
    },
    presence,
    roomCounts,
    async ping() {},
    async close() {
      handlers.clear();
      controls.clear();
    },
  };
}
