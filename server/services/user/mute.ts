// seed 004 /user/muted (管理端禁言用户, global mute): an admin mutes a member everywhere for a while
// (0 lifts it). The rule itself is one place: every member channel's policy folds
// users.muted_until into the sender's mute (friend chat, groups; rooms when they come), so each
// send until then is -2007 with the end time. The mute ends by itself at its time (the check
// compares with now); the muted member hears it at once on every socket (event 3).
import { eq } from "drizzle-orm";
import { users } from "../../../db/schema";
import { audience } from "../../bus/bus";
import { clock } from "../../clock";
import { AppError } from "../../errors/app-error";
import type { ServerFrame } from "../../protocol/frames";
import type { Deps, MemberPrincipal } from "../deps";
import { parseId } from "../parse-id";

export async function muteUser(deps: Deps, admin: MemberPrincipal, input: { id: string; muted_time: number }) {
  const userId = parseId(input.id);
  if (userId === admin.userId) throw new AppError(-2021);
  const at = clock.now();
  const [row] = await deps.db
    .update(users)
    .set({ mutedUntil: input.muted_time > 0 ? at + input.muted_time : null })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  if (!row) throw new AppError(-2001);
  const frame: ServerFrame = { eventType: 3, mutedTime: at, mutedLastTime: input.muted_time, datetime: at };
  await deps.bus.publish({ audiences: [audience.user(userId)], data: JSON.stringify(frame) });
  return {};
}
