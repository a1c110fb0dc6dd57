// report.create (seed /group/report {id, msgId}): a member reports a user, or one of their
// messages from any conversation the reporter can read — a chat room, a group, a friend chat, a
// support conversation. The report waits in the admins' queue (list-reports.ts).
import { and, eq, isNull } from "drizzle-orm";
import { messages, reports, users } from "../../../db/schema";
import { clock } from "../../clock";
import { AppError } from "../../errors/app-error";
import { takeToken } from "../../rate-limit";
import type { Deps, MemberPrincipal } from "../deps";
import { parseId } from "../parse-id";
import type { LogEntry } from "../../protocol/frames";
import { toLogEntry } from "../messages/log-entry";
import { canReadMessage } from "./message-conversation";

/** reports per reporter per minute: enough to report a spree, too few to flood the queue */
export const REPORTS_PER_MINUTE = 10;
export const REPORT_REASON_MAX = 500;

export async function createReport(deps: Deps, p: MemberPrincipal, input: { id: string; msgId?: string; reason?: string }) {
  const reportedId = parseId(input.id);
  const messageId = input.msgId ? parseId(input.msgId) : null;
  if (reportedId === p.userId) throw new AppError(-2021);
  if (!takeToken(`report:${p.userId}`, REPORTS_PER_MINUTE, REPORTS_PER_MINUTE / 60_000, clock.now())) throw new AppError(-1012);
  const [reported] = await deps.db.select({ id: users.id }).from(users).where(eq(users.id, reportedId)).limit(1);
  if (!reported) throw new AppError(-2001);
  let where: { channelType: number; targetId: number; snapshot: LogEntry } | null = null;
  if (messageId !== null) {
    const [row] = await deps.db.select().from(messages).where(eq(messages.id, messageId)).limit(1);
    // one the reporter cannot read is -6000 exactly like a missing one
    if (!row || !(await canReadMessage(deps, p, row))) throw new AppError(-6000);
    // fromId names a visitor when fromType says so: only a member's own message is theirs
    if (row.fromType !== "member" || row.fromId !== reportedId) throw new AppError(-1001, "that message was not sent by this user");
    where = { channelType: row.channelType, targetId: row.targetId, snapshot: toLogEntry(row) };
  }
  // the same report again while it is open (a double click, a retry) is the one already queued
  const [open] = await deps.db
    .select({ id: reports.id })
    .from(reports)
    .where(
      and(
        eq(reports.reporterId, p.userId),
        eq(reports.reportedId, reportedId),
        messageId === null ? isNull(reports.messageId) : eq(reports.messageId, messageId),
        eq(reports.status, "open"),
      ),
    )
    .limit(1);
  if (open) return { reportId: String(open.id) };
  const [row] = await deps.db
    .insert(reports)
    .values({
      reporterId: p.userId,
      reportedId,
      messageId,
      channelType: where?.channelType ?? null,
      targetId: where?.targetId ?? null,
      messageSnapshot: where ? { ...where.snapshot } : null,
      reason: input.reason ?? "",
      createdAt: clock.now(),
    })
    .returning({ id: reports.id });
  return { reportId: String(row.id) };
}
