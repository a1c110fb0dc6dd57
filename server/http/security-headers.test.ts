import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeadersFor, UPLOAD_CSP, widgetSiteKey } from "./security-headers";

describe("securityHeadersFor(path)", () => {
  it("every page: nosniff, a strict referrer policy and a CSP that only Parley may frame", () => {
    for (const path of ["/console", "/console/login", "/", "/api/health", "/api/trpc/support.me", "/api/auth/signin", "/_next/static/chunks/x.js"]) {
      const h = securityHeadersFor(path, { dev: false });
      expect(h["X-Content-Type-Options"], path).toBe("nosniff");
      expect(h["Referrer-Policy"], path).toBe("strict-origin-when-cross-origin");
      expect(h["Content-Security-Policy"], path).toBe(contentSecurityPolicy({ dev: false, frameAncestors: "'self'" }));
    }
  });

  it("the policy Next's production pages work with; dev adds 'unsafe-eval'", () => {
    const prod = contentSecurityPolicy({ dev: false, frameAncestors: "'self'" });
    expect(prod.split("; ")).toEqual([
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'self'",
    ]);
    expect(contentSecurityPolicy({ dev: true, frameAncestors: "'self'" })).toContain("script-src 'self' 'unsafe-inline' 'unsafe-eval'");
  });

  it("the widget keeps its site's frame-ancestors (nobody's until they are known) with the rest of the policy", () => {
    const h = securityHeadersFor("/widget/shop-1", { dev: false, widgetAncestors: "https://shop.example http://localhost:*" });
    expect(h["Content-Security-Policy"]).toBe(contentSecurityPolicy({ dev: false, frameAncestors: "https://shop.example http://localhost:*" }));
    expect(securityHeadersFor("/widget/shop-1", { dev: false })["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
  });

  it("uploads keep their sandbox", () => {
    expect(securityHeadersFor("/uploads/abcdefgh12", { dev: true })).toMatchObject({ "Content-Security-Policy": UPLOAD_CSP, "X-Content-Type-Options": "nosniff" });
  });

  it("finds the widget's site key in the path", () => {
    expect(widgetSiteKey("/widget/shop-1")).toBe("shop-1");
    expect(widgetSiteKey("/widget/a%20b")).toBe("a b");
    expect(widgetSiteKey("/widget/%E0%A4%A")).toBe(""); // malformed escape: no site
    expect(widgetSiteKey("/widgets")).toBeNull();
    expect(widgetSiteKey("/console")).toBeNull();
  });
});
