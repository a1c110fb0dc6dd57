// The message path of every member channel whose conversations are threads (friend chat now;
// groups and chat rooms later): send, history, mark read — written once; a channel supplies only
// how it finds a conversation and who may do what (its ThreadChannelSpec).
import { and, asc, count, desc, eq, gt, lt, ne, notExists, sql, type AnyColumn } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedFor } from "../../db/prepared";
import { messageHides, messages, threadMembers, threads, type TMessage } from "../../db/schema";
import { audience } from "../bus/bus";
import { clock } from "../clock";
import { AppError } from "../errors/app-error";
import { MsgType, type LogEntry, type MessageFrame } from "../protocol/frames";
import type { Deps, MemberPrincipal, Principal } from "../services/deps";
import { markUploadsUsed } from "../services/messages/uploads-used";
import { messageWriter } from "../services/messages/message-writer";
import { parseId } from "../services/parse-id";
import { parseMsg } from "./msg-shapes";
import { can, requireAction, viewerCan, type ChannelPermissions } from "./permissions";
import type { ChannelPolicy, Conversation } from "./registry";

export interface ThreadConversation extends Conversation {
  /** until when the caller may not speak here (a global mute, a group's), when the lookup read it */
  mutedUntil?: number | null;
  /** what -2007 says about that mute (default: until when) */
  mutedDetail?: string;
  /** the one other member, where there is exactly one (friend chat): their read pointer is the "seen" mark */
  peerId?: number;
  /** whether the caller may send red packets here (the channel's setting for their role) */
  mayPostPacket?: boolean;
}

export interface ThreadChannelSpec {
  channelType: number;
  name: string;
  msgTypes: readonly number[];
  permissions: ChannelPermissions<string>;
  /**
   * who hears that a member read up to a message (event 44): the conversation (friend chat: the
   * other side shows "read") or only the reader's own devices (a group: nobody needs 2,000 ticks)
   */
  readEcho?: "conversation" | "reader";
  /** the wire's targetId → the conversation as this member sees it (role null: not theirs) */
  find(deps: Deps, p: MemberPrincipal, wireTargetId: string): Promise<ThreadConversation>;
  /** a thread id → the conversation as this member sees it */
  findStored(deps: Deps, p: MemberPrincipal, threadId: number): Promise<ThreadConversation>;
}

const asMember = (p: Principal, code: -2008 | -6000): MemberPrincipal => {
  if (p.kind !== "member") throw new AppError(code);
  return p;
};

export function threadChannel(spec: ThreadChannelSpec): ChannelPolicy {
  const { permissions } = spec;
  return {
    channelType: spec.channelType,
    name: spec.name,
    msgTypes: spec.msgTypes,
    permissions,

    async send(deps, p, input, opts) {
      const member = asMember(p, -2008); // guests may not write here
      const conv = await spec.find(deps, member, input.targetId);
      requireAction(permissions, conv.role, "write");
      if (isMuted(conv)) throw new AppError(-2007, conv.mutedDetail ?? `until ${new Date(conv.mutedUntil!).toISOString()}`);
      const msg = parseMsg(spec.msgTypes, input.msgType, input.msg, spec.name);
      const marking = markUploadsUsed(deps, input.msgType, msg);
      if (marking) await marking;
      const written = await messageWriter(deps).write({ channelType: spec.channelType, targetId: conv.storeId, p: member, msgId: input.msgId, msgType: input.msgType, msg });
      const entry = conv.entry(written.row);
      const data = JSON.stringify({ eventType: 0, ...entry } satisfies MessageFrame);
      if (written.isNew) await deps.bus.publish({ audiences: conv.audiences, data, exceptConn: opts.exceptConn });
      return { entry, isNew: written.isNew, data };
    },

    async authorizePacket(deps, p, targetId) {
      if (p.kind !== "member") throw new AppError(-4010, "only members send red packets");
      const conv = await spec.find(deps, p, targetId);
      requireAction(permissions, conv.role, "write");
      if (isMuted(conv)) throw new AppError(-2007, conv.mutedDetail ?? `until ${new Date(conv.mutedUntil!).toISOString()}`);
      if (!conv.mayPostPacket) throw new AppError(-4010, `red packets here are not for your role`);
      return conv;
    },

    async chatLog(deps, p, input) {
      if (input.startId && input.afterId) throw new AppError(-1001, "give startId or afterId, not both");
      const member = asMember(p, -6000);
      const conv = await spec.find(deps, member, input.targetId);
      requireAction(permissions, conv.role, "read");
      const { logs, nextLog, latest } = await threadPage(deps.db, { ch: spec.channelType, t: conv.storeId, me: member.userId }, input, conv.entry);
      if (!latest) return { logs, nextLog };
      const pointers = await readPointers(deps.db).execute({ t: conv.storeId });
      const readOf = (userId: number | undefined) => String(pointers.find((x) => x.userId === userId)?.readId ?? 0);
      return {
        logs,
        nextLog,
        viewerCan: { ...viewerCan(permissions, conv.role), sendPacket: can(permissions, conv.role, "write") && !!conv.mayPostPacket },
        recallWindowMs: deps.config.recallWindowMs,
        readId: readOf(member.userId),
        ...(conv.peerId !== undefined ? { peerReadId: readOf(conv.peerId) } : {}),
        mutedUntil: isMuted(conv) ? conv.mutedUntil! : 0,
      };
    },

    async markRead(deps, p, input) {
      const member = asMember(p, -6000);
      const conv = await spec.find(deps, member, input.targetId);
      requireAction(permissions, conv.role, "read");
      const upTo = input.logId ? parseId(input.logId) : Number.MAX_SAFE_INTEGER;
      // never past the thread's newest message, never backwards
      const [row] = await deps.db
        .update(threadMembers)
        .set({ readId: sql`greatest(${threadMembers.readId}, least(${upTo}::bigint, coalesce((select ${threads.lastMessageId} from ${threads} where ${threads.id} = ${conv.storeId}), 0)))` })
        .where(and(eq(threadMembers.threadId, conv.storeId), eq(threadMembers.userId, member.userId)))
        .returning({ readId: threadMembers.readId });
      if (!row) throw new AppError(-6000);
      const [{ n }] = await deps.db
        .select({ n: count() })
        .from(messages)
        .where(and(eq(messages.channelType, spec.channelType), eq(messages.targetId, conv.storeId), gt(messages.id, row.readId), countsAsUnread(member.userId)));
      // every device of the reader clears its badge; in friend chat the other side can show "read"
      const echoToAll = spec.readEcho !== "reader" && conv.audiences.length > 0;
      await deps.bus.publish({
        audiences: echoToAll ? conv.audiences : [audience.user(member.userId)],
        data: JSON.stringify({ eventType: 44, channelType: spec.channelType, targetId: conv.wireId, readerId: String(member.userId), logId: String(row.readId) }),
      });
      return { targetId: conv.wireId, logId: String(row.readId), unread: n };
    },

    async conversationOfStored(deps, p, threadId) {
      return spec.findStored(deps, asMember(p, -6000), threadId);
    },
  };
}

