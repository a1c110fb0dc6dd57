// Plain HTTP routes the custom server answers before Next.js: tRPC, health, uploads and the
// CORS-gated config the embed loader reads. Everything else is Next's.
import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { appRouter } from "../api/root";
import { makeCreateContext } from "../api/trpc";
import { AppError, toAppError } from "../errors/app-error";
import { pickLocale, type AppCode } from "../errors/codes";
import type { Deps } from "../services/deps";
import { getSiteByKeyOrThrow, isOriginAllowed, publicSiteConfig } from "../services/widget/site";
import type { Gateway } from "../realtime/gateway";
import { securityHeadersFor, widgetSiteKey } from "./security-headers";
import { createUploadHandlers, uploadBodyMaxBytes } from "./uploads";
import { COMPAT_PREFIX, handleCompat } from "./compat/handle-compat";

// upload handling lives in uploads.ts; its limits stay importable from here
export { UPLOADS_PER_IP_PER_MINUTE, UPLOADS_PER_MEMBER_PER_MINUTE, UPLOADS_PER_SITE_PER_MINUTE } from "./uploads";

/** The paths this file answers; everything else goes to Next.js. */
function isOwnPath(path: string): boolean {
  return (
    path.startsWith("/api/trpc/") ||
    path.startsWith(`${COMPAT_PREFIX}/`) ||
    path === "/api/health" ||
    path === "/api/embed/config" ||
    path === "/api/upload" ||
    path.startsWith("/uploads/")
  );
}

