import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { preparedFor } from "../../../db/prepared";
import { messages } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import { ChannelType, type ConversationSummary, type LogEntry } from "../../protocol/frames";
import type { Deps, Principal } from "../deps";
import { getConversationForOrThrow } from "./access";
import { parseId } from "../parse-id";
import { toLogEntry } from "../messages/log-entry";
import { summarize } from "./summaries";

export interface ChatLogInput {
  id: string;
  startId?: string;
  afterId?: string;
  number: number;
}

/**
 * seed 004 chatLog shape: `{logs, nextLog}`, logs oldest first.
 * - no cursor: the latest `number` messages; nextLog = the oldest returned logId (or null)
 * - startId: the `number` messages before startId (exclusive), for scrolling back
 * - afterId: the `number` messages after afterId in order, for catch-up after a reconnect;
 *   nextLog = the last returned logId while more may follow, else null
 * The latest page also carries the conversation's summary (status, agent, unread); paging and
 * catch-up, the hot paths, skip those queries.
 */
export interface ChatLogPage {
  logs: LogEntry[];
  nextLog: string | null;
  /** only on the latest page (no startId / afterId) */
  conversation?: ConversationSummary;
}

export async function chatLog(deps: Deps, p: Principal, input: ChatLogInput): Promise<ChatLogPage> {
  if (input.startId && input.afterId) throw new AppError(-1001, "give startId or afterId, not both");
  const convId = parseId(input.id);
  const after = input.afterId ? parseId(input.afterId) : null;
  const before = input.startId ? parseId(input.startId) : null;
  const q = pageQueries(deps.db);
  // The access check and the page are read at once (one round trip of waiting, not two); the
  // page is never returned unless the check passes.
  const page = after
    ? q.after.execute({ conv: convId, after, n: input.number })
    : before
      ? q.before.execute({ conv: convId, before, n: input.number + 1 })
      : q.latest.execute({ conv: convId, n: input.number + 1 });
  const [conv, rows] = await Promise.all([getConversationForOrThrow(deps.db, p, convId), page]);
  if (after) {
    const full = rows.length === input.number;
    return { logs: rows.map(toLogEntry), nextLog: full ? String(rows[rows.length - 1].id) : null };
  }
  const hasMore = rows.length > input.number;
  const logs = rows.slice(0, input.number).reverse().map(toLogEntry);
  const nextLog = hasMore && logs.length ? logs[0].logId : null;
  if (before) return { logs, nextLog };
  const [conversation] = await summarize(deps.db, [conv], p.kind === "visitor" ? "visitor" : "agent");
  return { logs, nextLog, conversation };
}

/** the three page shapes, built and prepared once per database handle (messages_target_idx serves all three) */
const pageQueries = (db: Db) =>
  preparedFor(db, "chat_log_pages", () => {
    const inConv = and(eq(messages.channelType, ChannelType.support), eq(messages.targetId, sql.placeholder("conv")));
    const n = sql.placeholder("n");
    const page = () => db.select().from(messages);
    return {
      after: page().where(and(inConv, gt(messages.id, sql.placeholder("after")))).orderBy(asc(messages.id)).limit(n).prepare("chat_log_after"),
      before: page().where(and(inConv, lt(messages.id, sql.placeholder("before")))).orderBy(desc(messages.id)).limit(n).prepare("chat_log_before"),
      latest: page().where(inConv).orderBy(desc(messages.id)).limit(n).prepare("chat_log_latest"),
    };
  });
