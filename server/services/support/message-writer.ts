// Group commit for support messages. Senders that arrive while earlier batches are being
// written wait together and share one transaction: one lock query, one multi-row INSERT, one
// UPDATE of their conversations, one COMMIT (one WAL flush) — instead of ~7 round trips and a
// commit per message. Nothing is acknowledged before its batch has committed.
import type { Db } from "../../../db/client";
import { rawQuery, rawTransaction } from "../../../db/raw";
import type { TMessage, TSupportConversation } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import { ChannelType } from "../../protocol/frames";
import type { Deps, Principal } from "../deps";
import { now } from "../deps";
import { agentRoleOn } from "./access";
import { pickAgent } from "./routing";
import { visitorDisplayName } from "./summaries";

/**
 * Batches are written in LANES parallel lanes, a conversation always in the same lane
 * (id mod LANES), one batch in flight per lane: lanes never wait for each other's row locks,
 * so PostgreSQL works on several batches at once instead of queueing them behind one lock.
 */
const LANES = 2;
/** Largest batch: bounds one transaction's lock set and statement size. */
const MAX_BATCH = 512;

export interface WriteItem {
  p: Principal;
  convId: number;
  msgId: string;
  msgType: number;
  msg: Record<string, unknown>;
}

export interface Written {
  row: TMessage;
  /** the conversation as this batch left it (for audiences and announcements) */
  conv: TSupportConversation;
  /** what this message changed about the conversation, if anything */
  reason: "created" | "assigned" | "taken" | null;
  /** false when this msgId was already stored: nothing new was written */
  isNew: boolean;
}

type Pending = WriteItem & { resolve: (w: Written) => void; reject: (e: unknown) => void; deferrals?: number };

/** a message whose conversation another transaction (another process's batch) holds right now */
const DEFERRED = Symbol("deferred");
type Outcome = Written | AppError | typeof DEFERRED;
/**
 * Batches first lock with SKIP LOCKED: a conversation that another process's batch holds is
 * carried into the next batch instead of making this whole batch (and every sender in it)
 * wait behind that transaction. After this many tries a batch waits like any transaction.
 */
const MAX_DEFERRALS = 3;

class Lane {
  queue: Pending[] = [];
  busy = false;
  scheduled = false;
}

export class MessageWriter {
  private lanes = Array.from({ length: LANES }, () => new Lane());
  /** batches written and items in them, for tests and the benchmark */
  readonly stats = { batches: 0, items: 0, largest: 0, deferred: 0 };

  constructor(private deps: Deps) {}

  write(item: WriteItem): Promise<Written> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes[item.convId % LANES];
      lane.queue.push({ ...item, resolve, reject });
      this.schedule(lane);
    });
  }

  // setImmediate: every frame read in this turn of the event loop joins the same batch; an idle
  // server still writes a lone message at once (no timer, no added latency).
  private schedule(lane: Lane) {
    if (lane.scheduled || lane.busy || lane.queue.length === 0) return;
    lane.scheduled = true;
    setImmediate(() => {
      lane.scheduled = false;
      if (lane.busy || lane.queue.length === 0) return;
      lane.busy = true;
      void this.flush(lane, lane.queue.splice(0, MAX_BATCH)).finally(() => {
        lane.busy = false;
        this.schedule(lane);
      });
    });
  }

  private async flush(lane: Lane, batch: Pending[]) {
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    let results: Outcome[];
    try {
      results = await writeBatch(this.deps, batch, batch.every((x) => (x.deferrals ?? 0) < MAX_DEFERRALS));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // something unexpected (not a rule): write each alone so one bad item cannot sink the rest
      for (const item of batch) {
        await writeBatch(this.deps, [item], false).then(
          ([r]) => (r instanceof AppError ? item.reject(r) : r === DEFERRED ? item.reject(new AppError(-1011)) : item.resolve(r)),
          (e) => item.reject(e),
        );
      }
      return;
    }
    const again: Pending[] = [];
    batch.forEach((item, i) => {
      const r = results[i];
      if (r === DEFERRED) again.push({ ...item, deferrals: (item.deferrals ?? 0) + 1 });
      else if (r instanceof AppError) item.reject(r);
      else item.resolve(r);
    });
    // back to the front of the lane, in their order: nothing overtakes them
    if (again.length) {
      this.stats.deferred += again.length;
      lane.queue.unshift(...again);
    }
  }
}

const writers = new WeakMap<Db, MessageWriter>();
/** one writer per database handle (tests run several Parleys in one process) */
export function messageWriter(deps: Deps): MessageWriter {
  let w = writers.get(deps.db);
  if (!w) writers.set(deps.db, (w = new MessageWriter(deps)));
  return w;
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
  hasMessages: boolean;
};
const keyOf = (targetId: number, fromType: string, fromId: number, msgId: string) => `${targetId}\u0000${fromType}\u0000${fromId}\u0000${msgId}`;
const sender = (p: Principal) => (p.kind === "visitor" ? { fromType: "visitor", fromId: p.visitorId } : { fromType: "member", fromId: p.userId });
const num = (x: unknown) => (x === null ? null : Number(x)); // bigint columns arrive as strings from postgres.js

