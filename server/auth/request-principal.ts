// One way to find out who is calling, for tRPC requests and ws upgrades alike:
// a Bearer token (member `pm_…` or visitor `pv_…`), a `?token=` on the ws URL, or the
// next-auth session cookie of the agent console.
import type { IncomingMessage } from "node:http";
import { decode } from "next-auth/jwt";
import type { Deps, Principal } from "../services/deps";
import { memberPrincipal, resolveBearer } from "../services/user/auth";

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
      const jwt = await decode({ token, secret, salt: name });
      const uid = Number(jwt?.uid ?? jwt?.sub);
      if (Number.isSafeInteger(uid) && uid > 0) return memberPrincipal(deps, uid);
    } catch {
      return null;
    }
  }
  return null;
}

export function bearerOf(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : null;
}

export async function principalFromRequest(deps: Deps, req: IncomingMessage, queryToken?: string | null) {
  const token = bearerOf(req) ?? queryToken ?? null;
  if (token) return resolveBearer(deps, token);
  return principalFromSessionCookie(deps, req.headers.cookie);
}
