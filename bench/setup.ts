// Data for the benchmark, written straight into PostgreSQL in bulk (the benchmark measures
// chatting, not signing up). Two databases on the server DATABASE_URL points at:
//   <name>          made afresh every run: Parley's schema (its own migrations), the support
//                   and idle fixtures, and the typical server's table
//   <name>_history  built once and kept: 10M messages in Parley's `messages` table and the
//                   same 10M in the typical server's table; rebuilt only when its size changes
import { createHmac, randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase } from "../db/client";
import { newToken, sha256 } from "../server/crypto";

export type Sql = postgres.Sql;

export const BENCH_SECRET = randomBytes(16).toString("hex");
/** a peer server's token: `<user>.<room>.<hmac>` (bench/servers/probe.ts checks it) */
export const peerToken = (user: string, room: string) =>
  `${user}.${room}.${createHmac("sha256", BENCH_SECRET).update(`${user}.${room}`).digest("hex").slice(0, 32)}`;

export function databaseUrl(base: string, name: string) {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function createDatabase(adminUrl: string, name: string, fresh: boolean) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    if (fresh) await admin.unsafe(`drop database if exists "${name}" with (force)`);
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
}

const TYPICAL_TABLE = `
  create table if not exists typical_messages (
    id bigserial primary key,
    room text not null,
    sender text not null,
    client_msg_id text not null,
    content text not null,
    created_at bigint not null
  );
  create index if not exists typical_messages_room_idx on typical_messages (room, id);`;

/** Parley's schema through its own migrator, plus the typical server's table. */
async function migrate(url: string) {
  const database = await openDatabase({ databaseUrl: url });
  await database.close();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  for (const statement of TYPICAL_TABLE.split(";").filter((x) => x.trim())) await sql.unsafe(statement);
  return sql;
}

export async function prepareRunDatabase(adminUrl: string, name: string) {
  await createDatabase(adminUrl, name, true);
  const url = databaseUrl(adminUrl, name);
  const sql = await migrate(url);
  return { url, sql };
}

const now = () => Date.now();

export interface Pair {
  conversationId: string;
  room: string;
  visitorToken: string;
  agentToken: string;
}

/**
 * `n` live support conversations, each with its own visitor and its own agent, already
 * assigned (so the run measures chatting, not routing). 10 agents per site, like a shop's team.
 */
export async function createSupportPairs(sql: Sql, n: number): Promise<Pair[]> {
  const t = now();
  const tag = randomBytes(3).toString("hex");
  const siteCount = Math.ceil(n / 10);
  const siteRows = await sql`
    insert into sites (key, name, secret, allowed_origins, created_at)
    select 'bench-' || ${tag} || '-' || g, 'Bench shop ' || g, ${randomBytes(16).toString("hex")}, '[]'::jsonb, ${t}
    from generate_series(1, ${siteCount}) g returning id`;
  const siteOf = (i: number) => siteRows[Math.floor(i / 10)].id as string;
  const idx = Array.from({ length: n }, (_, i) => i);
  const agents = await sql`
    insert into users (mobile, password_hash, nickname, created_at)
    select 'b' || ${tag} || '-' || g, '!', 'Agent ' || g, ${t} from generate_series(1, ${n}) g returning id`;
  const agentIds = agents.map((r) => r.id as string);
  await sql`insert into site_agents (site_id, user_id, role, capacity)
    select * from unnest(${sql.array(idx.map(siteOf))}::bigint[], ${sql.array(agentIds)}::bigint[], ${sql.array(idx.map(() => "agent"))}::text[], ${sql.array(idx.map(() => 1000))}::int[])`;
  await sql`insert into agent_status (user_id, status, updated_at) select unnest(${sql.array(agentIds)}::bigint[]), 'online', ${t}`;
  const agentTokens = idx.map(() => newToken("pm"));
  await sql`insert into api_tokens (user_id, token_hash, created_at)
    select unnest(${sql.array(agentIds)}::bigint[]), unnest(${sql.array(agentTokens.map(sha256))}::text[]), ${t}`;
  const visitors = await sql`
    insert into visitors (site_id, name, created_at, last_seen_at)
    select unnest(${sql.array(idx.map(siteOf))}::bigint[]), '', ${t}, ${t} returning id`;
  const visitorIds = visitors.map((r) => r.id as string);
  const visitorTokens = idx.map(() => newToken("pv"));
  await sql`insert into visitor_sessions (visitor_id, token_hash, created_at, expires_at)
    select unnest(${sql.array(visitorIds)}::bigint[]), unnest(${sql.array(visitorTokens.map(sha256))}::text[]), ${t}, ${t + SESSION_TTL_MS}`;
  const convs = await sql`
    insert into support_conversations (site_id, visitor_id, status, agent_id, created_at)
    select unnest(${sql.array(idx.map(siteOf))}::bigint[]), unnest(${sql.array(visitorIds)}::bigint[]), 'open',
           unnest(${sql.array(agentIds)}::bigint[]), ${t}
    returning id, visitor_id`;
  const convOf = new Map(convs.map((r) => [String(r.visitor_id), String(r.id)]));
  return idx.map((i) => ({
    conversationId: convOf.get(visitorIds[i])!,
    room: `r${i}`,
    visitorToken: visitorTokens[i],
    agentToken: agentTokens[i],
  }));
}

