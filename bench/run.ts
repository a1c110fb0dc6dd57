// `npm run bench`: Parley side by side with a bare `ws` relay (the ceiling) and a typical
// Socket.IO + INSERT server, on this machine, in one run. Every figure that matters is read
// as a ratio against the peers measured minutes apart by the same generator.
//
//   npm run bench                      full run (~7 min; the first run also builds 10M history rows)
//   npm run bench -- --smoke           tiny sizes: checks the harness works (CI runs this)
//   npm run bench -- --only=parley,typical --scenarios=support
//   npm run bench -- --scenarios=group --group-ladder=100,200   one 500-member group, every member receiving
//   npm run bench -- --scenarios=room --room-ladder=20,40   5,000 sockets in one chat room, and a join storm
//   BENCH_ROOM_CONNECTIONS=1000 npm run bench -- --scenarios=room   the same, smaller
//   BENCH_PARLEY_DIR=../old npm run bench -- --only=parley   measure another checkout of Parley
//   npm run bench -- --scenarios=packet   red packet claims over HTTP: one hot packet, then 100 at once; Parley beside a naive peer
//   BENCH_BASE_DIR=../old npm run bench -- --only=typical,parley,parley-base
//                                      before/after in one run: "parley-base" is that checkout, beside this one
//
// Needs PostgreSQL (DATABASE_URL; the benchmark makes its own databases beside the one named)
// and Redis (REDIS_URL) for the two-process run.
import { writeFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { FULL, SMOKE, type BenchConfig } from "./config";
import type { ClientSpec, ServerKind } from "./load/clients";
import { cpuMs, cpuMsOfNamed, hasTaskset, machineCpuMs, ROOT, startChild, type Child } from "./lib/proc";
import { machineInfo } from "./lib/machine";
import type { ClaimsResult } from "./load/claims";
import {
  renderMarkdown,
  type BenchResult,
  type GroupResult,
  type IdleResult,
  type LadderResult,
  type PacketResult,
  type PacketWorkload,
  type RoomResult,
  type StepResult,
  type StormResult,
  type SupportResult,
  type HistoryResult,
} from "./lib/report";
import {
  BENCH_SECRET,
  createGroup,
  createIdleVisitors,
  createPacketFixture,
  createRoom,
  createSupportPairs,
  ensureHistory,
  PACKET_DECIMALS,
  packetOutcome,
  peerToken,
  prepareRunDatabase,
  sendPackets,
  type GroupFixture,
  type PacketFixture,
  type PacketSpec,
  type Pair,
  type RoomFixture,
  type Sql,
} from "./setup";
import { NO_ROOM } from "./servers/probe";
import { RATE_PER_SECOND } from "../server/realtime/close-codes";

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const cfg: BenchConfig = { ...(args.includes("--smoke") ? SMOKE : FULL) };
// --ladder=500,700,900 replaces the rate ladder (for profiling one rate, or a finer search)
if (arg("ladder")) cfg.ladder = arg("ladder")!.split(",").map(Number);
// --group-ladder=100,150 the same for the group scenario
if (arg("group-ladder")) cfg.groupLadder = arg("group-ladder")!.split(",").map(Number);
// --room-ladder=20,40 the same for the room scenario; BENCH_ROOM_CONNECTIONS=1000 a smaller room
if (arg("room-ladder")) cfg.roomLadder = arg("room-ladder")!.split(",").map(Number);
if (process.env.BENCH_ROOM_CONNECTIONS) cfg.roomConnections = Number(process.env.BENCH_ROOM_CONNECTIONS);
if (process.env.BENCH_ROOM_STORM) cfg.roomStormJoins = Number(process.env.BENCH_ROOM_STORM);

const TARGETS = [
  { id: "ceiling", label: "ceiling: bare ws relay, stores nothing", kind: "ceiling", procs: 1, script: "bench/servers/ceiling.ts", redis: false },
  { id: "typical", label: "typical: Socket.IO 4 + one INSERT per message", kind: "typical", procs: 1, script: "bench/servers/typical.ts", redis: false },
  // the packet scenario's peer (only there): node:http, one transaction per claim on the same tables
  { id: "naive-packets", label: "naive: node:http + one transaction per claim", kind: "naive", procs: 1, script: "bench/servers/naive-packets.ts", redis: false },
  { id: "parley", label: "Parley, one process", kind: "parley", procs: 1, script: "bench/servers/parley.ts", redis: false },
  { id: "parley-redis", label: "Parley, two processes over Redis", kind: "parley", procs: 2, script: "bench/servers/parley.ts", redis: true },
  // only with BENCH_BASE_DIR: another checkout (the version before a change), measured in the same run
  { id: "parley-base", label: "Parley before (BENCH_BASE_DIR), one process", kind: "parley", procs: 1, script: "bench/servers/parley.ts", redis: false },
] as const;
type Target = (typeof TARGETS)[number];
const baseDir = process.env.BENCH_BASE_DIR ? path.resolve(process.env.BENCH_BASE_DIR) : "";
/**
 * The largest catch-up (afterId) page each server's API allows: a client catching up asks for as
 * much as it may. Parley allows 500 (200 before it let catch-up pages be larger; BENCH_BASE_CATCHUP
 * for another base), the typical server 100.
 */
const catchUpLimit = (t: Target) => (t.id === "typical" ? 100 : t.id === "parley-base" ? Number(process.env.BENCH_BASE_CATCHUP ?? 200) : 500);

const only = arg("only")?.split(",");
const scenarios = arg("scenarios")?.split(",") ?? ["idle", "support", "group", "room", "history", "packet"];
/** the chat scenarios are for the chat servers; the packet scenario for Parley and its naive peer */
const CHAT_SCENARIOS = ["idle", "support", "group", "room", "history"];
const takesPacket = (t: Target) => t.kind === "parley" || t.kind === "naive";
const takesChat = (t: Target) => t.kind !== "naive";
// (a server none of the chosen scenarios is for is not started)
const takesAny = (t: Target) => (takesPacket(t) && scenarios.includes("packet")) || (takesChat(t) && scenarios.some((x) => CHAT_SCENARIOS.includes(x)));
const targets = TARGETS.filter((t) => (t.id !== "parley-base" || baseDir) && (!only || only.includes(t.id)) && takesAny(t));
const adminUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const dbName = process.env.BENCH_DB_NAME ?? (cfg.mode === "smoke" ? "parley_bench_smoke" : "parley_bench");

const log = (s: string) => console.log(`[bench] ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const f1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

if (!adminUrl) {
  console.error("[bench] DATABASE_URL is not set: the benchmark needs a PostgreSQL server (it creates its own databases on it).");
  process.exit(2);
}
// Parley refuses a socket's frames past RATE_PER_SECOND: a rung that needs more per writer would
// measure that limit, not fan-out (the peers have none)
const perWriter = Math.max(...cfg.groupLadder) / cfg.groupWriters;
if (scenarios.includes("group") && targets.some((t) => t.kind === "parley") && perWriter > RATE_PER_SECOND) {
  console.error(
    `[bench] the group ladder's top rung needs ${perWriter} messages/s per writer; Parley takes ${RATE_PER_SECOND} frames/s per socket. ` +
      `Use more writers (groupWriters in bench/config.ts) or a lower ladder.`,
  );
  process.exit(2);
}
const perRoomWriter = Math.max(...cfg.roomLadder) / cfg.roomWriters;
if (scenarios.includes("room") && targets.some((t) => t.kind === "parley") && perRoomWriter > RATE_PER_SECOND) {
  console.error(
    `[bench] the room ladder's top rung needs ${perRoomWriter} messages/s per writer; Parley takes ${RATE_PER_SECOND} frames/s per socket. ` +
      `Use more writers (roomWriters in bench/config.ts) or a lower ladder.`,
  );
  process.exit(2);
}
// every client socket of the room (and its storm) is a file descriptor in the generator, every
// server socket one in a server: Node raises its soft limit to the hard one, so the hard one counts
if (scenarios.includes("room")) {
  const need = cfg.roomConnections + cfg.roomStormJoins + 200;
  const hard = /^Max open files\s+\S+\s+(\S+)/m.exec(readFileSyncSafe("/proc/self/limits"))?.[1];
  if (hard && hard !== "unlimited" && Number(hard) < need) {
    console.error(`[bench] the room scenario needs ${need} open files per process (ulimit -Hn is ${hard}): raise it (ulimit -n ${need}) or set BENCH_ROOM_CONNECTIONS lower.`);
    process.exit(2);
  }
}
if (targets.some((t) => t.redis) && !redisUrl) {
  console.error("[bench] REDIS_URL is not set: the two-process run needs Redis (or leave it out with --only=ceiling,typical,parley).");
  process.exit(2);
}

