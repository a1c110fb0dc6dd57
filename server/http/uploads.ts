// POST /api/upload and GET /uploads/<id>. The kind of an upload (image, audio, video, file) is
// decided from its bytes (sniff-upload.ts), each kind has its own size limit, and serving
// follows the kind: images, audio and video inline (sandboxed, never sniffed), everything else
// as a download. Bytes live in `uploads.data`, so every process serves every upload.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { eq } from "drizzle-orm";
import { uploads } from "../../db/schema";
import { clientIp, principalFromRequest } from "../auth/request-principal";
import { clock } from "../clock";
import type { Config } from "../config";
import { AppError, logUnexpected, toAppError } from "../errors/app-error";
import { pickLocale } from "../errors/codes";
import { isSafeFileName, MAX_FILE_NAME_LENGTH, uploadKindOf, type UploadKind } from "../protocol/media-msgs";
import { takeToken } from "../rate-limit";
import type { Deps } from "../services/deps";
import { UPLOAD_CSP } from "./security-headers";
import { sniffImage } from "./sniff-image";
import { OCTET_STREAM, PASSIVE_FILE_TYPES, sniffUpload, type SniffedUpload } from "./sniff-upload";

/** Uploads per client address per minute: a person sends a few images; fresh visitor tokens are still one address. */
export const UPLOADS_PER_IP_PER_MINUTE = 30;
/** Uploads per site per minute, all its visitors together: room for a busy shop, a ceiling on filling the table. */
export const UPLOADS_PER_SITE_PER_MINUTE = 300;
/** Uploads per member per minute: an agent pasting screenshots. */
export const UPLOADS_PER_MEMBER_PER_MINUTE = 30;
/**
 * Bytes a member may upload per minute, in multiples of the largest per-kind limit: five
 * full-size videos a minute. The count limit alone would let one member put 30 × 20 MiB a
 * minute into the database (an unused upload stays an hour before the cleanup job takes it).
 */
export const UPLOAD_LARGEST_PER_MEMBER_PER_MINUTE = 5;

/** The size limit of each kind (config: PARLEY_UPLOAD_MAX_BYTES, …_MEDIA_…, …_FILE_…). */
export function uploadLimits(config: Config): Record<UploadKind, number> {
  return { image: config.uploadMaxBytes, audio: config.uploadMediaMaxBytes, video: config.uploadMediaMaxBytes, file: config.uploadFileMaxBytes };
}

/** The largest body /api/upload reads from anyone: a declared length over it is refused before authentication. */
export function uploadBodyMaxBytes(config: Config): number {
  return Math.max(...Object.values(uploadLimits(config)));
}

export const tooLargeUpload = (max: number, what = "the body") =>
  new AppError(-1001, `${what} is larger than ${max >= 1024 * 1024 ? `${Math.round(max / 1024 / 1024)} MB` : `${max} bytes`}`, {
    trpcCode: "PAYLOAD_TOO_LARGE",
  });

/** What routes.ts lends the handlers: its body reader (limit-aware) and its JSON answers. */
export interface HttpIo {
  readBody(req: IncomingMessage, max: number): Promise<Buffer>;
  json(res: ServerResponse, status: number, body: unknown): void;
  fail(res: ServerResponse, err: AppError, locale: ReturnType<typeof pickLocale>): void;
}

/** The upload answer: `url` goes into a message (imageUrl / mediaUrl / posterUrl / fileUrl). */
export interface UploadAnswer {
  url: string;
  kind: UploadKind;
  contentType: string;
  size: number;
  width?: number;
  height?: number;
  /** the `?name=` the client sent, checked and trimmed: what ZFileMsg.name should carry */
  name?: string;
}

