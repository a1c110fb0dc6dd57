// Groups (seed 004 群, channelType 2): a thread per group whose id is the wire's roomId. Every
// rule of a group lives here, as data: what each level (1 member, 2 admin, 3 owner) may do —
// in the conversation (read, write, recall) and to the group (invite, kick, dissolve…) — and on
// whom. The services (services/group/*) and the message path ask these tables; tRPC, the compat
// API and /ws reach the same services, so a rule holds on every door.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedFor } from "../../db/prepared";
import { groupMembers, groups, users } from "../../db/schema";
import { audience } from "../bus/bus";
import { ChannelType, MsgType } from "../protocol/frames";
import { toLogEntry } from "../services/messages/log-entry";
import { parseId } from "../services/parse-id";
import { can, CHANNEL_ACTIONS, type ChannelPermissions } from "./permissions";
import { threadChannel, type ThreadConversation } from "./thread-channel";

/** seed memberLevel */
export const GroupLevel = { member: 1, admin: 2, owner: 3 } as const;
export type GroupRole = "owner" | "admin" | "member";
export const roleOfLevel = (level: number): GroupRole => (level === GroupLevel.owner ? "owner" : level === GroupLevel.admin ? "admin" : "member");

export const GROUP_ACTIONS = [
  ...CHANNEL_ACTIONS,
  /** add people (friends) to the group */
  "invite",
  /** the people they add join at once, even where joining needs approval */
  "admit",
  /** answer join applications (seed /room/joinRoomApprove) */
  "approve",
  /** remove members (on whom: GROUP_TARGETS) */
  "kick",
  /** mute one member for a while (on whom: GROUP_TARGETS) */
  "mute",
  /** mute the whole group but its owner and admins */
  "muteAll",
  /** speak while the whole group is muted */
  "speakWhenMutedAll",
  /** canAddFriend, joinPermission (seed /room/setPermission) */
  "setPermission",
  /** make admins, hand ownership over (seed /room/setLevel) */
  "setLevel",
  /** dissolve the group (seed /room/delete) */
  "dissolve",
  /** leave it (the owner hands ownership over first) */
  "leave",
] as const;
export type GroupAction = (typeof GROUP_ACTIONS)[number];

const CONVERSATION: GroupAction[] = ["read", "write", "recallOwn", "hide", "invite"];
const MODERATION: GroupAction[] = ["recallAny", "admit", "approve", "kick", "mute", "muteAll", "speakWhenMutedAll", "setPermission"];

export const GROUP_PERMISSIONS: ChannelPermissions<GroupAction> = {
  roles: {
    owner: [...CONVERSATION, ...MODERATION, "setLevel", "dissolve"],
    admin: [...CONVERSATION, ...MODERATION, "leave"],
    member: [...CONVERSATION, "leave"],
  },
  denied: {},
};

/** Whom a role may kick or mute: only the levels below its own — nobody touches the owner, admins don't touch admins. */
export const GROUP_TARGETS: Record<"kick" | "mute", Partial<Record<GroupRole, readonly GroupRole[]>>> = {
  kick: { owner: ["admin", "member"], admin: ["member"] },
  mute: { owner: ["admin", "member"], admin: ["member"] },
};

export function mayActOn(kind: keyof typeof GROUP_TARGETS, actor: GroupRole | null, target: GroupRole): boolean {
  return actor !== null && (GROUP_TARGETS[kind][actor]?.includes(target) ?? false);
}

/** what group.info tells the UI the caller may do — the tables above, never re-derived in the browser */
export function groupViewerCan(role: GroupRole | null) {
  const levelsFor = (kind: keyof typeof GROUP_TARGETS) =>
    role === null ? [] : (GROUP_TARGETS[kind][role] ?? []).map((r) => GroupLevel[r]).sort((a, b) => a - b);
  const has = (a: GroupAction) => can(GROUP_PERMISSIONS, role, a);
  return {
    invite: has("invite"),
    approve: has("approve"),
    setPermission: has("setPermission"),
    setLevel: has("setLevel"),
    muteAll: has("muteAll"),
    dissolve: has("dissolve"),
    leave: has("leave"),
    kick: has("kick") ? levelsFor("kick") : [],
    mute: has("mute") ? levelsFor("mute") : [],
  };
}

/** who may send red packets, by the group's packetSenders setting (-4010 for the rest) */
export const GROUP_PACKET_SENDERS: Record<number, readonly GroupRole[]> = {
  1: ["owner", "admin", "member"],
  2: ["owner", "admin"],
  3: [],
};

export const NO_END = Number.MAX_SAFE_INTEGER;

type FoundRow = { groupId: number | null; mutedAll: number | null; packetSenders: number | null; level: number | null; memberMutedUntil: number | null; globalMutedUntil: number | null };

function conversation(groupId: number, row: FoundRow | undefined): ThreadConversation {
  const role = row?.groupId != null && row.level != null ? roleOfLevel(row.level) : null;
  const global = row?.globalMutedUntil ?? 0;
  const own = row?.memberMutedUntil ?? 0;
  const all = row?.mutedAll === 1 && !can(GROUP_PERMISSIONS, role, "speakWhenMutedAll") ? NO_END : 0;
  const mutedUntil = Math.max(global, own, all);
  return {
    channelType: ChannelType.group,
    storeId: role ? groupId : 0,
    wireId: String(groupId),
    role,
    audiences: role ? [audience.thread(groupId)] : [],
    mutedUntil: mutedUntil || null,
    mutedDetail: mutedUntil === all && all ? "the group is muted: only its owner and admins may speak" : undefined,
    mayPostPacket: role !== null && (GROUP_PACKET_SENDERS[row?.packetSenders ?? 1] ?? []).includes(role),
    entry: (m) => toLogEntry(m),
  };
}

export const groupChannel = threadChannel({
  channelType: ChannelType.group,
  name: "groups",
  // what members may send in friend chat (notices, msgType 6, are the server's)
  msgTypes: [MsgType.text, MsgType.audio, MsgType.image, MsgType.video, MsgType.file],
  permissions: GROUP_PERMISSIONS,
  readEcho: "reader",
  async find(deps, p, wireTargetId) {
    const groupId = parseId(wireTargetId);
    const [row] = await groupOf(deps.db).execute({ me: p.userId, g: groupId });
    return conversation(groupId, row);
  },
  async findStored(deps, p, threadId) {
    const [row] = await groupOf(deps.db).execute({ me: p.userId, g: threadId });
    return conversation(threadId, row);
  },
});

/** the group (not dissolved), my level and mute in it, and my global mute: one round trip per send */
const groupOf = (db: Db) =>
  preparedFor(db, "group_of", () =>
    db
      .select({
        groupId: groups.id,
        mutedAll: groups.mutedAll,
        packetSenders: groups.packetSenders,
        level: groupMembers.level,
        memberMutedUntil: groupMembers.mutedUntil,
        globalMutedUntil: users.mutedUntil,
      })
      .from(users)
      .leftJoin(groups, and(eq(groups.id, sql.placeholder("g")), isNull(groups.dissolvedAt)))
      .leftJoin(groupMembers, and(eq(groupMembers.groupId, groups.id), eq(groupMembers.userId, users.id)))
      .where(eq(users.id, sql.placeholder("me")))
      .prepare("group_of"),
  );

