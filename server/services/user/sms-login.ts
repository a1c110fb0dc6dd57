import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { users } from "../../../db/schema";
import type { Locale } from "../../errors/codes";
import { consumeSmsCode, smsCodeError } from "../sms/codes";
import type { Deps } from "../deps";
import { now } from "../deps";
import { insertMemberToken, loginShape } from "./auth";
import type { SessionDevice } from "./device";
import { closeSessions, SessionEnd } from "./sessions";

/** The name a number gets when it signs up by SMS, until the member picks one (editNickname). */
const NEW_MEMBER_NAME: Record<Locale, (last4: string) => string> = {
  en: (d) => `User ${d}`,
  "zh-CN": (d) => `用户${d}`,
  ja: (d) => `ユーザー${d}`,
};

/**
 * Mobile + SMS code → a session on this device type; a number without an account gets one
 * (no password: passwordHash "" matches none until user.setPassword). The code is spent, the
 * account made and the token issued in one transaction: of two sign-ins with one code, one wins.
 */
export async function signInWithSmsCode(deps: Deps, input: { mobile: string; code: string; device: SessionDevice; locale?: Locale }) {
  const result = await deps.db.transaction(async (tx) => {
    const check = await consumeSmsCode(tx, input.mobile, input.code);
    // a wrong guess is counted (committed) before it is refused
    if (check !== "ok") return { check } as const;
    const user = await findOrCreateMember(tx, input.mobile, input.locale ?? "en");
    return { check, user, ...(await insertMemberToken(tx, user.id, input.device)) } as const;
  });
  if (result.check !== "ok") throw smsCodeError(result.check);
  await closeSessions(deps, result.replaced, SessionEnd.elsewhere);
  return { user: result.user, token: result.token };
}

/** seed 004 /user/smsLogin: the same answer as pwdLogin. */
export async function smsLogin(deps: Deps, input: { mobile: string; code: string; device: SessionDevice; locale?: Locale }) {
  const { user, token } = await signInWithSmsCode(deps, input);
  return { ...(await loginShape(deps, user.id)), token };
}

async function findOrCreateMember(tx: DbOrTx, mobile: string, locale: Locale) {
  // look first: an insert that conflicts would still draw a markId from the sequence
  const [existing] = await tx.select().from(users).where(eq(users.mobile, mobile)).limit(1);
  if (existing) return existing;
  const [created] = await tx
    .insert(users)
    .values({ mobile, passwordHash: "", nickname: NEW_MEMBER_NAME[locale](mobile.slice(-4)), createdAt: now() })
    .onConflictDoNothing({ target: users.mobile })
    .returning();
  if (created) return created;
  // made by someone else in the meantime (an admin, the demo seed)
  const [raced] = await tx.select().from(users).where(eq(users.mobile, mobile)).limit(1);
  return raced;
}
