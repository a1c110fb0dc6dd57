import { isIP } from "node:net";

/**
 * How many reverse proxies in front of Parley append to X-Forwarded-For (PARLEY_TRUST_PROXY):
 * a whole number ≥ 1, else 0 (trust none). "1" is one proxy (nginx, a load balancer).
 */
export function trustedProxyHops(raw: string | undefined): number {
  const s = (raw ?? "").trim();
  if (!/^[1-9][0-9]{0,1}$/.test(s)) return 0;
  return Number(s);
}

/**
 * The caller's address behind `hops` trusted proxies. Each proxy appends the address it got
 * the request from, so the client controls every entry left of what our proxies wrote: the
 * address our outermost proxy saw is the `hops`-th entry from the right (with one proxy, the
 * last). Fewer entries than hops, an entry that is not an IP address, or no trust at all →
 * the socket's own address.
 */
export function forwardedClientIp(forwardedFor: string | string[] | undefined, hops: number, socketAddress: string): string {
  if (hops < 1 || forwardedFor === undefined) return socketAddress;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",").map((e) => e.trim());
  if (entries.length < hops) return socketAddress;
  const candidate = entries[entries.length - hops];
  return isIP(candidate) ? candidate : socketAddress;
}