export function createUploadHandlers(deps: Deps, io: HttpIo) {
  const memberBytes = new ByteBudget();

  /** POST /api/upload[?name=<file name>] with the raw bytes as the body. */
  async function upload(req: IncomingMessage, res: ServerResponse, url: URL) {
    const locale = pickLocale(req.headers["accept-language"]);
    try {
      if (req.method !== "POST") throw new AppError(-1001, "POST the file's bytes");
      // per address first (before the database is asked who this is), then per site or member:
      // new visitor tokens are free, so a limit per visitor alone would be no limit
      const perMinute = (key: string, n: number) => takeToken(key, n, n / 60_000, clock.now());
      if (!perMinute(`upload-ip:${clientIp(req)}`, UPLOADS_PER_IP_PER_MINUTE)) throw new AppError(-1012);
      const principal = await principalFromRequest(deps, req);
      if (!principal) throw new AppError(-1003);
      if (principal.kind === "guest") throw new AppError(-2008, "chat-room guests cannot upload");
      const isVisitor = principal.kind === "visitor";
      const ownerId = principal.kind === "visitor" ? principal.visitorId : principal.userId;
      const allowed =
        principal.kind === "visitor"
          ? perMinute(`upload-site:${principal.siteId}`, UPLOADS_PER_SITE_PER_MINUTE)
          : perMinute(`upload-member:${principal.userId}`, UPLOADS_PER_MEMBER_PER_MINUTE);
      if (!allowed) throw new AppError(-1012);
      const name = fileNameParam(url);
      const limits = uploadLimits(deps.config);
      // the widget sends images only: a visitor's upload is read, sniffed and limited exactly as before
      const body = await io.readBody(req, isVisitor ? limits.image : uploadBodyMaxBytes(deps.config));
      const sniffed: SniffedUpload | null = isVisitor ? imageOnly(body) : await sniffUpload(body);
      if (!sniffed) throw new AppError(-7000, isVisitor ? "only PNG, JPEG, GIF and WebP images can be uploaded" : "the file is empty");
      if (body.length > limits[sniffed.kind]) throw tooLargeUpload(limits[sniffed.kind], `this ${sniffed.kind}`);
      if (!isVisitor) {
        const perMinuteBytes = UPLOAD_LARGEST_PER_MEMBER_PER_MINUTE * uploadBodyMaxBytes(deps.config);
        if (!memberBytes.take(`upload-bytes:${ownerId}`, body.length, perMinuteBytes, clock.now())) throw new AppError(-1012, "too many bytes this minute");
      }
      const id = randomBytes(16).toString("base64url");
      await deps.db.insert(uploads).values({
        id,
        ownerType: principal.kind,
        ownerId,
        contentType: sniffed.contentType,
        size: body.length,
        width: sniffed.width ?? null,
        height: sniffed.height ?? null,
        data: body,
        createdAt: Date.now(),
      });
      const answer: UploadAnswer = {
        url: `/uploads/${id}`,
        kind: sniffed.kind,
        contentType: sniffed.contentType,
        size: body.length,
        width: sniffed.width,
        height: sniffed.height,
        name: name ?? undefined,
      };
      io.json(res, 200, answer);
    } catch (err) {
      if (!(err instanceof AppError)) logUnexpected("upload", err);
      const appErr = toAppError(err);
      // a body refused before it was read must not be read after the answer either
      if (appErr.trpcCode === "PAYLOAD_TOO_LARGE") res.setHeader("Connection", "close");
      io.fail(res, appErr, locale);
    }
  }

  /** GET/HEAD /uploads/<id>[?name=<download name>], with Range for seeking in audio and video. */
  async function serveUpload(req: IncomingMessage, res: ServerResponse, id: string, url: URL) {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) return io.json(res, 404, { appCode: -1001 });
    const [row] = await deps.db.select().from(uploads).where(eq(uploads.id, id)).limit(1);
    if (!row) return io.json(res, 404, { appCode: -1001 });
    const etag = `"${id}"`; // the bytes of an id never change
    const headers: Record<string, string | number> = {
      ...uploadServingHeaders(row.contentType, id, url.searchParams.get("name")),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": UPLOAD_CSP,
      "Cache-Control": "private, max-age=31536000, immutable",
      "Cross-Origin-Resource-Policy": "cross-origin",
      "Accept-Ranges": "bytes",
      ETag: etag,
    };
    const ifRange = req.headers["if-range"];
    const range = ifRange === undefined || ifRange === etag ? parseRange(req.headers.range, row.size) : null;
    const isHead = req.method === "HEAD";
    if (range === "unsatisfiable") {
      res.writeHead(416, { ...headers, "Content-Range": `bytes */${row.size}`, "Content-Length": 0 });
      return res.end();
    }
    if (range) {
      res.writeHead(206, { ...headers, "Content-Range": `bytes ${range.start}-${range.end}/${row.size}`, "Content-Length": range.end - range.start + 1 });
      return res.end(isHead ? undefined : row.data.subarray(range.start, range.end + 1));
    }
    res.writeHead(200, { ...headers, "Content-Length": row.size });
    res.end(isHead ? undefined : row.data);
  }

  return { upload, serveUpload };
}

