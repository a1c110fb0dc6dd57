import { and, eq, isNull, like, sql } from "drizzle-orm";
import { friendships, uploads, users } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import type { DbOrTx } from "../../../db/client";
import type { Deps, MemberPrincipal } from "../deps";
import { now } from "../deps";
import { userLevelOf } from "./auth";

/** seed 004 /user/userInfo. Fields beyond the card only for whom the seed shows them to. */
export interface TUserInfo {
  id: string;
  /** 0 unset, 1 male, 2 female */
  sex: number;
  name: string;
  avatar: string;
  position: string;
  /** 1 yes, 2 no */
  isFriend: 1 | 2;
  markId: string;
  // only when the caller is their friend: the caller's own settings for them
  noDisturbing?: number;
  stickyOnTop?: number;
  addTime?: number;
  remark?: string;
  // only for admins (and the user themself)
  com_id?: string;
  uid?: string;
  account?: string;
  phone?: string;
  email?: string;
  verified?: number;
  userLevel?: number;
  description?: string;
}

export async function userInfo(deps: Deps, p: MemberPrincipal, id: number): Promise<TUserInfo> {
  const [user] = await deps.db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!user) throw new AppError(-2001);
  const [friend] = await deps.db
    .select()
    .from(friendships)
    .where(and(eq(friendships.userId, p.userId), eq(friendships.friendId, id), isNull(friendships.deletedAt)))
    .limit(1);
  const info: TUserInfo = {
    id: String(user.id),
    sex: user.sex,
    name: user.nickname,
    avatar: user.avatar,
    position: user.position,
    isFriend: friend ? 1 : 2,
    markId: user.markId,
  };
  if (friend) Object.assign(info, { noDisturbing: friend.noDisturbing, stickyOnTop: friend.onTop, addTime: friend.addTime, remark: friend.remark });
  if (p.role === "admin" || p.userId === user.id) {
    Object.assign(info, {
      // Parley has no companies, e-mail addresses or profile descriptions: the seed's fields, empty
      com_id: "",
      uid: user.markId,
      account: user.mobile,
      phone: user.mobile,
      email: "",
      verified: user.verified,
      userLevel: await userLevelOf(deps.db, user),
      description: "",
    });
  }
  return info;
}

/** the avatar is one of Parley's uploads, named as messages name them */
export const AVATAR_URL = /^\/uploads\/([A-Za-z0-9_-]{8,64})$/;

/**
 * user.editAvatar: an image this member uploaded (POST /api/upload). Using it marks the upload
 * used in the same transaction, so the cleanup job keeps it. Someone else's upload reads the
 * same as a missing one.
 */
export async function editAvatar(deps: Deps, p: MemberPrincipal, avatar: string) {
  await deps.db.transaction(async (tx) => {
    await claimOwnImage(tx, p.userId, avatar);
    await tx.update(users).set({ avatar }).where(eq(users.id, p.userId));
  });
  return {};
}

/**
 * An avatar (a member's, a group's) is an image its setter uploaded: this marks the upload used
 * inside the caller's transaction (so the cleanup job keeps it). Someone else's upload reads
 * the same as a missing one (-7000).
 */
export async function claimOwnImage(tx: DbOrTx, userId: number, url: string) {
  const uploadId = AVATAR_URL.exec(url)?.[1];
  if (!uploadId) throw new AppError(-1001, "avatar must be /uploads/<id> of an image you uploaded");
  const [used] = await tx
    .update(uploads)
    .set({ usedAt: sql`coalesce(${uploads.usedAt}, ${now()})` })
    .where(and(eq(uploads.id, uploadId), eq(uploads.ownerType, "member"), eq(uploads.ownerId, userId), like(uploads.contentType, "image/%")))
    .returning({ id: uploads.id });
  if (!used) throw new AppError(-7000, "avatar must be an image you uploaded");
}

/** user.editNickname (the router trims it and keeps it 1–32 characters). */
export async function editNickname(deps: Deps, p: MemberPrincipal, nickname: string) {
  await deps.db.update(users).set({ nickname }).where(eq(users.id, p.userId));
  return {};
}

/** seed 004 /user/isreg: the account's public number, "0" when the number has none. */
export async function isRegistered(deps: Deps, mobile: string) {
  const [user] = await deps.db.select({ markId: users.markId }).from(users).where(eq(users.mobile, mobile)).limit(1);
  return { zb_uid: user?.markId ?? "0" };
}
