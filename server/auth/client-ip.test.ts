import { describe, expect, it } from "vitest";
import { forwardedClientIp, trustedProxyHops } from "./client-ip";

const SOCKET = "10.0.0.5"; // the proxy Parley's socket talks to

describe("PARLEY_TRUST_PROXY", () => {
  it("is a number of proxies; anything else trusts none", () => {
    expect(trustedProxyHops("1")).toBe(1);
    expect(trustedProxyHops(" 2 ")).toBe(2);
    for (const raw of [undefined, "", "0", "-1", "1.5", "true", "yes", "1e2", "01", "100"]) expect(trustedProxyHops(raw), String(raw)).toBe(0);
  });
});

describe("the client address behind trusted proxies", () => {
  it("without trust, X-Forwarded-For is ignored", () => {
    expect(forwardedClientIp("203.0.113.9", 0, SOCKET)).toBe(SOCKET);
  });

  it("one proxy: the entry it appended (the rightmost), not the one the client wrote", () => {
    expect(forwardedClientIp("203.0.113.9", 1, SOCKET)).toBe("203.0.113.9");
    expect(forwardedClientIp("1.2.3.4, 203.0.113.9", 1, SOCKET)).toBe("203.0.113.9");
    expect(forwardedClientIp("1.2.3.4,5.6.7.8 ,203.0.113.9", 1, SOCKET)).toBe("203.0.113.9");
    expect(forwardedClientIp("2001:db8::1", 1, SOCKET)).toBe("2001:db8::1");
  });

  it("N proxies: the N-th entry from the right", () => {
    // client → CDN (appends the client) → nginx (appends the CDN) → Parley
    expect(forwardedClientIp("6.6.6.6, 203.0.113.9, 198.51.100.2", 2, SOCKET)).toBe("203.0.113.9");
    expect(forwardedClientIp("203.0.113.9, 198.51.100.2, 198.51.100.3", 3, SOCKET)).toBe("203.0.113.9");
  });

  it("repeated headers count as one list (Node joins them), in order", () => {
    expect(forwardedClientIp(["1.2.3.4", "203.0.113.9"], 1, SOCKET)).toBe("203.0.113.9");
  });

  it("missing, too short or malformed → the socket address", () => {
    expect(forwardedClientIp(undefined, 1, SOCKET)).toBe(SOCKET);
    expect(forwardedClientIp("", 1, SOCKET)).toBe(SOCKET);
    expect(forwardedClientIp("203.0.113.9", 2, SOCKET)).toBe(SOCKET);
    expect(forwardedClientIp("1.2.3.4, not-an-ip", 1, SOCKET)).toBe(SOCKET);
    expect(forwardedClientIp("1.2.3.4, ", 1, SOCKET)).toBe(SOCKET);
    expect(forwardedClientIp("1.2.3.4, 203.0.113.9:5555", 1, SOCKET)).toBe(SOCKET);
  });
});

describe("clientIp(req)", () => {
  it("reads PARLEY_TRUST_PROXY and takes the hop the proxy added", async () => {
    const { clientIp } = await import("./request-principal");
    const req = (xff?: string) => ({ headers: xff === undefined ? {} : { "x-forwarded-for": xff }, socket: { remoteAddress: SOCKET } }) as never;
    const saved = process.env.PARLEY_TRUST_PROXY;
    try {
      process.env.PARLEY_TRUST_PROXY = "1";
      expect(clientIp(req("6.6.6.6, 203.0.113.9"))).toBe("203.0.113.9");
      expect(clientIp(req())).toBe(SOCKET);
      process.env.PARLEY_TRUST_PROXY = "2";
      expect(clientIp(req("6.6.6.6, 203.0.113.9, 198.51.100.2"))).toBe("203.0.113.9");
      delete process.env.PARLEY_TRUST_PROXY;
      expect(clientIp(req("6.6.6.6"))).toBe(SOCKET);
    } finally {
      if (saved === undefined) delete process.env.PARLEY_TRUST_PROXY;
      else process.env.PARLEY_TRUST_PROXY = saved;
    }
  });
});
