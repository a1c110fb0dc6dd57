// The load generator: its own process (pinned to its own core by bench/run.ts), driven over
// the IPC channel. It opens the clients, sends open-loop at a fixed aggregate rate (the
// schedule never waits for answers, so a slow server cannot slow the clock — no coordinated
// omission), and measures from each message's send time to its ack and to each delivery.
// It reports its own CPU so a saturated generator is never read as a slow server.
import { performance } from "node:perf_hooks";
import { Histogram } from "../lib/histogram";
import { closeClaimAgents, runClaims, type ClaimsCommand } from "./claims";
import { connect, historyClient, type ClientSpec, type LiveClient, type ServerKind } from "./clients";

export type GenCommand =
  | {
      cmd: "connect";
      kind: ServerKind;
      clients: ClientSpec[];
      concurrency: number;
      /** the room scenario: each client joins its spec.room once connected (and counts as connected only when joined) */
      join?: boolean;
      /** add these clients to the ones already open (their indices follow on) instead of starting afresh */
      append?: boolean;
    }
  | {
      cmd: "run";
      step: number;
      rate: number;
      warmupMs: number;
      measureMs: number;
      drainMs: number;
      msgBytes: number;
      /** the clients that send (indices into the connected list; all of them when left out) */
      writers?: number[];
      /** deliveries each message must get: 1 in a conversation, the other members in a group */
      recipients?: number;
      /** places per room (ClientSpec.slot < slots): one bit per message and place tells duplicates apart */
      slots?: number;
    }
  | {
      cmd: "history";
      kind: ServerKind;
      spec: ClientSpec;
      pages: { target: string; before: string }[];
      catchups: { target: string; after: string; count: number }[];
      /** the largest afterId page this server allows (catch-up asks for that much at once) */
      catchUpLimit?: number;
      warmup: number;
    }
  | {
      /**
       * A join storm: the already connected clients [from, from + count) join their rooms, spread
       * evenly over spreadMs; the observer (an index of a client already in the room) counts the
       * online-count frames (Parley's eventType 24) it gets from the first join until afterMs after the last.
       * With leave, the same clients close their sockets instead (a leave storm: tabs closing).
       */
      cmd: "storm";
      leave?: boolean;
      from: number;
      count: number;
      spreadMs: number;
      afterMs: number;
      observer: number;
    }
  /** the packet scenario: a burst of red packet claims over HTTP (load/claims.ts) */
  | ClaimsCommand
  | { cmd: "close" };

let kind: ServerKind = "parley";
let clients: (LiveClient | null)[] = [];
let specs: ClientSpec[] = [];

/** per-step message bookkeeping, indexed by sequence number */
let step = -1;
let sendAt = new Float64Array(0);
let senderOf = new Int32Array(0);
let state = new Uint8Array(0); // bit 0 acked, bit 1 delivered (to every recipient), bit 2 failed
/** per sequence number: how many distinct recipients got it */
let deliveries = new Uint16Array(0);
/** per (sequence number, slot): that recipient got it (a second copy is a duplicate) */
let seen = new Uint8Array(0);
let recipients = 1;
let slots = 1;
let ackHist = new Histogram();
let deliverHist = new Histogram();
/** send → the last recipient's copy: when everyone has the message */
let lastHist = new Histogram();
let windowFrom = 0;
let windowTo = -1; // inclusive seq range that is measured
let dupDeliveries = 0;
let strayFrames = 0;
/** connections the server ended during a step, by close code (they receive nothing more) */
const lost: Record<string, number> = {};
const failures: Record<string, number> = {};
const ACKED = 1, DELIVERED = 2, FAILED = 4;
const slow: number[] = [];
/** join msgId → what to do with its answer (the code: "0" joined) */
const joinWaiters = new Map<string, (code: string) => void>();
let joinSeq = 0;
/** the client whose online-count frames are counted (-1: none), and what it got */
let countWatch = -1;
let countLog: { at: number; frame: string }[] = [];

function seqOf(msgId: string): number {
  const dash = msgId.indexOf("-");
  if (dash < 0 || Number(msgId.slice(0, dash)) !== step) return -1;
  return Number(msgId.slice(dash + 1));
}

