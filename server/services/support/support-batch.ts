// The support channel's batch statement (see messages/message-writer.ts for the batching).
// The rules (who may write, who gets assigned) are decided here in JavaScript against what
// the writer last saw of each conversation. The statement checks that picture against the
// locked rows and writes only the conversations where it still holds; the others come back
// as they are now and their messages are decided again in the next batch.
import { rawQuery, type RawQuery } from "../../../db/raw";
import type { TMessage, TSupportConversation } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import { ChannelType } from "../../protocol/frames";
import type { Deps, Principal, WriterPrincipal } from "../deps";
import { now } from "../deps";
import { DEFERRED, json, STALE, STORED_COLUMNS, storedRow, type BatchWriter, type Outcome, type WriteItem, type Written } from "../messages/write-types";
import { agentRoleOn } from "./access";
import { pickAgent } from "./routing";
import { visitorDisplayName } from "./summaries";

/** Conversations the writer remembers between batches (the picture the statement checks). */
const MAX_REMEMBERED = 50_000;

export class SupportBatch implements BatchWriter {
  /** what this writer last saw of each conversation; only ever a guess, checked by every write */
  private seen = new Map<number, ConvState>();
  constructor(private deps: Deps) {}
  write(items: WriteItem[], skipLocked: boolean): Promise<Outcome[]> {
    if (this.seen.size > MAX_REMEMBERED) this.seen.clear();
    return writeBatch(this.deps, this.seen, items, skipLocked);
  }
  forget(item: WriteItem) {
    this.seen.delete(item.targetId);
  }
}

type ConvState = {
  id: number;
  siteId: number;
  visitorId: number;
  status: string;
  agentId: number | null;
  lastMessageId: number | null;
  lastMessageAt: number | null;
  agentUnread: number;
  visitorUnread: number;
  agentReadId: number;
  visitorReadId: number;
  createdAt: number;
  visitorName: string;
};
const keyOf = (targetId: number, fromType: string, fromId: number, msgId: string) => `${targetId}\u0000${fromType}\u0000${fromId}\u0000${msgId}`;
const sender = (p: WriterPrincipal) => (p.kind === "visitor" ? { fromType: "visitor", fromId: p.visitorId } : { fromType: "member", fromId: p.userId });

// Statements have fixed text, so each is prepared once per connection. Rows travel as one
// JSON document each way (JSON.stringify / JSON.parse are native; a value per column through
// the driver's escaping and parsing cost more than the rest of a message's path).
const CONV_COLUMNS = (c: string, v: string) => `${c}.id, ${c}.site_id, ${c}.visitor_id, ${c}.status, ${c}.agent_id, ${c}.last_message_id,
  ${c}.last_message_at, ${c}.agent_unread, ${c}.visitor_unread, ${c}.agent_read_id, ${c}.visitor_read_id, ${c}.created_at, ${v}.name`;
/** conversations the writer has not seen yet (no lock: the write checks what it relies on) */
const READ = `
  select json_agg(json_build_array(${CONV_COLUMNS("c", "v")})) as rows
  from support_conversations c join visitors v on v.id = c.visitor_id where c.id = any($1::bigint[])`;
/**
 * The batch, as one statement (one transaction, one round trip):
 * - d: per conversation, what the rules assumed (status, agent, whether it had messages, the
 *   visitor's name) and what they decided (new status and agent);
 * - locked: the conversations, locked in id order (no deadlock between concurrent batches or
 *   processes), so logIds within a conversation grow in commit order — what lets `afterId`
 *   catch-up never skip a message; SKIP LOCKED in the first tries;
 * - ok: those where the assumptions hold. Only their messages are inserted (in arrival order —
 *   ord — so ids follow it; the unique index turns resends, also two copies in one batch, into
 *   no-ops);
 * - then each touched conversation's counters and pointers from what was really inserted, in
 *   order: a visitor's message adds one to the agent side's unread; an agent's adds one to the
 *   visitor's and marks everything before it read for the agent side;
 * - answered: what was inserted, the conversations as written, the ones whose assumptions
 *   failed (as they are now), and the ones not locked (held elsewhere, or gone).
 */
