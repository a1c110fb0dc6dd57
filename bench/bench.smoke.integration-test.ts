// CI runs the benchmark at toy sizes to prove the harness works end to end — every server
// starts, every scenario produces numbers, nothing is lost — not to judge speed.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SMOKE } from "./config";
import type { BenchResult } from "./lib/report";

const { DATABASE_URL, REDIS_URL } = process.env;
const reason = !DATABASE_URL ? "DATABASE_URL is not set (the benchmark needs PostgreSQL)" : !REDIS_URL ? "REDIS_URL is not set (the two-process run needs Redis)" : null;
if (reason) console.log(`[bench smoke] skipped: ${reason}. CI sets both.`);

const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "bench/results/smoke.json");

/**
 * The smoke run as a child process, awaited (not spawnSync: a worker blocked for longer than a
 * minute loses vitest's RPC heartbeat, and the run takes about that).
 */
function runSmoke(timeoutMs = 240_000): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/run.ts", "--smoke"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

describe.skipIf(reason !== null)("npm run bench -- --smoke", () => {
  it("runs every scenario against every server and writes the tables", async () => {
    rmSync(results, { force: true });
    const run = await runSmoke();
    expect(run.status, run.output).toBe(0);
    const r = JSON.parse(readFileSync(results, "utf8")) as BenchResult;

    expect(Object.keys(r.servers)).toEqual(["ceiling", "typical", "naive-packets", "parley", "parley-redis"]);
    // the chat scenarios' servers (the naive packet peer takes only the packet scenario)
    const chat = Object.entries(r.servers).filter(([id]) => id !== "naive-packets");
    expect(r.servers["naive-packets"].idle).toBeUndefined();
    for (const [id, s] of chat) {
      expect(s.idle?.connections, id).toBe(SMOKE.idleConnections);
      expect(s.idle?.failed, id).toBe(0);
      // every rung ran, and on a tiny load every message was acked and delivered exactly once
      expect(s.support?.steps.map((x) => x.offeredRate), id).toEqual(SMOKE.ladder);
      for (const step of s.support!.steps) {
        expect(step.reach, id).toBe(1);
        expect(step.ackReach, id).toBe(1);
        expect(step.dupDeliveries, id).toBe(0);
        expect(step.latency.count, id).toBe(step.sent);
        expect(step.serverCpuMsPer1k, id).toBeGreaterThan(0);
      }
    }
    // the group: every message of every rung acked once and received by every other member, once
    for (const [id, s] of chat) {
      const g = s.group!;
      expect(g.members, id).toBe(SMOKE.groupMembers);
      expect(g.steps.map((x) => x.offeredRate), id).toEqual(SMOKE.groupLadder);
      for (const step of g.steps) {
        expect(step.reach, id).toBe(1);
        expect(step.ackReach, id).toBe(1);
        expect(step.dupDeliveries, id).toBe(0);
        expect(step.deliveries, id).toBe(step.sent * (SMOKE.groupMembers - 1));
        expect(step.latency.count, id).toBe(step.deliveries);
        expect(step.latencyLast.count, id).toBe(step.sent);
      }
    }
    // the room: every socket joined, every message of every rung acked once and received by
    // every other connection, once; the join and leave storms (Parley says how many are in the
    // room, a handful of times at most, the last time right)
    for (const [id, s] of chat) {
      const g = s.room!;
      expect(g.connections, id).toBe(SMOKE.roomConnections);
      expect(g.steps.map((x) => x.offeredRate), `${id}: ${g.stopReason}`).toEqual(SMOKE.roomLadder);
      for (const step of g.steps) {
        expect(step.reach, id).toBe(1);
        expect(step.ackReach, id).toBe(1);
        expect(step.dupDeliveries, id).toBe(0);
        expect(step.deliveries, id).toBe(step.sent * (SMOKE.roomConnections - 1));
        expect(step.latency.count, id).toBe(step.deliveries);
        expect(step.latencyLast.count, id).toBe(step.sent);
      }
      const st = g.storm!;
      expect(st.joined, id).toBe(SMOKE.roomStormJoins);
      const left = g.leave!;
      for (const [x, inRoom] of [
        [st, SMOKE.roomConnections + SMOKE.roomStormJoins],
        [left, SMOKE.roomConnections],
      ] as const) {
        if (id.startsWith("parley")) {
          expect(x.countEvents, id).toBeGreaterThanOrEqual(1);
          expect(x.countEvents, id).toBeLessThanOrEqual(Math.ceil(x.windowMs / 1000) + 1);
          expect(x.lastNumber, id).toBe(String(inRoom));
        } else expect(x.countEvents, id).toBe(0);
      }
    }
    // the history scenario reads real pages from every server that stores
    for (const id of ["typical", "parley", "parley-redis"]) {
      const h = r.servers[id].history!;
      expect(h.rowsPerPage, id).toBe(50);
      expect(h.caughtUp, id).toBe(SMOKE.catchups * SMOKE.catchupMessages);
    }
    expect(r.servers.ceiling.history).toBeUndefined();
    // red packets, on Parley (one and two processes) and the naive peer: every claim answered
    // with 0 / -4001 / -4009 only, exactly as many paid as there are shares, their amounts adding
    // up to the total, and the database agreeing (every share claimed once, one ledger row each)
    for (const id of ["naive-packets", "parley", "parley-redis"]) {
      const p = r.servers[id].packet!;
      expect(p.notMeasured, id).toBeUndefined();
      for (const [w, packets, shares, claimers] of [
        ["hot", 1, SMOKE.packetHotShares, SMOKE.packetHotClaimers],
        ["spread", SMOKE.packetSpreadPackets, SMOKE.packetSpreadShares, SMOKE.packetSpreadClaimers],
      ] as const) {
        const x = p[w]!;
        const what = `${id} ${w}: ${JSON.stringify(x.run.codes)} ${x.run.firstUnexpected}`;
        expect(x.run.answered, what).toBe(packets * claimers);
        expect(x.run.unexpected, what).toBe(0);
        expect(x.run.codes["0"], what).toBe(packets * shares);
        expect(x.run.codes["-4001"], what).toBe(packets * (claimers - shares));
        expect(x.db, what).toMatchObject({ packets, shares: packets * shares, claimed: packets * shares, packetsFull: packets, ledgerRows: packets * shares, balancesOff: 0 });
        expect(x.db.claimedSum, what).toBe(x.db.total);
        expect(x.exact, what).toBe(true);
      }
    }
    expect(r.servers.ceiling.packet).toBeUndefined();
    expect(r.servers.typical.packet).toBeUndefined();
    const md = readFileSync(path.join(root, "bench/results/smoke.md"), "utf8");
    expect(md).toContain("### Support");
    expect(md).toContain("### Group");
    expect(md).toContain("### Room");
    expect(md).toContain("### Red packets");
  }, 300_000);
});