// The servers share core 0 and the generator has core 1: PostgreSQL and Redis float.
const SERVER_CPU = 0;
const GENERATOR_CPU = 1;

async function startServers(t: Target, dbUrl: string): Promise<Child[]> {
  const env: Record<string, string> = {
    BENCH_DB_URL: dbUrl,
    BENCH_SECRET,
    AUTH_SECRET: "bench-auth-secret",
    PORT: "0",
    PARLEY_DEMO: "0",
  };
  if (t.redis) env.BENCH_REDIS_URL = redisUrl!;
  if (t.id === "parley-base") env.BENCH_PARLEY_DIR = baseDir;
  const out: Child[] = [];
  // one after another: Parley runs its (already applied) migrations at start
  for (let i = 0; i < t.procs; i++) out.push(await startChild(t.script, { cpu: SERVER_CPU, env, name: `${t.id}#${i + 1}` }));
  return out;
}

type Probe = { heapUsed: number; rss: number; eldP99Ms: number; eldMaxMs: number; gcExposed: boolean };
async function probe(servers: Child[]) {
  const all = await Promise.all(servers.map((s) => s.request<Probe>({ cmd: "stats" })));
  return {
    heapUsed: all.reduce((a, p) => a + p.heapUsed, 0),
    rss: all.reduce((a, p) => a + p.rss, 0),
    eldP99Ms: Math.max(...all.map((p) => p.eldP99Ms)),
    eldMaxMs: Math.max(...all.map((p) => p.eldMaxMs)),
  };
}
const resetProbes = (servers: Child[]) => Promise.all(servers.map((s) => s.request({ cmd: "reset" })));
const serverCpu = (servers: Child[]) => servers.reduce((a, s) => a + cpuMs(s.pid), 0);
const dbCpu = () => cpuMsOfNamed(["postgres", "redis-server"]);
const urlOf = (servers: Child[], i: number) => String(servers[i % servers.length].ready.url);

