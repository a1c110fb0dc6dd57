// What an upload is, from its bytes alone — never the client's Content-Type or file name.
// Images go through sniffImage (it also reads their size and refuses decompression bombs);
// everything else through `file-type`, which knows a few hundred signatures. What we store is
// an allowlist: the inline image/audio/video types in media-msgs.ts, a list of passive file
// types, and application/octet-stream for everything else (HTML, SVG, XML, scripts, programs,
// plain text, unknown bytes) — so nothing active is ever stored under its active type.
import { fileTypeFromBuffer } from "file-type";
import { uploadKindOf, type UploadKind } from "../protocol/media-msgs";
import { sniffImage } from "./sniff-image";

export type SniffedUpload = { kind: UploadKind; contentType: string; width?: number; height?: number };

/** The type anything we do not name below is stored and served as: a download, never rendered. */
export const OCTET_STREAM = "application/octet-stream";

/** file-type's answer → the audio type we store (one name per format, as browsers know them). */
const AUDIO_TYPES: Record<string, string> = {
  "audio/mpeg": "audio/mpeg",
  "audio/x-m4a": "audio/mp4",
  "audio/mp4": "audio/mp4",
  "audio/ogg": "audio/ogg",
  "audio/ogg; codecs=opus": "audio/ogg",
  "audio/wav": "audio/wav",
  "audio/amr": "audio/amr", // the seed's mobile clients record voice as AMR
  "audio/aac": "audio/aac",
  "audio/flac": "audio/flac",
};

/** ISO base media files (MP4, MOV, M4A): whether they hold pictures is read from their tracks. */
const ISO_BMFF_TYPES = new Set(["video/mp4", "video/x-m4v", "video/quicktime", "audio/x-m4a", "audio/mp4"]);

/**
 * Passive file types kept under their own type (still served as attachments, see uploads.ts);
 * with their usual extension for the generic download name. Not here, so octet-stream: XML
 * (SVG is XML), anything a browser or the OS would run (programs, Flash, WebAssembly, macro
 * documents, installers), and the compound-file format old Office documents share with others.
 */
export const PASSIVE_FILE_TYPES: Record<string, string> = {
  "application/pdf": "pdf",
  "application/zip": "zip",
  "application/x-7z-compressed": "7z",
  "application/x-rar-compressed": "rar",
  "application/gzip": "gz",
  "application/x-tar": "tar",
  "application/x-bzip2": "bz2",
  "application/x-xz": "xz",
  "application/epub+zip": "epub",
  "application/rtf": "rtf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
  "application/vnd.oasis.opendocument.presentation": "odp",
  "image/heic": "heic", // iPhone photos: browsers cannot show them, people still send them
  "image/heif": "heif",
  "image/avif": "avif",
  "image/bmp": "bmp",
  "image/tiff": "tiff",
  "video/matroska": "mkv",
  "video/vnd.avi": "avi",
  "video/3gpp": "3gp",
  "audio/aiff": "aiff",
};

/**
 * What `buf` is. null only for an empty body. Throws -7000 (from sniffImage) for an image that
 * declares an absurd size.
 */
export async function sniffUpload(buf: Buffer): Promise<SniffedUpload | null> {
  if (buf.length === 0) return null;
  const image = sniffImage(buf);
  if (image) return { kind: "image", contentType: image.contentType, width: image.width, height: image.height };
  const found = await fileTypeFromBuffer(buf);
  const mime = found?.mime ?? "";
  let contentType: string;
  if (ISO_BMFF_TYPES.has(mime)) {
    const tracks = isoBmffTracks(buf);
    const isAudioOnly = tracks ? tracks.audio && !tracks.video : mime.startsWith("audio/");
    contentType = isAudioOnly ? "audio/mp4" : mime === "video/quicktime" ? "video/quicktime" : "video/mp4";
  } else if (mime === "video/webm") {
    const tracks = webmTracks(buf);
    contentType = tracks && tracks.audio && !tracks.video ? "audio/webm" : "video/webm";
  } else if (AUDIO_TYPES[mime]) {
    contentType = AUDIO_TYPES[mime];
  } else {
    return { kind: "file", contentType: mime in PASSIVE_FILE_TYPES ? mime : OCTET_STREAM };
  }
  return { kind: uploadKindOf(contentType), contentType };
}

type Tracks = { audio: boolean; video: boolean };

/** Deepest box nesting we follow (moov → trak → mdia → hdlr is 4): a crafted file cannot recurse forever. */
const MAX_BOX_DEPTH = 8;

