// report.act: an admin dismisses a report, or acts on it — removes the reported message for
// everyone, mutes the reported user everywhere for a while, or bans the account. The action's
// effect, its record (who, when, what) and the report's new status are one transaction under
// the report's row lock; what the sockets hear (event 10, event 3, the sessions closing) goes
// out after it commits. Acting again on a closed report adds a record; dismissing one is -1001.
import { eq, sql } from "drizzle-orm";
import { messages, reportActions, reports } from "../../../db/schema";
import { clock } from "../../clock";
import { AppError } from "../../errors/app-error";
import type { Deps, MemberPrincipal } from "../deps";
import { recallAsAdmin } from "../messages/recall";
import { parseId } from "../parse-id";
import { writeBan } from "../user/ban";
import { writeMute } from "../user/mute";
import { reportViews } from "./list-reports";
import { conversationSeenBy } from "./message-conversation";

export const REPORT_ACTIONS = ["dismiss", "delete", "mute", "ban"] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];
/** the longest mute a report may impose: ten years (longer is a ban) */
export const REPORT_MUTE_MAX_MS = 10 * 365 * 24 * 60 * 60_000;

export async function actOnReport(deps: Deps, admin: MemberPrincipal, input: { id: string; action: ReportAction; mutedTime?: number }) {
  const reportId = parseId(input.id);
  const mutedTime = input.action === "mute" ? muteDurationOrThrow(input.mutedTime) : 0;
  // who hears of a removal is read before the transaction: it names sockets, it decides nothing
  // (and an embedded database answers one transaction at a time)
  const removal = input.action === "delete" ? await removalAudience(deps, reportId) : null;
  const { report, announce } = await deps.db.transaction(async (tx) => {
    const [report] = await tx.select().from(reports).where(eq(reports.id, reportId)).for("update");
    if (!report) throw new AppError(-1001, "no such report");
    if (input.action === "dismiss" && report.status !== "open") throw new AppError(-1001, "this report is closed already");
    let detail: Record<string, unknown> = {};
    let announce: (deps: Deps) => Promise<void> = async () => {};
    if (input.action === "delete") {
      const [row] = report.messageId === null ? [] : await tx.select().from(messages).where(eq(messages.id, report.messageId)).limit(1);
      if (!row) throw new AppError(-1001, "this report names no message (or it no longer exists)");
      const recall = await recallAsAdmin(tx, admin, row.id, removal?.messageId === row.id ? removal.conv : null);
      // what was removed stays on the record for the admins, since the message itself is now empty
      detail = { logId: String(row.id), recalledBefore: !recall.recalled, msgType: row.msgType, msg: row.msg };
      announce = recall.announce;
    } else if (input.action === "mute") {
      const mute = await writeMute(tx, admin, report.reportedId, mutedTime);
      detail = { mutedTime, mutedUntil: mute.mutedUntil };
      announce = mute.announce;
    } else if (input.action === "ban") {
      const ban = await writeBan(tx, admin, report.reportedId);
      detail = { bannedAt: ban.bannedAt, sessionsEnded: ban.sessionsEnded };
      announce = ban.announce;
    }
    const at = clock.now();
    await tx.insert(reportActions).values({ reportId, adminId: admin.userId, action: input.action, detail, createdAt: at });
    const [closed] = await tx
      .update(reports)
      // a later action on a dismissed report makes it actioned; it was closed when it was first closed
      .set({ status: input.action === "dismiss" ? "dismissed" : "actioned", closedAt: sql`coalesce(${reports.closedAt}, ${at}::bigint)` })
      .where(eq(reports.id, reportId))
      .returning();
    return { report: closed, announce };
  });
  await announce(deps);
  const [view] = await reportViews(deps, [report]);
  return view;
}

function muteDurationOrThrow(ms: number | undefined): number {
  if (ms === undefined) throw new AppError(-1002, "mutedTime is required to mute");
  if (!Number.isSafeInteger(ms) || ms <= 0 || ms > REPORT_MUTE_MAX_MS) throw new AppError(-1001, "mutedTime must be a duration in ms, more than 0 and at most ten years");
  return ms;
}

/** the reported message's conversation as its sender sees it — or, once they left it, its reporter */
async function removalAudience(deps: Deps, reportId: number) {
  const [found] = await deps.db
    .select({ report: reports, message: messages })
    .from(reports)
    .innerJoin(messages, eq(messages.id, reports.messageId))
    .where(eq(reports.id, reportId))
    .limit(1);
  if (!found) return null;
  return { messageId: found.message.id, conv: await conversationSeenBy(deps, found.message, [found.message.fromId, found.report.reporterId]) };
}
