// seed 004 /room/setPermission, setLevel, setNoDisturbing, stickyOnTop, setMemberNickname, and
// muting inside a group (beyond the seed, as OpenIM does): group.muteMember and group.muteAll.
import { and, eq } from "drizzle-orm";
import { groupMembers, groups } from "../../../db/schema";
import { audience } from "../../bus/bus";
import { GroupLevel, GROUP_PERMISSIONS, mayActOn, roleOfLevel } from "../../channels/group";
import { requireAction } from "../../channels/permissions";
import { clock } from "../../clock";
import { AppError } from "../../errors/app-error";
import type { ServerFrame } from "../../protocol/frames";
import type { Deps, MemberPrincipal } from "../deps";
import { parseId } from "../parse-id";
import { announce, lockAsMember, membersOf, writeNotice } from "./core";

/**
 * seed /room/setPermission (owners and admins): canAddFriend 1/2, joinPermission 1 approval /
 * 2 open / 3 closed; and Parley's packetSenders — who may send red packets: 1 everyone, 2 owner
 * and admins, 3 nobody (GROUP_PACKET_SENDERS)
 */
export async function setGroupPermission(deps: Deps, p: MemberPrincipal, input: { roomId: string; canAddFriend?: 1 | 2; joinPermission?: 1 | 2 | 3; packetSenders?: 1 | 2 | 3 }) {
  const groupId = parseId(input.roomId);
  if (input.canAddFriend === undefined && input.joinPermission === undefined && input.packetSenders === undefined) throw new AppError(-1002, "give canAddFriend, joinPermission or packetSenders");
  await deps.db.transaction(async (tx) => {
    const { role } = await lockAsMember(tx, groupId, p.userId);
    requireAction(GROUP_PERMISSIONS, role, "setPermission");
    await tx
      .update(groups)
      .set({ ...(input.canAddFriend ? { canAddFriend: input.canAddFriend } : {}), ...(input.joinPermission ? { joinPermission: input.joinPermission } : {}),
        ...(input.packetSenders ? { packetSenders: input.packetSenders } : {}),
      })
      .where(eq(groups.id, groupId));
  });
  return {};
}

/**
 * seed /room/setLevel (the owner): make a member an admin (2) or a member again (1), or hand
 * ownership over (3) — the owner becomes an admin in the same transaction (one owner, always).
 */
export async function setGroupLevel(deps: Deps, p: MemberPrincipal, input: { roomId: string; userId: string; level: 1 | 2 | 3 }) {
  const groupId = parseId(input.roomId);
  const target = parseId(input.userId);
  if (target === p.userId) throw new AppError(-2021);
  const at = clock.now();
  const notice = await deps.db.transaction(async (tx) => {
    const { role } = await lockAsMember(tx, groupId, p.userId);
    requireAction(GROUP_PERMISSIONS, role, "setLevel");
    const [member] = await membersOf(tx, groupId, [target]);
    if (!member) throw new AppError(-6000, "they are not a member");
    if (input.level === GroupLevel.owner) {
      await tx.update(groupMembers).set({ level: GroupLevel.admin }).where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, p.userId)));
    }
    await tx.update(groupMembers).set({ level: input.level }).where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, target)));
    return writeNotice(tx, groupId, { event: "level", operatorId: p.userId, userIds: [target], level: input.level }, at);
  });
  await announce(deps, { groupId, notice });
  return {};
}

/** my own settings in a group (seed setNoDisturbing, stickyOnTop, setMemberNickname) */
async function updateMine(deps: Deps, p: MemberPrincipal, roomId: string, set: Partial<typeof groupMembers.$inferInsert>) {
  const rows = await deps.db
    .update(groupMembers)
    .set(set)
    .where(and(eq(groupMembers.groupId, parseId(roomId)), eq(groupMembers.userId, p.userId)))
    .returning({ groupId: groupMembers.groupId });
  if (rows.length === 0) throw new AppError(-6000);
  return {};
}

export const setGroupNoDisturbing = (deps: Deps, p: MemberPrincipal, input: { roomId: string; setNoDisturbing: 1 | 2 }) => updateMine(deps, p, input.roomId, { noDisturbing: input.setNoDisturbing });
export const setGroupOnTop = (deps: Deps, p: MemberPrincipal, input: { roomId: string; stickyOnTop: 1 | 2 }) => updateMine(deps, p, input.roomId, { onTop: input.stickyOnTop });
export const setGroupNickname = (deps: Deps, p: MemberPrincipal, input: { roomId: string; nickname: string }) => updateMine(deps, p, input.roomId, { nickname: input.nickname });

/**
 * group.muteMember: owners mute admins and members, admins mute members, for `mutedTime` ms
 * (0 lifts it). The muted member hears it at once (event 3); the history says it.
 */
export async function muteGroupMember(deps: Deps, p: MemberPrincipal, input: { roomId: string; userId: string; mutedTime: number }) {
  const groupId = parseId(input.roomId);
  const target = parseId(input.userId);
  if (target === p.userId) throw new AppError(-2021);
  const at = clock.now();
  const mutedUntil = input.mutedTime > 0 ? at + input.mutedTime : 0;
  const notice = await deps.db.transaction(async (tx) => {
    const { role } = await lockAsMember(tx, groupId, p.userId);
    requireAction(GROUP_PERMISSIONS, role, "mute");
    const [member] = await membersOf(tx, groupId, [target]);
    if (!member) throw new AppError(-6000, "they are not a member");
    if (!mayActOn("mute", role, roleOfLevel(member.level))) throw new AppError(-3000, "you may mute only members below your level");
    await tx.update(groupMembers).set({ mutedUntil }).where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, target)));
    return writeNotice(tx, groupId, { event: "muted", operatorId: p.userId, userIds: [target], mutedUntil }, at);
  });
  const frame: ServerFrame = { eventType: 3, channelType: 2, targetId: String(groupId), mutedTime: at, mutedLastTime: mutedUntil ? input.mutedTime : 0, datetime: at };
  await announce(deps, { groupId, notice });
  await deps.bus.publish({ audiences: [audience.user(target)], data: JSON.stringify(frame) });
  return {};
}

/** group.muteAll (owners and admins): 1 only the owner and admins may speak, 2 everyone again */
export async function muteGroup(deps: Deps, p: MemberPrincipal, input: { roomId: string; muted: 1 | 2 }) {
  const groupId = parseId(input.roomId);
  const at = clock.now();
  const notice = await deps.db.transaction(async (tx) => {
    const { group, role } = await lockAsMember(tx, groupId, p.userId);
    requireAction(GROUP_PERMISSIONS, role, "muteAll");
    if (group.mutedAll === input.muted) return undefined;
    await tx.update(groups).set({ mutedAll: input.muted }).where(eq(groups.id, groupId));
    return writeNotice(tx, groupId, { event: "muteAll", operatorId: p.userId, userIds: [], muted: input.muted }, at);
  });
  if (notice) await announce(deps, { groupId, notice });
  return {};
}