export interface GroupFixture {
  /** groups.id == threads.id: the wire's targetId (Parley) */
  groupId: string;
  /** the peers' room */
  room: string;
  /** one API token per member, the owner first */
  memberTokens: string[];
}

/**
 * One group of `n` members, made the way the group service leaves one: a thread (channel type
 * 2), the group row with the thread's id, a group_members row each (the first is the owner) and a
 * thread_members row each (read pointer 0, not left), so every member's socket is subscribed to
 * the thread on connect. Every member has an API token, like the support agents.
 */
export async function createGroup(sql: Sql, n: number): Promise<GroupFixture> {
  const t = now();
  const tag = randomBytes(3).toString("hex");
  const users = await sql`
    insert into users (mobile, password_hash, nickname, created_at)
    select 'g' || ${tag} || '-' || g, '!', 'Member ' || g, ${t} from generate_series(1, ${n}) g order by g returning id`;
  const userIds = users.map((r) => r.id as string);
  const tokens = userIds.map(() => newToken("pm"));
  await sql`insert into api_tokens (user_id, token_hash, created_at)
    select unnest(${sql.array(userIds)}::bigint[]), unnest(${sql.array(tokens.map(sha256))}::text[]), ${t}`;
  const [thread] = await sql`insert into threads (channel_type, created_at) values (2, ${t}) returning id`;
  await sql`insert into groups (id, name, member_limit, created_at) values (${thread.id}, 'Bench group', ${Math.max(500, n)}, ${t})`;
  await sql`insert into group_members (group_id, user_id, level, joined_at)
    select ${thread.id}, u, case when o = 1 then 3 else 1 end, ${t} from unnest(${sql.array(userIds)}::bigint[]) with ordinality as x(u, o)`;
  await sql`insert into thread_members (thread_id, user_id, read_id, joined_at)
    select ${thread.id}, unnest(${sql.array(userIds)}::bigint[]), 0, ${t}`;
  return { groupId: String(thread.id), room: `g${thread.id}`, memberTokens: tokens };
}

export interface RoomFixture {
  /** chat_rooms.id == threads.id: the wire's groupId (Parley, channelType 1) */
  groupId: string;
  /** the peers' room */
  room: string;
  /** one API token per member: those in the room (the writers first), then those of the join storm */
  memberTokens: string[];
}

/**
 * One open chat room, made the way the room service leaves one: a thread (channel type 1) and
 * the chat_rooms row with the thread's id (status 0 open). Nobody is a member of a room — who
 * is in it is whoever joined it live — so besides the room there are only accounts: `members`
 * users with an API token each. The guests' tokens come from the room service's `visit` on the
 * server under test (bench/servers/parley.ts), as a browser gets them.
 */
export async function createRoom(sql: Sql, members: number): Promise<RoomFixture> {
  const t = now();
  const tag = randomBytes(3).toString("hex");
  const users = members
    ? await sql`
    insert into users (mobile, password_hash, nickname, created_at)
    select 'r' || ${tag} || '-' || g, '!', 'Room member ' || g, ${t} from generate_series(1, ${members}) g order by g returning id`
    : [];
  const userIds = users.map((r) => r.id as string);
  const tokens = userIds.map(() => newToken("pm"));
  if (members)
    await sql`insert into api_tokens (user_id, token_hash, created_at)
    select unnest(${sql.array(userIds)}::bigint[]), unnest(${sql.array(tokens.map(sha256))}::text[]), ${t}`;
  const [thread] = await sql`insert into threads (channel_type, created_at) values (1, ${t}) returning id`;
  await sql`insert into chat_rooms (id, name, description, status, created_at, opened_at) values (${thread.id}, 'Bench room', 'the room scenario', 0, ${t}, ${t})`;
  return { groupId: String(thread.id), room: `room${thread.id}`, memberTokens: tokens };
}

