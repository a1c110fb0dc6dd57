// The benchmark's result as JSON (everything) and Markdown (what a reader needs).
import type { BenchConfig } from "../config";
import type { ClaimsResult } from "../load/claims";
import type { LatencySummary } from "./histogram";

export interface StepResult {
  offeredRate: number;
  sentRate: number;
  sent: number;
  acked: number;
  delivered: number;
  deliveredAll: number;
  /** copies received by recipients (of the window's messages; of all the step's) */
  deliveries: number;
  deliveriesAll: number;
  ackedAll: number;
  /** connections the server closed during the step, by close code */
  lost: Record<string, number>;
  failed: number;
  failures: Record<string, number>;
  dupDeliveries: number;
  strayFrames: number;
  deliveredRate: number;
  reach: number;
  ackReach: number;
  ack: LatencySummary;
  latency: LatencySummary;
  /** send → the last recipient's copy */
  latencyLast: LatencySummary;
  maxLagMs: number;
  generatorCpuPct: number;
  serverCpuMsPer1k: number;
  dbCpuMsPer1k: number;
  eldP99Ms: number;
  /** CPU the machine's other processes used during the step, in % of one core (not in older results) */
  othersCpuPct?: number;
  passed: boolean;
  why: string;
}

export interface LadderResult {
  steps: StepResult[];
  best: StepResult | null;
  stopReason: string;
  generatorBound: boolean;
}

export interface SupportResult extends LadderResult {
  conversations: number;
}

/** steps' CPU-ms are per 1,000 deliveries (a message counts once per member) */
export interface GroupResult extends LadderResult {
  members: number;
  writers: number;
}

/** the join storm: sockets joining the room within a second, and what one socket already in it heard */
export interface StormResult {
  joins: number;
  joined: number;
  /** joins answered at all (refused ones included) */
  answered: number;
  failures: Record<string, number>;
  /** first join to last join sent */
  sendMs: number;
  /** how long the observer counted: from the first join until roomStormAfterMs after the last */
  windowMs: number;
  /** join frame → its answer */
  join: LatencySummary;
  /** online-count frames (Parley's event 24) the observer got in the window */
  countEvents: number;
  /** when each came (ms after the first join), the number it said and its datetime (the server's clock when it sent it) */
  events: { atMs: number; number: string; datetime: number | null }[];
  /** the shortest time between two of them by the server's clock (their datetimes; null: fewer than two) */
  minGapMs: number | null;
  lastNumber: string | null;
  /** everybody in the room after the storm (Parley; the peers keep no count) */
  expectedNumber: number | null;
  generatorCpuPct: number;
}

/** steps' CPU-ms are per 1,000 deliveries (a message counts once per connection) */
export interface RoomResult extends LadderResult {
  connections: number;
  members: number;
  guests: number;
  writers: number;
  /** connecting and joining every socket of the room, at connectConcurrency at a time */
  connectMs?: number;
  storm?: StormResult;
  /** the leave storm: the join storm's sockets close as fast (answered: nothing; join: empty) */
  leave?: StormResult;
}

export interface IdleResult {
  connections: number;
  failed: number;
  connectMs: number;
  heapPerConnKB: number;
  rssPerConnKB: number;
  heapTotalMB: number;
  rssTotalMB: number;
}

export interface HistoryResult {
  pages: LatencySummary;
  rowsPerPage: number;
  catchup: LatencySummary;
  caughtUp: number;
}

/** one burst of claims and what the database holds after it (bench/setup.ts packetOutcome) */
export interface PacketWorkload {
  packets: number;
  sharesEach: number;
  claimersEach: number;
  concurrency: number;
  run: ClaimsResult;
  db: {
    packets: number;
    shares: number;
    total: string;
    claimed: number;
    claimedSum: string;
    packetsFull: number;
    ledgerRows: number;
    ledgerSum: string;
    claimers: number;
    balancesOff: number;
    exact: boolean;
  };
  /** paid answers = shares, their amounts sum to the total, every claim answered with 0 / -4001 / -4009, the database exact */
  exact: boolean;
  serverCpuMsPer1k: number;
  dbCpuMsPer1k: number;
  eldP99Ms: number;
}

