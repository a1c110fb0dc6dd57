// The headers every response of the custom server carries, whether it answers itself or hands
// the request to Next.js: no MIME sniffing, no full URLs in Referer to other sites, and a
// Content-Security-Policy that Next's pages work with but another site cannot frame.

/**
 * What Next.js pages need and nothing more:
 * - scripts: Next inlines its bootstrap (`self.__next_f.push(…)`), hence 'unsafe-inline';
 *   dev mode (React Refresh, eval source maps) also needs 'unsafe-eval'
 * - styles: inline `style` attributes from React and Next's inlined CSS
 * - images: uploads (same origin) and the data:/blob: previews the composers show
 * - connect: tRPC and `/ws` are same-origin ('self' matches ws:/wss: of the page's host, CSP 3)
 * - frames: `frame-ancestors` decides who may frame the page ('self' except for the widget)
 */
export function contentSecurityPolicy(opts: { dev: boolean; frameAncestors: string }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${opts.frameAncestors}`,
  ].join("; ");
}

/** An upload is shown, never run: no scripts, no plugins, no same-origin rights even if opened directly. */
export const UPLOAD_CSP = "default-src 'none'; sandbox";

/** `/widget/<siteKey>` → the site key; any other path → null. */
export function widgetSiteKey(path: string): string | null {
  if (!path.startsWith("/widget/")) return null;
  try {
    return decodeURIComponent(path.split("/")[2] ?? "");
  } catch {
    return "";
  }
}

/**
 * The security headers for a response to `path`. The widget page may be framed only by
 * `widgetAncestors` (the site's allowed origins, `'none'` for an unknown site); uploads keep
 * their sandbox; every other page may be framed only by Parley itself.
 */
export function securityHeadersFor(path: string, opts: { dev: boolean; widgetAncestors?: string }): Record<string, string> {
  const csp = path.startsWith("/uploads/")
    ? UPLOAD_CSP
    : contentSecurityPolicy({
        dev: opts.dev,
        frameAncestors: widgetSiteKey(path) !== null ? (opts.widgetAncestors ?? "'none'") : "'self'",
      });
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Content-Security-Policy": csp,
  };
}
