import { createHmac } from "node:crypto";
import { z } from "zod";
import { safeEqualHex } from "../../crypto";
import { AppError } from "../../errors/app-error";
import { safeText } from "../../protocol/frames";

/**
 * The shop's signed customer identity. The shop's backend computes
 *   signature = hex(HMAC-SHA256(siteSecret, `${customerId}\n${timestamp}\n${name}`))
 * and hands {customerId, name, timestamp, signature} to the page. Parley accepts it only
 * within `maxAgeMs` of `timestamp`, so a leaked old signature cannot be replayed later.
 */
export const ZIdentity = z.object({
  customerId: safeText(z.string().min(1).max(128).regex(/^[^\n\r]+$/, "must be one line")),
  name: safeText(z.string().max(100).regex(/^[^\n\r]*$/, "must be one line")).default(""),
  timestamp: z.number().int().positive(),
  signature: z.string().regex(/^[0-9a-f]{64}$/i, "must be 64 hex characters"),
});
export type TIdentity = z.infer<typeof ZIdentity>;

/** Clocks drift; a timestamp this far in the future is still accepted. */
const FUTURE_SKEW_MS = 60_000;

export function signIdentity(secret: string, id: { customerId: string; name?: string; timestamp: number }): string {
  return createHmac("sha256", secret)
    .update(`${id.customerId}\n${id.timestamp}\n${id.name ?? ""}`)
    .digest("hex");
}

/** Throws -1003 for a wrong signature, -1004 for an expired one. */
export function verifyIdentity(secret: string, identity: TIdentity, maxAgeMs: number, nowMs = Date.now()): void {
  const expected = signIdentity(secret, identity);
  if (!safeEqualHex(expected, identity.signature.toLowerCase())) {
    throw new AppError(-1003, "identity signature does not match");
  }
  if (identity.timestamp < nowMs - maxAgeMs || identity.timestamp > nowMs + FUTURE_SKEW_MS) {
    throw new AppError(-1004, "identity signature has expired; sign it again");
  }
}