/**
 * One history page of a thread for one reader (`me`: 0 for nobody's hides): `afterId` forward
 * (catch-up), `startId` backward, or the latest page (`latest: true` — where a channel adds
 * its viewerCan and read marks). Every member channel's history, friend chat to chat rooms.
 */
export async function threadPage(
  db: Db,
  key: { ch: number; t: number; me: number },
  input: { startId?: string; afterId?: string; number: number },
  entry: (row: TMessage) => LogEntry,
): Promise<{ logs: LogEntry[]; nextLog: string | null; latest: boolean }> {
  if (input.startId && input.afterId) throw new AppError(-1001, "give startId or afterId, not both");
  const after = input.afterId ? parseId(input.afterId) : null;
  const before = input.startId ? parseId(input.startId) : null;
  const q = pageQueries(db);
  const rows = after
    ? await q.after.execute({ ...key, after, n: input.number })
    : before
      ? await q.before.execute({ ...key, before, n: input.number + 1 })
      : await q.latest.execute({ ...key, n: input.number + 1 });
  if (after) {
    const full = rows.length === input.number;
    return { logs: rows.map(entry), nextLog: full ? String(rows[rows.length - 1].id) : null, latest: false };
  }
  const hasMore = rows.length > input.number;
  const logs = rows.slice(0, input.number).reverse().map(entry);
  return { logs, nextLog: hasMore && logs.length ? logs[0].logId : null, latest: before === null };
}

const isMuted = (conv: ThreadConversation) => !!conv.mutedUntil && conv.mutedUntil > clock.now();

/**
 * Which messages of a thread are unread for `me` after the read pointer: other people's — not
 * my own (you have read what you wrote, on every device) and not the server's notices (msgType
 * 6: "Ken joined"), which are history, not something waiting for an answer. Every unread count
 * (markRead's answer, friend.unread, group.unread) uses this one rule.
 */
export const countsAsUnread = (me: number) => and(ne(messages.fromId, me), ne(messages.msgType, MsgType.notification));

/** that rule as a subquery for the lists' badges: one thread's unread count for `me` past the `readId` column */
export const unreadCountOf = (db: Db, channelType: number, threadId: AnyColumn, readId: AnyColumn, me: number) =>
  sql<number>`(${db
    .select({ n: sql`count(*)::int` })
    .from(messages)
    .where(and(eq(messages.channelType, channelType), eq(messages.targetId, threadId), gt(messages.id, readId), countsAsUnread(me)))})`;

/**
 * History pages of a thread for one reader (messages_target_idx serves all three; what the
 * reader deleted for themselves is left out — message_hides' primary key answers each probe).
 */
const pageQueries = (db: Db) =>
  preparedFor(db, "thread_log_pages", () => {
    const visible = and(
      eq(messages.channelType, sql.placeholder("ch")),
      eq(messages.targetId, sql.placeholder("t")),
      notExists(
        db
          .select({ x: sql`1` })
          .from(messageHides)
          .where(and(eq(messageHides.userId, sql.placeholder("me")), eq(messageHides.messageId, messages.id))),
      ),
    );
    const n = sql.placeholder("n");
    const page = () => db.select().from(messages);
    return {
      after: page().where(and(visible, gt(messages.id, sql.placeholder("after")))).orderBy(asc(messages.id)).limit(n).prepare("thread_log_after"),
      before: page().where(and(visible, lt(messages.id, sql.placeholder("before")))).orderBy(desc(messages.id)).limit(n).prepare("thread_log_before"),
      latest: page().where(visible).orderBy(desc(messages.id)).limit(n).prepare("thread_log_latest"),
    };
  });

const readPointers = (db: Db) =>
  preparedFor(db, "thread_read_pointers", () =>
    db
      .select({ userId: threadMembers.userId, readId: threadMembers.readId })
      .from(threadMembers)
      .where(eq(threadMembers.threadId, sql.placeholder("t")))
      .prepare("thread_read_pointers"),
  );