// The batch's statements. Fixed text (rows travel as arrays), so each is prepared once per connection.
const LOCK = (skipLocked: boolean) => `
  select c.id, c.site_id, c.visitor_id, c.status, c.agent_id, c.last_message_id, c.last_message_at, c.agent_unread,
         c.visitor_unread, c.agent_read_id, c.visitor_read_id, c.created_at, v.name as visitor_name
  from support_conversations c join visitors v on v.id = c.visitor_id
  where c.id = any($1::bigint[]) order by c.id for update of c${skipLocked ? " skip locked" : ""}`;
const LOCK_WAIT = LOCK(false);
const LOCK_SKIP = LOCK(true);
const EXISTING = `select id from support_conversations where id = any($1::bigint[])`;
// The batch's write, sent together with COMMIT: the messages (in array order — ordinality — so
// ids follow arrival order; the unique index turns resends, also two copies in one batch, into
// no-ops), then each touched conversation's counters and pointers from what was really
// inserted, in that order: a visitor's message adds one to the agent side's unread; an agent's
// adds one to the visitor's, and marks everything before it read for the agent side. Status and
// agent are the rules' decisions ($11–$13), applied where a message was stored.
const WRITE = `
  with ins as (
    insert into messages (channel_type, target_id, from_type, from_id, client_msg_id, msg_type, msg, sender_name, sender_avatar, created_at)
    select ${ChannelType.support}, t, ft, fi, cm, mt, m::jsonb, sn, sa, $10
    from unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::smallint[], $6::text[], $7::text[], $8::text[], $9::int[])
      as x(t, ft, fi, cm, mt, m, sn, sa, ord)
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
      status = d.status, agent_id = d.agent_id, last_message_id = p.last_id, last_message_at = $10,
      agent_unread = case when p.last_agent_id is null then c.agent_unread + p.visitor_n
        else (select count(*) from ins i where i.target_id = p.target_id and i.from_type = 'visitor' and i.id > p.last_agent_id) end,
      visitor_unread = c.visitor_unread + p.agent_n,
      agent_read_id = coalesce(p.last_agent_id, c.agent_read_id)
    from per_conv p join unnest($11::bigint[], $12::text[], $13::bigint[]) as d(id, status, agent_id) on d.id = p.target_id
    where c.id = p.target_id
    returning c.id, c.status, c.agent_id, c.last_message_id, c.last_message_at, c.agent_unread, c.visitor_unread, c.agent_read_id
  )
  select i.id, i.target_id, i.from_type, i.from_id, i.client_msg_id,
    u.status, u.agent_id, u.last_message_id, u.last_message_at, u.agent_unread, u.visitor_unread, u.agent_read_id
  from ins i join upd u on u.id = i.target_id`;
const STORED = `
  select id, channel_type, target_id, from_type, from_id, client_msg_id, msg_type, msg, sender_name, sender_avatar, created_at
  from messages where channel_type = ${ChannelType.support} and target_id = $1 and from_type = $2 and from_id = $3 and client_msg_id = $4`;

/**
 * One transaction for the whole batch, in two round trips: BEGIN + the lock, then the write +
 * COMMIT (db/raw.ts). The conversations are locked first, in id order (no deadlock between
 * concurrent batches or processes), so logIds within a conversation grow in commit order —
 * what lets `afterId` catch-up never skip a message.
 */
