// What the Next.js side may call in this process: next-auth's credentials check and sign-out
// (app/_auth/auth.ts) and the console page's session check. Next bundles its own copy of
// modules, so it reaches the one database handle through this object on globalThis, never
// by importing server code (docs/architecture.md, "Why the API lives in the custom server").
import type { Deps } from "../services/deps";
import { checkPassword, issueMemberToken, revokeToken } from "../services/user/auth";
import { takeLoginToken } from "../rate-limit";
import { principalFromSessionCookie } from "./request-principal";

export interface ParleyBridge {
  /**
   * the password is right → a new console session (an API token the session cookie carries);
   * "limited" when this address guessed too often (the same per-IP bucket as user.pwdLogin)
   */
  signIn(mobile: string, password: string, ip: string): Promise<{ id: string; name: string; apiToken: string } | null | "limited">;
  /** next-auth's sign-out: the token stops working and the console's sockets close everywhere */
  signOut(apiToken: string): Promise<void>;
  /** does this Cookie header hold a console session that is still valid? */
  hasSession(cookieHeader: string | null | undefined): Promise<boolean>;
}

declare global {
  var __parleyBridge: ParleyBridge | undefined;
}

/** The console's device type: one console session per account at a time (seed -1007). */
const CONSOLE_DEVICE = "console";

export function installNextBridge(deps: Deps) {
  globalThis.__parleyBridge = {
    async signIn(mobile, password, ip) {
      if (!takeLoginToken(ip)) return "limited";
      try {
        const user = await checkPassword(deps, mobile, password);
        return { id: String(user.id), name: user.nickname, apiToken: await issueMemberToken(deps, user.id, CONSOLE_DEVICE) };
      } catch {
        return null;
      }
    },
    async signOut(apiToken) {
      await revokeToken(deps, apiToken);
    },
    async hasSession(cookieHeader) {
      return (await principalFromSessionCookie(deps, cookieHeader ?? undefined)) !== null;
    },
  };
}
