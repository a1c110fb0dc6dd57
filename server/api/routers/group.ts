// seed 004 群有关接口 (/room/*; Parley's `group` domain) and muting inside a group: thin doors onto
// services/group, whose rules are the group's policy (channels/group.ts).
import { z } from "zod";
import { ChannelType, ZId, ZSafeText } from "../../protocol/frames";
import { chatLog } from "../../services/messages/chat-log";
import { applyToGroup, approveApplication, createGroup, dissolveGroup, inviteToGroup, kickFromGroup, leaveGroup } from "../../services/group/membership";
import { groupInfo, groupOnlineNumber, groupUnread, groupUserInfo, groupUserList, listGroups, searchGroupMembers } from "../../services/group/queries";
import { muteGroup, muteGroupMember, setGroupLevel, setGroupNickname, setGroupNoDisturbing, setGroupOnTop, setGroupPermission } from "../../services/group/settings";
import { AVATAR_URL } from "../../services/user/profile";
import { memberProcedure, router } from "../trpc";
import { ZChatLogPaging } from "./friend";

const ZOneTwo = z.union([z.literal(1), z.literal(2)]);
const ZRoom = z.object({ roomId: ZId });
/** people named in one call: a group's worth at most */
const ZUsers = z.array(ZId).max(2_000);
/** 30 days: longer is what a kick is for */
const MAX_MUTE_MS = 30 * 24 * 60 * 60_000;

export const groupRouter = router({
  list: memberProcedure
    .input(z.object({ type: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(3) }).default({ type: 3 }))
    .query(({ ctx, input }) => listGroups(ctx.deps, ctx.principal, input)),
  unread: memberProcedure.query(({ ctx }) => groupUnread(ctx.deps, ctx.principal)),
  info: memberProcedure.input(ZRoom).query(({ ctx, input }) => groupInfo(ctx.deps, ctx.principal, input)),
  userList: memberProcedure.input(ZRoom).query(({ ctx, input }) => groupUserList(ctx.deps, ctx.principal, input)),
  userInfo: memberProcedure.input(ZRoom.extend({ userId: ZId })).query(({ ctx, input }) => groupUserInfo(ctx.deps, ctx.principal, input)),
  searchMember: memberProcedure
    .input(ZRoom.extend({ query: ZSafeText.trim().min(1).max(32) }))
    .query(({ ctx, input }) => searchGroupMembers(ctx.deps, ctx.principal, input)),
  getOnlineNumber: memberProcedure.input(ZRoom).query(({ ctx, input }) => groupOnlineNumber(ctx.deps, ctx.principal, input)),
  create: memberProcedure
    .input(
      z.object({
        roomName: ZSafeText.trim().max(64).optional(),
        roomAvatar: z.union([z.string().regex(AVATAR_URL, "must be /uploads/<id> of an image you uploaded"), z.literal("")]).optional(),
        users: ZUsers,
        /** a staff-internal group of this site's agents */
        siteId: ZId.optional(),
      }),
    )
    .mutation(({ ctx, input }) => createGroup(ctx.deps, ctx.principal, { ...input, roomAvatar: input.roomAvatar || undefined })),
  delete: memberProcedure.input(ZRoom).mutation(({ ctx, input }) => dissolveGroup(ctx.deps, ctx.principal, input)),
  kickOut: memberProcedure.input(ZRoom.extend({ users: ZUsers.min(1) })).mutation(({ ctx, input }) => kickFromGroup(ctx.deps, ctx.principal, input)),
  loginOut: memberProcedure.input(ZRoom).mutation(({ ctx, input }) => leaveGroup(ctx.deps, ctx.principal, input)),
  setPermission: memberProcedure
    .input(
      ZRoom.extend({
        canAddFriend: ZOneTwo.optional(),
        joinPermission: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
        packetSenders: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
      }),
    )
    .mutation(({ ctx, input }) => setGroupPermission(ctx.deps, ctx.principal, input)),
  setLevel: memberProcedure
    .input(ZRoom.extend({ userId: ZId, level: z.union([z.literal(1), z.literal(2), z.literal(3)]) }))
    .mutation(({ ctx, input }) => setGroupLevel(ctx.deps, ctx.principal, input)),
  setNoDisturbing: memberProcedure.input(ZRoom.extend({ setNoDisturbing: ZOneTwo })).mutation(({ ctx, input }) => setGroupNoDisturbing(ctx.deps, ctx.principal, input)),
  stickyOnTop: memberProcedure.input(ZRoom.extend({ stickyOnTop: ZOneTwo })).mutation(({ ctx, input }) => setGroupOnTop(ctx.deps, ctx.principal, input)),
  setMemberNickname: memberProcedure
    .input(ZRoom.extend({ nickname: ZSafeText.trim().max(32) }))
    .mutation(({ ctx, input }) => setGroupNickname(ctx.deps, ctx.principal, input)),
  joinRoomInvite: memberProcedure.input(ZRoom.extend({ users: ZUsers.min(1) })).mutation(({ ctx, input }) => inviteToGroup(ctx.deps, ctx.principal, input)),
  joinRoomApply: memberProcedure
    .input(ZRoom.extend({ applyReason: ZSafeText.trim().max(200).optional() }))
    .mutation(({ ctx, input }) => applyToGroup(ctx.deps, ctx.principal, input)),
  joinRoomApprove: memberProcedure
    .input(ZRoom.extend({ userId: ZId, agree: ZOneTwo }))
    .mutation(({ ctx, input }) => approveApplication(ctx.deps, ctx.principal, input)),
  chatLog: memberProcedure
    .input(z.object({ id: ZId }).and(ZChatLogPaging))
    .query(({ ctx, input }) => chatLog(ctx.deps, ctx.principal, { channelType: ChannelType.group, targetId: input.id, startId: input.startId, afterId: input.afterId, number: input.number })),
  /** mute one member for mutedTime ms (0 lifts it) */
  muteMember: memberProcedure
    .input(ZRoom.extend({ userId: ZId, mutedTime: z.number().int().min(0).max(MAX_MUTE_MS) }))
    .mutation(({ ctx, input }) => muteGroupMember(ctx.deps, ctx.principal, input)),
  /** 1: only the owner and admins may speak; 2: everyone again */
  muteAll: memberProcedure.input(ZRoom.extend({ muted: ZOneTwo })).mutation(({ ctx, input }) => muteGroup(ctx.deps, ctx.principal, input)),
});
