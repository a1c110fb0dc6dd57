import { describe, expect, it } from "vitest";
import { AppError } from "../../errors/app-error";
import { signIdentity, verifyIdentity } from "./identity";

const secret = "s3cret";
const now = 1_800_000_000_000;
const maxAge = 5 * 60_000;

function identity(over: Partial<{ customerId: string; name: string; timestamp: number }> = {}) {
  const id = { customerId: "c-1", name: "Mei", timestamp: now, ...over };
  return { ...id, signature: signIdentity(secret, id) };
}

function codeOf(f: () => void) {
  try {
    f();
    return 0;
  } catch (e) {
    return e instanceof AppError ? e.code : NaN;
  }
}

describe("shop identity HMAC", () => {
  it("accepts a fresh, correctly signed identity", () => {
    expect(codeOf(() => verifyIdentity(secret, identity(), maxAge, now))).toBe(0);
  });

  it("is HMAC-SHA256 over customerId, timestamp and name, newline-separated", async () => {
    const { createHmac } = await import("node:crypto");
    const expected = createHmac("sha256", secret).update(`c-1\n${now}\nMei`).digest("hex");
    expect(identity().signature).toBe(expected);
  });

  it("refuses a signature made with another secret (-1003)", () => {
    const id = { customerId: "c-1", name: "Mei", timestamp: now };
    expect(codeOf(() => verifyIdentity(secret, { ...id, signature: signIdentity("other", id) }, maxAge, now))).toBe(-1003);
  });

  it("refuses a tampered customer id or name (-1003)", () => {
    expect(codeOf(() => verifyIdentity(secret, { ...identity(), customerId: "c-2" }, maxAge, now))).toBe(-1003);
    expect(codeOf(() => verifyIdentity(secret, { ...identity(), name: "Admin" }, maxAge, now))).toBe(-1003);
  });

  it("refuses an old signature, so a leaked one cannot be replayed later (-1004)", () => {
    const old = identity({ timestamp: now - maxAge - 1 });
    expect(codeOf(() => verifyIdentity(secret, old, maxAge, now))).toBe(-1004);
  });

  it("refuses a timestamp far in the future (-1004) but tolerates small clock skew", () => {
    expect(codeOf(() => verifyIdentity(secret, identity({ timestamp: now + 10 * 60_000 }), maxAge, now))).toBe(-1004);
    expect(codeOf(() => verifyIdentity(secret, identity({ timestamp: now + 30_000 }), maxAge, now))).toBe(0);
  });
});
