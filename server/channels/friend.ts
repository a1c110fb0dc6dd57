// Friend chat (seed 004 channelType 3): a thread per pair of friends. The wire names the
// conversation by the friend's user id; a message's fromId is its sender, its targetId the other.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedFor } from "../../db/prepared";
import { friendships, users } from "../../db/schema";
import { audience } from "../bus/bus";
import { AppError } from "../errors/app-error";
import { ChannelType, MsgType } from "../protocol/frames";
import type { MemberPrincipal } from "../services/deps";
import { toLogEntry } from "../services/messages/log-entry";
import { parseId } from "../services/parse-id";
import type { ChannelPermissions } from "./permissions";
import { threadChannel, type ThreadConversation } from "./thread-channel";

export const FRIEND_PERMISSIONS: ChannelPermissions = {
  roles: {
    friend: ["read", "write", "recallOwn", "hide"],
    // no longer friends: the history stays readable, nothing new can be said
    formerFriend: ["read", "hide"],
  },
  denied: { write: -2018 },
};

function conversation(p: MemberPrincipal, friendId: number, row: { threadId: number | null; deletedAt: number | null; mutedUntil?: number | null } | undefined): ThreadConversation {
  const role = !row || row.threadId === null ? null : row.deletedAt === null ? "friend" : "formerFriend";
  const me = p.userId;
  return {
    channelType: ChannelType.friend,
    storeId: row?.threadId ?? 0,
    wireId: String(friendId),
    role,
    // no longer friends: the thread's sockets are unsubscribed; what the reader does reaches only their own devices
    audiences: role === "friend" ? [audience.thread(row!.threadId!)] : role ? [audience.user(me)] : [],
    mutedUntil: row?.mutedUntil ?? null,
    peerId: friendId,
    // between friends, either may send the other one
    mayPostPacket: role === "friend",
    entry: (m) => ({ ...toLogEntry(m), targetId: String(m.fromId === me ? friendId : me) }),
  };
}

export const friendChannel = threadChannel({
  channelType: ChannelType.friend,
  name: "friend chat",
  msgTypes: [MsgType.text, MsgType.audio, MsgType.image, MsgType.video, MsgType.file],
  permissions: FRIEND_PERMISSIONS,
  async find(deps, p, wireTargetId) {
    const friendId = parseId(wireTargetId);
    if (friendId === p.userId) throw new AppError(-2021);
    // the friendship and the sender's mute in one round trip
    const [row] = await friendOf(deps.db).execute({ me: p.userId, friend: friendId });
    return conversation(p, friendId, row);
  },
  async findStored(deps, p, threadId) {
    const [row] = await friendByThread(deps.db).execute({ me: p.userId, t: threadId });
    return row ? conversation(p, row.friendId, { ...row, threadId }) : conversation(p, 0, undefined);
  },
});

const friendOf = (db: Db) =>
  preparedFor(db, "friend_of", () =>
    db
      .select({ threadId: friendships.threadId, deletedAt: friendships.deletedAt, mutedUntil: users.mutedUntil })
      .from(users)
      .leftJoin(friendships, and(eq(friendships.userId, users.id), eq(friendships.friendId, sql.placeholder("friend"))))
      .where(eq(users.id, sql.placeholder("me")))
      .prepare("friend_of"),
  );

const friendByThread = (db: Db) =>
  preparedFor(db, "friend_by_thread", () =>
    db
      .select({ friendId: friendships.friendId, deletedAt: friendships.deletedAt })
      .from(friendships)
      .where(and(eq(friendships.userId, sql.placeholder("me")), eq(friendships.threadId, sql.placeholder("t"))))
      .prepare("friend_by_thread"),
  );

/** a friend chat message as `me` sees it in the conversation with `friendId` (friend.unread's lastLog) */
export const friendEntry = (me: number, friendId: number) => (m: Parameters<typeof toLogEntry>[0]) => ({
  ...toLogEntry(m),
  targetId: String(m.fromId === me ? friendId : me),
});