const WRITE = (skipLocked: boolean) => `
  with d as (
    select * from json_to_recordset($3::json) as d(id bigint, st text, ag bigint, em boolean, vn text, ns text, na bigint)
  ), locked as (
    select ${CONV_COLUMNS("c", "v")}
    from support_conversations c join visitors v on v.id = c.visitor_id
    where c.id in (select id from d)
    order by c.id for update of c${skipLocked ? " skip locked" : ""}
  ), ok as (
    select l.id, d.ns, d.na from locked l join d on d.id = l.id
    where l.status = d.st and l.agent_id is not distinct from d.ag
      and (d.em is null or (l.last_message_id is null) = d.em) and (d.vn is null or l.name = d.vn)
  ), x as (
    select * from json_to_recordset($1::json)
      as x(t bigint, ft text, fi bigint, cm text, mt smallint, m jsonb, sn text, sa text, ord int)
  ), ins as (
    insert into messages (channel_type, target_id, from_type, from_id, client_msg_id, msg_type, msg, sender_name, sender_avatar, created_at)
    select ${ChannelType.support}, t, ft, fi, cm, mt, m, sn, sa, $2 from x
    where t in (select id from ok)
    order by ord
    on conflict do nothing
    returning id, target_id, from_type, from_id, client_msg_id
  ), per_conv as (
    select target_id, max(id) as last_id,
      max(id) filter (where from_type <> 'visitor') as last_agent_id,
      count(*) filter (where from_type <> 'visitor') as agent_n,
      count(*) filter (where from_type = 'visitor') as visitor_n
    from ins group by target_id
  ), upd as (
    update support_conversations as c set
      status = o.ns, agent_id = o.na, last_message_id = p.last_id, last_message_at = $2,
      agent_unread = case when p.last_agent_id is null then c.agent_unread + p.visitor_n
        else (select count(*) from ins i where i.target_id = p.target_id and i.from_type = 'visitor' and i.id > p.last_agent_id) end,
      visitor_unread = c.visitor_unread + p.agent_n,
      agent_read_id = coalesce(p.last_agent_id, c.agent_read_id)
    from per_conv p join ok o on o.id = p.target_id
    where c.id = p.target_id
    returning c.id, c.status, c.agent_id, c.last_message_id, c.last_message_at, c.agent_unread, c.visitor_unread, c.agent_read_id, c.visitor_read_id
  )
  select
    (select json_agg(json_build_array(id, target_id, from_type, from_id, client_msg_id)) from ins) as inserted,
    (select json_agg(json_build_array(id, status, agent_id, last_message_id, last_message_at, agent_unread, visitor_unread, agent_read_id, visitor_read_id)) from upd) as written,
    (select json_agg(json_build_array(${CONV_COLUMNS("l", "l")})) from locked l where l.id not in (select id from ok)) as stale,
    (select json_agg(id) from d where id not in (select id from locked)) as unlocked`;
const WRITE_WAIT = WRITE(false);
const WRITE_SKIP = WRITE(true);
const STORED = `
  select ${STORED_COLUMNS}
  from messages where channel_type = ${ChannelType.support} and target_id = $1 and from_type = $2 and from_id = $3 and client_msg_id = $4`;

const fromRow = (r: unknown[]): ConvState => ({
  id: r[0] as number,
  siteId: r[1] as number,
  visitorId: r[2] as number,
  status: r[3] as string,
  agentId: r[4] as number | null,
  lastMessageId: r[5] as number | null,
  lastMessageAt: r[6] as number | null,
  agentUnread: r[7] as number,
  visitorUnread: r[8] as number,
  agentReadId: r[9] as number,
  visitorReadId: r[10] as number,
  createdAt: r[11] as number,
  visitorName: r[12] as string,
});

/**
 * One batch: the rules item by item in arrival order against the writer's picture of each
 * conversation (`seen`), then one statement that checks that picture and writes.
 */
