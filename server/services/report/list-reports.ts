// report.list: the admins' queue — open reports first, oldest first — and each report as the
// admin pages show it: who reported whom (with their mute and ban now), the reported message
// and a few messages around it, and every action taken on it.
import { and, asc, count, desc, eq, gt, inArray, lt, ne, type SQL } from "drizzle-orm";
import { messages, reportActions, reports, users, type TMessage } from "../../../db/schema";
import { clock } from "../../clock";
import type { LogEntry } from "../../protocol/frames";
import type { Deps } from "../deps";
import { toLogEntry } from "../messages/log-entry";

export type TReport = typeof reports.$inferSelect;
export const REPORT_STATUS_FILTERS = ["open", "closed", "all"] as const;
export type ReportStatusFilter = (typeof REPORT_STATUS_FILTERS)[number];

/** messages shown on each side of the reported one */
const CONTEXT_EACH_SIDE = 5;

export async function listReports(deps: Deps, input: { status: ReportStatusFilter; page: number; number: number }) {
  const where: SQL | undefined = input.status === "open" ? eq(reports.status, "open") : input.status === "closed" ? ne(reports.status, "open") : undefined;
  // the queue is worked oldest first; the record is read newest first
  const order = input.status === "open" ? [asc(reports.createdAt), asc(reports.id)] : [desc(reports.createdAt), desc(reports.id)];
  const [rows, [{ total }]] = await Promise.all([
    deps.db
      .select()
      .from(reports)
      .where(where)
      .orderBy(...order)
      .limit(input.number)
      .offset((input.page - 1) * input.number),
    deps.db.select({ total: count() }).from(reports).where(where),
  ]);
  return { total, reports: await reportViews(deps, rows) };
}

export type ReportView = Awaited<ReturnType<typeof reportViews>>[number];

/** reports as report.list and report.act answer them, in the order given */
export async function reportViews(deps: Deps, rows: TReport[]) {
  if (rows.length === 0) return [];
  const userIds = [...new Set(rows.flatMap((r) => [r.reporterId, r.reportedId]))];
  const messageIds = rows.flatMap((r) => (r.messageId === null ? [] : [r.messageId]));
  const [people, reported, actions, contexts] = await Promise.all([
    deps.db
      .select({ id: users.id, name: users.nickname, avatar: users.avatar, uid: users.markId, mutedUntil: users.mutedUntil, bannedAt: users.bannedAt })
      .from(users)
      .where(inArray(users.id, userIds)),
    messageIds.length ? deps.db.select().from(messages).where(inArray(messages.id, messageIds)) : Promise.resolve([] as TMessage[]),
    deps.db
      .select({ id: reportActions.id, reportId: reportActions.reportId, action: reportActions.action, adminId: reportActions.adminId, adminName: users.nickname, detail: reportActions.detail, createdAt: reportActions.createdAt })
      .from(reportActions)
      .leftJoin(users, eq(users.id, reportActions.adminId))
      .where(inArray(reportActions.reportId, rows.map((r) => r.id)))
      .orderBy(asc(reportActions.id)),
    Promise.all(rows.map((r) => contextOf(deps, r))),
  ]);
  const person = new Map(people.map((u) => [u.id, u]));
  const message = new Map(reported.map((m) => [m.id, m]));
  const now = clock.now();
  const who = (id: number) => {
    const u = person.get(id);
    return { id: String(id), name: u?.name ?? "", avatar: u?.avatar ?? "", uid: u?.uid ?? "" };
  };
  return rows.map((r, i) => {
    const u = person.get(r.reportedId);
    const m = r.messageId === null ? undefined : message.get(r.messageId);
    return {
      id: String(r.id),
      reporter: who(r.reporterId),
      reported: { ...who(r.reportedId), mutedUntil: u?.mutedUntil && u.mutedUntil > now ? u.mutedUntil : 0, bannedAt: u?.bannedAt ?? 0 },
      reason: r.reason,
      status: r.status as "open" | "dismissed" | "actioned",
      createdAt: r.createdAt,
      closedAt: r.closedAt ?? 0,
      message: m ? toLogEntry(m) : null,
      /** the message as it was reported (the one above may have been recalled since) */
      snapshot: (r.messageSnapshot as LogEntry | null) ?? null,
      context: contexts[i],
      channelType: r.channelType,
      targetId: r.targetId === null ? null : String(r.targetId),
      actions: actions
        .filter((a) => a.reportId === r.id)
        .map((a) => ({ id: String(a.id), action: a.action, adminId: a.adminId === null ? null : String(a.adminId), adminName: a.adminName ?? "", detail: a.detail, createdAt: a.createdAt })),
    };
  });
}

/** up to CONTEXT_EACH_SIDE messages before and after the reported one in its conversation, oldest first (messages_target_idx) */
async function contextOf(deps: Deps, r: TReport): Promise<LogEntry[]> {
  if (r.messageId === null || r.channelType === null || r.targetId === null) return [];
  const conversation = and(eq(messages.channelType, r.channelType), eq(messages.targetId, r.targetId));
  const [before, after] = await Promise.all([
    deps.db.select().from(messages).where(and(conversation, lt(messages.id, r.messageId))).orderBy(desc(messages.id)).limit(CONTEXT_EACH_SIDE),
    deps.db.select().from(messages).where(and(conversation, gt(messages.id, r.messageId))).orderBy(asc(messages.id)).limit(CONTEXT_EACH_SIDE),
  ]);
  return [...before.reverse(), ...after].map(toLogEntry);
}