async function runIdle(t: Target, servers: Child[], gen: Child, tokens: string[]): Promise<IdleResult> {
  const specs: ClientSpec[] = tokens.map((token, i) =>
    t.kind === "parley" ? { url: urlOf(servers, i), token, target: "" } : { url: urlOf(servers, i), token: peerToken(`i${i}`, `idle${i}`), target: `idle${i}` },
  );
  await sleep(300);
  const before = await probe(servers);
  const c = await gen.request<{ connected: number; failed: number; firstError: string; ms: number }>({
    cmd: "connect",
    kind: t.kind,
    clients: specs,
    concurrency: cfg.connectConcurrency,
  });
  if (c.failed) log(`  ${c.failed} connections failed: ${c.firstError}`);
  await sleep(1000);
  const after = await probe(servers);
  await gen.request({ cmd: "close" });
  await sleep(500);
  const n = Math.max(1, c.connected);
  return {
    connections: c.connected,
    failed: c.failed,
    connectMs: c.ms,
    heapPerConnKB: (after.heapUsed - before.heapUsed) / n / 1024,
    rssPerConnKB: (after.rss - before.rss) / n / 1024,
    heapTotalMB: after.heapUsed / 2 ** 20,
    rssTotalMB: after.rss / 2 ** 20,
  };
}

/** every rung of every server gets its own number: msgIds must never repeat within a run, or
 * Parley (rightly) treats them as resends of messages it already stored */
let stepCounter = 0;

async function connectAll(t: Target, gen: Child, specs: ClientSpec[]) {
  const c = await gen.request<{ connected: number; failed: number; firstError: string }>({ cmd: "connect", kind: t.kind, clients: specs, concurrency: cfg.connectConcurrency });
  if (c.failed) throw new Error(`${t.id}: ${c.failed} of ${specs.length} clients could not connect: ${c.firstError}`);
}

async function runSupport(t: Target, servers: Child[], gen: Child, pairs: Pair[]): Promise<SupportResult> {
  // a visitor and an agent per conversation; with two processes they sit on different ones
  const specs: ClientSpec[] = [];
  pairs.forEach((p, i) => {
    if (t.kind === "parley") {
      specs.push({ url: urlOf(servers, i), token: p.visitorToken, target: p.conversationId });
      specs.push({ url: urlOf(servers, process.env.BENCH_SAME_PROCESS ? i : i + 1), token: p.agentToken, target: p.conversationId });
    } else {
      specs.push({ url: urlOf(servers, 0), token: peerToken(`v${i}`, p.room), target: p.room });
      specs.push({ url: urlOf(servers, 0), token: peerToken(`a${i}`, p.room), target: p.room });
    }
  });
  await connectAll(t, gen, specs);
  const ladder = await climb(t, servers, gen, cfg.ladder, {}, 1);
  await gen.request({ cmd: "close" });
  await sleep(500);
  return { conversations: pairs.length, ...ladder };
}

/**
 * One group: every member on its own socket (with two processes, alternately on each), the first
 * `groupWriters` of them writing. Each message must reach all the other members; the sender's
 * ack is its copy. Deliveries/s = messages/s × members.
 */
async function runGroup(t: Target, servers: Child[], gen: Child, g: GroupFixture): Promise<GroupResult> {
  const members = g.memberTokens.length;
  const specs: ClientSpec[] = g.memberTokens.map((token, i) =>
    t.kind === "parley"
      ? { url: urlOf(servers, process.env.BENCH_SAME_PROCESS ? 0 : i), token, target: g.groupId, channelType: 2, slot: i }
      : { url: urlOf(servers, 0), token: peerToken(`m${i}`, g.room), target: g.room, slot: i },
  );
  await connectAll(t, gen, specs);
  const writers = Array.from({ length: Math.min(cfg.groupWriters, members) }, (_, i) => i);
  const ladder = await climb(t, servers, gen, cfg.groupLadder, { writers, recipients: members - 1, slots: members }, members);
  await gen.request({ cmd: "close" });
  await sleep(500);
  // a Parley without the group channel refuses every message with -1001
  if (!ladder.best && ladder.steps[0]?.failures["-1001"]) ladder.stopReason += " (this Parley does not carry groups: channelType 2 is -1001)";
  return { members, writers: writers.length, ...ladder };
}

/**
 * One public chat room (channelType 1) with `roomConnections` sockets, each joined with a join
 * frame: the first `1 - roomGuestShare` of them members, the rest guests (with two processes,
 * alternately on each). The first `roomWriters` members write; every message must reach every
 * other socket, the sender's ack is its copy. Before the ladder, the join storm: `roomStormJoins`
 * more sockets, connected beforehand, join within `roomStormSpreadMs`, and the last socket of the
 * room counts the online-count events (Parley's event 24) it gets until `roomStormAfterMs` after
 * the last join; then the leave storm: the same sockets close within `roomStormSpreadMs`, counted the same way.
 */
