// seed 004 好友有关接口 (/friend/*): thin doors onto services/friend and the message path.
import { z } from "zod";
import { ChannelType, ZId, ZSafeText } from "../../protocol/frames";
import { MAX_CATCH_UP_PAGE, MAX_PAGE, chatLog } from "../../services/messages/chat-log";
import { deleteFriend, friendUnread, listFriends, setFriendNoDisturbing, setFriendOnTop, setFriendRemark } from "../../services/friend/friends";
import { addFriend, friendRequestList, respondToFriend } from "../../services/friend/requests";
import { memberProcedure, router } from "../trpc";

const ZOneTwo = z.union([z.literal(1), z.literal(2)]);
const ZRemark = ZSafeText.trim().max(64);

/** history paging shared by every channel's chatLog: bigger pages for catch-up (afterId) than for scrolling back */
export const ZChatLogPaging = z
  .object({ startId: ZId.optional(), afterId: ZId.optional(), number: z.number().int().min(1).max(MAX_CATCH_UP_PAGE).default(50) })
  .refine((x) => x.afterId !== undefined || x.number <= MAX_PAGE, { message: `number must be at most ${MAX_PAGE} (${MAX_CATCH_UP_PAGE} with afterId)`, path: ["number"] });

export const friendRouter = router({
  list: memberProcedure
    .input(z.object({ type: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(3), time: z.number().int().min(0).optional() }))
    .query(({ ctx, input }) => listFriends(ctx.deps, ctx.principal, input)),
  unread: memberProcedure.query(({ ctx }) => friendUnread(ctx.deps, ctx.principal)),
  add: memberProcedure
    .input(z.object({ id: ZId, remark: ZRemark.optional(), reason: ZSafeText.trim().max(200).optional(), roomId: ZId.optional() }))
    .mutation(({ ctx, input }) => addFriend(ctx.deps, ctx.principal, input)),
  delete: memberProcedure.input(z.object({ id: ZId })).mutation(({ ctx, input }) => deleteFriend(ctx.deps, ctx.principal, input)),
  response: memberProcedure.input(z.object({ id: ZId, agree: ZOneTwo })).mutation(({ ctx, input }) => respondToFriend(ctx.deps, ctx.principal, input)),
  requestList: memberProcedure.query(({ ctx }) => friendRequestList(ctx.deps, ctx.principal)),
  chatLog: memberProcedure
    .input(z.object({ id: ZId }).and(ZChatLogPaging))
    .query(({ ctx, input }) => chatLog(ctx.deps, ctx.principal, { channelType: ChannelType.friend, targetId: input.id, startId: input.startId, afterId: input.afterId, number: input.number })),
  setRemark: memberProcedure.input(z.object({ id: ZId, remark: ZRemark })).mutation(({ ctx, input }) => setFriendRemark(ctx.deps, ctx.principal, input)),
  setNoDisturbing: memberProcedure
    .input(z.object({ id: ZId, setNoDisturbing: ZOneTwo }))
    .mutation(({ ctx, input }) => setFriendNoDisturbing(ctx.deps, ctx.principal, input)),
  stickyOnTop: memberProcedure.input(z.object({ id: ZId, stickyOnTop: ZOneTwo })).mutation(({ ctx, input }) => setFriendOnTop(ctx.deps, ctx.principal, input)),
});
