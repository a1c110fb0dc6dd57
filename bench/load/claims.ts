// The packet scenario's load: red packet claims over HTTP, `POST /api/compat/red-packet/receive-entry
// {packet_id}` with a member's Bearer token, the same request for every server. A burst: every
// claim is due at once, and `concurrency` keep-alive connections in all (split over the server's
// processes) carry them, each taking the next claim the moment its answer is in — so the server
// has `concurrency` claims in flight until the list is done, as if that many phones pressed "open" at
// the same instant and the rest right behind them. The connections (http-wire.ts) are kept between
// bursts: a warm-up burst opens them, and the measured ones start on connected sockets.
import { performance } from "node:perf_hooks";
import { Histogram } from "../lib/histogram";
import type { LatencySummary } from "../lib/histogram";
import { openHttpWire, type HttpWire } from "./http-wire";

export const CLAIM_PATH = "/api/compat/red-packet/receive-entry";

export interface ClaimsCommand {
  cmd: "claims";
  /** the server's processes: claim k goes to urls[k % urls.length] */
  urls: string[];
  /** in the order they are sent */
  claims: { token: string; packetId: string }[];
  /** connections in all (each process gets its share) */
  concurrency: number;
  /** the coin's decimal places: the seed's number amounts are summed in minor units */
  decimals: number;
}

export interface ClaimsResult {
  claims: number;
  answered: number;
  /** answers by seed result code ("0" paid, "-4001" none left, "-4009" again, …); "http <status>" / "error" for the rest */
  codes: Record<string, number>;
  /** answers that are not 0, -4001 or -4009, and requests that got no answer */
  unexpected: number;
  firstUnexpected: string;
  /** per packet id: shares paid and their sum in minor units, as the answers said */
  paid: Record<string, { n: number; minor: number }>;
  /** first request sent → last answer in */
  ms: number;
  claimsPerSec: number;
  /** request written on its connection → its answer */
  latency: LatencySummary;
  /** the burst's start → the answer: what the claimer waits when everyone presses at once */
  sinceStart: LatencySummary;
  generatorCpuPct: number;
}

/** per server URL, its kept connections (slot i carries loop i's claims) */
const wires = new Map<string, HttpWire[]>();

/** `n` open connections to `url`: the kept ones, and new ones for those the server closed meanwhile */
async function wiresFor(url: string, n: number): Promise<HttpWire[]> {
  const list = wires.get(url) ?? [];
  wires.set(url, list);
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      if (!list[i]?.open) list[i] = await openHttpWire(url);
    }),
  );
  return list.slice(0, n);
}

/** close every kept connection */
export function closeClaimAgents() {
  for (const list of wires.values()) for (const w of list) w.close();
  wires.clear();
}

const EXPECTED = new Set(["0", "-4001", "-4009"]);

export async function runClaims(c: ClaimsCommand): Promise<ClaimsResult> {
  const perUrl = Math.max(1, Math.ceil(c.concurrency / c.urls.length));
  const latency = new Histogram();
  const sinceStart = new Histogram();
  const codes: Record<string, number> = {};
  const paid: Record<string, { n: number; minor: number }> = {};
  const scale = 10 ** c.decimals;
  let answered = 0;
  let unexpected = 0;
  let firstUnexpected = "";
  // per process, the next claim meant for it (claim k goes to process k mod processes)
  const cursor = c.urls.map((_, i) => i);
  const takeFor = (u: number) => {
    const k = cursor[u];
    if (k >= c.claims.length) return null;
    cursor[u] = k + c.urls.length;
    return c.claims[k];
  };
  const count = (code: string, detail: string) => {
    codes[code] = (codes[code] ?? 0) + 1;
    if (EXPECTED.has(code)) return;
    unexpected++;
    firstUnexpected ||= detail.slice(0, 300);
  };
  // connected before the clock starts (a server may have closed idle ones between bursts)
  const connections = await Promise.all(c.urls.map((url) => wiresFor(url, perUrl)));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // one loop per connection: each process's `perUrl` connections carry its claims
  await Promise.all(
    c.urls.flatMap((url, u) =>
      connections[u].map(async (first, slot) => {
        let wire = first;
        for (;;) {
          const claim = takeFor(u);
          if (!claim) return;
          // a connection that failed (its claim counted as an error) is replaced before the next claim
          if (!wire.open) {
            try {
              wire = await openHttpWire(url);
              wires.get(url)![slot] = wire; // kept (and closed by closeClaimAgents) like the rest
            } catch (err) {
              count("error", String(err));
              continue;
            }
          }
          const sent = performance.now();
          try {
            const r = await wire.post(CLAIM_PATH, { authorization: `Bearer ${claim.token}` }, JSON.stringify({ packet_id: claim.packetId }));
            const done = performance.now();
            latency.record((done - sent) * 1000);
            sinceStart.record((done - t0) * 1000);
            if (r.status !== 200) {
              count(`http ${r.status}`, r.text);
              continue;
            }
            const a = JSON.parse(r.text) as { result: number; data?: { amount?: number } };
            answered++;
            const code = String(a.result);
            count(code, r.text);
            if (code === "0") {
              const p = (paid[claim.packetId] ??= { n: 0, minor: 0 });
              p.n++;
              p.minor += Math.round(Number(a.data?.amount) * scale);
            }
          } catch (err) {
            count("error", String(err));
          }
        }
      }),
    ),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    claims: c.claims.length,
    answered,
    codes,
    unexpected: unexpected + (c.claims.length - Object.values(codes).reduce((a, n) => a + n, 0)),
    firstUnexpected,
    paid,
    ms: Math.round(ms),
    claimsPerSec: answered / (ms / 1000),
    latency: latency.summary(),
    sinceStart: sinceStart.summary(),
    generatorCpuPct: Math.round(((cpu.user + cpu.system) / 1000 / ms) * 100),
  };
}
