// Fan-out between Parley processes. Services publish *after* their transaction commits;
// every process's gateway receives every event and delivers it to its own sockets.
// Audiences name who should get a frame:
//   u:<userId>     every socket of a member/agent
//   v:<visitorId>  every socket of a visitor
//   sa:<siteId>    every agent socket of a site
//   ss:<siteId>    every supervisor socket of a site (they may follow any conversation)
//   s:<sessionId>  every socket opened with one credential (so revoking it closes them)
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

export interface Bus {
  readonly kind: "memory" | "redis";
  publish(event: BusEvent): Promise<void>;
  /** returns an unsubscribe function */
  subscribe(handler: (event: BusEvent) => void): () => void;
  /** every process, this one included, gets it once */
  publishControl(event: ControlEvent): Promise<void>;
  subscribeControl(handler: (event: ControlEvent) => void): () => void;
  presence: Presence;
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
};