async function writeBatch(deps: Deps, seen: Map<number, ConvState>, items: WriteItem[], skipLocked: boolean): Promise<Outcome[]> {
  const results: (Outcome | null)[] = new Array(items.length).fill(null);
  const query: RawQuery = (text, params) => rawQuery(deps.db, text, params);
  const ids = [...new Set(items.map((x) => x.targetId))];
  const unseen = ids.filter((id) => !seen.has(id));
  if (unseen.length) {
    const [{ rows }] = await query<{ rows: unknown }>(READ, [unseen]);
    for (const r of json<unknown[][]>(rows) ?? []) seen.set(r[0] as number, fromRow(r));
  }

  // 1. the rules, item by item in arrival order, against the conversation as earlier items left it
  const before = new Map<number, ConvState>(); // what the rules assume: checked by the statement
  const state = new Map<number, ConvState>(); // what they make of it
  for (const id of ids) {
    const c = seen.get(id);
    if (c) {
      before.set(id, c);
      state.set(id, { ...c });
    }
  }
  const reasons: NonNullable<Written["support"]>["reason"][] = new Array(items.length).fill(null);
  const accepted: number[] = [];
  const lookups: number[] = []; // refused, but maybe a resend of a stored message
  const writing = new Set<number>(); // conversations this batch already writes to
  // what, besides status and agent, a decision used: whether the conversation had messages (to
  // route its first), the visitor's name (their messages carry it)
  const reliedOn = new Map<number, { empty: boolean; name: boolean }>();
  const relies = (id: number) => reliedOn.get(id) ?? reliedOn.set(id, { empty: false, name: false }).get(id)!;
  for (const [i, item] of items.entries()) {
    const conv = state.get(item.targetId);
    const { p } = item;
    const visible = conv && (p.kind === "visitor" ? conv.visitorId === p.visitorId : agentRoleOn(p, conv.siteId) !== null);
    if (!conv || !visible) {
      results[i] = new AppError(-6000); // someone else's is the same as none
      continue;
    }
    if (conv.status === "closed") {
      results[i] = new AppError(-6000, "this conversation is closed");
      lookups.push(i);
      continue;
    }
    if (p.kind === "member" && conv.agentId !== null && conv.agentId !== p.userId) {
      results[i] = new AppError(-2010);
      lookups.push(i);
      continue;
    }
    // a visitor writing to a conversation nobody has: routed if it has no messages yet, so the
    // decision turns on that (either way)
    const maybeFirst = p.kind === "visitor" && conv.agentId === null && !writing.has(conv.id);
    if (maybeFirst) relies(conv.id).empty = true;
    if (p.kind === "member" && conv.agentId === null) {
      // an agent answering a waiting conversation takes it
      conv.status = "open";
      conv.agentId = p.userId;
      reasons[i] = "taken";
    } else if (maybeFirst && conv.lastMessageId === null) {
      // a new conversation's first message: route it
      conv.agentId = await pickAgent(query, deps.bus.presence, conv.siteId);
      conv.status = conv.agentId ? "open" : "waiting";
      reasons[i] = conv.agentId ? "assigned" : "created";
    }
    if (p.kind === "visitor") relies(conv.id).name = true;
    writing.add(conv.id);
    accepted.push(i);
  }

  // 2. one statement checks the assumptions, locks, writes and commits
  const rows = accepted.map((i, ord) => {
    const { p, targetId: convId, msgId, msgType, msg } = items[i];
    const s = sender(p);
    return { t: convId, ft: s.fromType, fi: s.fromId, cm: msgId, mt: msgType, m: msg, sn: senderName(p, state.get(convId)!), sa: p.kind === "visitor" ? "" : p.avatar, ord };
  });
  const decisions = [...before.values()].map((b) => {
    const c = state.get(b.id)!;
    // status and agent are always relied on; emptiness and the name only where a rule used them
    const r = reliedOn.get(b.id);
    return { id: b.id, st: b.status, ag: b.agentId, em: r?.empty ? b.lastMessageId === null : null, vn: r?.name ? b.visitorName : null, ns: c.status, na: c.agentId };
  });
  const t = now();
  if (decisions.length === 0) return results as Outcome[]; // every conversation named was missing
  const [out] = await query<{ inserted: unknown; written: unknown; stale: unknown; unlocked: unknown }>(skipLocked ? WRITE_SKIP : WRITE_WAIT, [
    JSON.stringify(rows),
    t,
    JSON.stringify(decisions),
  ]);

  // 3. what the database says now
  const stale = new Set<number>();
  for (const r of json<unknown[][]>(out.stale) ?? []) {
    seen.set(r[0] as number, fromRow(r));
    stale.add(r[0] as number);
  }
  const unlocked = new Set(json<number[]>(out.unlocked) ?? []);
  if (!skipLocked) for (const id of unlocked) seen.delete(id); // gone (with SKIP LOCKED: held elsewhere)
  for (const w of json<unknown[][]>(out.written) ?? []) {
    const c = seen.get(w[0] as number)!;
    Object.assign(c, { status: w[1], agentId: w[2], lastMessageId: w[3], lastMessageAt: w[4], agentUnread: w[5], visitorUnread: w[6], agentReadId: w[7], visitorReadId: w[8] });
    state.set(c.id, c);
  }
  for (const [i, item] of items.entries()) {
    if (stale.has(item.targetId)) results[i] = STALE;
    else if (unlocked.has(item.targetId)) results[i] = skipLocked ? DEFERRED : new AppError(-6000);
  }

  // 4. match what was inserted to the items, in order; the rest are resends
  const inserted = new Map<string, number>();
  for (const r of json<unknown[][]>(out.inserted) ?? []) inserted.set(keyOf(r[1] as number, r[2] as string, r[3] as number, r[4] as string), r[0] as number);
  // one conversation object per conversation, shared by its messages (nobody downstream changes it)
  const convs = new Map<number, TSupportConversation>();
  const convOf = (id: number) => convs.get(id) ?? convs.set(id, toConversation(state.get(id)!)).get(id)!;
  for (const i of accepted) {
    if (results[i] !== null) continue; // stale, or not locked
    const item = items[i];
    const s = sender(item.p);
    const key = keyOf(item.targetId, s.fromType, s.fromId, item.msgId);
    const id = inserted.get(key);
    if (id === undefined) {
      lookups.push(i);
      continue;
    }
    inserted.delete(key); // a second copy of the same msgId in this batch is a resend
    const row: TMessage = {
      id,
      channelType: ChannelType.support,
      targetId: item.targetId,
      fromType: s.fromType,
      fromId: s.fromId,
      clientMsgId: item.msgId,
      msgType: item.msgType,
      msg: item.msg,
      senderName: senderName(item.p, state.get(item.targetId)!),
      senderAvatar: item.p.kind === "visitor" ? "" : item.p.avatar,
      createdAt: t,
      recalledAt: null,
      recalledBy: null,
    };
    results[i] = { row, isNew: true, support: { conv: convOf(item.targetId), reason: reasons[i] } } satisfies Written;
  }

  // 5. resends: answer with the stored message (even if the conversation has closed since)
  for (const i of lookups) {
    if (results[i] === STALE || results[i] === DEFERRED) continue;
    const item = items[i];
    const s = sender(item.p);
    const [r] = await query(STORED, [item.targetId, s.fromType, s.fromId, item.msgId]);
    if (r) results[i] = { row: storedRow(r), isNew: false, support: { conv: convOf(item.targetId), reason: null } };
    else if (!(results[i] instanceof AppError)) results[i] = new AppError(-1011);
  }
  return results as Outcome[];
}

const senderName = (p: WriterPrincipal, conv: ConvState) => (p.kind === "visitor" ? visitorDisplayName(conv.visitorName, p.visitorId) : p.nickname);

function toConversation(c: ConvState): TSupportConversation {
  const { visitorName: _n, ...conv } = c;
  return conv;
}
