import { z } from "zod";
import { ZIdentity } from "../../services/widget/identity";
import { getSiteByKeyOrThrow, publicSiteConfig } from "../../services/widget/site";
import { startWidgetSession } from "../../services/widget/start-session";
import { publicProcedure, rateLimited, router } from "../trpc";

const ZSiteKey = z.string().trim().min(1).max(64);

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
});
