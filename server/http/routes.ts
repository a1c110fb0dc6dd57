// Plain HTTP routes the custom server answers before Next.js: tRPC, health, uploads and the
// CORS-gated config the embed loader reads. Everything else is Next's.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { eq } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { uploads } from "../../db/schema";
import { appRouter } from "../api/root";
import { makeCreateContext } from "../api/trpc";
import { principalFromRequest } from "../auth/request-principal";
import { AppError, toAppError } from "../errors/app-error";
import { pickLocale, type AppCode } from "../errors/codes";
import type { Deps } from "../services/deps";
import { getSiteByKeyOrThrow, isOriginAllowed, publicSiteConfig } from "../services/widget/site";
import type { Gateway } from "../realtime/gateway";
import { sniffImage } from "./sniff-image";
import { takeToken } from "../rate-limit";

export function createRoutes(deps: Deps, gateway: Gateway, database: { ping(): Promise<void>; kind: string }) {
  const trpc = createHTTPHandler({
    router: appRouter,
    createContext: makeCreateContext(deps),
    basePath: "/api/trpc/",
  });

  /** true when handled here; false → hand the request to Next */
  return async function route(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    if (path.startsWith("/api/trpc/")) {
      trpc(req, res);
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
      await upload(req, res);
      return true;
    }
    if (path.startsWith("/uploads/")) {
      await serveUpload(res, path.slice("/uploads/".length));
      return true;
    }
    if (path.startsWith("/widget/")) {
      await frameAncestors(res, decodeURIComponent(path.split("/")[2] ?? ""));
      return false; // Next renders the page; we only set the header
    }
    return false;
  };

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

  async function upload(req: IncomingMessage, res: ServerResponse) {
    const locale = pickLocale(req.headers["accept-language"]);
    try {
      if (req.method !== "POST") throw new AppError(-1001, "POST the image bytes");
      const principal = await principalFromRequest(deps, req);
      if (!principal) throw new AppError(-1003);
      const ownerId = principal.kind === "visitor" ? principal.visitorId : principal.userId;
      if (!takeToken(`upload:${principal.kind}:${ownerId}`, 30, 30 / 60_000)) throw new AppError(-1012);
      const body = await readBody(req, deps.config.uploadMaxBytes);
      const kind = sniffImage(body);
      if (!kind) throw new AppError(-7000, "only PNG, JPEG, GIF and WebP images can be uploaded");
      const id = randomBytes(16).toString("base64url");
      await deps.db.insert(uploads).values({
        id,
        ownerType: principal.kind,
        ownerId,
        contentType: kind.contentType,
        size: body.length,
        width: kind.width ?? null,
        height: kind.height ?? null,
        data: body,
        createdAt: Date.now(),
      });
      json(res, 200, { url: `/uploads/${id}`, contentType: kind.contentType, size: body.length, width: kind.width, height: kind.height });
    } catch (err) {
      fail(res, toAppError(err), locale);
    }
  }

  async function serveUpload(res: ServerResponse, id: string) {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) return json(res, 404, { appCode: -1001 });
    const [row] = await deps.db.select().from(uploads).where(eq(uploads.id, id)).limit(1);
    if (!row) return json(res, 404, { appCode: -1001 });
    res.writeHead(200, {
      "Content-Type": row.contentType,
      "Content-Length": row.size,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, max-age=31536000, immutable",
      "Cross-Origin-Resource-Policy": "cross-origin",
    });
    res.end(row.data);
  }

  /** The widget page may be framed only by the site's allowed origins. */
  async function frameAncestors(res: ServerResponse, siteKey: string) {
    let sources = "'none'";
    try {
      const site = await getSiteByKeyOrThrow(deps, siteKey);
      const valid = site.allowedOrigins.filter((o) => /^https?:\/\/[A-Za-z0-9.*-]+(:(\*|\d+))?$/.test(o));
      if (valid.length) sources = valid.join(" ");
    } catch {
      // unknown site: nobody may frame it; the page itself shows the error
    }
    res.setHeader("Content-Security-Policy", `frame-ancestors ${sources}`);
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
  new AppError(-1001, `the file is larger than ${Math.round(max / 1024 / 1024)} MB`, { trpcCode: "PAYLOAD_TOO_LARGE" });

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > max) {
      req.resume();
      return reject(tooLarge(max));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.destroy();
        reject(tooLarge(max));
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