/** visitor tokens outlive any run (they expire, like the widget's; 30 days as the default) */
const SESSION_TTL_MS = 30 * 24 * 3600_000;

/** `n` visitors of one site, each with a widget token: the idle crowd. */
export async function createIdleVisitors(sql: Sql, n: number): Promise<string[]> {
  const t = now();
  const [site] = await sql`insert into sites (key, name, secret, allowed_origins, created_at)
    values (${"bench-idle-" + randomBytes(3).toString("hex")}, 'Idle shop', ${randomBytes(16).toString("hex")}, '[]'::jsonb, ${t}) returning id`;
  const visitors = await sql`insert into visitors (site_id, name, created_at, last_seen_at)
    select ${site.id}, '', ${t}, ${t} from generate_series(1, ${n}) returning id`;
  const tokens = visitors.map(() => newToken("pv"));
  await sql`insert into visitor_sessions (visitor_id, token_hash, created_at, expires_at)
    select unnest(${sql.array(visitors.map((v) => v.id as string))}::bigint[]), unnest(${sql.array(tokens.map(sha256))}::text[]), ${t}, ${t + SESSION_TTL_MS}`;
  return tokens;
}

export interface HistoryData {
  url: string;
  sql: Sql;
  messages: number;
  conversations: number;
  /** conversation k holds the messages whose id ≡ k (mod conversations) */
  convIds: string[];
  agentToken: string;
  built: boolean;
  buildMs: number;
}

const HISTORY_VERSION = 1;

/**
 * Read the history tables and their indexes once into the OS page cache, so every server's
 * history is measured on the same warm cache. Without it the first server paid for the disk
 * reads the later ones then skipped, and a table left alone for a while (the kernel reclaims
 * cold pages here) made page p50 7-11 ms instead of 1-2 ms, for reasons that are not paging.
 */
async function prewarm(sql: Sql, log: (s: string) => void) {
  const t0 = Date.now();
  const rels = await sql`
    select c.oid::regclass::text as rel from pg_class c
    where c.relname in ('messages', 'typical_messages') or c.oid in (
      select indexrelid from pg_index where indrelid in ('messages'::regclass, 'typical_messages'::regclass))`;
  try {
    await sql`create extension if not exists pg_prewarm`;
    for (const r of rels) await sql`select pg_prewarm(${r.rel}::regclass, 'read')`;
    log(`history tables and indexes read into the page cache in ${((Date.now() - t0) / 1000).toFixed(1)} s (pg_prewarm)`);
  } catch (err) {
    // no pg_prewarm (contrib not installed): a sequential scan reads the tables at least
    for (const table of ["messages", "typical_messages"]) await sql.unsafe(`select count(*) from ${table}`);
    log(`history tables read into the page cache in ${((Date.now() - t0) / 1000).toFixed(1)} s (no pg_prewarm: ${String(err).slice(0, 80)}; indexes stay cold)`);
  }
}

/**
 * `messages` rows spread over `conversations` conversations of one site, interleaved the way
 * real traffic interleaves them (message g belongs to conversation g mod conversations), so a
 * page of 50 touches 50 different heap pages, as it would in production. Built once per size.
 */
