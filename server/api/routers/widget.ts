import { z } from "zod";
import { ZSafeText } from "../../protocol/frames";
import { ZIdentity } from "../../services/widget/identity";
import { getSiteByKeyOrThrow, publicSiteConfig } from "../../services/widget/site";
import { endVisitorSession, startWidgetSession } from "../../services/widget/start-session";
import { publicProcedure, rateLimited, router, visitorProcedure } from "../trpc";

const ZSiteKey = ZSafeText.trim().min(1).max(64);

export const widgetRouter = router({
  config: publicProcedure
    .input(z.object({ siteKey: ZSiteKey }))
    .query(async ({ ctx, input }) => publicSiteConfig(await getSiteByKeyOrThrow(ctx.deps, input.siteKey))),
  /** find or start the shopper's visitor and conversation; the visitor token is the widget's Bearer */
  session: rateLimited("widget-session", 120)
    .input(
      z.object({
        siteKey: ZSiteKey,
        visitorId: z.string().regex(/^[0-9]{1,18}$/).optional(),
        identity: ZIdentity.optional(),
      }),
    )
    .mutation(({ ctx, input }) => startWidgetSession(ctx.deps, { ...input, bearer: ctx.bearer ?? undefined })),
  /** the shop's identify(null): this visitor token ends now (its sockets close with 4001) */
  endSession: visitorProcedure.mutation(({ ctx }) => endVisitorSession(ctx.deps, ctx.principal)),
});
