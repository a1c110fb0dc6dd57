// seed 004 /user/muted (管理端禁言用户, global mute): an admin mutes a member everywhere for a while
// (0 lifts it). The rule itself is one place: every member channel's policy folds
// users.muted_until into the sender's mute (friend chat, groups; rooms when they come), so each
// send until then is -2007 with the end time. The mute ends by itself at its time (the check
// compares with now); the muted member hears it at once on every socket (event 3).
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { users } from "../../../db/schema";
import { audience } from "../../bus/bus";
import { clock } from "../../clock";
import { AppError } from "../../errors/app-error";
import type { ServerFrame } from "../../protocol/frames";
import type { Deps, MemberPrincipal } from "../deps";
import { parseId } from "../parse-id";

export async function muteUser(deps: Deps, admin: MemberPrincipal, input: { id: string; muted_time: number }) {
  const mute = await writeMute(deps.db, admin, parseId(input.id), input.muted_time);
  await mute.announce(deps);
  return {};
}

/**
 * The mute's write in the caller's transaction (a report's "mute" action too): `announce` tells
 * the member's sockets (event 3) after the commit. Yourself -2021, no such user -2001.
 */
export async function writeMute(tx: DbOrTx, admin: MemberPrincipal, userId: number, mutedTime: number) {
  if (userId === admin.userId) throw new AppError(-2021);
  const at = clock.now();
  const mutedUntil = mutedTime > 0 ? at + mutedTime : null;
  const [row] = await tx.update(users).set({ mutedUntil }).where(eq(users.id, userId)).returning({ id: users.id });
  if (!row) throw new AppError(-2001);
  const frame: ServerFrame = { eventType: 3, mutedTime: at, mutedLastTime: mutedTime, datetime: at };
  return {
    mutedUntil,
    announce: (deps: Deps) => deps.bus.publish({ audiences: [audience.user(userId)], data: JSON.stringify(frame) }),
  };
}
