import { and, asc, desc, eq, gt, lt } from "drizzle-orm";
import { messages } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import { ChannelType, type ConversationSummary, type LogEntry } from "../../protocol/frames";
import type { Deps, Principal } from "../deps";
import { getConversationForOrThrow, parseId } from "./access";
import { toLogEntry } from "./log-entry";
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
  const conv = await getConversationForOrThrow(deps.db, p, convId);
  const inConv = and(eq(messages.channelType, ChannelType.support), eq(messages.targetId, convId));
  if (input.afterId) {
    const after = parseId(input.afterId);
    const rows = await deps.db
      .select()
      .from(messages)
      .where(and(inConv, gt(messages.id, after)))
      .orderBy(asc(messages.id))
      .limit(input.number);
    const full = rows.length === input.number;
    return { logs: rows.map(toLogEntry), nextLog: full ? String(rows[rows.length - 1].id) : null };
  }
  const before = input.startId ? parseId(input.startId) : null;
  const rows = await deps.db
    .select()
    .from(messages)
    .where(before ? and(inConv, lt(messages.id, before)) : inConv)
    .orderBy(desc(messages.id))
    .limit(input.number + 1);
  const hasMore = rows.length > input.number;
  const page = rows.slice(0, input.number).reverse();
  const logs = page.map(toLogEntry);
  const nextLog = hasMore && page.length ? String(page[0].id) : null;
  if (before) return { logs, nextLog };
  const [conversation] = await summarize(deps.db, [conv], p.kind === "visitor" ? "visitor" : "agent");
  return { logs, nextLog, conversation };
}