async function runRoom(t: Target, servers: Child[], gen: Child, r: RoomFixture): Promise<RoomResult> {
  const n = cfg.roomConnections;
  const storm = cfg.roomStormJoins;
  const guestsIn = Math.round(n * cfg.roomGuestShare);
  const membersIn = n - guestsIn;
  const stormGuests = Math.round(storm * cfg.roomGuestShare);
  const writers = Array.from({ length: Math.min(cfg.roomWriters, membersIn) }, (_, i) => i);
  const base = { connections: n, members: membersIn, guests: guestsIn, writers: writers.length };
  // a client list: members (API tokens) then guests (visit tokens) — peers: HMAC tokens in no room
  const specsOf = async (members: string[], guests: number, tag: string, slot0: number): Promise<ClientSpec[]> => {
    const guestTokens =
      t.kind === "parley" && guests ? (await servers[0].request<{ tokens: string[] }>({ cmd: "room-guests", n: guests })).tokens : Array.from({ length: guests }, () => "");
    const tokens = [...members, ...guestTokens];
    return tokens.map((token, i) =>
      t.kind === "parley"
        ? { url: urlOf(servers, process.env.BENCH_SAME_PROCESS ? 0 : slot0 + i), token, target: r.groupId, channelType: 1, room: r.groupId, slot: slot0 + i }
        : { url: urlOf(servers, 0), token: peerToken(`${i < members.length ? "m" : "g"}${tag}${i}`, NO_ROOM), target: r.room, room: r.room, slot: slot0 + i },
    );
  };
  let specs: ClientSpec[];
  try {
    specs = await specsOf(r.memberTokens.slice(0, membersIn), guestsIn, "", 0);
  } catch (err) {
    // a Parley without chat rooms (another checkout): nothing to measure
    return { ...base, steps: [], best: null, stopReason: `not measured: ${String(err).slice(0, 200)}`, generatorBound: false };
  }
  const c = await gen.request<{ connected: number; failed: number; firstError: string; ms: number }>(
    { cmd: "connect", kind: t.kind, clients: specs, concurrency: cfg.connectConcurrency, join: true },
    600_000,
  );
  log(`  ${c.connected} of ${n} connected and joined in ${(c.ms / 1000).toFixed(1)} s${c.failed ? `; ${c.failed} failed: ${c.firstError}` : ""}`);
  if (c.failed) {
    await gen.request({ cmd: "close" });
    await sleep(500);
    const why = / -1001\b|refused: -1001/.test(c.firstError) ? " (this Parley does not carry chat rooms: eventType 1 is -1001)" : "";
    return { ...base, steps: [], best: null, stopReason: `${c.failed} of ${n} could not connect and join: ${c.firstError}${why}`, generatorBound: false, connectMs: c.ms };
  }
  // the storms first, on a quiet server (after a ladder's last, failed rung a backlog may still be
  // going out), then the ladder on the room as it was
  let stormResult: StormResult | undefined;
  let leaveResult: StormResult | undefined;
  if (storm > 0) {
    const stormSpecs = await specsOf(r.memberTokens.slice(membersIn, membersIn + storm - stormGuests), stormGuests, "s", n);
    const s = await gen.request<{ connected: number; failed: number; firstError: string; from: number }>(
      { cmd: "connect", kind: t.kind, clients: stormSpecs, concurrency: cfg.connectConcurrency, append: true },
      600_000,
    );
    if (s.failed) log(`  join storm: ${s.failed} of ${storm} could not connect: ${s.firstError}`);
    await sleep(STORM_SETTLE_MS); // the connects settle, and any count they cause is said, before the storm
    const stormOf = async (leave: boolean): Promise<StormResult> => {
      const res = await gen.request<Omit<StormResult, "expectedNumber">>(
        { cmd: "storm", leave, from: s.from, count: storm, spreadMs: cfg.roomStormSpreadMs, afterMs: cfg.roomStormAfterMs, observer: n - 1 },
        120_000,
      );
      const expected = t.kind === "parley" ? (leave ? n : n + storm) : null;
      log(
        `  ${leave ? "leave" : "join"} storm: ${leave ? `${res.joins} sockets closed` : `${res.joined} of ${res.joins} joined, join p50 ${res.join.p50} ms p99 ${res.join.p99} ms,`} in ${res.sendMs} ms; ` +
          (t.kind === "parley"
            ? `observer got ${res.countEvents} count events in ${(res.windowMs / 1000).toFixed(1)} s` +
              `${res.minGapMs !== null ? `, ≥ ${res.minGapMs} ms apart by the server's clock` : ""} (${res.events.map((e) => `${e.atMs} ms: ${e.number}`).join(", ") || "none"}; ends at ${expected})`
            : "no online count (the peers keep none)"),
      );
      return { ...res, expectedNumber: expected };
    };
    stormResult = await stormOf(false);
    leaveResult = await stormOf(true);
    await sleep(STORM_SETTLE_MS);
  }
  const ladder = await climb(t, servers, gen, cfg.roomLadder, { writers, recipients: n - 1, slots: n }, n, { halfwayUnit: 1, quiet: true });
  await gen.request({ cmd: "close" });
  await sleep(1000);
  return { ...base, connectMs: c.ms, ...ladder, storm: stormResult, leave: leaveResult };
}

/** other processes above this share of a core make a rung's failure suspect (climb's `quiet`) */
const BUSY_PCT = 25;
/** how long a rung waits at most for the machine's other processes to calm down */
const QUIET_WAIT_MS = 20_000;

/** until the machine's other processes used under BUSY_PCT / 2 of a core for half a second (or QUIET_WAIT_MS passed) */
async function untilQuiet(ours: () => number) {
  const t0 = Date.now();
  let others = 0;
  while (Date.now() - t0 < QUIET_WAIT_MS) {
    const m0 = machineCpuMs() - ours();
    const w0 = Date.now();
    await sleep(500);
    others = ((machineCpuMs() - ours() - m0) / (Date.now() - w0)) * 100;
    if (others < BUSY_PCT / 2) return;
  }
  log(`  (other processes still took ${Math.round(others)}% of a core after ${QUIET_WAIT_MS / 1000} s: measuring anyway)`);
}

/** a pause for the room to settle before and after the storms: longer than the online count's 1 s tick */
const STORM_SETTLE_MS = 1500;

function readFileSyncSafe(file: string) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/**
 * Climbs a rate ladder on the connected clients. `fanout` is what one message costs in
 * deliveries (1 in a conversation, the member count in a group): CPU is counted per 1,000 of them.
 */
