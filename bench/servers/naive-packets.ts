// "Naive" red packets: what a team writes first for claiming a share — a plain node:http server
// on the same PostgreSQL, the same tables and the same triggers as Parley (the share_claim
// trigger writes the ledger row, ledger_apply moves the balance), answering Parley's seed door
// `POST /api/compat/red-packet/receive-entry {packet_id}` with the same envelope and codes.
// One transaction per claim: the packet row locked FOR UPDATE (so two claimers never take one
// share), "already claimed?", the first free share by seq, UPDATE it, count what is left, COMMIT.
// Claims of one packet therefore queue one by one behind its lock — the comparison the packet
// scenario makes (bench/README.md). Pool of 10, like Parley.
import { createHash } from "node:crypto";
import http from "node:http";
import postgres from "postgres";
import { installProbe } from "./probe";

const sql = postgres(process.env.BENCH_DB_URL!, { max: 10, onnotice: () => {} });
/** how long a share grabbed by link is held (Parley's PARLEY_PACKET_HOLD_MS, its default) */
const HOLD_MS = Number(process.env.PARLEY_PACKET_HOLD_MS ?? 10 * 60_000);
const PATH = "/api/compat/red-packet/receive-entry";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** the body of a claim is ~60 bytes: anything past this is not one */
const BODY_MAX = 4096;

class Refusal {
  constructor(readonly code: number) {}
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** Parley's member tokens: `pm_…`, stored as their sha256 in api_tokens (not revoked, the account not banned) */
async function memberOf(req: http.IncomingMessage) {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (!m || !m[1].startsWith("pm_")) return null;
  const [u] = await sql`
    select u.id from api_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${sha256(m[1])} and t.revoked_at is null and u.banned_at is null limit 1`;
  return u ? Number(u.id) : null;
}

function fromMinor(units: bigint, decimals: number) {
  const scale = 10n ** BigInt(decimals);
  return Number(`${units / scale}${decimals ? `.${(units % scale).toString().padStart(decimals, "0")}` : ""}`);
}

async function claim(userId: number, packetId: string) {
  if (!UUID.test(packetId)) throw new Refusal(-4006);
  const now = Date.now();
  return inTransaction(async (tx) => {
    const [p] = await tx`
      select p.id, p.count, p.coin_id, p.sender_id, p.channel_type, p.target_id, p.expires_at, p.refunded_at, c.decimals
      from red_packets p join coins c on c.id = p.coin_id where p.public_id = ${packetId.toLowerCase()} for update of p`;
    if (!p) throw new Refusal(-4006);
    if (p.refunded_at !== null || now >= Number(p.expires_at)) throw new Refusal(-4001);
    if (p.channel_type === 3 && Number(p.sender_id) === userId) throw new Refusal(-3000);
    if (p.channel_type === 2 || p.channel_type === 3) {
      const [m] = await tx`select 1 from thread_members where thread_id = ${p.target_id} and user_id = ${userId} and left_at is null`;
      if (!m) throw new Refusal(-4006);
    }
    const [mine] = await tx`select 1 from red_packet_shares where packet_id = ${p.id} and claimed_by = ${userId} limit 1`;
    if (mine) throw new Refusal(-4009);
    const [share] = await tx`
      select id, amount from red_packet_shares
      where packet_id = ${p.id} and claimed_by is null and refunded_at is null and (mark is null or grabbed_at < ${now - HOLD_MS})
      order by seq limit 1`;
    if (!share) throw new Refusal(-4001);
    // the share_claim trigger writes the ledger row (and ledger_apply the balance)
    await tx`update red_packet_shares set claimed_by = ${userId}, claimed_at = ${now}, mark = null, grabbed_at = null where id = ${share.id}`;
    const [{ remain }] = await tx`
      select count(*)::int as remain from red_packet_shares
      where packet_id = ${p.id} and claimed_by is null and refunded_at is null and (mark is null or grabbed_at < ${now - HOLD_MS})`;
    return { amount: fromMinor(BigInt(share.amount), p.decimals), total: p.count, remain, coin: p.coin_id };
  });
}

/**
 * BEGIN … COMMIT on a connection of its own. Not sql.begin: postgres.js 3.4.9 can write a
 * pipelined BEGIN without reserving its connection (porsager/postgres#823, #1189), and under this
 * load it did (UNSAFE_TRANSACTION, the transaction left open on a pooled connection);
 * sql.reserve() takes an idle connection out of the pool first.
 */
async function inTransaction<T>(fn: (tx: postgres.ReservedSql) => Promise<T>): Promise<T> {
  const tx = await sql.reserve();
  try {
    await tx`begin`;
    const out = await fn(tx);
    await tx`commit`;
    return out;
  } catch (err) {
    await tx`rollback`.catch(() => {});
    throw err;
  } finally {
    tx.release();
  }
}

function answer(res: http.ServerResponse, result: number, data: unknown) {
  const text = JSON.stringify({ result, message: result === 0 ? "OK" : String(result), data });
  res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.method !== "POST" || req.url !== PATH) return answer(res, -1001, {});
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > BODY_MAX) return answer(res, -1001, {});
      chunks.push(c as Buffer);
    }
    let body: { packet_id?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return answer(res, -1001, {});
    }
    const userId = await memberOf(req);
    // no valid token: Parley's -1003 (sign in or send a valid token)
    if (userId === null) return answer(res, -1003, {});
    answer(res, 0, await claim(userId, String(body?.packet_id ?? "")));
  } catch (err) {
    if (err instanceof Refusal) return answer(res, err.code, {});
    // the same member claiming twice at the same moment: the unique index (one share per member)
    if ((err as { code?: string }).code === "23505") return answer(res, -4009, {});
    console.error("[naive-packets]", err);
    answer(res, -9000, {});
  }
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const a = server.address() as { port: number };
  installProbe({ url: `http://127.0.0.1:${a.port}` });
});
process.on("SIGTERM", () => process.exit(0));
