import { adminRouter } from "./routers/admin";
import { supportRouter } from "./routers/support";
import { userRouter } from "./routers/user";
import { widgetRouter } from "./routers/widget";
import { router } from "./trpc";

export const appRouter = router({
  user: userRouter,
  widget: widgetRouter,
  support: supportRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
