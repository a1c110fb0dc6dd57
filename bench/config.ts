// Sizes of a full run (`npm run bench`) and of the smoke run CI does (`npm run bench -- --smoke`),
// which checks that the harness works end to end — not speed.
export interface BenchConfig {
  mode: "full" | "smoke";
  /** Idle: authenticated connections held open */
  idleConnections: number;
  /** Support: live conversations, a visitor and an agent each, both writing */
  conversations: number;
  /** aggregate messages/s offered per step, climbed until a step fails */
  ladder: number[];
  /** Group: members of one group, each on its own socket (all of them receive every message) */
  groupMembers: number;
  /** how many of the members write (the first ones; with two processes, half on each) */
  groupWriters: number;
  /**
   * the group's own ladder in messages/s: each message fans out to every member, so the rates
   * are far lower than support's. Parley takes at most 10 frames/s per socket
   * (server/realtime/close-codes.ts): the top rung ÷ groupWriters must stay within it
   */
  groupLadder: number[];
  /**
   * Room: connections in one public chat room (channelType 1), each joined on its own socket —
   * the first share members (API tokens), the rest guests (chatRoom.visit tokens).
   * BENCH_ROOM_CONNECTIONS overrides it (smaller while developing: 5,000 sockets load the machine)
   */
  roomConnections: number;
  /** of roomConnections, the share that are guests (anonymous visitors, who may not write) */
  roomGuestShare: number;
  /** how many members write (the first ones; with two processes, half on each) */
  roomWriters: number;
  /** the room's ladder in messages/s (× roomConnections deliveries); top ÷ roomWriters ≤ Parley's 10 frames/s */
  roomLadder: number[];
  /** the join storm: this many more sockets (the same mix) join the room within roomStormSpreadMs… */
  roomStormJoins: number;
  roomStormSpreadMs: number;
  /** …and one socket already in the room counts the online-count events until this long after the last join */
  roomStormAfterMs: number;
  warmupMs: number;
  measureMs: number;
  drainMs: number;
  /** bytes of text per message, the same for every server */
  msgBytes: number;
  /** History: messages in the table, conversations they are spread over */
  historyMessages: number;
  historyConversations: number;
  historyPages: number;
  historyWarmup: number;
  catchups: number;
  /** messages a reconnecting client missed */
  catchupMessages: number;
  /**
   * Packet: red packet claims over HTTP (the seed's /red-packet/receive-entry), a burst each.
   * Hot: one packet of packetHotShares shares, packetHotClaimers members claiming it at once
   */
  packetHotShares: number;
  packetHotClaimers: number;
  /** Spread: packetSpreadPackets packets of packetSpreadShares shares, packetSpreadClaimers members claiming each, all at once */
  packetSpreadPackets: number;
  packetSpreadShares: number;
  packetSpreadClaimers: number;
  /** keep-alive HTTP connections carrying a burst, in all (with two processes, half to each) */
  packetConcurrency: number;
  /** the target for a claim's latency (request → answer) on the hot packet */
  packetP99LimitMs: number;
  /** ack p99 a ladder step must stay under to pass */
  ackP99LimitMs: number;
  connectConcurrency: number;
}

export const FULL: BenchConfig = {
  mode: "full",
  idleConnections: 10_000,
  conversations: 1_000,
  // from 2,000 (every server passes the lower rates; the first rung also warms the JIT up)
  ladder: [2000, 4000, 5000, 6000, 7000, 8000, 10000, 12000, 14000, 16000, 20000, 24000, 32000, 40000, 48000],
  groupMembers: 500,
  groupWriters: 100,
  // × 500 members: 25,000 to 250,000 deliveries/s
  groupLadder: [50, 100, 150, 200, 250, 300, 400, 500, 600, 700, 800, 1000],
  roomConnections: 5_000,
  roomGuestShare: 0.5,
  roomWriters: 10,
  // × 5,000 connections: 10,000 to 500,000 deliveries/s. Fine at the bottom: a server that writes
  // each message to each socket on its own holds its event loop ~80 ms per message here, and
  // stops near 10/s; the halfway rung (to 1/s) fills the wider gaps above
  roomLadder: [2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 100],
  roomStormJoins: 1_000,
  roomStormSpreadMs: 1_000,
  roomStormAfterMs: 3_000,
  warmupMs: 1000,
  measureMs: 3000,
  drainMs: 1500,
  msgBytes: 100,
  historyMessages: 10_000_000,
  historyConversations: 1_000,
  historyPages: 2_000,
  historyWarmup: 200,
  catchups: 50,
  catchupMessages: 1_000,
  packetHotShares: 500,
  packetHotClaimers: 5_000,
  packetSpreadPackets: 100,
  packetSpreadShares: 20,
  packetSpreadClaimers: 50,
  // as many phones as pressed "open" at the same instant, on their own connections; the rest
  // queue behind them (a 5,000-socket burst would measure the loopback's accept queue)
  packetConcurrency: 256,
  packetP99LimitMs: 100,
  ackP99LimitMs: 100,
  connectConcurrency: 100,
};

export const SMOKE: BenchConfig = {
  mode: "smoke",
  idleConnections: 100,
  conversations: 20,
  ladder: [100, 200],
  groupMembers: 20,
  groupWriters: 2,
  groupLadder: [16],
  roomConnections: 30,
  roomGuestShare: 0.5,
  roomWriters: 2,
  roomLadder: [10],
  roomStormJoins: 20,
  roomStormSpreadMs: 1_000,
  roomStormAfterMs: 3_000,
  warmupMs: 300,
  measureMs: 700,
  drainMs: 3000,
  msgBytes: 100,
  historyMessages: 20_000,
  historyConversations: 20,
  historyPages: 40,
  historyWarmup: 5,
  catchups: 3,
  catchupMessages: 200,
  // CI: exactness, not speed — a few seconds in all
  packetHotShares: 20,
  packetHotClaimers: 100,
  packetSpreadPackets: 5,
  packetSpreadShares: 4,
  packetSpreadClaimers: 10,
  packetConcurrency: 20,
  packetP99LimitMs: 5_000,
  // the smoke run checks the harness, not speed: a loaded CI machine must not fail it
  ackP99LimitMs: 5_000,
  connectConcurrency: 20,
};