/**
 * The track kinds of an MP4/MOV/M4A: each trak's mdia/hdlr names its handler ("vide", "soun").
 * The moov box may come after the media data (files not made for streaming), so every top-level
 * box is walked. null when no track is found (then file-type's brand decides).
 */
export function isoBmffTracks(buf: Buffer): Tracks | null {
  const tracks: Tracks = { audio: false, video: false };
  let found = false;
  const walk = (start: number, end: number, depth: number) => {
    let pos = start;
    while (pos + 8 <= end) {
      let size = buf.readUInt32BE(pos);
      const type = buf.toString("latin1", pos + 4, pos + 8);
      let header = 8;
      if (size === 1) {
        if (pos + 16 > end) return;
        size = Number(buf.readBigUInt64BE(pos + 8)); // 64-bit size, for boxes over 4 GiB
        header = 16;
      } else if (size === 0) size = end - pos; // "to the end of the file"
      if (size < header || pos + size > end) size = end - pos; // truncated: read what there is
      if (size < header) return;
      if (type === "hdlr" && pos + header + 12 <= end) {
        // full box: version+flags (4), pre_defined (4), then the handler type
        const handler = buf.toString("latin1", pos + header + 8, pos + header + 12);
        if (handler === "vide") (tracks.video = true), (found = true);
        if (handler === "soun") (tracks.audio = true), (found = true);
      } else if ((type === "moov" || type === "trak" || type === "mdia") && depth < MAX_BOX_DEPTH) {
        walk(pos + header, pos + size, depth + 1);
      }
      pos += size;
    }
  };
  walk(0, buf.length, 0);
  return found ? tracks : null;
}

/** Matroska element ids (as written, marker bits kept) that lead to the track types. */
const EBML = { header: 0x1a45dfa3, segment: 0x18538067, tracks: 0x1654ae6b, trackEntry: 0xae, trackType: 0x83, cluster: 0x1f43b675 } as const;
/** TrackType values (Matroska spec): 1 video, 2 audio. */
const TRACK_VIDEO = 1;
const TRACK_AUDIO = 2;

/** An EBML variable-length integer at `pos`: its value (id: with the marker; size: without) and length. */
function readVint(buf: Buffer, pos: number, isId: boolean): { value: number; length: number; isUnknown: boolean } | null {
  if (pos >= buf.length) return null;
  const first = buf[pos];
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > (isId ? 4 : 8) || pos + length > buf.length) return null;
  let value = isId ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + buf[pos + i];
    if (buf[pos + i] !== 0xff) allOnes = false;
  }
  return { value, length, isUnknown: !isId && allOnes };
}

/**
 * The track kinds of a WebM: Segment → Tracks → TrackEntry → TrackType. A browser's
 * MediaRecorder writes voice as WebM with one audio track and a Segment of unknown size; file-type
 * calls every WebM video. Tracks come before the first Cluster, so the walk stops there.
 * null when no track type is found.
 */
export function webmTracks(buf: Buffer): Tracks | null {
  const tracks: Tracks = { audio: false, video: false };
  let found = false;
  /** calls `visit(id, dataStart, dataEnd)` for each child in [start, end); stops at an unknown size or a cluster */
  const children = (start: number, end: number, visit: (id: number, from: number, to: number) => void) => {
    let pos = start;
    while (pos < end) {
      const id = readVint(buf, pos, true);
      if (!id) return;
      const size = readVint(buf, pos + id.length, false);
      if (!size) return;
      const from = pos + id.length + size.length;
      const to = size.isUnknown ? end : Math.min(end, from + size.value);
      if (id.value === EBML.cluster) return;
      visit(id.value, from, to);
      if (size.isUnknown) return;
      pos = to;
    }
  };
  children(0, buf.length, (id, from, to) => {
    if (id !== EBML.segment) return;
    children(from, to, (id2, from2, to2) => {
      if (id2 !== EBML.tracks) return;
      children(from2, to2, (id3, from3, to3) => {
        if (id3 !== EBML.trackEntry) return;
        children(from3, to3, (id4, from4, to4) => {
          if (id4 !== EBML.trackType || to4 <= from4) return;
          const type = buf.readUIntBE(from4, Math.min(to4 - from4, 6));
          if (type === TRACK_VIDEO) (tracks.video = true), (found = true);
          if (type === TRACK_AUDIO) (tracks.audio = true), (found = true);
        });
      });
    });
  });
  return found ? tracks : null;
}