export function createRoutes(deps: Deps, gateway: Gateway, database: { ping(): Promise<void>; kind: string }) {
  const trpc = createHTTPHandler({
    router: appRouter,
    createContext: makeCreateContext(deps),
    basePath: "/api/trpc/",
    // stops reading a chunked body past the limit (413); a declared Content-Length never gets here
    maxBodySize: deps.config.bodyMaxBytes,
  });
  const uploadHandlers = createUploadHandlers(deps, { readBody, json, fail });

  /** true when handled here; false → hand the request to Next */
  return async function route(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    for (const [name, value] of Object.entries(securityHeadersFor(path, { dev: deps.config.dev }))) res.setHeader(name, value);
    if (refuseBody(req, res, path === "/api/upload" ? uploadBodyMaxBytes(deps.config) : deps.config.bodyMaxBytes, isOwnPath(path))) return true;
    if (path.startsWith("/api/trpc/")) {
      trpc(req, res);
      return true;
    }
    if (path.startsWith(`${COMPAT_PREFIX}/`)) {
      await handleCompat(deps, req, res, path, () => readBody(req, deps.config.bodyMaxBytes));
      return true;
    }
    if (path === "/api/health") {
      await health(res);
      return true;
    }
    if (path === "/api/embed/config") {
      await embedConfig(req, res, url);
      return true;
    }
    if (path === "/api/upload") {
      await upload(req, res, url);
      return true;
    }
    if (path.startsWith("/uploads/")) {
      await serveUpload(req, res, path.slice("/uploads/".length), url);
      return true;
    }
    const siteKey = widgetSiteKey(path);
    if (siteKey !== null) {
      await frameAncestors(res, path, siteKey);
      return false; // Next renders the page; we only set the header
    }
    return false;
  };

  /**
   * Bodies are limited before anything reads them, on every door. A declared Content-Length over
   * `max` is refused at once (413, -1001) and never read: the answer closes the connection. A
   * chunked body has no length to check: to Next (which would read it whole) it is refused with
   * 411; our own doors stop reading it past `max` (tRPC's maxBodySize, readBody), and the
   * connection closes after the answer so an unread rest is never read either.
   * Returns true when it answered.
   */
  function refuseBody(req: IncomingMessage, res: ServerResponse, max: number, isOurs: boolean): boolean {
    const locale = pickLocale(req.headers["accept-language"]);
    const declared = req.headers["content-length"];
    if (declared !== undefined) {
      if (Number(declared) <= max) return false;
      res.setHeader("Connection", "close");
      fail(res, tooLarge(max), locale);
      return true;
    }
    if (req.headers["transfer-encoding"] === undefined) return false; // no body
    res.setHeader("Connection", "close");
    if (isOurs) return false;
    json(res, 411, { appCode: -1002 satisfies AppCode, message: new AppError(-1002, "send the body with a Content-Length").localized(locale) });
    return true;
  }

  async function health(res: ServerResponse) {
    const check = async (f: () => Promise<void>) => {
      try {
        await f();
        return "ok";
      } catch {
        return "down";
      }
    };
    const [db, bus] = await Promise.all([check(() => database.ping()), check(() => deps.bus.ping())]);
    const ok = db === "ok" && bus === "ok";
    json(res, ok ? 200 : 503, {
      status: ok ? "ok" : "degraded",
      database: { kind: database.kind, status: db },
      bus: { kind: deps.bus.kind, status: bus },
      connections: gateway.size,
      time: Date.now(),
    });
  }

  /** The loader on the shop's page asks this first: CORS allows only the site's origins. */
  async function embedConfig(req: IncomingMessage, res: ServerResponse, url: URL) {
    const locale = pickLocale(req.headers["accept-language"]);
    try {
      const site = await getSiteByKeyOrThrow(deps, url.searchParams.get("siteKey") ?? "");
      const origin = req.headers.origin;
      if (origin && !isOriginAllowed(site.allowedOrigins, origin)) throw new AppError(-3000, `origin ${origin} may not embed this widget`);
      if (origin) {
        res.setHeader("Access-Control-Allow-Origin", origin);
        res.setHeader("Vary", "Origin");
      }
      json(res, 200, publicSiteConfig(site));
    } catch (err) {
      fail(res, toAppError(err), locale);
    }
  }

  /** POST /api/upload: sniffed by content, limited per kind (uploads.ts). */
  async function upload(req: IncomingMessage, res: ServerResponse, url: URL) {
    await uploadHandlers.upload(req, res, url);
  }

  /** GET /uploads/<id>: inline for images and media, a download for the rest, with Range (uploads.ts). */
  async function serveUpload(req: IncomingMessage, res: ServerResponse, id: string, url: URL) {
    await uploadHandlers.serveUpload(req, res, id, url);
  }

  /** The widget page may be framed only by the site's allowed origins (the rest of the policy as everywhere). */
  async function frameAncestors(res: ServerResponse, path: string, siteKey: string) {
    let sources = "'none'";
    try {
      const site = await getSiteByKeyOrThrow(deps, siteKey);
      const valid = site.allowedOrigins.filter((o) => /^https?:\/\/[A-Za-z0-9.*-]+(:(\*|\d+))?$/.test(o));
      if (valid.length) sources = valid.join(" ");
    } catch {
      // unknown site: nobody may frame it; the page itself shows the error
    }
    res.setHeader("Content-Security-Policy", securityHeadersFor(path, { dev: deps.config.dev, widgetAncestors: sources })["Content-Security-Policy"]);
  }
}

export function json(res: ServerResponse, status: number, body: unknown) {
  const data = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(data) });
  res.end(data);
}

/** The same status and body shape as a tRPC error, for the plain HTTP routes. */
function fail(res: ServerResponse, err: AppError, locale: ReturnType<typeof pickLocale>) {
  json(res, getHTTPStatusCodeFromError(new TRPCError({ code: err.trpcCode })), {
    appCode: err.code satisfies AppCode,
    message: err.localized(locale),
  });
}

const tooLarge = (max: number) =>
  new AppError(-1001, `the body is larger than ${max >= 1024 * 1024 ? `${Math.round(max / 1024 / 1024)} MB` : `${max} bytes`}`, { trpcCode: "PAYLOAD_TOO_LARGE" });

/**
 * The whole body, at most `max` bytes. Past that it stops reading (no more data is taken in)
 * and rejects with 413; the answer then closes the connection (refuseBody set `Connection: close`
 * for chunked bodies; a declared length over `max` never gets here).
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > max) return reject(tooLarge(max));
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= max) return void chunks.push(c);
      req.off("data", onData);
      req.pause();
      chunks.length = 0;
      reject(tooLarge(max));
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