/** A visitor's upload: one of the four images, or nothing (sniffImage still throws -7000 for a bomb). */
function imageOnly(body: Buffer): SniffedUpload | null {
  const image = sniffImage(body);
  return image && { kind: "image", contentType: image.contentType, width: image.width, height: image.height };
}

/** `?name=` on an upload: optional; present, it must be a name ZFileMsg would take (-1001 otherwise). */
function fileNameParam(url: URL): string | null {
  const raw = url.searchParams.get("name");
  if (raw === null) return null;
  const name = raw.trim();
  if (!name || name.length > MAX_FILE_NAME_LENGTH || !isSafeFileName(name)) {
    throw new AppError(-1001, `name must be 1–${MAX_FILE_NAME_LENGTH} characters without control characters`);
  }
  return name;
}

/**
 * Content-Type and Content-Disposition for a stored upload. Images, audio and video are shown
 * inline under their sniffed type (a player needs that). Everything else is an attachment:
 * under its type when that is a passive one (PDF, archives, office documents), otherwise
 * application/octet-stream. The download name is generic (no column keeps the original);
 * `?name=` on the URL — the name the file message carries — becomes `filename*`.
 */
export function uploadServingHeaders(contentType: string, id: string, requestedName: string | null): Record<string, string> {
  if (uploadKindOf(contentType) !== "file") return { "Content-Type": contentType };
  const type = contentType in PASSIVE_FILE_TYPES ? contentType : OCTET_STREAM;
  // 8 characters of the id: enough to tell two downloads apart, short in a file list
  const generic = `parley-${id.slice(0, 8)}.${PASSIVE_FILE_TYPES[type] ?? "bin"}`;
  let disposition = `attachment; filename="${generic}"`;
  const name = requestedName?.trim();
  if (name && name.length <= MAX_FILE_NAME_LENGTH && isSafeFileName(name)) {
    // RFC 8187 ext-value: UTF-8, percent-encoded (encodeURIComponent leaves '()*! which the grammar does not allow)
    const encoded = encodeURIComponent(name.replace(/[\\/]/g, "_")).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    disposition += `; filename*=UTF-8''${encoded}`;
  }
  return { "Content-Type": type, "Content-Disposition": disposition };
}

/**
 * One `Range: bytes=…` (RFC 9110 §14) against a body of `size` bytes: the inclusive byte range,
 * "unsatisfiable" (→ 416), or null to send the whole body (no Range, a malformed one, or several
 * ranges — a server may ignore Range, and players only ever ask for one).
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    // the last n bytes
    const n = Number(m[2]);
    if (n === 0) return "unsatisfiable";
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? Infinity : Number(m[2]);
  if (end < start) return null; // not a valid range-spec: ignored
  if (start >= size) return "unsatisfiable";
  return { start, end: Math.min(end, size - 1) };
}

/** Token buckets of bytes, in process memory like rate-limit.ts (N processes → N× the rate). */
class ByteBudget {
  private buckets = new Map<string, { bytes: number; at: number }>();
  /** takes `n` bytes from `key`'s bucket of `perMinute` (refilled continuously); false when it has fewer */
  take(key: string, n: number, perMinute: number, nowMs: number): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      b = { bytes: perMinute, at: nowMs };
      this.buckets.set(key, b);
      // past 10,000 members in memory, forget the idle ones: an idle bucket is full again after a minute anyway
      if (this.buckets.size > 10_000) for (const [k, v] of this.buckets) if (nowMs - v.at > 60_000) this.buckets.delete(k);
    }
    b.bytes = Math.min(perMinute, b.bytes + ((nowMs - b.at) * perMinute) / 60_000);
    b.at = nowMs;
    if (b.bytes < n) return false;
    b.bytes -= n;
    return true;
  }
}
