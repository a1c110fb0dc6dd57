// Reports (seed /group/report): members report a user or one of their messages; admins work
// the queue. The rules are in services/report/*.
import { z } from "zod";
import { ZId, ZSafeText } from "../../protocol/frames";
import { actOnReport, REPORT_ACTIONS } from "../../services/report/act-on-report";
import { createReport, REPORT_REASON_MAX } from "../../services/report/create-report";
import { listReports, REPORT_STATUS_FILTERS } from "../../services/report/list-reports";
import { adminProcedure, memberProcedure, router } from "../trpc";

/** 1-based pages of up to 100 */
export const ZPage = { page: z.number().int().min(1).max(100_000).default(1), number: z.number().int().min(1).max(100).default(20) };

export const reportRouter = router({
  /** report a user, or their message (msgId: its logId; "" as none, as seed clients send it) */
  create: memberProcedure
    .input(z.object({ id: ZId, msgId: z.union([ZId, z.literal("")]).optional(), reason: ZSafeText.trim().max(REPORT_REASON_MAX).optional() }))
    .mutation(({ ctx, input }) => createReport(ctx.deps, ctx.principal, { id: input.id, msgId: input.msgId || undefined, reason: input.reason })),
  /** the queue (open, oldest first) or the record (closed / all, newest first) */
  list: adminProcedure
    .input(z.object({ status: z.enum(REPORT_STATUS_FILTERS).default("open"), ...ZPage }).default({ status: "open", page: 1, number: 20 }))
    .query(({ ctx, input }) => listReports(ctx.deps, input)),
  /** dismiss, or delete the message / mute (mutedTime ms) / ban the reported user; answers the report as it is now */
  act: adminProcedure
    .input(z.object({ id: ZId, action: z.enum(REPORT_ACTIONS), mutedTime: z.number().int().optional() }))
    .mutation(({ ctx, input }) => actOnReport(ctx.deps, ctx.principal, input)),
});
