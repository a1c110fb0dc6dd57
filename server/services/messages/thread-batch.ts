// The member channels' batch statement (friend chat, groups, chat rooms). Who may
// write was decided before the item got here (the channel's policy); the statement locks the
// threads in id order — so logIds within a thread grow in commit order, which is what lets
// `afterId` catch-up never skip a message — inserts (the unique index turns resends into
// no-ops) what senders who are still members of the thread wrote — a member removed while their
// message waited for the lock writes nothing (the policy checked before; this holds under the
// lock that membership changes take too) — moves each thread's last message, and moves each
// sender's read pointer past their own message (you have read what you wrote).
import type { DbOrTx } from "../../../db/client";
import { rawQuery } from "../../../db/raw";
import type { TMessage } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import type { Deps, Principal } from "../deps";
import { now } from "../deps";
import { json, STORED_COLUMNS, storedRow, type BatchWriter, type Outcome, type WriteItem } from "./write-types";

const WRITE = `
  with x as (
    select * from json_to_recordset($1::json)
      as x(ch smallint, t bigint, fi bigint, cm text, mt smallint, m jsonb, sn text, sa text, ord int)
  ), locked as (
    select id from threads where id in (select t from x) order by id for update
  ), allowed as (
    select x.ord from x where x.t in (select id from locked) and (
      exists (select 1 from thread_members tm where tm.thread_id = x.t and tm.user_id = x.fi and tm.left_at is null)
      -- a chat room has no members: anyone who joined it live may write while it is open
      or (x.ch = 1 and exists (select 1 from chat_rooms r where r.id = x.t and r.status = 0)))
  ), ins as (
    insert into messages (channel_type, target_id, from_type, from_id, client_msg_id, msg_type, msg, sender_name, sender_avatar, created_at)
    select ch, t, 'member', fi, cm, mt, m, sn, sa, $2 from x
    where ord in (select ord from allowed)
    order by ord
    on conflict do nothing
    returning id, target_id, from_id, client_msg_id
  ), per_thread as (
    select target_id, max(id) as last_id from ins group by target_id
  ), upd as (
    update threads th set last_message_id = p.last_id, last_message_at = $2
    from per_thread p where th.id = p.target_id
    returning th.id
  ), per_sender as (
    select target_id, from_id, max(id) as last_id from ins group by target_id, from_id
  ), rd as (
    update thread_members tm set read_id = greatest(tm.read_id, s.last_id)
    from per_sender s where tm.thread_id = s.target_id and tm.user_id = s.from_id
    returning tm.thread_id
  )
  select
    (select json_agg(json_build_array(id, target_id, from_id, client_msg_id)) from ins) as inserted,
    (select json_agg(id) from locked) as locked,
    (select json_agg(ord) from allowed) as allowed,
    (select count(*) from upd) + (select count(*) from rd) as touched`;
const STORED = `select ${STORED_COLUMNS} from messages
  where channel_type = $1 and target_id = $2 and from_type = 'member' and from_id = $3 and client_msg_id = $4`;

const senderOf = (p: Principal) => {
  if (p.kind !== "member") throw new AppError(-2008);
  return p;
};
const keyOf = (t: number, from: number, msgId: string) => `${t}\u0000${from}\u0000${msgId}`;

export class ThreadBatch implements BatchWriter {
  constructor(private deps: Deps) {}

  forget() {}

  /** `db`: a transaction to write in (a red packet's message commits with its debit), or a batch's own */
  async write(items: WriteItem[], _skipLocked = false, db: DbOrTx = this.deps.db): Promise<Outcome[]> {
    const t = now();
    const rows = items.map((item, ord) => {
      const p = senderOf(item.p);
      return { ch: item.channelType, t: item.targetId, fi: p.userId, cm: item.msgId, mt: item.msgType, m: item.msg, sn: p.nickname, sa: p.avatar, ord };
    });
    const [out] = await rawQuery<{ inserted: unknown; locked: unknown; allowed: unknown }>(db, WRITE, [JSON.stringify(rows), t]);
    const locked = new Set(json<number[]>(out.locked) ?? []);
    const allowed = new Set(json<number[]>(out.allowed) ?? []);
    const inserted = new Map<string, number>();
    for (const r of json<unknown[][]>(out.inserted) ?? []) inserted.set(keyOf(r[1] as number, r[2] as number, r[3] as string), r[0] as number);
    const results: Outcome[] = [];
    for (const [ord, item] of items.entries()) {
      const p = senderOf(item.p);
      if (!locked.has(item.targetId) || !allowed.has(ord)) {
        // the thread is gone, or the sender is no longer in it; a chat room was closed meanwhile
        results.push(new AppError(item.channelType === 1 ? -5000 : -6000));
        continue;
      }
      const key = keyOf(item.targetId, p.userId, item.msgId);
      const id = inserted.get(key);
      if (id !== undefined) {
        inserted.delete(key); // a second copy of the same msgId in this batch is a resend
        const row: TMessage = {
          id,
          channelType: item.channelType,
          targetId: item.targetId,
          fromType: "member",
          fromId: p.userId,
          clientMsgId: item.msgId,
          msgType: item.msgType,
          msg: item.msg,
          senderName: p.nickname,
          senderAvatar: p.avatar,
          createdAt: t,
          recalledAt: null,
          recalledBy: null,
        };
        results.push({ row, isNew: true });
        continue;
      }
      // a resend: answer with the stored message
      const [r] = await rawQuery(db, STORED, [item.channelType, item.targetId, p.userId, item.msgId]);
      results.push(r ? { row: storedRow(r), isNew: false } : new AppError(-1011));
    }
    return results;
  }
}