export async function ensureHistory(adminUrl: string, name: string, messages: number, conversations: number, log: (s: string) => void): Promise<HistoryData> {
  await createDatabase(adminUrl, name, false);
  const url = databaseUrl(adminUrl, name);
  const sql = await migrate(url);
  await sql`create table if not exists bench_meta (key text primary key, value text not null)`;
  const want = JSON.stringify({ v: HISTORY_VERSION, messages, conversations });
  const [meta] = await sql`select value from bench_meta where key = 'history'`;
  const t0 = Date.now();
  let built = false;
  if (meta?.value !== want) {
    log(`building the history dataset: ${messages.toLocaleString("en")} messages in ${conversations} conversations (once; kept in database ${name})…`);
    built = true;
    await sql`delete from bench_meta where key = 'history'`;
    await sql.unsafe(`truncate messages, support_conversations, visitor_sessions, visitors, api_tokens, agent_status, site_agents, users, sites, typical_messages restart identity cascade`);
    const t = now();
    const [site] = await sql`insert into sites (key, name, secret, allowed_origins, created_at) values ('bench-history', 'History shop', 'x', '[]'::jsonb, ${t}) returning id`;
    const [agent] = await sql`insert into users (mobile, password_hash, nickname, created_at) values ('bench-history-agent', '!', 'History agent', ${t}) returning id`;
    await sql`insert into site_agents (site_id, user_id, role, capacity) values (${site.id}, ${agent.id}, 'agent', 100000)`;
    await sql`insert into visitors (site_id, name, created_at, last_seen_at) select ${site.id}, 'Shopper ' || g, ${t}, ${t} from generate_series(1, ${conversations}) g`;
    await sql`insert into support_conversations (site_id, visitor_id, status, agent_id, created_at)
      select ${site.id}, id, 'open', ${agent.id}, ${t} from visitors order by id`;
    // bulk load without the indexes, then build them: ~3× faster than indexing row by row
    const idx = await sql`select indexname, indexdef from pg_indexes where tablename in ('messages', 'typical_messages') and indexname not like '%_pkey'`;
    for (const i of idx) await sql.unsafe(`drop index "${i.indexname}"`);
    const body = "' — an ordinary chat line about an order, a size, a delivery date and a thank you.'";
    await sql.unsafe(`
      insert into messages (id, channel_type, target_id, from_type, from_id, client_msg_id, msg_type, msg, sender_name, created_at)
      select g, 4, c.id, case when g % 2 = 0 then 'visitor' else 'member' end,
             case when g % 2 = 0 then c.visitor_id else ${agent.id} end,
             'h' || g, 1, jsonb_build_object('content', 'Message ' || g || ${body}),
             case when g % 2 = 0 then 'Shopper' else 'History agent' end, ${t} - ${messages} + g
      from generate_series(1, ${messages}) g
      join support_conversations c on c.id = (g % ${conversations}) + 1`);
    await sql.unsafe(`
      insert into typical_messages (id, room, sender, client_msg_id, content, created_at)
      select g, 'h' || (g % ${conversations}), 'u' || (g % 2), 'h' || g, 'Message ' || g || ${body}, ${t} - ${messages} + g
      from generate_series(1, ${messages}) g`);
    await sql.unsafe(`set maintenance_work_mem = '512MB'`);
    for (const i of idx) await sql.unsafe(i.indexdef);
    for (const table of ["messages", "typical_messages"]) await sql.unsafe(`select setval(pg_get_serial_sequence('${table}', 'id'), ${messages})`);
    await sql`update support_conversations c set last_message_id = m.last, last_message_at = ${t}
      from (select target_id, max(id) as last from messages group by target_id) m where m.target_id = c.id`;
    for (const table of ["messages", "typical_messages", "support_conversations"]) await sql.unsafe(`vacuum analyze ${table}`);
    await sql`insert into bench_meta (key, value) values ('history', ${want})`;
  }
  await prewarm(sql, log);
  const convIds = (await sql`select id from support_conversations order by id`).map((r) => String(r.id));
  const [agent] = await sql`select id from users where mobile = 'bench-history-agent'`;
  const agentToken = newToken("pm");
  await sql`insert into api_tokens (user_id, token_hash, created_at) values (${agent.id}, ${sha256(agentToken)}, ${now()})`;
  return { url, sql, messages, conversations, convIds, agentToken, built, buildMs: Date.now() - t0 };
}

export interface PacketFixture {
  /** the chat room (channelType 1) the packets are posted in: anyone signed in may claim there */
  roomId: string;
  /** the sender: an admin (who credits its own balance with admin.credit and sends every packet) */
  senderId: string;
  senderToken: string;
  /** one API token per claimer */
  memberTokens: string[];
}

/**
 * The packet scenario's people: `members` accounts with an API token each (the claimers), an
 * admin who sends the packets, and the open chat room they go into (a room checks no
 * membership on a claim, so the claim is the packet's work alone — the naive peer does the same).
 */
export async function createPacketFixture(sql: Sql, members: number): Promise<PacketFixture> {
  const room = await createRoom(sql, members);
  const t = now();
  const [admin] = await sql`insert into users (mobile, password_hash, nickname, role, created_at)
    values (${"p" + randomBytes(4).toString("hex")}, '!', 'Packet sender', 'admin', ${t}) returning id`;
  const senderToken = newToken("pm");
  await sql`insert into api_tokens (user_id, token_hash, created_at) values (${admin.id}, ${sha256(senderToken)}, ${t})`;
  return { roomId: room.groupId, senderId: String(admin.id), senderToken, memberTokens: room.memberTokens };
}