function handlersFor(i: number, slot: number) {
  const ack = (msgId: string) => {
    const seq = seqOf(msgId);
    if (seq < 0 || seq >= state.length) return void strayFrames++;
    if (state[seq] & ACKED) return;
    state[seq] |= ACKED;
    if (seq >= windowFrom && seq <= windowTo) ackHist.record((performance.now() - sendAt[seq]) * 1000);
    if (process.env.BENCH_DEBUG_SLOW && performance.now() - sendAt[seq] > 40) slow.push(Math.round(sendAt[seq]));
  };
  return {
    onAck: ack,
    onJoined(msgId: string, code: string) {
      const w = joinWaiters.get(msgId);
      if (!w) return void strayFrames++;
      joinWaiters.delete(msgId);
      w(code);
    },
    onCount(frame: string) {
      if (i === countWatch) countLog.push({ at: performance.now(), frame });
    },
    onFail(msgId: string, code: string) {
      const seq = seqOf(msgId);
      if (seq < 0 || seq >= state.length) return void strayFrames++;
      state[seq] |= FAILED;
      if (seq >= windowFrom && seq <= windowTo) failures[code] = (failures[code] ?? 0) + 1;
    },
    onLost(code: string) {
      lost[code] = (lost[code] ?? 0) + 1;
      clients[i] = null;
      console.error(`[generator] client ${i} (${specs[i]?.url}) lost: ${code}`);
    },
    onDeliver(msgId: string) {
      const seq = seqOf(msgId);
      if (seq < 0 || seq >= state.length) return void strayFrames++;
      // Parley acks with the sender's own copy: the same frame on the sending socket
      if (senderOf[seq] === i) return ack(msgId);
      const bit = seq * slots + slot;
      if (seen[bit >> 3] & (1 << (bit & 7))) return void dupDeliveries++;
      seen[bit >> 3] |= 1 << (bit & 7);
      const measured = seq >= windowFrom && seq <= windowTo;
      const us = (performance.now() - sendAt[seq]) * 1000;
      if (measured) deliverHist.record(us);
      if (++deliveries[seq] < recipients) return;
      state[seq] |= DELIVERED;
      if (measured) lastHist.record(us);
    },
  };
}

/** a join frame on client i, resolved with the answer's code ("0" joined; "timeout" after timeoutMs) */
function joinOn(i: number, onSent?: () => void, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve) => {
    const msgId = `j${joinSeq++}`;
    const timer = setTimeout(() => {
      joinWaiters.delete(msgId);
      resolve("timeout");
    }, timeoutMs);
    joinWaiters.set(msgId, (code) => (clearTimeout(timer), resolve(code)));
    const c = clients[i];
    if (!c) return (clearTimeout(timer), joinWaiters.delete(msgId), resolve("not connected"));
    c.join(msgId);
    onSent?.();
  });
}

async function openAll(k: ServerKind, list: ClientSpec[], concurrency: number, join = false, append = false) {
  kind = k;
  const base = append ? clients.length : 0;
  specs = append ? [...specs, ...list] : list;
  clients = append ? [...clients, ...new Array(list.length).fill(null)] : new Array(list.length).fill(null);
  const t0 = performance.now();
  let next = 0;
  let failed = 0;
  let firstError = "";
  await Promise.all(
    Array.from({ length: Math.min(concurrency, list.length) }, async () => {
      while (next < list.length) {
        const n = next++;
        const i = base + n;
        try {
          clients[i] = await connect(kind, list[n], handlersFor(i, list[n].slot ?? 0));
          if (join) {
            const code = await joinOn(i);
            if (code !== "0") throw new Error(`${kind}: join of room ${list[n].room} refused: ${code}`);
          }
        } catch (err) {
          failed++;
          firstError ||= String(err);
        }
      }
    }),
  );
  return { connected: list.length - failed, failed, firstError, ms: Math.round(performance.now() - t0), from: base };
}