async function writeBatch(deps: Deps, items: WriteItem[], skipLocked: boolean): Promise<Outcome[]> {
  const results: (Outcome | null)[] = new Array(items.length).fill(null);
  const state = new Map<number, ConvState>();
  // messages that may already be stored (a resend): answered with the stored copy after commit
  const lookups: number[] = [];
  const t = now();
  await rawTransaction(deps.db, async ({ query, commitWith }) => {
    const ids = [...new Set(items.map((x) => x.convId))];
    const locked = await query<Record<string, unknown>>(skipLocked ? LOCK_SKIP : LOCK_WAIT, [ids]);
    // skipped rows: held by another transaction (defer those items) or missing (-6000 below)
    const busy = new Set<number>();
    if (skipLocked && locked.length < ids.length) {
      const got = new Set(locked.map((r) => Number(r.id)));
      const rest = ids.filter((id) => !got.has(id));
      for (const r of await query<{ id: unknown }>(EXISTING, [rest])) busy.add(Number(r.id));
    }
    for (const r of locked) {
      const c: ConvState = {
        id: Number(r.id),
        siteId: Number(r.site_id),
        visitorId: Number(r.visitor_id),
        status: String(r.status),
        agentId: num(r.agent_id),
        lastMessageId: num(r.last_message_id),
        lastMessageAt: num(r.last_message_at),
        agentUnread: Number(r.agent_unread),
        visitorUnread: Number(r.visitor_unread),
        agentReadId: Number(r.agent_read_id),
        visitorReadId: Number(r.visitor_read_id),
        createdAt: Number(r.created_at),
        visitorName: String(r.visitor_name),
        hasMessages: r.last_message_id !== null,
      };
      state.set(c.id, c);
    }

    // 1. the rules, item by item in arrival order, against the conversation as earlier items left it
    const reasons: Written["reason"][] = new Array(items.length).fill(null);
    const accepted: number[] = [];
    for (const [i, item] of items.entries()) {
      if (busy.has(item.convId)) {
        results[i] = DEFERRED;
        continue;
      }
      const conv = state.get(item.convId);
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
      if (p.kind === "member" && conv.agentId === null) {
        // an agent answering a waiting conversation takes it
        conv.status = "open";
        conv.agentId = p.userId;
        reasons[i] = "taken";
      } else if (p.kind === "visitor" && conv.agentId === null && !conv.hasMessages) {
        conv.agentId = await pickAgent(query, deps.bus.presence, conv.siteId);
        conv.status = conv.agentId ? "open" : "waiting";
        reasons[i] = conv.agentId ? "assigned" : "created";
      }
      conv.hasMessages = true;
      accepted.push(i);
    }

    // 2. one statement writes the messages and the conversations, sent with COMMIT
    const cols: unknown[][] = [[], [], [], [], [], [], [], [], []];
    accepted.forEach((i, ord) => {
      const { p, convId, msgId, msgType, msg } = items[i];
      const s = sender(p);
      const row = [convId, s.fromType, s.fromId, msgId, msgType, JSON.stringify(msg), senderName(p, state.get(convId)!), p.kind === "visitor" ? "" : p.avatar, ord];
      row.forEach((v, c) => cols[c].push(v));
    });
    const convs = [...new Set(accepted.map((i) => items[i].convId))].map((id) => state.get(id)!);
    const rows = await commitWith<Record<string, unknown>>(WRITE, [
      ...cols,
      t,
      convs.map((c) => c.id),
      convs.map((c) => c.status),
      convs.map((c) => c.agentId),
    ]);

    // 3. match what was inserted to the items, in order; the rest are resends
    const inserted = new Map<string, Record<string, unknown>>();
    for (const r of rows) inserted.set(keyOf(Number(r.target_id), String(r.from_type), Number(r.from_id), String(r.client_msg_id)), r);
    for (const i of accepted) {
      const item = items[i];
      const s = sender(item.p);
      const key = keyOf(item.convId, s.fromType, s.fromId, item.msgId);
      const r = inserted.get(key);
      if (!r) {
        lookups.push(i);
        continue;
      }
      inserted.delete(key); // a second copy of the same msgId in this batch is a resend
      const conv = state.get(item.convId)!;
      Object.assign(conv, {
        status: String(r.status),
        agentId: num(r.agent_id),
        lastMessageId: num(r.last_message_id),
        lastMessageAt: num(r.last_message_at),
        agentUnread: Number(r.agent_unread),
        visitorUnread: Number(r.visitor_unread),
        agentReadId: Number(r.agent_read_id),
      });
      const row: TMessage = {
        id: Number(r.id),
        channelType: ChannelType.support,
        targetId: item.convId,
        fromType: s.fromType,
        fromId: s.fromId,
        clientMsgId: item.msgId,
        msgType: item.msgType,
        msg: item.msg,
        senderName: senderName(item.p, conv),
        senderAvatar: item.p.kind === "visitor" ? "" : item.p.avatar,
        createdAt: t,
      };
      results[i] = { row, conv: null as never, reason: reasons[i], isNew: true };
    }
  });

  // the conversation as the whole batch left it, for every message of it
  for (const r of results) if (r && r !== DEFERRED && !(r instanceof AppError)) r.conv = toConversation(state.get(r.row.targetId)!);

  // 4. resends: answer with the stored message (even if the conversation has closed since)
  for (const i of lookups) {
    const item = items[i];
    const s = sender(item.p);
    const [r] = await rawQuery<Record<string, unknown>>(deps.db, STORED, [item.convId, s.fromType, s.fromId, item.msgId]);
    if (r) results[i] = { row: storedRow(r), conv: toConversation(state.get(item.convId)!), reason: null, isNew: false };
    else if (!(results[i] instanceof AppError)) results[i] = new AppError(-1011);
  }
  return results as Outcome[];
}

const senderName = (p: Principal, conv: ConvState) => (p.kind === "visitor" ? visitorDisplayName(conv.visitorName, p.visitorId) : p.nickname);

function toConversation(c: ConvState): TSupportConversation {
  const { visitorName: _n, hasMessages: _h, ...conv } = c;
  return { ...conv };
}

function storedRow(r: Record<string, unknown>): TMessage {
  return {
    id: Number(r.id),
    channelType: Number(r.channel_type),
    targetId: Number(r.target_id),
    fromType: String(r.from_type),
    fromId: Number(r.from_id),
    clientMsgId: String(r.client_msg_id),
    msgType: Number(r.msg_type),
    msg: (typeof r.msg === "string" ? JSON.parse(r.msg) : r.msg) as Record<string, unknown>,
    senderName: String(r.sender_name),
    senderAvatar: String(r.sender_avatar),
    createdAt: Number(r.created_at),
  };
}
