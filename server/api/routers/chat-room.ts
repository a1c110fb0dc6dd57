// seed 004 聊天室有关接口 (/group/*; Parley's `chatRoom` domain): thin doors onto services/room,
// whose rules are the room's policy (channels/room.ts). Reading is public — a signed-in member,
// a guest with a token (or the compat API's FZM-UUID), or nobody at all, who reads as a guest.
import { z } from "zod";
import { ChannelType, ZId, ZSafeText } from "../../protocol/frames";
import { chatLog } from "../../services/messages/chat-log";
import { guestOf, visitRoom } from "../../services/room/guest";
import { createRoom, editRoom, listRooms, muteInRoom, roomInfo, roomOnlineNumber, roomUserInfo, roomUsers, setRoomStatus } from "../../services/room/rooms";
import { AVATAR_URL } from "../../services/user/profile";
import { adminProcedure, publicProcedure, rateLimited, router } from "../trpc";
import { ZChatLogPaging } from "./friend";

const ZRoomId = z.object({ groupId: ZId });
const ZName = ZSafeText.trim().min(1).max(64);
const ZAvatar = z.union([z.string().regex(AVATAR_URL, "must be /uploads/<id> of an image you uploaded"), z.literal("")]);
/** a year: longer is what a ban is for */
const MAX_MUTE_MS = 365 * 24 * 60 * 60_000;
const ZTime = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** whoever is calling; nobody reads as an anonymous guest */
const readerProcedure = publicProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, principal: ctx.principal ?? guestOf("") } }));

export const chatRoomRouter = router({
  list: readerProcedure
    .input(
      z.object({
        groupStatus: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
        groupName: ZSafeText.trim().max(64).optional(),
        startTime: ZTime.optional(),
        endTime: ZTime.optional(),
      }),
    )
    .query(({ ctx, input }) => listRooms(ctx.deps, ctx.principal, input)),
  info: readerProcedure.input(ZRoomId).query(({ ctx, input }) => roomInfo(ctx.deps, ctx.principal, input)),
  getGroupChatHistory: readerProcedure
    .input(z.object({ id: ZId }).and(ZChatLogPaging))
    .query(({ ctx, input }) => chatLog(ctx.deps, ctx.principal, { channelType: ChannelType.room, targetId: input.id, startId: input.startId, afterId: input.afterId, number: input.number })),
  getOnlineNumber: readerProcedure.input(ZRoomId).query(({ ctx, input }) => roomOnlineNumber(ctx.deps, ctx.principal, input)),
  /** a guest token for /ws?token= (the uuid the browser keeps, or a new one) */
  visit: rateLimited("room-visit", 60)
    .input(z.object({ uuid: z.string().max(64).optional() }).default({}))
    .mutation(({ input }) => visitRoom(input)),
  addGroup: adminProcedure
    .input(z.object({ groupName: ZName, avatar: ZAvatar.optional(), description: ZSafeText.trim().max(500).optional() }))
    .mutation(({ ctx, input }) => createRoom(ctx.deps, ctx.principal, input)),
  editAvatar: adminProcedure
    .input(ZRoomId.extend({ avatar: ZAvatar }))
    .mutation(({ ctx, input }) => editRoom(ctx.deps, ctx.principal, input)),
  editGroupName: adminProcedure
    .input(ZRoomId.extend({ groupName: ZName }))
    .mutation(({ ctx, input }) => editRoom(ctx.deps, ctx.principal, input)),
  /** Parley: who may send red packets in the room — 1 members, 2 admins only, 3 nobody */
  setPacketSenders: adminProcedure
    .input(ZRoomId.extend({ packetSenders: z.union([z.literal(1), z.literal(2), z.literal(3)]) }))
    .mutation(({ ctx, input }) => editRoom(ctx.deps, ctx.principal, input)),
  setStatus: adminProcedure
    .input(ZRoomId.extend({ type: z.union([z.literal(0), z.literal(1), z.literal(2)]) }))
    .mutation(({ ctx, input }) => setRoomStatus(ctx.deps, ctx.principal, input)),
  userList: adminProcedure
    .input(
      ZRoomId.extend({
        queryUserName: ZSafeText.trim().max(64).optional(),
        page: z.number().int().min(1).max(10_000).default(1),
        number: z.number().int().min(1).max(100).default(20),
      }),
    )
    .query(({ ctx, input }) => roomUsers(ctx.deps, ctx.principal, input)),
  userInfo: adminProcedure.input(z.object({ id: ZId, groupId: ZId.optional() })).query(({ ctx, input }) => roomUserInfo(ctx.deps, ctx.principal, input)),
  /** mute a member in one room for mutedTime ms (0 lifts it) */
  mute: adminProcedure
    .input(ZRoomId.extend({ userId: ZId, mutedTime: z.number().int().min(0).max(MAX_MUTE_MS) }))
    .mutation(({ ctx, input }) => muteInRoom(ctx.deps, ctx.principal, input)),
});