async function climb(
  t: Target,
  servers: Child[],
  gen: Child,
  ladder: number[],
  extra: { writers?: number[]; recipients?: number; slots?: number },
  fanout: number,
  opts: {
    /** the halfway rung is rounded to this (default: 500/s in support, 10/s in a group; the room's: 1/s) */
    halfwayUnit?: number;
    /**
     * mind the neighbours (the room, whose rungs sit close to the limit): each rung waits for the
     * machine's other processes to calm down first (up to QUIET_WAIT_MS), and a rung that failed
     * on latency while they were busy (≥ BUSY_PCT of a core) is tried again, up to twice more
     */
    quiet?: boolean;
  } = {},
): Promise<LadderResult> {
  const steps: StepResult[] = [];
  let best: StepResult | null = null;
  let stopReason = "the ladder's top rate passed";
  // everything else on the machine (the other tenants of its two cores) = all CPU less ours
  const ours = () => serverCpu(servers) + dbCpu() + cpuMs(gen.pid) + cpuMs(process.pid);
  const rung = async (rate: number): Promise<StepResult> => {
    if (opts.quiet) await untilQuiet(ours);
    await resetProbes(servers);
    const cpu0 = serverCpu(servers);
    const db0 = dbCpu();
    const wall0 = Date.now();
    const machine0 = machineCpuMs() - ours();
    const r = await gen.request<Omit<StepResult, "serverCpuMsPer1k" | "dbCpuMsPer1k" | "eldP99Ms" | "passed" | "why">>(
      { cmd: "run", step: stepCounter++, rate, warmupMs: cfg.warmupMs, measureMs: cfg.measureMs, drainMs: cfg.drainMs, msgBytes: cfg.msgBytes, ...extra },
      120_000,
    );
    const cpu = serverCpu(servers) - cpu0;
    const db = dbCpu() - db0;
    const othersCpuPct = Math.max(0, Math.round(((machineCpuMs() - ours() - machine0) / Math.max(1, Date.now() - wall0)) * 100));
    const p = await probe(servers);
    // per 1,000 messages delivered; in a group per 1,000 copies on members' sockets (the acks included)
    const thousands = Math.max(1, fanout > 1 ? r.deliveriesAll + r.ackedAll : r.deliveredAll) / 1000;
    const why: string[] = [];
    if (r.ack.p99 > cfg.ackP99LimitMs) why.push(`ack p99 ${r.ack.p99} ms > ${cfg.ackP99LimitMs}`);
    if (r.reach < 1 || r.ackReach < 1) why.push(`reach ${r.reach.toFixed(4)}, acked ${r.ackReach.toFixed(4)}`);
    if (r.failed) why.push(`${r.failed} refused ${JSON.stringify(r.failures)}`);
    const lost = Object.values(r.lost).reduce((a, n) => a + n, 0);
    if (lost) why.push(`the server closed ${lost} connections ${JSON.stringify(r.lost)}`);
    if (r.sentRate < rate * 0.95) why.push(`generator sent only ${Math.round(r.sentRate)}/s`);
    const step: StepResult = { ...r, serverCpuMsPer1k: cpu / thousands, dbCpuMsPer1k: db / thousands, eldP99Ms: p.eldP99Ms, othersCpuPct, passed: why.length === 0, why: why.join("; ") };
    steps.push(step);
    log(
      `  ${t.id} ${rate}/s: delivered ${Math.round(r.deliveredRate)}/s${fanout > 1 ? ` (${Math.round(r.deliveredRate * fanout)} deliveries/s)` : ""} reach ${r.reach.toFixed(4)} ` +
        `ack p99 ${r.ack.p99} ms, recv p99 ${r.latency.p99} ms${fanout > 1 ? `, last member p99 ${r.latencyLast.p99} ms` : ""}, ` +
        `server ${f1(step.serverCpuMsPer1k)} CPU-ms/1k${fanout > 1 ? " deliveries" : ""}, loop max ${Math.round(p.eldMaxMs)} ms, generator ${r.generatorCpuPct}%${othersCpuPct >= 10 ? `, other processes ${othersCpuPct}% of a core` : ""} ${step.passed ? "✓" : `✗ ${step.why}`}`,
    );
    await sleep(300);
    return step;
  };
  // Two cores shared by everything: a rung can fail on a passing hiccup of the machine (another
  // process's burst, a page-cache refill). A rung that fails on latency alone is tried once
  // more, the same for every server; both tries stay in the step table.
  const latencyAlone = (x: StepResult) => !x.passed && /^ack p99 [^;]*$/.test(x.why) && x.generatorCpuPct < 90;
  const tryRung = async (rate: number) => {
    const first = await rung(rate);
    if (!latencyAlone(first)) return first;
    first.why += " (tried again)";
    let step = await rung(rate);
    for (let extraTries = 0; opts.quiet && extraTries < 2 && latencyAlone(step) && (step.othersCpuPct ?? 0) >= BUSY_PCT; extraTries++) {
      step.why += ` (tried again: other processes took ${step.othersCpuPct}% of a core)`;
      step = await rung(rate);
    }
    return step;
  };
  let failedAt: number | null = null;
  for (const rate of ladder) {
    const step = await tryRung(rate);
    if (!step.passed) {
      stopReason = `${rate}/s failed: ${step.why}`;
      // the generator's own delays count in the latencies it measures
      if (step.generatorCpuPct >= 90) stopReason += ` (the generator was at ${step.generatorCpuPct}% of its core)`;
      failedAt = rate;
      break;
    }
    best = step;
    if (step.generatorCpuPct >= 90) {
      stopReason = `generator saturated at ${rate}/s (${step.generatorCpuPct}% of its core): the server may go higher`;
      break;
    }
  }
  // one more rung halfway into a wide last gap, so the answer is not just the ladder's spacing
  if (failedAt !== null && best && failedAt - best.offeredRate > best.offeredRate * 0.1) {
    // to 500/s in support, 10/s in a group's ladder
    const unit = opts.halfwayUnit ?? (ladder[0] >= 1000 ? 500 : 10);
    const mid = Math.round((best.offeredRate + failedAt) / 2 / unit) * unit;
    // (only strictly between the two: a gap of one unit has no halfway rung)
    if (mid > best.offeredRate && mid < failedAt) {
      const step = await tryRung(mid);
      if (step.passed) best = step;
      stopReason += `; halfway rung ${mid}/s ${step.passed ? "passed" : `failed: ${step.why}`}`;
    }
  }
  return { steps, best, stopReason, generatorBound: stopReason.startsWith("generator") };
}

