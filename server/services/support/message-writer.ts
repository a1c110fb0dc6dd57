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

// The batch's statements. Fixed text, so each is prepared once per connection. Rows travel as
// one JSON document each way (JSON.stringify / JSON.parse are native; a value per column
// through the driver's escaping and parsing cost more than the rest of a message's path).
const LOCK = (skipLocked: boolean) => `
  select json_agg(json_build_array(id, site_id, visitor_id, status, agent_id, last_message_id, last_message_at, agent_unread,
    visitor_unread, agent_read_id, visitor_read_id, created_at, visitor_name)) as rows
  from (
    select c.*, v.name as visitor_name
    from support_conversations c join visitors v on v.id = c.visitor_id
    where c.id = any($1::bigint[]) order by c.id for update of c${skipLocked ? " skip locked" : ""}
  ) locked`;
const LOCK_WAIT = LOCK(false);
const LOCK_SKIP = LOCK(true);
const EXISTING = `select id from support_conversations where id = any($1::bigint[])`;
// The batch's write, sent together with COMMIT: the messages (in arrival order — ord — so ids
// follow it; the unique index turns resends, also two copies in one batch, into no-ops), then
// each touched conversation's counters and pointers from what was really inserted, in that
// order: a visitor's message adds one to the agent side's unread; an agent's adds one to the
// visitor's and marks everything before it read for the agent side. Status and agent are the
// rules' decisions ($3), applied where a message was stored.
const WRITE = `
  with x as (
    select * from json_to_recordset($1::json)
      as x(t bigint, ft text, fi bigint, cm text, mt smallint, m jsonb, sn text, sa text, ord int)
  ), ins as (
    insert into messages (channel_type, target_id, from_type, from_id, client_msg_id, msg_type, msg, sender_name, sender_avatar, created_at)
    select ${ChannelType.support}, t, ft, fi, cm, mt, m, sn, sa, $2 from x
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
      status = d.status, agent_id = d.agent_id, last_message_id = p.last_id, last_message_at = $2,
      agent_unread = case when p.last_agent_id is null then c.agent_unread + p.visitor_n
        else (select count(*) from ins i where i.target_id = p.target_id and i.from_type = 'visitor' and i.id > p.last_agent_id) end,
      visitor_unread = c.visitor_unread + p.agent_n,
      agent_read_id = coalesce(p.last_agent_id, c.agent_read_id)
    from per_conv p join json_to_recordset($3::json) as d(id bigint, status text, agent_id bigint) on d.id = p.target_id
    where c.id = p.target_id
    returning c.id, c.status, c.agent_id, c.last_message_id, c.last_message_at, c.agent_unread, c.visitor_unread, c.agent_read_id
  )
  select
    (select json_agg(json_build_array(id, target_id, from_type, from_id, client_msg_id)) from ins) as inserted,
    (select json_agg(json_build_array(id, status, agent_id, last_message_id, last_message_at, agent_unread, visitor_unread, agent_read_id)) from upd) as convs`;
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
    const [{ rows: lockedRows }] = await query<{ rows: unknown }>(skipLocked ? LOCK_SKIP : LOCK_WAIT, [ids]);
    const locked = json<unknown[][]>(lockedRows) ?? [];
    // skipped rows: held by another transaction (defer those items) or missing (-6000 below)
    const busy = new Set<number>();
    if (skipLocked && locked.length < ids.length) {
      const got = new Set(locked.map((r) => Number(r[0])));
      const rest = ids.filter((id) => !got.has(id));
      for (const r of await query<{ id: unknown }>(EXISTING, [rest])) busy.add(Number(r.id));
    }
    for (const r of locked) {
      const c: ConvState = {
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
        hasMessages: r[5] !== null,
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
    const rows = accepted.map((i, ord) => {
      const { p, convId, msgId, msgType, msg } = items[i];
      const s = sender(p);
      return { t: convId, ft: s.fromType, fi: s.fromId, cm: msgId, mt: msgType, m: msg, sn: senderName(p, state.get(convId)!), sa: p.kind === "visitor" ? "" : p.avatar, ord };
    });
    const decisions = [...new Set(accepted.map((i) => items[i].convId))].map((id) => {
      const c = state.get(id)!;
      return { id, status: c.status, agent_id: c.agentId };
    });
    const [out] = await commitWith<{ inserted: unknown; convs: unknown }>(WRITE, [JSON.stringify(rows), t, JSON.stringify(decisions)]);
    for (const c of json<unknown[][]>(out.convs) ?? []) {
      Object.assign(state.get(c[0] as number)!, {
        status: c[1],
        agentId: c[2],
        lastMessageId: c[3],
        lastMessageAt: c[4],
        agentUnread: c[5],
        visitorUnread: c[6],
        agentReadId: c[7],
      });
    }

    // 3. match what was inserted to the items, in order; the rest are resends
    const inserted = new Map<string, number>();
    for (const r of json<unknown[][]>(out.inserted) ?? []) inserted.set(keyOf(r[1] as number, r[2] as string, r[3] as number, r[4] as string), r[0] as number);
    for (const i of accepted) {
      const item = items[i];
      const s = sender(item.p);
      const key = keyOf(item.convId, s.fromType, s.fromId, item.msgId);
      const id = inserted.get(key);
      if (id === undefined) {
        lookups.push(i);
        continue;
      }
      inserted.delete(key); // a second copy of the same msgId in this batch is a resend
      const row: TMessage = {
        id,
        channelType: ChannelType.support,
        targetId: item.convId,
        fromType: s.fromType,
        fromId: s.fromId,
        clientMsgId: item.msgId,
        msgType: item.msgType,
        msg: item.msg,
        senderName: senderName(item.p, state.get(item.convId)!),
        senderAvatar: item.p.kind === "visitor" ? "" : item.p.avatar,
        createdAt: t,
      };
      results[i] = { row, conv: null as never, reason: reasons[i], isNew: true };
    }
  });

  // the conversation as the whole batch left it, for every message of it
  // (one object per conversation, shared by its messages: nobody downstream changes it)
  const convs = new Map<number, TSupportConversation>();
  const convOf = (id: number) => convs.get(id) ?? convs.set(id, toConversation(state.get(id)!)).get(id)!;
  for (const r of results) if (r && r !== DEFERRED && !(r instanceof AppError)) r.conv = convOf(r.row.targetId);

  // 4. resends: answer with the stored message (even if the conversation has closed since)
  for (const i of lookups) {
    const item = items[i];
    const s = sender(item.p);
    const [r] = await rawQuery<Record<string, unknown>>(deps.db, STORED, [item.convId, s.fromType, s.fromId, item.msgId]);
    if (r) results[i] = { row: storedRow(r), conv: convOf(item.convId), reason: null, isNew: false };
    else if (!(results[i] instanceof AppError)) results[i] = new AppError(-1011);
  }
  return results as Outcome[];
}

/** json columns arrive parsed from postgres.js and as text from some drivers */
const json = <T>(v: unknown): T | null => (typeof v === "string" ? JSON.parse(v) : v) as T | null;
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
