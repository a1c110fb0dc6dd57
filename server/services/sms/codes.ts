// Sign-in codes (seed 004 /send/sms): who may ask for one, how often, and how a guess is
// checked. The limits that must hold across processes are counted in `sms_codes` itself; the
// per-minute address bucket is in memory, in front of the database.
import { createHmac, randomInt } from "node:crypto";
import { and, count, desc, eq, gt, max, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { smsCodes } from "../../../db/schema";
import { clock } from "../../clock";
import { safeEqualHex } from "../../crypto";
import { AppError, describeUnexpected } from "../../errors/app-error";
import type { Locale } from "../../errors/codes";
import { takeToken } from "../../rate-limit";
import type { Deps } from "../deps";
import { smsProviderOf } from "./provider";

/** A code works this long: enough to switch apps and type it, short enough to be useless when leaked. */
export const SMS_CODE_TTL_MS = 5 * 60_000;
/** One code per number per minute: a resend button, not a flood of texts to someone's phone. */
export const SMS_NUMBER_INTERVAL_MS = 60_000;
/** Codes per number per rolling 24 h: a person signing in on a few devices, not a pumping target. */
export const SMS_PER_NUMBER_PER_DAY = 10;
/**
 * Codes per client address per rolling 24 h, over all numbers: SMS pumping sends codes to many
 * (premium-rate) numbers from one place; a household or an office asks for a few.
 */
export const SMS_PER_IP_PER_DAY = 20;
/** Codes per client address per minute, before the database is asked anything. */
export const SMS_PER_IP_PER_MINUTE = 5;
/** Wrong guesses a code survives: 5 in a million, then it is dead (-4008) and a new one is needed. */
export const SMS_CODE_MAX_ATTEMPTS = 5;
/**
 * Code guesses per client address per minute, over all numbers (user.smsLogin, setPassword
 * with a code, the web sign-in): per-code attempts stop guessing one number, this stops
 * guessing many.
 */
export const CODE_GUESSES_PER_IP_PER_MINUTE = 20;

const DAY_MS = 24 * 3600_000;
/** pg_advisory_xact_lock namespace of "one send per number at a time" (any constant no one else uses) */
const SMS_SEND_LOCK = 7301;

export function takeCodeGuessToken(ip: string): boolean {
  return takeToken(`sms-guess:${ip}`, CODE_GUESSES_PER_IP_PER_MINUTE, CODE_GUESSES_PER_IP_PER_MINUTE / 60_000, clock.now());
}

/**
 * What is stored instead of the code. A plain SHA-256 of six digits is undone by trying all
 * million, so the hash is keyed with the server's secret (HMAC-SHA-256, bound to the number):
 * a leaked table reveals no codes. Every process shares AUTH_SECRET already.
 */
function codeHash(mobile: string, code: string): string {
  return createHmac("sha256", process.env.AUTH_SECRET ?? "").update(`sms:${mobile}:${code}`).digest("hex");
}

const SMS_TEXT: Record<Locale, (code: string) => string> = {
  en: (code) => `Your Parley code is ${code}. It expires in 5 minutes. Do not share it.`,
  "zh-CN": (code) => `您的 Parley 验证码是 ${code}，5 分钟内有效。请勿告诉他人。`,
  ja: (code) => `Parley の認証コードは ${code} です。有効期限は5分です。他人に教えないでください。`,
};

/** user.sendSms: a fresh 6-digit code for this number, texted by the configured provider. */
export async function sendSmsCode(deps: Deps, input: { mobile: string; ip: string; locale?: Locale }) {
  const { mobile, ip } = input;
  if (!takeToken(`sms-ip:${ip}`, SMS_PER_IP_PER_MINUTE, SMS_PER_IP_PER_MINUTE / 60_000, clock.now())) {
    throw new AppError(-1012, "too many codes asked for from this address; wait a minute");
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const t = clock.now();
  const id = await deps.db.transaction(async (tx) => {
    // two requests for one number at once must not both pass the once-a-minute check
    await tx.execute(sql`select pg_advisory_xact_lock(${SMS_SEND_LOCK}, hashtext(${mobile}))`);
    const [perNumber] = await tx
      .select({ n: count(), last: max(smsCodes.createdAt) })
      .from(smsCodes)
      .where(and(eq(smsCodes.mobile, mobile), gt(smsCodes.createdAt, t - DAY_MS)));
    const last = perNumber.last === null ? null : Number(perNumber.last);
    if (last !== null && t - last < SMS_NUMBER_INTERVAL_MS) {
      throw new AppError(-1012, `one code a minute per number; ask again in ${Math.ceil((SMS_NUMBER_INTERVAL_MS - (t - last)) / 1000)} s`);
    }
    if (perNumber.n >= SMS_PER_NUMBER_PER_DAY) throw new AppError(-1012, `at most ${SMS_PER_NUMBER_PER_DAY} codes a day per number`);
    const [perIp] = await tx
      .select({ n: count() })
      .from(smsCodes)
      .where(and(eq(smsCodes.ip, ip), gt(smsCodes.createdAt, t - DAY_MS)));
    if (perIp.n >= SMS_PER_IP_PER_DAY) throw new AppError(-1012, `at most ${SMS_PER_IP_PER_DAY} codes a day from one address`);
    const [row] = await tx
      .insert(smsCodes)
      .values({ mobile, codeHash: codeHash(mobile, code), ip, createdAt: t, expiresAt: t + SMS_CODE_TTL_MS })
      .returning({ id: smsCodes.id });
    return row.id;
  });
  const provider = smsProviderOf(deps);
  try {
    await provider.send({ mobile, text: SMS_TEXT[input.locale ?? "en"](code) });
  } catch (err) {
    // nobody got this code: forget it, so the member may ask again at once (the address buckets still count)
    await deps.db.delete(smsCodes).where(eq(smsCodes.id, id));
    console.error(`[sms] the "${provider.name}" provider could not send a code`, describeUnexpected(err));
    throw new AppError(-8000);
  }
  return {};
}

export type SmsCodeCheck = "ok" | "wrong" | "dead";

/**
 * Checks a guess against the newest code of the number, inside the caller's transaction, and
 * spends it when right. The row is locked, so of two sign-ins with one code only one gets "ok"
 * (the other then sees it used). "wrong" counts an attempt: the caller must commit that before
 * throwing (return the result out of the transaction, then `throw smsCodeError(result)`). An
 * older code stops working once a newer one is sent.
 */
export async function consumeSmsCode(tx: DbOrTx, mobile: string, code: string): Promise<SmsCodeCheck> {
  const [row] = await tx
    .select()
    .from(smsCodes)
    .where(eq(smsCodes.mobile, mobile))
    .orderBy(desc(smsCodes.createdAt), desc(smsCodes.id))
    .limit(1)
    .for("update");
  const t = clock.now();
  if (!row || row.usedAt !== null || row.expiresAt <= t || row.attempts >= SMS_CODE_MAX_ATTEMPTS) return "dead";
  if (!safeEqualHex(codeHash(mobile, code), row.codeHash)) {
    await tx.update(smsCodes).set({ attempts: sql`${smsCodes.attempts} + 1` }).where(eq(smsCodes.id, row.id));
    return "wrong";
  }
  await tx.update(smsCodes).set({ usedAt: t }).where(eq(smsCodes.id, row.id));
  return "ok";
}

export function smsCodeError(check: Exclude<SmsCodeCheck, "ok">): AppError {
  return check === "wrong" ? new AppError(-4007) : new AppError(-4008);
}
