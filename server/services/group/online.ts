// seed 004 event 24: how many of a group's members are online, sent at most once a second per
// group and only when it changed — on every process. A member's first socket opening or last
// closing (the gateway), or members joining and leaving, mark their groups; a tick a second
// counts each marked group (presence is the bus's, so every process's sockets count) and
// announces it when the count moved. Which process announces is settled in the database: the
// conditional UPDATE of groups.online_number / online_sent_at lets one through per change and
// second, however many processes saw it.
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { groupMembers, groups } from "../../../db/schema";
import { audience } from "../../bus/bus";
import { clock } from "../../clock";
import { logUnexpected } from "../../errors/app-error";
import type { ServerFrame } from "../../protocol/frames";
import type { Deps } from "../deps";

export const ONLINE_ANNOUNCE_MS = 1_000;

export class GroupOnline {
  private users = new Set<number>();
  private groups = new Set<number>();
  private running: Promise<void> | null = null;

  constructor(private deps: Deps) {}

  /** a member's presence changed (came online, went offline) */
  userChanged(userId: number) {
    this.users.add(userId);
  }

  groupChanged(groupId: number) {
    this.groups.add(groupId);
  }

  /** count and announce what changed (the tick calls this; tests call it with their clock) */
  flush(): Promise<void> {
    return (this.running ??= this.run()
      .catch((err) => logUnexpected("group online counts", err))
      .finally(() => (this.running = null)));
  }

  /** resolves when a count in progress has finished */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run() {
    const { db, bus } = this.deps;
    const users = [...this.users];
    this.users.clear();
    if (users.length) {
      const rows = await db.select({ groupId: groupMembers.groupId }).from(groupMembers).where(inArray(groupMembers.userId, users));
      for (const r of rows) this.groups.add(r.groupId);
    }
    const due = [...this.groups];
    this.groups.clear();
    for (const groupId of due) {
      const number = await onlineNumber(this.deps, groupId);
      const t = clock.now();
      const [sent] = await db
        .update(groups)
        .set({ onlineNumber: number, onlineSentAt: t })
        .where(and(eq(groups.id, groupId), isNull(groups.dissolvedAt), ne(groups.onlineNumber, number), sql`${groups.onlineSentAt} <= ${t - ONLINE_ANNOUNCE_MS}`))
        .returning({ id: groups.id });
      if (sent) {
        const frame: ServerFrame = { eventType: 24, roomId: String(groupId), number: String(number), datetime: t };
        await bus.publish({ audiences: [audience.thread(groupId)], data: JSON.stringify(frame) });
      } else if (await changedButTooSoon(db, groupId, number)) {
        this.groups.add(groupId); // announced less than a second ago: the next tick says it
      }
    }
  }
}

async function changedButTooSoon(db: Db, groupId: number, number: number) {
  const [g] = await db.select({ n: groups.onlineNumber, d: groups.dissolvedAt }).from(groups).where(eq(groups.id, groupId)).limit(1);
  return !!g && g.d === null && g.n !== number;
}

/** members of the group with a live socket on any process */
export async function onlineNumber(deps: Deps, groupId: number): Promise<number> {
  const ids = await deps.db.select({ userId: groupMembers.userId }).from(groupMembers).where(eq(groupMembers.groupId, groupId));
  if (ids.length === 0) return 0;
  return (await deps.bus.presence.connected(ids.map((r) => r.userId))).size;
}

const trackers = new WeakMap<Deps["db"], GroupOnline>();
/** one tracker per database handle (tests run several Parleys in one process) */
export function groupOnline(deps: Deps): GroupOnline {
  let t = trackers.get(deps.db);
  if (!t) trackers.set(deps.db, (t = new GroupOnline(deps)));
  return t;
}

/** the tick (server/runtime.ts starts it with the server) */
export function startGroupOnline(deps: Deps, intervalMs = ONLINE_ANNOUNCE_MS) {
  const timer = setInterval(() => void groupOnline(deps).flush(), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await groupOnline(deps).idle();
    },
  };
}
