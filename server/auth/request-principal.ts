// One way to find out who is calling, for tRPC requests and ws upgrades alike:
// a Bearer token (member `pm_…` or visitor `pv_…`), a `?token=` on the ws URL, or the
// next-auth session cookie of the agent console.
import type { IncomingMessage } from "node:http";
import { decode } from "next-auth/jwt";
import type { Deps, Principal } from "../services/deps";
import { forwardedClientIp, trustedProxyHops } from "./client-ip";
import { resolveBearer } from "../services/user/auth";
import { CONSOLE_TOKEN_CLAIM } from "./console-session";

const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (k) out[k] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export async function principalFromSessionCookie(deps: Deps, cookieHeader: string | undefined): Promise<Principal | null> {
  const secret = process.env.AUTH_SECRET;
  if (!secret) return null;
  const cookies = parseCookies(cookieHeader);
  for (const name of SESSION_COOKIES) {
    // next-auth splits large cookies into name.0, name.1, …; ours are small, but join just in case
    let token = cookies[name];
    if (!token && cookies[`${name}.0`]) {
      token = "";
      for (let i = 0; cookies[`${name}.${i}`]; i++) token += cookies[`${name}.${i}`];
    }
    if (!token) continue;
    try {
      // the (encrypted) session carries an API token issued at sign-in: the cookie is only as
      // good as that token, which sign-out and admins revoke server-side
      const jwt = await decode({ token, secret, salt: name });
      const apiToken = jwt?.[CONSOLE_TOKEN_CLAIM];
      return typeof apiToken === "string" && apiToken.startsWith("pm_") ? resolveBearer(deps, apiToken) : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** `Authorization: Bearer …`, or the seed's `FZM-AUTH-TOKEN` header (the compat API's clients send that). */
export function bearerOf(req: IncomingMessage): string | null {
  const fzm = req.headers["fzm-auth-token"];
  if (typeof fzm === "string" && fzm.trim()) return fzm.trim();
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : null;
}

export async function principalFromRequest(deps: Deps, req: IncomingMessage, queryToken?: string | null) {
  const token = bearerOf(req) ?? queryToken ?? null;
  if (token) return resolveBearer(deps, token);
  // the cookie rides along on cross-site requests too; only Parley's own pages may use it
  const origin = req.headers.origin;
  if (origin && !isOwnOrigin(origin, req)) return null;
  return principalFromSessionCookie(deps, req.headers.cookie);
}

/** The Origin a browser sends when the page came from this very server (or PARLEY_WS_ORIGINS). */
export function isOwnOrigin(origin: string, req: IncomingMessage): boolean {
  const host = req.headers.host;
  if (!host) return false;
  const extra = (process.env.PARLEY_WS_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (extra.includes(origin)) return true;
  const forwardedProto = String(req.headers["x-forwarded-proto"] ?? "").split(",")[0].trim();
  const proto = forwardedProto || ((req.socket as { encrypted?: boolean }).encrypted ? "https" : "http");
  return origin === `${proto}://${host}`;
}

/**
 * The caller's address; X-Forwarded-For is believed only behind the proxies we were told about
 * (PARLEY_TRUST_PROXY=N: the entry the outermost of N proxies added, N-th from the right).
 */
export function clientIp(req: IncomingMessage): string {
  return forwardedClientIp(req.headers["x-forwarded-for"], trustedProxyHops(process.env.PARLEY_TRUST_PROXY), req.socket.remoteAddress ?? "");
}
