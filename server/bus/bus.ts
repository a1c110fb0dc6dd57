// Fan-out between Parley processes. Services publish *after* their transaction commits;
// every process's gateway receives every event and delivers it to its own sockets.
// Audiences name who should get a frame:
//   u:<userId>     every socket of a member/agent
//   v:<visitorId>  every socket of a visitor
//   sa:<siteId>    every agent socket of a site
//   ss:<siteId>    every supervisor socket of a site (they may follow any conversation)
//   s:<sessionId>  every socket opened with one credential (so revoking it closes them)
//   r:<roomId>     every socket that joined a chat room (eventType 1), until it leaves
//   *              every member and guest socket
//   t:<threadId>   every socket of the members of a member-channel thread (a friend pair now;
//                  groups and chat rooms later): joined on connect, changed live by control events
export interface BusEvent {
  audiences: string[];
  /** the frame, serialized once for all recipients */
  data: string;
  /** connection that already has this frame (the sender's own ack) */
  exceptConn?: string;
}

/**
 * A change to the sockets themselves rather than a frame for them, carried to every process
 * (Centrifuge's control messages).
 * - `close`: end every socket of these audiences — a session that was revoked (`s:<sessionId>`)
 *   or everything of a user; `appCode` (-1007, -1003) is first told to the socket in an
 *   eventType 101 frame, so a client can say why.
 * - `subscribe` / `unsubscribe`: every socket of these audiences (`u:<userId>`) starts or stops
 *   receiving `add` / `remove` audiences (`t:<threadId>`): a new friend, a group join or leave.
 */
export type ControlEvent =
  | { type: "close"; audiences: string[]; code: number; reason: string; appCode?: number }
  | { type: "subscribe"; audiences: string[]; add: string[] }
  | { type: "unsubscribe"; audiences: string[]; remove: string[] };

export interface Presence {
  /** this connection of `userId` is alive (called on connect and on every heartbeat) */
  touch(userId: number, connId: string): Promise<void>;
  drop(userId: number, connId: string): Promise<void>;
  /** which of these users have at least one live connection in any process */
  connected(userIds: number[]): Promise<Set<number>>;
}

/** who is in a room on one process: distinct members and guests */
export type RoomCount = { users: number; visitors: number; /** the members' ids (admins see who is in a room) */ members: number[] };

/**
 * How many are in each chat room, summed over processes. Each process reports its own counts
 * (the whole table, every second) stamped with its clock; a report older than `ttlMs` is
 * ignored and pruned, so a process that died takes its share with it within that time.
 */
export interface RoomCounts {
  report(proc: string, counts: Record<string, RoomCount>, at: number): Promise<void>;
  /** the rooms' totals over the processes that reported since `now - ttlMs` (absent: nobody) */
  totals(roomIds: number[], now: number, ttlMs: number): Promise<Map<number, RoomCount>>;
  /** a process stopping cleanly withdraws its counts at once */
  withdraw(proc: string): Promise<void>;
}

/** sums the processes' reports (both buses keep them as proc → JSON {at, counts}) */
export function sumRoomReports(reports: Iterable<[string, string]>, roomIds: number[], now: number, ttlMs: number) {
  const want = new Set(roomIds.map(String));
  const out = new Map<number, RoomCount>();
  const stale: string[] = [];
  for (const [proc, raw] of reports) {
    let r: { at: number; counts: Record<string, RoomCount> };
    try {
      r = JSON.parse(raw);
    } catch {
      stale.push(proc);
      continue;
    }
    if (r.at < now - ttlMs) {
      stale.push(proc);
      continue;
    }
    for (const [room, c] of Object.entries(r.counts)) {
      if (!want.has(room)) continue;
      const t = out.get(Number(room)) ?? { users: 0, visitors: 0, members: [] };
      t.users += c.users;
      t.visitors += c.visitors;
      t.members.push(...(c.members ?? []));
      out.set(Number(room), t);
    }
  }
  return { totals: out, stale };
}

export interface Bus {
  readonly kind: "memory" | "redis";
  publish(event: BusEvent): Promise<void>;
  /** returns an unsubscribe function */
  subscribe(handler: (event: BusEvent) => void): () => void;
  /** every process, this one included, gets it once */
  publishControl(event: ControlEvent): Promise<void>;
  subscribeControl(handler: (event: ControlEvent) => void): () => void;
  presence: Presence;
  roomCounts: RoomCounts;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const audience = {
  user: (id: number | string) => `u:${id}`,
  visitor: (id: number | string) => `v:${id}`,
  siteAgents: (id: number | string) => `sa:${id}`,
  siteSupervisors: (id: number | string) => `ss:${id}`,
  /** every socket opened with one credential (Principal.sessionId) */
  session: (id: string) => `s:${id}`,
  /** every socket of the members of a member-channel thread */
  thread: (id: number | string) => `t:${id}`,
  /** every socket that joined a chat room (eventType 1), members and guests */
  room: (id: number | string) => `r:${id}`,
  /** every member and guest socket (a room opening, event 7, is news to everyone) */
  everyone: "*",
};