async function runHistory(t: Target, servers: Child[], gen: Child, h: Awaited<ReturnType<typeof ensureHistory>>): Promise<HistoryResult> {
  // message g belongs to conversation g mod N: a random g is a random conversation at a
  // random depth, uniformly from the newest page to the very first
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const N = h.conversations;
  const targetOf = (g: number) => (t.kind === "parley" ? h.convIds[g % N] : `h${g % N}`);
  // (past the conversation's first 50 messages, so every page is a full one)
  const pages = Array.from({ length: cfg.historyPages }, () => {
    const g = 1 + 50 * N + rand(h.messages - 50 * N);
    return { target: targetOf(g), before: String(g) };
  });
  // a client that saw message g and then missed the next catchupMessages of its conversation
  const catchups = Array.from({ length: cfg.catchups }, () => {
    const g = 1 + rand(h.messages - cfg.catchupMessages * N);
    return { target: targetOf(g), after: String(g), count: cfg.catchupMessages };
  });
  const token = t.kind === "parley" ? h.agentToken : peerToken("reader", "h0");
  const results = [];
  // with two processes, half the reads go to each
  for (const [i, s] of servers.entries()) {
    results.push(
      await gen.request<HistoryResult>({
        cmd: "history",
        kind: t.kind,
        spec: { url: String(s.ready.url), token, target: "" },
        pages: pages.filter((_, j) => j % servers.length === i),
        catchups: catchups.filter((_, j) => j % servers.length === i),
        catchUpLimit: catchUpLimit(t),
        warmup: Math.floor(cfg.historyWarmup / servers.length),
      }),
    );
  }
  // latencies of the slower process (a reader does not choose); counts of both
  const slow = [...results].sort((a, b) => b.pages.p99 - a.pages.p99)[0];
  return {
    ...slow,
    caughtUp: results.reduce((a, x) => a + x.caughtUp, 0),
    rowsPerPage: results.reduce((a, x) => a + x.rowsPerPage, 0) / results.length,
  };
}

/** a target's packets, sent before any server is measured: its own coin, a warm-up packet, the hot one, the spread ones */
interface TargetPackets {
  coin: number;
  warmup: string;
  hot: string;
  spread: string[];
}

/** every share is worth 2.00 on average (lucky shares: some more, some less, none below 0.01) */
const packetTotal = (shares: number) => (shares * 2).toFixed(PACKET_DECIMALS);
/** the claimers: enough for the hot packet (and its warm-up twin), for the spread (one packet each) and for the connections */
const packetMembers = () => Math.max(cfg.packetHotClaimers, cfg.packetSpreadPackets * cfg.packetSpreadClaimers, cfg.packetConcurrency);

/**
 * Every packet-scenario server's packets, sent before any is measured by a Parley of this
 * checkout started for it alone (the naive peer sends none; an older Parley's own door may
 * differ): for each server a coin of its own, the sender credited (admin.credit), and its
 * packets sent into the room with redPacket.send — fresh packets for every server.
 */
