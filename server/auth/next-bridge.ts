// What the Next.js side may call in this process: next-auth's credentials check and sign-out
// (app/_auth/auth.ts), the pages' session checks and the admin SMS page. Next bundles its own
// copy of modules, so it reaches the one database handle through this object on globalThis,
// never by importing server code (docs/architecture.md, "Why the API lives in the custom server").
import { AppError } from "../errors/app-error";
import { pickLocale } from "../errors/codes";
import type { Deps } from "../services/deps";
import { takeCodeGuessToken } from "../services/sms/codes";
import { listSmsOutbox } from "../services/sms/outbox";
import { smsProviderOf } from "../services/sms/provider";
import { checkPassword, issueMemberToken, revokeToken } from "../services/user/auth";
import { CONSOLE_DEVICE } from "../services/user/device";
import { signInWithSmsCode } from "../services/user/sms-login";
import { takeLoginToken } from "../rate-limit";
import { principalFromSessionCookie } from "./request-principal";

/**
 * The device types a next-auth session may have: the agent console ("console", the default)
 * and the member messenger /chat ("web"). One session per device type, as for API tokens.
 */
export type BridgeDevice = "console" | "web";

/** a new next-auth session: the API token its (encrypted) cookie carries */
export type BridgeSession = { id: string; name: string; apiToken: string };

export interface ParleyBridge {
  /**
   * the password is right → a new session (an API token the session cookie carries);
   * "limited" when this address guessed too often (the same per-IP bucket as user.pwdLogin);
   * "suspended" when the password is right but an admin banned the account (-3000)
   */
  signIn(mobile: string, password: string, ip: string, device?: BridgeDevice): Promise<BridgeSession | null | "limited" | "suspended">;
  /**
   * mobile + SMS code (from user.sendSms) → a new session; a number without an account gets one.
   * "wrong_code" (-4007, counted), "expired_code" (-4008: expired, used, or dead after 5 wrong
   * guesses), "limited" (this address guessed codes too often), "suspended" (a banned account, -3000).
   */
  smsSignIn(
    mobile: string,
    code: string,
    ip: string,
    device?: BridgeDevice,
    acceptLanguage?: string | null,
  ): Promise<BridgeSession | null | "limited" | "wrong_code" | "expired_code" | "suspended">;
  /** next-auth's sign-out: the token stops working and the session's sockets close everywhere */
  signOut(apiToken: string): Promise<void>;
  /** does this Cookie header hold a session that is still valid? */
  hasSession(cookieHeader: string | null | undefined): Promise<boolean>;
  /** who this Cookie header's session is (null: none, or no longer valid) — for pages that show or gate by it */
  principal(cookieHeader: string | null | undefined): Promise<BridgePrincipal | null>;
  /** /admin/sms: the development outbox for an admin's session, or why not */
  smsOutbox(cookieHeader: string | null | undefined, mobile?: string): Promise<SmsOutboxAnswer>;
}

export type BridgePrincipal = { id: string; name: string; avatar: string; role: "member" | "admin"; isAgent: boolean };

export type SmsOutboxAnswer =
  | { ok: true; messages: { id: string; mobile: string; text: string; createdAt: number }[] }
  /** signIn: no valid session; forbidden: not an admin; provider: a real SMS provider sends the codes, there is no outbox */
  | { ok: false; refused: "signIn" | "forbidden" | "provider"; provider?: string };

declare global {
  var __parleyBridge: ParleyBridge | undefined;
}

/** a right password or code for a banned account (services/user/auth.ts refuses its token) */
const isSuspended = (err: unknown) => err instanceof AppError && err.code === -3000;

/** the mobile filter /admin/sms passes on from its query string: a number, as user.sendSms takes it */
const OUTBOX_MOBILE = /^\+?[0-9]{1,20}$/;

export function installNextBridge(deps: Deps) {
  const principalOf = async (cookieHeader: string | null | undefined) => {
    const p = await principalFromSessionCookie(deps, cookieHeader ?? undefined);
    return p?.kind === "member" ? p : null;
  };
  globalThis.__parleyBridge = {
    async signIn(mobile, password, ip, device = CONSOLE_DEVICE) {
      if (!takeLoginToken(ip)) return "limited";
      try {
        const user = await checkPassword(deps, mobile, password);
        return { id: String(user.id), name: user.nickname, apiToken: await issueMemberToken(deps, user.id, device) };
      } catch (err) {
        return isSuspended(err) ? "suspended" : null;
      }
    },
    async smsSignIn(mobile, code, ip, device = CONSOLE_DEVICE, acceptLanguage) {
      if (!takeCodeGuessToken(ip)) return "limited";
      try {
        const { user, token } = await signInWithSmsCode(deps, { mobile, code, device, locale: pickLocale(acceptLanguage) });
        return { id: String(user.id), name: user.nickname, apiToken: token };
      } catch (err) {
        if (err instanceof AppError && err.code === -4007) return "wrong_code";
        if (err instanceof AppError && err.code === -4008) return "expired_code";
        if (isSuspended(err)) return "suspended";
        if (!(err instanceof AppError)) console.error("[auth] SMS sign-in failed", err instanceof Error ? err.message : err);
        return null;
      }
    },
    async signOut(apiToken) {
      await revokeToken(deps, apiToken);
    },
    async hasSession(cookieHeader) {
      return (await principalFromSessionCookie(deps, cookieHeader ?? undefined)) !== null;
    },
    async principal(cookieHeader) {
      const p = await principalOf(cookieHeader);
      return p ? { id: String(p.userId), name: p.nickname, avatar: p.avatar, role: p.role, isAgent: p.agentSites.length > 0 } : null;
    },
    async smsOutbox(cookieHeader, mobile) {
      const p = await principalOf(cookieHeader);
      if (!p) return { ok: false, refused: "signIn" };
      if (p.role !== "admin") return { ok: false, refused: "forbidden" };
      const provider = smsProviderOf(deps);
      if (!provider.isDevelopment) return { ok: false, refused: "provider", provider: provider.name };
      const filter = mobile?.trim() ?? "";
      // no number looks like that: nothing was texted to it
      if (filter && !OUTBOX_MOBILE.test(filter)) return { ok: true, messages: [] };
      return { ok: true, messages: (await listSmsOutbox(deps, { mobile: filter || undefined })).messages };
    },
  };
}
