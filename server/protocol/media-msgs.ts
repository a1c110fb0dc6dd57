// The audio, video and file message shapes (msgType 2, 5, 7) and what kind of upload each one
// may point at. Pure zod, no Node APIs: the browser imports it too (composer, message list).
import { z } from "zod";
import { isSafeText, MsgType, SAFE_TEXT_MESSAGE } from "./frames";

/** Same rule as ZImageMsg.imageUrl (frames.ts): a path on this server, `/uploads/<id>`, never a full URL. */
export const UPLOAD_URL_RE = /^\/uploads\/[A-Za-z0-9_-]{8,64}$/;
export const ZUploadUrl = z.string().regex(UPLOAD_URL_RE, "must be a Parley upload");

/** Longest voice or video message, in seconds: an hour; the upload size limit ends most far sooner. */
export const MAX_MEDIA_SECONDS = 3600;
/** Widest and tallest video frame, as for images (ZImageMsg): no real camera is larger. */
export const MAX_VIDEO_SIDE = 20_000;
/** Longest file name: what every common file system allows for one name. */
export const MAX_FILE_NAME_LENGTH = 255;
/** Largest `size` a file message may claim: uploads.size is a 32-bit integer column. */
export const MAX_FILE_SIZE = 2 ** 31 - 1;

/**
 * Characters a file name may not hold besides the unsafe ones: C0/C1 controls (line breaks in a
 * download dialog) and the bidirectional overrides and isolates that make "invoice‮fdp.exe"
 * look like "invoiceexe.pdf".
 */
const NAME_CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
export const isSafeFileName = (s: string) => isSafeText(s) && !NAME_CONTROL_RE.test(s);
export const ZFileName = z
  .string()
  .refine(isSafeText, { message: `name ${SAFE_TEXT_MESSAGE}` })
  .refine((s) => !NAME_CONTROL_RE.test(s), { message: "name must not contain control or text-direction characters" })
  .trim()
  .min(1)
  .max(MAX_FILE_NAME_LENGTH);

const ZSeconds = z.number().min(0).max(MAX_MEDIA_SECONDS);
const ZSide = z.number().int().positive().max(MAX_VIDEO_SIDE);

/** msgType 2 (seed: `{"mediaUrl": …, "time": 6}`): a voice message; `time` is its length in seconds. */
export const ZAudioMsg = z.object({ mediaUrl: ZUploadUrl, time: ZSeconds }).strict();
/** msgType 5: a video; `posterUrl` is an uploaded image shown before it plays. */
export const ZVideoMsg = z
  .object({ mediaUrl: ZUploadUrl, time: ZSeconds.optional(), width: ZSide.optional(), height: ZSide.optional(), posterUrl: ZUploadUrl.optional() })
  .strict();
/**
 * msgType 7: any file. The upload keeps no name (no column for it), so the message carries the
 * one the sender chose; `size` is in bytes, for the list to show before anyone downloads.
 */
export const ZFileMsg = z.object({ fileUrl: ZUploadUrl, name: ZFileName, size: z.number().int().min(0).max(MAX_FILE_SIZE) }).strict();

export type TAudioMsg = z.infer<typeof ZAudioMsg>;
export type TVideoMsg = z.infer<typeof ZVideoMsg>;
export type TFileMsg = z.infer<typeof ZFileMsg>;

/** What an upload is, decided from its bytes at upload time; the upload answer's `kind`. */
export type UploadKind = "image" | "audio" | "video" | "file";

/**
 * The content types an upload can be stored with, per kind (server/http/sniff-upload.ts stores
 * nothing else). Images and media are served inline; every `file` is an attachment.
 */
export const UPLOAD_CONTENT_TYPES = {
  image: ["image/png", "image/jpeg", "image/gif", "image/webp"],
  audio: ["audio/mpeg", "audio/mp4", "audio/ogg", "audio/webm", "audio/wav", "audio/amr", "audio/aac", "audio/flac"],
  video: ["video/mp4", "video/webm", "video/quicktime"],
} as const satisfies Record<Exclude<UploadKind, "file">, readonly string[]>;

/** The kind of a stored upload from its content type: anything not inline-able is a `file`. */
export function uploadKindOf(contentType: string): UploadKind {
  for (const kind of ["image", "audio", "video"] as const) {
    if ((UPLOAD_CONTENT_TYPES[kind] as readonly string[]).includes(contentType)) return kind;
  }
  return "file";
}

/** One upload a message points at, and which kinds of upload may stand there. */
export interface UploadRef {
  id: string;
  field: string;
  kinds: readonly UploadKind[];
}

const idOf = (url: unknown): string | null => (typeof url === "string" && UPLOAD_URL_RE.test(url) ? url.slice("/uploads/".length) : null);

/**
 * The uploads a (validated) message uses, with the kinds each field accepts: the message path
 * marks them used (so the cleanup job keeps them) and can refuse a field whose upload is of
 * the wrong kind. A voice message may sit in a video container (a browser's MediaRecorder
 * writes WebM, which can hold both); a file message may carry any upload.
 */
export function uploadRefsOf(msgType: number, msg: Record<string, unknown>): UploadRef[] {
  const refs: UploadRef[] = [];
  const add = (field: string, kinds: readonly UploadKind[]) => {
    const id = idOf(msg[field]);
    if (id !== null) refs.push({ id, field, kinds });
  };
  if (msgType === MsgType.image) add("imageUrl", ["image"]);
  else if (msgType === MsgType.audio) add("mediaUrl", ["audio", "video"]);
  else if (msgType === MsgType.video) {
    add("mediaUrl", ["video"]);
    add("posterUrl", ["image"]);
  } else if (msgType === MsgType.file) add("fileUrl", ["image", "audio", "video", "file"]);
  return refs;
}

/** The upload ids a message uses (image, audio, video with its poster, file); [] for other msgTypes. */
export function uploadUrlsOf(msgType: number, msg: Record<string, unknown>): string[] {
  return uploadRefsOf(msgType, msg).map((r) => r.id);
}

/** Validate `msg` for msgType 2, 5 or 7; null for any other msgType. */
export function parseMediaMsg(msgType: number, msg: unknown) {
  if (msgType === MsgType.audio) return ZAudioMsg.safeParse(msg);
  if (msgType === MsgType.video) return ZVideoMsg.safeParse(msg);
  if (msgType === MsgType.file) return ZFileMsg.safeParse(msg);
  return null;
}
