// Who is in each chat room, live. Being in a room is a property of a socket (eventType 1 joins
// it, 2 or closing the socket leaves), so this process keeps its own table — socket → rooms,
// room → people (a member with three tabs in a room is one person) — and reports its counts
// to the bus every second (RoomCounts: per process, stamped, ignored once stale, so a process
// that died stops counting within PARLEY_ROOM_COUNT_TTL_MS). The same tick announces event 24
// to a room whose total changed, at most once a second, across processes: the conditional
// UPDATE of chat_rooms.online_number / online_sent_at lets one process through per change and
// second, however many saw it. A join storm of 1,000 sockets is a handful of count events.
import { randomUUID } from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import { chatRooms } from "../../../db/schema";
import { audience, type RoomCount } from "../../bus/bus";
import { clock } from "../../clock";
import { logUnexpected } from "../../errors/app-error";
import type { ServerFrame } from "../../protocol/frames";
import type { Deps, Principal } from "../deps";

export const ROOM_TICK_MS = 1_000;

const personOf = (p: Principal) => (p.kind === "guest" ? `g:${p.guestId}` : p.kind === "member" ? `u:${p.userId}` : `v:${p.visitorId}`);

export class RoomLive {
  /** this process's name in the bus's room counts */
  readonly proc = randomUUID();
  private byConn = new Map<string, Set<number>>();
  /** room → person → sockets of theirs in it */
  private people = new Map<number, Map<string, number>>();
  private running: Promise<void> | null = null;
  /** the counts last reported to the bus (roomTotals swaps them for the current ones) */
  reported: Record<string, RoomCount> = {};

  constructor(private deps: Deps) {}

  /** a socket entered a room; false if it already was in it */
  enter(connId: string, p: Principal, roomId: number): boolean {
    let rooms = this.byConn.get(connId);
    if (!rooms) this.byConn.set(connId, (rooms = new Set()));
    if (rooms.has(roomId)) return false;
    rooms.add(roomId);
    let inRoom = this.people.get(roomId);
    if (!inRoom) this.people.set(roomId, (inRoom = new Map()));
    const who = personOf(p);
    inRoom.set(who, (inRoom.get(who) ?? 0) + 1);
    return true;
  }

  /** a socket left a room (eventType 2, the room was deleted, the socket closed) */
  exit(connId: string, p: Principal, roomId: number) {
    const rooms = this.byConn.get(connId);
    if (!rooms?.delete(roomId)) return;
    if (rooms.size === 0) this.byConn.delete(connId);
    const inRoom = this.people.get(roomId);
    if (!inRoom) return;
    const who = personOf(p);
    const n = (inRoom.get(who) ?? 1) - 1;
    if (n > 0) inRoom.set(who, n);
    else inRoom.delete(who);
    if (inRoom.size === 0) this.people.delete(roomId);
  }

  /** did this socket join the room (sends into a room need it: -5001 otherwise) */
  isIn(connId: string | undefined, roomId: number): boolean {
    return connId !== undefined && (this.byConn.get(connId)?.has(roomId) ?? false);
  }

  /** this process's people per room */
  localCounts(): Record<string, RoomCount> {
    const out: Record<string, RoomCount> = {};
    for (const [room, inRoom] of this.people) {
      const members: number[] = [];
      let visitors = 0;
      for (const who of inRoom.keys()) {
        if (who.startsWith("u:")) members.push(Number(who.slice(2)));
        else visitors++;
      }
      out[room] = { users: members.length, visitors, members };
    }
    return out;
  }

  /** report this process's counts and announce changed totals (the tick calls this; tests call it with their clock) */
  tick(): Promise<void> {
    return (this.running ??= this.run()
      .catch((err) => logUnexpected("room online counts", err))
      .finally(() => (this.running = null)));
  }

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** the process stops: its people are no longer in any room */
  async withdraw() {
    await this.idle();
    await this.deps.bus.roomCounts.withdraw(this.proc).catch(() => {});
  }

  private async run() {
    const { bus, db, config } = this.deps;
    const t = clock.now();
    const mine = this.localCounts();
    await bus.roomCounts.report(this.proc, mine, t);
    this.reported = mine;
    // only rooms with sockets here need an announcement from here (it reaches them); a room
    // whose every socket was on a dead process has nobody left to tell
    const rooms = [...this.people.keys()];
    if (rooms.length === 0) return;
    const totals = await bus.roomCounts.totals(rooms, t, config.roomCountTtlMs);
    for (const roomId of rooms) {
      const c = totals.get(roomId) ?? { users: 0, visitors: 0, members: [] };
      const users = new Set(c.members).size; // a member on two processes is one person
      const number = users + c.visitors;
      const [sent] = await db
        .update(chatRooms)
        .set({ onlineNumber: number, onlineSentAt: t })
        .where(and(eq(chatRooms.id, roomId), ne(chatRooms.status, 2), ne(chatRooms.onlineNumber, number), sql`${chatRooms.onlineSentAt} <= ${t - ROOM_TICK_MS}`))
        .returning({ id: chatRooms.id });
      if (!sent) continue; // unchanged, or announced less than a second ago (the next tick tries again)
      const frame: ServerFrame = { eventType: 24, groupId: String(roomId), number: String(number), userNumber: String(users), visitorNumber: String(c.visitors), datetime: t };
      await bus.publish({ audiences: [audience.room(roomId)], data: JSON.stringify(frame) });
    }
  }
}

/** who is in these rooms now, over every process — this process's share as of now, not its last report */
export async function roomTotals(deps: Deps, roomIds: number[]): Promise<Map<number, RoomCount>> {
  if (roomIds.length === 0) return new Map();
  const live = roomLive(deps);
  const totals = await deps.bus.roomCounts.totals(roomIds, clock.now(), deps.config.roomCountTtlMs);
  const now = live.localCounts();
  const none = { users: 0, visitors: 0, members: [] };
  for (const id of roomIds) {
    const was = live.reported[id] ?? none;
    const is = now[id] ?? none;
    const t = totals.get(id) ?? none;
    const visitors = Math.max(0, t.visitors - was.visitors + is.visitors);
    // the others' members, and mine as of now (a member on two processes counts once)
    const others = [...t.members];
    for (const m of was.members) others.splice(others.indexOf(m), others.includes(m) ? 1 : 0);
    const members = [...new Set([...others, ...is.members])];
    if (members.length + visitors > 0) totals.set(id, { users: members.length, visitors, members });
    else totals.delete(id);
  }
  return totals;
}

const trackers = new WeakMap<Deps["db"], RoomLive>();
/** one table per database handle (tests run several Parleys in one process) */
export function roomLive(deps: Deps): RoomLive {
  let t = trackers.get(deps.db);
  if (!t) trackers.set(deps.db, (t = new RoomLive(deps)));
  return t;
}

/** the tick (server/runtime.ts starts it with the server) */
export function startRoomLive(deps: Deps, intervalMs = ROOM_TICK_MS) {
  const timer = setInterval(() => void roomLive(deps).tick(), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await roomLive(deps).withdraw();
    },
  };
}