async function storm(c: Extract<GenCommand, { cmd: "storm" }>) {
  const joinHist = new Histogram();
  const failures: Record<string, number> = {};
  let joined = 0;
  let answered = 0;
  countLog = [];
  countWatch = c.observer;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let sent = 0;
  let lastSentAt = t0;
  const answers: Promise<void>[] = [];
  // open loop, like the ladder: the k-th join leaves at k × spreadMs / count, never waiting for answers
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(c.count, Math.floor((c.count * (performance.now() - t0)) / c.spreadMs) + 1);
      while (sent < due) {
        const i = c.from + sent++;
        const at = performance.now();
        lastSentAt = at;
        if (c.leave) {
          clients[i]?.close();
          clients[i] = null;
          continue;
        }
        answers.push(
          joinOn(i, undefined, c.spreadMs + c.afterMs).then((code) => {
            answered++;
            if (code === "0") {
              joined++;
              joinHist.record((performance.now() - at) * 1000);
            } else failures[code] = (failures[code] ?? 0) + 1;
          }),
        );
      }
      if (sent >= c.count) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 2);
    tick();
  });
  const sendMs = lastSentAt - t0;
  const cpu = process.cpuUsage(cpu0);
  // the observer listens until afterMs past the last join
  await new Promise((r) => setTimeout(r, Math.max(0, lastSentAt + c.afterMs - performance.now())));
  countWatch = -1;
  const windowMs = performance.now() - t0;
  await Promise.all(answers);
  const events = countLog.map((x) => {
    let f: { number?: unknown; datetime?: unknown } = {};
    try {
      f = JSON.parse(x.frame);
    } catch {
      // not JSON: counted, number unknown
    }
    return { atMs: Math.round(x.at - t0), number: String(f.number ?? ""), datetime: typeof f.datetime === "number" ? f.datetime : null };
  });
  // how far apart the server sent them (its datetime; arrival adds the delivery's jitter), else as they came
  const gapOf = (a: (typeof events)[number], b: (typeof events)[number]) => (a.datetime !== null && b.datetime !== null ? b.datetime - a.datetime : b.atMs - a.atMs);
  const gaps = events.slice(1).map((e, k) => gapOf(events[k], e));
  return {
    joins: c.count,
    joined,
    answered,
    failures,
    sendMs: Math.round(sendMs),
    windowMs: Math.round(windowMs),
    join: joinHist.summary(),
    countEvents: events.length,
    events,
    minGapMs: gaps.length ? Math.min(...gaps) : null,
    lastNumber: events.length ? events[events.length - 1].number : null,
    generatorCpuPct: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, sendMs)) * 100),
  };
}

function content(bytes: number) {
  const base = "Hello, is the blue jacket in size M still in stock? I would like it by Friday. ";
  return base.repeat(Math.ceil(bytes / base.length)).slice(0, bytes);
}

async function run(c: Extract<GenCommand, { cmd: "run" }>) {
  step = c.step;
  const totalMs = c.warmupMs + c.measureMs;
  const capacity = Math.ceil((c.rate * totalMs) / 1000) + 16;
  sendAt = new Float64Array(capacity);
  senderOf = new Int32Array(capacity).fill(-1);
  state = new Uint8Array(capacity);
  recipients = c.recipients ?? 1;
  slots = c.slots ?? 1;
  deliveries = new Uint16Array(capacity);
  seen = new Uint8Array(Math.ceil((capacity * slots) / 8));
  ackHist = new Histogram();
  deliverHist = new Histogram();
  lastHist = new Histogram();
  dupDeliveries = 0;
  strayFrames = 0;
  for (const k of Object.keys(failures)) delete failures[k];
  for (const k of Object.keys(lost)) delete lost[k];
  windowFrom = Math.ceil((c.rate * c.warmupMs) / 1000);
  windowTo = capacity; // closed below, once we know the last seq sent in the window
  const text = content(c.msgBytes);
  const textJson = JSON.stringify(text);
  const live = (c.writers ?? clients.map((_, i) => i)).filter((i) => clients[i]);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let sent = 0;
  let rr = 0;
  let maxLagMs = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - t0;
      const due = Math.min(capacity - 16, Math.floor((c.rate * Math.min(elapsed, totalMs)) / 1000));
      // how far behind the schedule we are (a generator that cannot keep up shows here)
      if (due - sent > 0) maxLagMs = Math.max(maxLagMs, ((due - sent) / c.rate) * 1000);
      while (sent < due) {
        const i = live[rr++ % live.length];
        const seq = sent++;
        senderOf[seq] = i;
        sendAt[seq] = performance.now();
        clients[i]?.send(`${step}-${seq}`, text, textJson); // (gone if the server closed it: never acked)
      }
      if (elapsed >= totalMs) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 2);
  });
  const sendWallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  windowTo = sent - 1;
  const inWindow = Math.max(0, windowTo - windowFrom + 1);

  // drain: wait for the window's acks and deliveries, up to drainMs
  const complete = () => {
    for (let s = windowFrom; s <= windowTo; s++) if ((state[s] & (ACKED | DELIVERED)) !== (ACKED | DELIVERED) && !(state[s] & FAILED)) return false;
    return true;
  };
  const drain0 = performance.now();
  while (!complete() && performance.now() - drain0 < c.drainMs) await new Promise((r) => setTimeout(r, 25));

  let deliveredAll = 0, deliveriesAll = 0, ackedAll = 0;
  for (let s = 0; s < sent; s++) {
    if (state[s] & DELIVERED) deliveredAll++;
    if (state[s] & ACKED) ackedAll++;
    deliveriesAll += deliveries[s];
  }
  let acked = 0, delivered = 0, failed = 0, copies = 0;
  for (let s = windowFrom; s <= windowTo; s++) {
    if (state[s] & ACKED) acked++;
    if (state[s] & DELIVERED) delivered++;
    if (state[s] & FAILED) failed++;
    copies += deliveries[s];
  }
  const measureSec = c.measureMs / 1000;
  if (process.env.BENCH_DEBUG_SLOW) {
    const buckets = new Map<number, number>();
    for (const x of slow) buckets.set(Math.floor((x - t0) / 50) * 50, (buckets.get(Math.floor((x - t0) / 50) * 50) ?? 0) + 1);
    console.log("[generator] slow acks (>40 ms) by send time (ms into the step):", JSON.stringify([...buckets]));
    slow.length = 0;
  }
  return {
    offeredRate: c.rate,
    sentRate: inWindow / measureSec,
    sent: inWindow,
    acked,
    delivered,
    failed,
    failures: { ...failures },
    dupDeliveries,
    strayFrames,
    deliveredRate: delivered / measureSec,
    /** messages of the step delivered to every recipient, warm-up included: what the server's CPU paid for */
    deliveredAll,
    /** copies received by recipients, and acks, warm-up included */
    deliveriesAll,
    ackedAll,
    /** connections the server closed during the step, by code */
    lost: { ...lost },
    /** copies received by recipients, of the window's messages */
    deliveries: copies,
    /** copies received ÷ copies owed (messages × recipients) */
    reach: inWindow ? copies / (inWindow * recipients) : 0,
    ackReach: inWindow ? acked / inWindow : 0,
    ack: ackHist.summary(),
    /** send → each recipient's copy */
    latency: deliverHist.summary(),
    /** send → the last recipient's copy (the same as `latency` with one recipient) */
    latencyLast: lastHist.summary(),
    maxLagMs: Math.round(maxLagMs),
    generatorCpuPct: Math.round(((cpu.user + cpu.system) / 1000 / sendWallMs) * 100),
  };
}

