import { eq } from "drizzle-orm";
import { sites, type TSite } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import type { Deps } from "../deps";

export async function getSiteByKeyOrThrow(deps: Deps, key: string): Promise<TSite> {
  const [site] = await deps.db.select().from(sites).where(eq(sites.key, key)).limit(1);
  if (!site) throw new AppError(-1001, "unknown site key");
  return site;
}

/**
 * Does `origin` match one of the site's CSP-style sources? Supports an exact origin
 * (`https://shop.example`), a port wildcard (`http://localhost:*`) and a subdomain wildcard
 * (`https://*.shop.example`).
 */
export function isOriginAllowed(allowed: string[], origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  return allowed.some((pattern) => {
    const m = /^(https?):\/\/(\*\.)?([^:/]+)(?::(\*|\d+))?$/.exec(pattern.trim());
    if (!m) return false;
    const [, scheme, wildSub, host, port] = m;
    if (url.protocol !== `${scheme}:`) return false;
    const hostOk = wildSub ? url.hostname.endsWith(`.${host}`) : url.hostname === host;
    if (!hostOk) return false;
    if (port === "*") return true;
    const defaultPort = scheme === "https" ? "443" : "80";
    return (url.port || defaultPort) === (port ?? defaultPort);
  });
}

/** What the widget may know about its site (never the secret). */
export function publicSiteConfig(site: TSite) {
  return {
    siteKey: site.key,
    name: site.name,
    greeting: site.greeting,
    color: site.color,
    requireIdentity: site.requireIdentity,
  };
}
