import { adminRouter } from "./routers/admin";
import { chat33Router } from "./routers/chat33";
import { chatRoomRouter } from "./routers/chat-room";
import { redPacketRouter } from "./routers/red-packet";
import { friendRouter } from "./routers/friend";
import { groupRouter } from "./routers/group";
import { reportRouter } from "./routers/report";
import { supportRouter } from "./routers/support";
import { userRouter } from "./routers/user";
import { widgetRouter } from "./routers/widget";
import { router } from "./trpc";

export const appRouter = router({
  user: userRouter,
  widget: widgetRouter,
  support: supportRouter,
  admin: adminRouter,
  friend: friendRouter,
  chat33: chat33Router,
  group: groupRouter,
  chatRoom: chatRoomRouter,
  redPacket: redPacketRouter,
  report: reportRouter,
});

export type AppRouter = typeof appRouter;