async function history(c: Extract<GenCommand, { cmd: "history" }>) {
  const client = await historyClient(c.kind, c.spec);
  try {
    const pages = new Histogram();
    const catchups = new Histogram();
    let rows = 0;
    for (let i = 0; i < c.pages.length; i++) {
      const q = c.pages[i];
      const t = performance.now();
      const ids = await client.page({ target: q.target, before: q.before, limit: 50 });
      if (i >= c.warmup) pages.record((performance.now() - t) * 1000);
      rows += ids.length;
    }
    let caughtUp = 0;
    for (const q of c.catchups) {
      const t = performance.now();
      let after = q.after;
      let got = 0;
      while (got < q.count) {
        // what was missed, in the largest pages the server allows (the dataset goes on past it)
        const ids = await client.page({ target: q.target, after, limit: Math.min(c.catchUpLimit ?? 50, q.count - got) });
        if (ids.length === 0) break;
        got += ids.length;
        after = ids[ids.length - 1];
      }
      catchups.record((performance.now() - t) * 1000);
      caughtUp += got;
    }
    return { pages: pages.summary(), rowsPerPage: rows / Math.max(1, c.pages.length), catchup: catchups.summary(), caughtUp };
  } finally {
    client.close();
  }
}

process.on("message", async (m: GenCommand & { id: number }) => {
  try {
    let result: unknown;
    if (m.cmd === "connect") result = await openAll(m.kind, m.clients, m.concurrency, m.join, m.append);
    else if (m.cmd === "storm") result = await storm(m);
    else if (m.cmd === "run") result = await run(m);
    else if (m.cmd === "history") result = await history(m);
    else if (m.cmd === "claims") result = await runClaims(m);
    else if (m.cmd === "close") {
      clients.forEach((x) => x?.close());
      clients = [];
      specs = [];
      closeClaimAgents();
      result = { ok: true };
    }
    process.send!({ id: m.id, result });
  } catch (err) {
    process.send!({ id: m.id, error: String((err as Error)?.stack ?? err) });
  }
});
// a normal exit on the orchestrator's SIGTERM, so BENCH_CPU_PROF=all can write the generator's profile
process.on("SIGTERM", () => process.exit(0));
process.send!({ ready: true, pid: process.pid });