/** a tRPC mutation over HTTP as the given member; its data, or an Error with the server's answer */
async function trpcCall(url: string, token: string, path: string, input: unknown): Promise<unknown> {
  const res = await fetch(`${url}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: unknown }; error?: { message: string } };
  if (!res.ok || !body.result) throw new Error(`${path}: ${res.status} ${JSON.stringify(body.error ?? body).slice(0, 300)}`);
  return body.result.data;
}

export interface PacketSpec {
  count: number;
  /** exact decimal string in the coin's places */
  total: string;
}

/** the bench's coin: 2 decimal places, like the seed's */
export const PACKET_DECIMALS = 2;

/**
 * Through a running Parley (its tRPC, as a client would): a new coin (admin.createCoin), the
 * sender credited with enough of it (admin.credit), then every packet sent into the room with
 * redPacket.send — debit, shares and the msgType 4 message in one transaction each, lucky
 * shares ("拼手气"). Answers the coin and each packet's id, in the order of `specs`.
 */
export async function sendPackets(url: string, f: PacketFixture, specs: PacketSpec[]): Promise<{ coin: number; packetIds: string[] }> {
  const code = `B${randomBytes(4).toString("hex").toUpperCase()}`;
  const { coin } = (await trpcCall(url, f.senderToken, "admin.createCoin", { code, name: `Bench ${code}`, decimals: PACKET_DECIMALS })) as { coin: number };
  const scale = 10 ** PACKET_DECIMALS;
  const need = specs.reduce((a, s) => a + Math.round(Number(s.total) * scale), 0);
  await trpcCall(url, f.senderToken, "admin.credit", { userId: f.senderId, coin, amount: (need / scale).toFixed(PACKET_DECIMALS), reason: "bench: the packet scenario" });
  const packetIds: string[] = [];
  for (const s of specs) {
    const sent = (await trpcCall(url, f.senderToken, "redPacket.send", { channelType: 1, targetId: f.roomId, coin, type: 1, count: s.count, total: s.total, greeting: "bench" })) as {
      packetId: string;
    };
    packetIds.push(sent.packetId);
  }
  return { coin, packetIds };
}

/**
 * What the database says of some packets after their claims: shares claimed and their sum,
 * against count and total, and the ledger's claim rows (written by the share_claim trigger)
 * against the shares; and whether every balance of the coin is what its ledger rows add up to.
 */
export async function packetOutcome(sql: Sql, packetIds: string[], coin: number) {
  const [r] = await sql`
    with p as (select id, count, total from red_packets where public_id = any(${sql.array(packetIds)}::uuid[])),
    s as (
      select p.id, p.count, p.total, count(s.claimed_by)::int as claimed, coalesce(sum(s.amount) filter (where s.claimed_by is not null), 0) as claimed_sum
      from p join red_packet_shares s on s.packet_id = p.id group by p.id, p.count, p.total)
    select
      (select count(*)::int from p) as packets,
      (select sum(count)::int from p) as shares,
      (select sum(total)::text from p) as total,
      (select sum(claimed)::int from s) as claimed,
      (select sum(claimed_sum)::text from s) as claimed_sum,
      (select count(*)::int from s where claimed = count and claimed_sum = total) as packets_full,
      (select count(*)::int from ledger_entries l where l.packet_id in (select id from p) and l.kind = 'packet_claim') as ledger_rows,
      (select coalesce(sum(amount), 0)::text from ledger_entries l where l.packet_id in (select id from p) and l.kind = 'packet_claim') as ledger_sum,
      (select count(distinct (l.packet_id, l.user_id))::int from ledger_entries l where l.packet_id in (select id from p) and l.kind = 'packet_claim') as claimers,
      (select count(*)::int from balances b where b.coin_id = ${coin} and b.amount <> (
         select coalesce(sum(amount), 0) from ledger_entries l where l.user_id = b.user_id and l.coin_id = b.coin_id)) as balances_off`;
  const out = {
    packets: r.packets as number,
    shares: r.shares as number,
    total: r.total as string,
    claimed: r.claimed as number,
    claimedSum: r.claimed_sum as string,
    packetsFull: r.packets_full as number,
    ledgerRows: r.ledger_rows as number,
    ledgerSum: r.ledger_sum as string,
    /** distinct (packet, member) pairs paid: a member paid twice would show here */
    claimers: r.claimers as number,
    balancesOff: r.balances_off as number,
  };
  const exact =
    out.claimed === out.shares &&
    out.claimedSum === out.total &&
    out.packetsFull === out.packets &&
    out.ledgerRows === out.claimed &&
    out.ledgerSum === out.claimedSum &&
    out.claimers === out.ledgerRows &&
    out.balancesOff === 0;
  return { ...out, exact };
}
