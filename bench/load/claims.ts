// The packet scenario's load: red packet claims over HTTP, `POST /api/compat/red-packet/receive-entry
// {packet_id}` with a member's Bearer token, the same request for every server. A burst: every
// claim is due at once, and `concurrency` keep-alive connections in all (split over the server's
// processes) carry them, each taking the next claim the moment its answer is in — so the server
// has `concurrency` claims in flight until the list is done, as if that many phones pressed "open" at
// the same instant and the rest right behind them. The agents (and their open connections) are kept
// between bursts: a warm-up burst opens them, and the measured ones start on connected sockets.
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { Histogram } from "../lib/histogram";
import type { LatencySummary } from "../lib/histogram";

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

const agents = new Map<string, Agent>();
function agentFor(url: string, maxSockets: number) {
  let a = agents.get(url);
  if (!a) agents.set(url, (a = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets })));
  return a;
}

/** close every kept connection */
export function closeClaimAgents() {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

function post(url: string, agent: Agent, token: string, body: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      `${url}${CLAIM_PATH}`,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${token}` } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
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
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // one loop per connection: each process's `perUrl` loops keep its agent's sockets busy
  await Promise.all(
    c.urls.flatMap((url, u) =>
      Array.from({ length: perUrl }, async () => {
        const agent = agentFor(url, perUrl);
        for (;;) {
          const claim = takeFor(u);
          if (!claim) return;
          const sent = performance.now();
          try {
            const r = await post(url, agent, claim.token, JSON.stringify({ packet_id: claim.packetId }));
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
