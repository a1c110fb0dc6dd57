import { eq } from "drizzle-orm";
import { users } from "../../../db/schema";
import { hashPassword, verifyPassword } from "../../crypto";
import { AppError } from "../../errors/app-error";
import { takeLoginToken } from "../../rate-limit";
import { consumeSmsCode, smsCodeError, takeCodeGuessToken } from "../sms/codes";
import { revokeOtherSessions } from "./auth";
import type { Deps, MemberPrincipal } from "../deps";

/**
 * user.setPassword. An account without a password (made by SMS sign-in) sets one directly; one
 * that has a password proves it is its owner first — the old password, or a code texted to
 * its number (forgot the password). Both kinds of proof spend the caller's per-address guess
 * budget, the same buckets as pwdLogin and smsLogin. Changing a password ends the account's
 * other sessions (every device, the console too); the one that changed it goes on.
 */
export async function setPassword(
  deps: Deps,
  p: MemberPrincipal,
  input: { password: string; oldPassword?: string; code?: string },
  ip: string,
) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, p.userId)).limit(1);
  if (!user) throw new AppError(-2001);
  const passwordHash = await hashPassword(input.password);
  if (!user.passwordHash) {
    await deps.db.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    return {};
  }
  if (input.oldPassword !== undefined && input.oldPassword !== "") {
    if (!takeLoginToken(ip)) throw new AppError(-1012, "too many password attempts from this address; wait a minute");
    if (!(await verifyPassword(input.oldPassword, user.passwordHash))) throw new AppError(-3000, "the old password is wrong");
    await deps.db.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await revokeOtherSessions(deps, p);
    return {};
  }
  if (input.code !== undefined && input.code !== "") {
    if (!takeCodeGuessToken(ip)) throw new AppError(-1012, "too many code attempts from this address; wait a minute");
    const code = input.code;
    // spending the code and setting the password succeed or fail together; a wrong guess is still counted
    const check = await deps.db.transaction(async (tx) => {
      const result = await consumeSmsCode(tx, user.mobile, code);
      if (result === "ok") await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
      return result;
    });
    if (check !== "ok") throw smsCodeError(check);
    await revokeOtherSessions(deps, p);
    return {};
  }
  throw new AppError(-1002, "this account has a password: send oldPassword, or a code from user.sendSms as code");
}