/** Red packets: a burst on one hot packet, then one spread over many packets */
export interface PacketResult {
  processes: number;
  warmup?: ClaimsResult;
  hot?: PacketWorkload;
  spread?: PacketWorkload;
  /** why nothing was measured (a Parley without red packets) */
  notMeasured?: string;
}

export interface BenchResult {
  mode: BenchConfig["mode"];
  started: string;
  durationSec: number;
  machine: Record<string, string | number>;
  config: BenchConfig;
  taskset: boolean;
  servers: Record<string, { label: string; processes: number; idle?: IdleResult; support?: SupportResult; group?: GroupResult; room?: RoomResult; history?: HistoryResult; packet?: PacketResult }>;
}

const n0 = (x: number) => Math.round(x).toLocaleString("en");
const f1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
const f2 = (x: number) => (Math.round(x * 100) / 100).toFixed(2);
const ms = (x: number) => (x >= 100 ? n0(x) : x >= 10 ? f1(x) : f2(x));
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${f2(a / b)}×` : "—");

export function renderMarkdown(r: BenchResult): string {
  const m = r.machine;
  const c = r.config;
  const S = r.servers;
  const out: string[] = [];
  out.push(`# Parley benchmark (${r.mode} run, ${r.started.slice(0, 10)})`);
  out.push("");
  out.push(
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, PostgreSQL ${m.postgres} (${m.postgresSettings}), Redis ${m.redis}. ` +
      (r.taskset ? "Servers pinned to CPU 0, the load generator to CPU 1; PostgreSQL and Redis unpinned. " : "No taskset: processes unpinned. ") +
      `Parley ${m.commit || "(no git)"}; run took ${r.durationSec} s. Rerun: \`npm run bench\` (see bench/README.md).`,
  );
  out.push("");

  const best = (id: string) => S[id]?.support?.best?.deliveredRate;
  if (Object.values(S).some((s) => s.support)) {
    out.push(`### Support: ${n0(c.conversations)} conversations, a visitor and an agent each, both writing ${c.msgBytes}-byte messages`);
    out.push("");
    out.push(
      `Highest rung of the rate ladder with ack p99 ≤ ${c.ackP99LimitMs} ms and every message acknowledged (stored first, where the server stores) and delivered; latencies at that rung.`,
    );
    out.push("");
    out.push("| server | msg/s stored + delivered | × typical | × ceiling | ack p99 ms | send→receive p50 / p95 / p99 / max ms | reach | server CPU-ms / 1k msgs | PG + Redis CPU-ms / 1k | event-loop p99 ms | generator CPU |");
    out.push("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (const [id, s] of Object.entries(S)) {
      const sp = s.support;
      if (!sp) continue;
      const b = sp.best;
      if (!b) {
        out.push(`| ${s.label} | none passed | | | | | | | | | |`);
        continue;
      }
      const bound = sp.generatorBound ? " ≥" : "";
      out.push(
        `| ${s.label} |${bound} ${n0(b.deliveredRate)} | ${ratio(best(id), best("typical"))} | ${ratio(best(id), best("ceiling"))} | ${ms(b.ack.p99)} | ` +
          `${ms(b.latency.p50)} / ${ms(b.latency.p95)} / ${ms(b.latency.p99)} / ${ms(b.latency.max)} | ${b.reach.toFixed(4)} | ${f1(b.serverCpuMsPer1k)} | ${f1(b.dbCpuMsPer1k)} | ${ms(b.eldP99Ms)} | ${b.generatorCpuPct}% |`,
      );
    }
    out.push("");
    for (const s of Object.values(S)) if (s.support) out.push(`- ${s.label}: stopped because ${s.support.stopReason}.`);
    out.push("");
  }

  // deliveries/s: every member has each message, the sender by its ack
  const groupRate = (id: string) => {
    const g = S[id]?.group;
    return g?.best ? g.best.deliveredRate * g.members : undefined;
  };
  if (Object.values(S).some((s) => s.group)) {
    out.push(`### Group: ${n0(c.groupMembers)} members on ${n0(c.groupMembers)} sockets, ${n0(Math.min(c.groupWriters, c.groupMembers))} of them writing ${c.msgBytes}-byte messages`);
    out.push("");
    out.push(
      `Highest rung of the group's ladder with ack p99 ≤ ${c.ackP99LimitMs} ms and every message acknowledged and received by every other member. ` +
        `Deliveries/s = messages/s × members (the sender's copy is its ack); the ratios are of deliveries/s.`,
    );
    out.push("");
    out.push(
      "| server | msg/s | deliveries/s | × typical | × ceiling | ack p99 ms | send→each member p50 / p99 / max ms | send→last member p99 ms | reach | server CPU-ms / 1k deliveries | PG + Redis CPU-ms / 1k | event-loop p99 ms | generator CPU |",
    );
    out.push("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (const [id, s] of Object.entries(S)) {
      const g = s.group;
      if (!g) continue;
      const b = g.best;
      if (!b) {
        out.push(`| ${s.label} | none passed | | | | | | | | | | | |`);
        continue;
      }
      const bound = g.generatorBound ? " ≥" : "";
      out.push(
        `| ${s.label} |${bound} ${n0(b.deliveredRate)} |${bound} ${n0(groupRate(id)!)} | ${ratio(groupRate(id), groupRate("typical"))} | ${ratio(groupRate(id), groupRate("ceiling"))} | ${ms(b.ack.p99)} | ` +
          `${ms(b.latency.p50)} / ${ms(b.latency.p99)} / ${ms(b.latency.max)} | ${ms(b.latencyLast.p99)} | ${b.reach.toFixed(4)} | ${f2(b.serverCpuMsPer1k)} | ${f2(b.dbCpuMsPer1k)} | ${ms(b.eldP99Ms)} | ${b.generatorCpuPct}% |`,
      );
    }
    out.push("");
    for (const s of Object.values(S)) if (s.group) out.push(`- ${s.label}: stopped because ${s.group.stopReason}.`);
    out.push("");
  }

  // the room: deliveries/s the same way (every connection has each message, the sender by its ack)
  const roomRate = (id: string) => {
    const g = S[id]?.room;
    return g?.best ? g.best.deliveredRate * g.connections : undefined;
  };
  const rooms = Object.values(S).filter((s) => s.room);
  if (rooms.length) {
    const r0 = rooms[0].room!;
    out.push(
      `### Room: ${n0(r0.connections)} connections in one chat room (${n0(r0.members)} members, ${n0(r0.guests)} guests), ${n0(r0.writers)} members writing ${c.msgBytes}-byte messages`,
    );
    out.push("");
    out.push(
      `Highest rung of the room's ladder with ack p99 ≤ ${c.ackP99LimitMs} ms and every message acknowledged and received by every other connection. ` +
        `Deliveries/s = messages/s × connections (the sender's copy is its ack); the ratios are of deliveries/s. ` +
        `Join storm (before the ladder): ${n0(c.roomStormJoins)} more sockets join within ${f1(c.roomStormSpreadMs / 1000)} s; one socket already in the room counts the online-count events (event 24) it gets until ${f1(c.roomStormAfterMs / 1000)} s after the last join — ` +
        `then they all close within ${f1(c.roomStormSpreadMs / 1000)} s (the leave storm), counted the same way. Count events: how many, the shortest gap between two, and what the last one said of how many there were.`,
    );
    out.push("");
    out.push(
      "| server | msg/s | deliveries/s | × typical | × ceiling | ack p99 ms | send→each connection p50 / p99 / max ms | send→last p99 ms | reach | server CPU-ms / 1k deliveries | PG + Redis CPU-ms / 1k | event-loop p99 ms | generator CPU | join storm: join p50 / p99 ms | join storm: count events | leave storm: count events |",
    );
    out.push("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (const [id, s] of Object.entries(S)) {
      const g = s.room;
      if (!g) continue;
      const st = g.storm;
      const counted = (x: StormResult | undefined) =>
        !x
          ? ""
          : x.expectedNumber === null
            ? "— (keeps none)"
            : `${x.countEvents} in ${f1(x.windowMs / 1000)} s${x.minGapMs !== null ? ` (≥ ${n0(x.minGapMs)} ms apart)` : ""}, last ${x.lastNumber ?? "—"} of ${n0(x.expectedNumber)}`;
      const stormCols = st
        ? `${ms(st.join.p50)} / ${ms(st.join.p99)}${st.joined < st.joins ? ` (${st.joins - st.joined} not joined)` : ""} | ${counted(st)} | ${counted(g.leave)}`
        : " | | ";
      const b = g.best;
      if (!b) {
        out.push(`| ${s.label} | none passed | | | | | | | | | | | | ${stormCols} |`);
        continue;
      }
      const bound = g.generatorBound ? " ≥" : "";
      out.push(
        `| ${s.label} |${bound} ${n0(b.deliveredRate)} |${bound} ${n0(roomRate(id)!)} | ${ratio(roomRate(id), roomRate("typical"))} | ${ratio(roomRate(id), roomRate("ceiling"))} | ${ms(b.ack.p99)} | ` +
          `${ms(b.latency.p50)} / ${ms(b.latency.p99)} / ${ms(b.latency.max)} | ${ms(b.latencyLast.p99)} | ${b.reach.toFixed(4)} | ${f2(b.serverCpuMsPer1k)} | ${f2(b.dbCpuMsPer1k)} | ${ms(b.eldP99Ms)} | ${b.generatorCpuPct}% | ${stormCols} |`,
      );
    }
    out.push("");
    for (const s of rooms) out.push(`- ${s.label}: stopped because ${s.room!.stopReason}.`);
    out.push("");
  }

  const packets = Object.entries(S).filter(([, s]) => s.packet);
  if (packets.length) {
    out.push(
      `### Red packets: claims over HTTP (\`/api/compat/red-packet/receive-entry\`), ${n0(c.packetConcurrency)} keep-alive connections carrying each burst`,
    );
    out.push("");
    out.push(
      `Hot: one packet of ${n0(c.packetHotShares)} shares, ${n0(c.packetHotClaimers)} members claiming it at once. ` +
        `Spread: ${n0(c.packetSpreadPackets)} packets of ${n0(c.packetSpreadShares)} shares, ${n0(c.packetSpreadClaimers)} members claiming each, all at once (${n0(c.packetSpreadPackets * c.packetSpreadClaimers)} claims, interleaved). ` +
        `Every claim is due at the start; ${n0(c.packetConcurrency)} connections carry them, each sending the next the moment its answer is in. ` +
        `Claims/s = answers ÷ (first sent → last answered); latency = request → answer on its connection; "waited" = the burst's start → the answer. ` +
        `Exact: paid answers = shares, their amounts add up to the total, in the database every share claimed once, one ledger row each adding up to the total, every balance its ledger's sum; unexpected: answers other than 0 / −4001 / −4009.`,
    );
    out.push("");
    out.push("| server | workload | claims/s | × naive | paid / shares | answers 0 / −4001 / −4009 | unexpected | latency p50 / p99 / max ms | waited p50 / p99 / last ms | exact | server CPU-ms / 1k claims | PG CPU-ms / 1k | event-loop p99 ms | generator CPU |");
    out.push("|---|---|--:|--:|--:|--:|--:|--:|--:|:-:|--:|--:|--:|--:|");
    const rateOf = (id: string, w: "hot" | "spread") => S[id]?.packet?.[w]?.run.claimsPerSec;
    for (const [id, s] of packets) {
      const p = s.packet!;
      if (p.notMeasured) {
        out.push(`| ${s.label} | not measured: ${p.notMeasured} | | | | | | | | | | | | |`);
        continue;
      }
      for (const w of ["hot", "spread"] as const) {
        const x = p[w];
        if (!x) continue;
        const r = x.run;
        const paid = Object.values(r.paid).reduce((a, v) => a + v.n, 0);
        out.push(
          `| ${s.label} | ${w} | ${n0(r.claimsPerSec)} | ${ratio(rateOf(id, w), rateOf("naive-packets", w))} | ${n0(paid)} / ${n0(x.db.shares)} | ` +
            `${n0(r.codes["0"] ?? 0)} / ${n0(r.codes["-4001"] ?? 0)} / ${n0(r.codes["-4009"] ?? 0)} | ${r.unexpected}${r.unexpected ? ` (${r.firstUnexpected.slice(0, 60).replace(/\|/g, "/")})` : ""} | ` +
            `${ms(r.latency.p50)} / ${ms(r.latency.p99)} / ${ms(r.latency.max)} | ${ms(r.sinceStart.p50)} / ${ms(r.sinceStart.p99)} / ${ms(r.sinceStart.max)} | ${x.exact ? "yes" : "**no**"} | ` +
            `${f1(x.serverCpuMsPer1k)} | ${f1(x.dbCpuMsPer1k)} | ${ms(x.eldP99Ms)} | ${r.generatorCpuPct}% |`,
        );
      }
    }
    out.push("");
    // the first burst each server met after its start: not a target, shown so that what the warm-up hides is in view
    const cold = packets.flatMap(([, s]) => (s.packet?.warmup ? [`${s.label} ${n0(s.packet.warmup.claimsPerSec)} claims/s, p99 ${ms(s.packet.warmup.latency.p99)} ms`] : []));
    if (cold.length) {
      out.push(`Before the hot packet, each server's first burst after its start was a warm-up of the same shape on a packet of its own (JIT, pool and plans still cold; not in the targets): ${cold.join("; ")}.`);
      out.push("");
    }
  }

  if (Object.values(S).some((s) => s.idle)) {
    out.push(`### Idle: ${n0(c.idleConnections)} authenticated connections`);
    out.push("");
    out.push("| server | heap / connection (after GC) | RSS / connection | heap total | RSS total | connected in |");
    out.push("|---|--:|--:|--:|--:|--:|");
    for (const s of Object.values(S)) {
      const i = s.idle;
      if (!i) continue;
      out.push(`| ${s.label} | ${f2(i.heapPerConnKB)} KB | ${f2(i.rssPerConnKB)} KB | ${f1(i.heapTotalMB)} MB | ${f1(i.rssTotalMB)} MB | ${f1(i.connectMs / 1000)} s${i.failed ? ` (${i.failed} failed)` : ""} |`);
    }
    out.push("");
  }

  if (Object.values(S).some((s) => s.history)) {
    out.push(`### History: pages of 50 at random depths in a ${n0(c.historyMessages)}-message table (${n0(c.historyConversations)} conversations), on PostgreSQL`);
    out.push("");
    out.push(`| server | page p50 ms | page p99 ms | page max | catch-up after ${n0(c.catchupMessages)} missed: p50 / p99 ms |`);
    out.push("|---|--:|--:|--:|--:|");
    for (const s of Object.values(S)) {
      const h = s.history;
      if (!h) continue;
      out.push(`| ${s.label} | ${ms(h.pages.p50)} | ${ms(h.pages.p99)} | ${ms(h.pages.max)} | ${ms(h.catchup.p50)} / ${ms(h.catchup.p99)} |`);
    }
    out.push("");
    out.push("Parley pages through `support.chatLog` over HTTP (tRPC, access-checked); the typical server answers a Socket.IO event with one SELECT; the ceiling stores nothing.");
    out.push("");
  }

  const targets = targetRows(r);
  if (targets.length) {
    out.push("### Targets");
    out.push("");
    out.push("| target | measured | met |");
    out.push("|---|---|:-:|");
    for (const t of targets) out.push(`| ${t.what} | ${t.measured} | ${t.met === null ? "—" : t.met ? "yes" : "no"} |`);
    out.push("");
  }

  out.push("<!-- details -->");
  out.push("");
  for (const s of Object.values(S)) {
    if (!s.support) continue;
    out.push(`#### Ladder: ${s.label}`);
    out.push("");
    out.push("| offered/s | sent/s | delivered/s | reach | ack p50 / p99 ms | recv p50 / p99 / max ms | server CPU-ms/1k | PG+Redis CPU-ms/1k | loop p99 | generator | result |");
    out.push("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
    for (const x of s.support.steps) {
      out.push(
        `| ${n0(x.offeredRate)} | ${n0(x.sentRate)} | ${n0(x.deliveredRate)} | ${x.reach.toFixed(4)} | ${ms(x.ack.p50)} / ${ms(x.ack.p99)} | ${ms(x.latency.p50)} / ${ms(x.latency.p99)} / ${ms(x.latency.max)} | ` +
          `${f1(x.serverCpuMsPer1k)} | ${f1(x.dbCpuMsPer1k)} | ${ms(x.eldP99Ms)} | ${x.generatorCpuPct}% | ${x.passed ? "pass" : `fail: ${x.why}`} |`,
      );
    }
    out.push("");
  }
  for (const s of Object.values(S)) {
    const g = s.group;
    if (!g) continue;
    out.push(`#### Group ladder: ${s.label}`);
    out.push("");
    out.push("| offered msg/s | sent/s | delivered msg/s | deliveries/s | reach | ack p50 / p99 ms | each member p50 / p99 ms | last member p99 ms | server CPU-ms/1k deliveries | PG+Redis CPU-ms/1k | loop p99 | generator | result |");
    out.push("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
    for (const x of g.steps) {
      out.push(
        `| ${n0(x.offeredRate)} | ${n0(x.sentRate)} | ${n0(x.deliveredRate)} | ${n0(x.deliveredRate * g.members)} | ${x.reach.toFixed(4)} | ${ms(x.ack.p50)} / ${ms(x.ack.p99)} | ` +
          `${ms(x.latency.p50)} / ${ms(x.latency.p99)} | ${ms(x.latencyLast.p99)} | ${f2(x.serverCpuMsPer1k)} | ${f2(x.dbCpuMsPer1k)} | ${ms(x.eldP99Ms)} | ${x.generatorCpuPct}% | ${x.passed ? "pass" : `fail: ${x.why}`} |`,
      );
    }
    out.push("");
  }
  for (const s of Object.values(S)) {
    const g = s.room;
    if (!g?.steps.length) continue;
    out.push(`#### Room ladder: ${s.label}`);
    out.push("");
    out.push(
      "| offered msg/s | sent/s | delivered msg/s | deliveries/s | reach | ack p50 / p99 ms | each connection p50 / p99 ms | last p99 ms | server CPU-ms/1k deliveries | PG+Redis CPU-ms/1k | loop p99 | generator | other processes (% of a core) | result |",
    );
    out.push("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
    for (const x of g.steps) {
      out.push(
        `| ${n0(x.offeredRate)} | ${n0(x.sentRate)} | ${n0(x.deliveredRate)} | ${n0(x.deliveredRate * g.connections)} | ${x.reach.toFixed(4)} | ${ms(x.ack.p50)} / ${ms(x.ack.p99)} | ` +
          `${ms(x.latency.p50)} / ${ms(x.latency.p99)} | ${ms(x.latencyLast.p99)} | ${f2(x.serverCpuMsPer1k)} | ${f2(x.dbCpuMsPer1k)} | ${ms(x.eldP99Ms)} | ${x.generatorCpuPct}% | ` +
          `${x.othersCpuPct ?? "—"}% | ${x.passed ? "pass" : `fail: ${x.why}`} |`,
      );
    }
    out.push("");
  }
  return out.join("\n") + "\n";
}

function targetRows(r: BenchResult) {
  const S = r.servers;
  const rate = (id: string) => S[id]?.support?.best?.deliveredRate;
  const rows: { what: string; measured: string; met: boolean | null }[] = [];
  const p = rate("parley");
  if (p !== undefined && rate("typical") !== undefined)
    rows.push({ what: "Support: Parley ≥ 2× typical", measured: ratio(p, rate("typical")), met: p / rate("typical")! >= 2 });
  if (p !== undefined && rate("ceiling") !== undefined)
    rows.push({
      what: "Support: Parley ≥ 50% of the ceiling",
      measured: `${Math.round((p / rate("ceiling")!) * 100)}%${S.ceiling?.support?.generatorBound ? " (ceiling generator-bound: its true rate is higher)" : ""}`,
      met: p / rate("ceiling")! >= 0.5,
    });
  const idle = S.parley?.idle;
  if (idle) rows.push({ what: "Idle: ≤ 8 KB heap per Parley connection", measured: `${f2(idle.heapPerConnKB)} KB`, met: idle.heapPerConnKB <= 8 });
  const h = S.parley?.history;
  if (h) rows.push({ what: "History: page p99 ≤ 5 ms", measured: `${ms(h.pages.p99)} ms`, met: h.pages.p99 <= 5 });
  // the group's targets: deliveries/s against the peers, for Parley on one process and on two
  const groupRate = (id: string) => {
    const g = S[id]?.group;
    return g?.best ? g.best.deliveredRate * g.members : g ? 0 : undefined;
  };
  for (const id of ["parley", "parley-redis"]) {
    const g = groupRate(id);
    if (g === undefined) continue;
    const who = id === "parley" ? "Parley" : "Parley on two processes";
    const typical = groupRate("typical");
    const ceiling = groupRate("ceiling");
    if (typical)
      rows.push({
        what: `Group: ${who} ≥ 2× typical (deliveries/s)`,
        measured: `${g ? ratio(g, typical) : "none passed"}${S.typical?.group?.generatorBound ? " (typical generator-bound: its true rate is higher)" : ""}`,
        met: g / typical >= 2,
      });
    if (ceiling)
      rows.push({
        what: `Group: ${who} ≥ 50% of the ceiling (deliveries/s)`,
        measured: `${Math.round((g / ceiling) * 100)}%${S.ceiling?.group?.generatorBound ? " (ceiling generator-bound: its true rate is higher)" : ""}`,
        met: g / ceiling >= 0.5,
      });
  }
  // the room's: deliveries/s against the peers (≥ 80% of the ceiling, ≥ 2× typical), and the join storm
  const roomRate = (id: string) => {
    const g = S[id]?.room;
    return g?.best ? g.best.deliveredRate * g.connections : g?.steps.length ? 0 : undefined;
  };
  for (const id of ["parley", "parley-redis"]) {
    const g = roomRate(id);
    if (g === undefined) continue;
    const who = id === "parley" ? "Parley" : "Parley on two processes";
    const typical = roomRate("typical");
    const ceiling = roomRate("ceiling");
    // a generator-bound Parley measured a lower bound of itself
    const mine = S[id]?.room?.generatorBound ? ` (${who} generator-bound: ≥)` : "";
    if (typical)
      rows.push({
        what: `Room: ${who} ≥ 2× typical (deliveries/s)`,
        measured: `${g ? ratio(g, typical) : "none passed"}${mine}${S.typical?.room?.generatorBound ? " (typical generator-bound: its true rate is higher)" : ""}`,
        met: g / typical >= 2,
      });
    if (ceiling)
      rows.push({
        what: `Room: ${who} ≥ 80% of the ceiling (deliveries/s)`,
        measured: `${Math.round((g / ceiling) * 100)}%${mine}${S.ceiling?.room?.generatorBound ? " (ceiling generator-bound: its true rate is higher)" : ""}`,
        met: g / ceiling >= 0.8,
      });
    for (const [kind, st] of [["join", S[id]?.room?.storm], ["leave", S[id]?.room?.leave]] as const) {
      if (!st) continue;
      // at most one a second: a handful in all, never two closer than a second by the server's clock
      // (their datetimes; as they arrive, the delivery's own jitter moves them by tens of ms)
      const bound = Math.ceil(st.windowMs / 1000) + 1;
      const what = kind === "join" ? `${n0(st.joins)} joins` : `${n0(st.joins)} sockets closing`;
      rows.push({
        what: `Room ${kind} storm (${what} in ${f1(r.config.roomStormSpreadMs / 1000)} s): ${who}'s observer gets ≤ 1 count event/s, the last one right`,
        measured: `${st.countEvents} in ${f1(st.windowMs / 1000)} s${st.minGapMs !== null ? `, ≥ ${n0(st.minGapMs)} ms apart` : ""}; the last said ${st.lastNumber ?? "—"} of ${st.expectedNumber ?? "—"}`,
        met: st.countEvents <= bound && (st.minGapMs === null || st.minGapMs >= 990) && st.lastNumber === String(st.expectedNumber),
      });
    }
  }
  // red packets: every claim answered, nothing outside the seed codes, ≥ 2× the naive peer's claims/s, p99 on the hot packet
  const naive = S["naive-packets"]?.packet;
  for (const id of ["parley", "parley-redis"]) {
    const pk = S[id]?.packet;
    if (!pk?.hot) continue;
    const who = id === "parley" ? "Parley" : "Parley on two processes";
    const ws = [pk.hot, pk.spread].filter((w): w is PacketWorkload => !!w);
    const answered = ws.reduce((a, w) => a + w.run.answered, 0);
    const claims = ws.reduce((a, w) => a + w.run.claims, 0);
    const unexpected = ws.reduce((a, w) => a + w.run.unexpected, 0);
    rows.push({ what: `Red packets: ${who} answers every claim (hot + spread)`, measured: `${n0(answered)} of ${n0(claims)}`, met: answered === claims });
    rows.push({
      what: `Red packets: ${who}, zero answers outside 0 / −4001 / −4009, and exact (successes = shares, shares sum to the total)`,
      measured: `${unexpected} unexpected; ${ws.every((w) => w.exact) ? "exact" : "NOT exact"}`,
      met: unexpected === 0 && ws.every((w) => w.exact),
    });
    for (const w of ["hot", "spread"] as const) {
      const mine = pk[w]?.run.claimsPerSec;
      const theirs = naive?.[w]?.run.claimsPerSec;
      if (mine && theirs) rows.push({ what: `Red packets (${w}): ${who} ≥ 2× the naive peer's claims/s`, measured: ratio(mine, theirs), met: mine / theirs >= 2 });
    }
    rows.push({
      what: `Red packets (hot): ${who}'s claim p99 ≤ ${n0(r.config.packetP99LimitMs)} ms`,
      measured: `${ms(pk.hot.run.latency.p99)} ms${naive?.hot ? ` (naive ${ms(naive.hot.run.latency.p99)} ms)` : ""}`,
      met: pk.hot.run.latency.p99 <= r.config.packetP99LimitMs,
    });
  }
  const two = S["parley-redis"]?.support?.best;
  if (two && p !== undefined) {
    rows.push({ what: "Two processes over Redis: reach 1.0", measured: two.reach.toFixed(4), met: two.reach === 1 });
    rows.push({ what: "Two processes: ≥ 80% of one process's rate", measured: `${Math.round((two.deliveredRate / p) * 100)}%`, met: two.deliveredRate / p >= 0.8 });
  }
  return rows;
}
