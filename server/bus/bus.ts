// Fan-out between Parley processes. Services publish *after* their transaction commits;
// every process's gateway receives every event and delivers it to its own sockets.
// Audiences name who should get a frame:
//   u:<userId>     every socket of a member/agent
//   v:<visitorId>  every socket of a visitor
//   sa:<siteId>    every agent socket of a site
//   ss:<siteId>    every supervisor socket of a site (they may follow any conversation)
export interface BusEvent {
  audiences: string[];
  /** the frame, serialized once for all recipients */
  data: string;
  /** connection that already has this frame (the sender's own ack) */
  exceptConn?: string;
}

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
  presence: Presence;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const audience = {
  user: (id: number | string) => `u:${id}`,
  visitor: (id: number | string) => `v:${id}`,
  siteAgents: (id: number | string) => `sa:${id}`,
  siteSupervisors: (id: number | string) => `ss:${id}`,
};