async function sendEveryonesPackets(dbUrl: string, f: PacketFixture, ts: Target[]): Promise<Map<string, TargetPackets>> {
  const t0 = Date.now();
  const sender = await startChild("bench/servers/parley.ts", {
    name: "packet-sender",
    env: { BENCH_DB_URL: dbUrl, BENCH_SECRET, AUTH_SECRET: "bench-auth-secret", PORT: "0", PARLEY_DEMO: "0", BENCH_PARLEY_DIR: "", BENCH_REDIS_URL: "" },
  });
  const out = new Map<string, TargetPackets>();
  try {
    for (const t of ts) {
      const hot: PacketSpec = { count: cfg.packetHotShares, total: packetTotal(cfg.packetHotShares) };
      const specs: PacketSpec[] = [
        hot, // the warm-up: a hot packet of its own
        hot,
        ...Array.from({ length: cfg.packetSpreadPackets }, () => ({ count: cfg.packetSpreadShares, total: packetTotal(cfg.packetSpreadShares) })),
      ];
      const { coin, packetIds } = await sendPackets(String(sender.ready.url), f, specs);
      out.set(t.id, { coin, warmup: packetIds[0], hot: packetIds[1], spread: packetIds.slice(2) });
    }
  } finally {
    await sender.stop();
  }
  log(`red packets sent for ${ts.map((t) => t.id).join(", ")} (${ts.length * (cfg.packetSpreadPackets + 2)} packets) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

/** flush what earlier runs left dirty, so no server's burst shares its seconds with a checkpoint it did not cause */
async function checkpoint(sql: Sql) {
  try {
    await sql`checkpoint`;
  } catch {
    // not a superuser: the burst may meet a checkpoint, as it would in production
  }
}

/**
 * Red packets over HTTP: a warm-up burst (a hot packet of its own, claimed as the measured
 * one is; reported, not a target), the hot packet (every claimer at once on one packet), then the spread (every packet's
 * claimers at once, interleaved). After each burst the database is asked what it holds.
 */
async function runPacket(servers: Child[], gen: Child, sql: Sql, f: PacketFixture, tp: TargetPackets): Promise<PacketResult> {
  const urls = servers.map((s) => String(s.ready.url));
  const burst = (claims: { token: string; packetId: string }[]) =>
    gen.request<ClaimsResult>({ cmd: "claims", urls, claims, concurrency: cfg.packetConcurrency, decimals: PACKET_DECIMALS }, 600_000);
  // the warm-up is a hot packet of its own, claimed like the measured one: it opens the
  // connections and fills the pool, and the server's code paths (the JIT's) and the database's
  // connections (plans, trigger functions) are warm, as a server that has been running is
  const warmup = await burst(f.memberTokens.slice(0, cfg.packetHotClaimers).map((token) => ({ token, packetId: tp.warmup })));
  log(`  warm-up: ${warmup.answered} of ${warmup.claims} answered in ${warmup.ms} ms = ${Math.round(warmup.claimsPerSec)} claims/s ${JSON.stringify(warmup.codes)}; latency p50 ${warmup.latency.p50} ms p99 ${warmup.latency.p99} ms`);
  // a Parley without red packets answers -1001 (no such path) to every claim
  if (!warmup.codes["0"]) return { processes: servers.length, warmup, notMeasured: `no claim was paid in the warm-up: ${warmup.firstUnexpected.slice(0, 200)}` };
  const measure = async (name: string, packetIds: string[], sharesEach: number, claimersEach: number): Promise<PacketWorkload> => {
    // claim k: packet k mod packets (every packet's claimers at once, not one packet after another), member k
    const claims = Array.from({ length: packetIds.length * claimersEach }, (_, k) => ({ token: f.memberTokens[k], packetId: packetIds[k % packetIds.length] }));
    await resetProbes(servers);
    const cpu0 = serverCpu(servers);
    const db0 = dbCpu();
    const r = await burst(claims);
    const cpu = serverCpu(servers) - cpu0;
    const dbMs = dbCpu() - db0;
    const p = await probe(servers);
    const db = await packetOutcome(sql, packetIds, tp.coin);
    const paid = Object.values(r.paid).reduce((a, x) => a + x.n, 0);
    const paidMinor = Object.values(r.paid).reduce((a, x) => a + x.minor, 0);
    const exact = db.exact && paid === db.shares && String(paidMinor) === db.total && r.answered === r.claims && r.unexpected === 0;
    const thousands = Math.max(1, r.answered) / 1000;
    log(
      `  ${name}: ${r.answered} of ${r.claims} answered in ${r.ms} ms = ${Math.round(r.claimsPerSec)} claims/s ${JSON.stringify(r.codes)}; ` +
        `latency p50 ${r.latency.p50} ms p99 ${r.latency.p99} ms max ${r.latency.max} ms; server ${f1(cpu / thousands)} CPU-ms/1k, PG ${f1(dbMs / thousands)}, ` +
        `loop p99 ${Math.round(p.eldP99Ms)} ms, generator ${r.generatorCpuPct}%; paid ${paid} of ${db.shares} shares, ` +
        `database: ${db.claimed} claimed, ${db.ledgerRows} ledger rows, ${db.balancesOff} balances off ${exact ? "✓ exact" : `✗ NOT exact ${JSON.stringify(db)}${r.unexpected ? `; first unexpected: ${r.firstUnexpected}` : ""}`}`,
    );
    return { packets: packetIds.length, sharesEach, claimersEach, concurrency: cfg.packetConcurrency, run: r, db, exact, serverCpuMsPer1k: cpu / thousands, dbCpuMsPer1k: dbMs / thousands, eldP99Ms: p.eldP99Ms };
  };
  const hot = await measure("hot", [tp.hot], cfg.packetHotShares, cfg.packetHotClaimers);
  const spread = await measure("spread", tp.spread, cfg.packetSpreadShares, cfg.packetSpreadClaimers);
  return { processes: servers.length, warmup, hot, spread };
}

async function main() {
  const t0 = Date.now();
  const started = new Date().toISOString();
  log(`${cfg.mode} run: ${targets.map((t) => t.id).join(", ")}; scenarios: ${scenarios.join(", ")}; taskset: ${hasTaskset ? "servers on CPU 0, generator on CPU 1" : "not available (unpinned)"}`);
  const machine = await machineInfo(adminUrl!, redisUrl);
  const run = await prepareRunDatabase(adminUrl!, dbName);
  const pairs = scenarios.includes("support") ? await createSupportPairs(run.sql, cfg.conversations) : [];
  const idleTokens = scenarios.includes("idle") ? await createIdleVisitors(run.sql, cfg.idleConnections) : [];
  const group = scenarios.includes("group") ? await createGroup(run.sql, cfg.groupMembers) : null;
  // the members of the room and of its join storm (the guests' tokens come from each server)
  const roomMembers = cfg.roomConnections - Math.round(cfg.roomConnections * cfg.roomGuestShare) + cfg.roomStormJoins - Math.round(cfg.roomStormJoins * cfg.roomGuestShare);
  const room = scenarios.includes("room") ? await createRoom(run.sql, roomMembers) : null;
  // the packet scenario's claimers, sender and room; each server's packets, sent through a Parley
  const packetFixture = scenarios.includes("packet") && targets.some(takesPacket) ? await createPacketFixture(run.sql, packetMembers()) : null;
  const packetsOf = packetFixture ? await sendEveryonesPackets(run.url, packetFixture, targets.filter(takesPacket)) : new Map<string, TargetPackets>();
  const history = scenarios.includes("history") ? await ensureHistory(adminUrl!, `${dbName}_history`, cfg.historyMessages, cfg.historyConversations, log) : null;
  if (history?.built) log(`history dataset built in ${(history.buildMs / 1000).toFixed(1)} s`);
  log(`setup done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const gen = await startChild("bench/load/generator.ts", { cpu: GENERATOR_CPU, name: "generator" });
  const result: BenchResult = { mode: cfg.mode, started, machine, config: cfg, taskset: hasTaskset, servers: {}, durationSec: 0 };
  try {
    for (const t of targets) result.servers[t.id] = { label: t.label, processes: t.procs };
    // History first, on a quiet database: right after a write-heavy ladder PostgreSQL is still
    // flushing and vacuuming, and reads measured then say more about that than about paging.
    if (history) {
      for (const t of targets) {
        if (t.kind === "ceiling" || !takesChat(t)) continue;
        const entry = result.servers[t.id];
        const servers = await startServers(t, history.url);
        try {
          log(`${t.id}: history, ${cfg.historyPages} pages + ${cfg.catchups} catch-ups`);
          entry.history = await runHistory(t, servers, gen, history);
          log(`  page p50 ${entry.history.pages.p50} ms p99 ${entry.history.pages.p99} ms; catch-up p50 ${entry.history.catchup.p50} ms`);
        } finally {
          await Promise.all(servers.map((s) => s.stop()));
        }
      }
    }
    for (const t of targets) {
      const entry = result.servers[t.id];
      if (!takesChat(t) || (!scenarios.includes("idle") && !scenarios.includes("support") && !group && !room)) continue;
      const servers = await startServers(t, run.url);
      try {
        if (scenarios.includes("idle")) {
          log(`${t.id}: idle, ${cfg.idleConnections} connections`);
          entry.idle = await runIdle(t, servers, gen, idleTokens);
          log(`  heap ${entry.idle.heapPerConnKB.toFixed(2)} KB/conn, RSS ${entry.idle.rssPerConnKB.toFixed(2)} KB/conn, connected in ${entry.idle.connectMs} ms`);
        }
        if (scenarios.includes("support")) {
          log(`${t.id}: support, ${cfg.conversations} conversations`);
          entry.support = await runSupport(t, servers, gen, pairs);
        }
        if (group) {
          log(`${t.id}: group, ${cfg.groupMembers} members, ${Math.min(cfg.groupWriters, cfg.groupMembers)} writing`);
          entry.group = await runGroup(t, servers, gen, group);
        }
        if (room) {
          const guests = Math.round(cfg.roomConnections * cfg.roomGuestShare);
          log(`${t.id}: room, ${cfg.roomConnections} connections (${cfg.roomConnections - guests} members, ${guests} guests), ${cfg.roomWriters} writing`);
          entry.room = await runRoom(t, servers, gen, room);
          if (!entry.room.steps.length) log(`  ${entry.room.stopReason}`);
        }
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    }
    // red packets last, each server started afresh for it (the naive peer first, then Parley):
    // none carries a chat scenario's state into it, and the database starts each on a checkpoint
    if (packetFixture) {
      for (const t of targets) {
        if (!takesPacket(t)) continue;
        const servers = await startServers(t, run.url);
        try {
          await checkpoint(run.sql);
          log(`${t.id}: red packets, hot ${cfg.packetHotShares} shares × ${cfg.packetHotClaimers} claimers; spread ${cfg.packetSpreadPackets} × ${cfg.packetSpreadShares} shares, ${cfg.packetSpreadClaimers} claimers each; ${cfg.packetConcurrency} connections`);
          result.servers[t.id].packet = await runPacket(servers, gen, run.sql, packetFixture, packetsOf.get(t.id)!);
        } finally {
          await Promise.all(servers.map((s) => s.stop()));
        }
      }
    }
  } finally {
    await gen.stop();
    await run.sql.end();
    await history?.sql.end();
  }
  result.durationSec = Math.round((Date.now() - t0) / 1000);

  const dir = path.join(ROOT, "bench/results");
  mkdirSync(dir, { recursive: true });
  // only a complete run with the standard settings becomes "latest"; anything narrower is "partial"
  const complete =
    !only &&
    !arg("scenarios") &&
    !arg("ladder") &&
    !arg("group-ladder") &&
    !arg("room-ladder") &&
    !process.env.BENCH_ROOM_CONNECTIONS &&
    !process.env.BENCH_ROOM_STORM &&
    !process.env.BENCH_PARLEY_DIR &&
    !baseDir &&
    !process.env.BENCH_SAME_PROCESS;
  const base = cfg.mode === "smoke" ? "smoke" : complete ? "latest" : "partial";
  const md = renderMarkdown(result);
  writeFileSync(path.join(dir, `${base}.json`), JSON.stringify(result, null, 2) + "\n");
  writeFileSync(path.join(dir, `${base}.md`), md);
  if (cfg.mode === "full" && complete) updateReadme(md);
  console.log("\n" + md);
  log(`done in ${result.durationSec} s → bench/results/${base}.md, ${base}.json`);
}

/** The README shows the latest full run between its bench markers. */
function updateReadme(md: string) {
  const file = path.join(ROOT, "README.md");
  const text = readFileSync(file, "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return;
  const summary = md.split("\n<!-- details -->")[0].split("\n").slice(1).join("\n").trim();
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${summary}\n${text.slice(j)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
