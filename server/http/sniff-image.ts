import { AppError } from "../errors/app-error";

/** Widest and tallest image accepted, as in ZImageMsg (frames.ts): no real photo is larger. */
export const MAX_IMAGE_SIDE = 20_000;
/** At most 100 megapixels (a 10,000 × 10,000 image): a client decoding more would run out of memory. */
export const MAX_IMAGE_PIXELS = 100_000_000;

type Sniffed = { contentType: string; ext: string; width?: number; height?: number };

/**
 * What an upload really is, read from its first bytes — never from the client's
 * Content-Type or file name. Returns null for anything that is not one of these images;
 * throws -7000 for one that declares an absurd size (a decompression bomb for whoever shows it).
 */
export function sniffImage(buf: Buffer): Sniffed | null {
  const kind = sniffKind(buf);
  if (kind && (kind.width !== undefined || kind.height !== undefined)) {
    const { width = 1, height = 1 } = kind;
    if (width < 1 || height < 1 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
      throw new AppError(
        -7000,
        `the image declares ${width} × ${height} pixels; at most ${MAX_IMAGE_SIDE} on a side and ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`,
      );
    }
  }
  return kind;
}

function sniffKind(buf: Buffer): Sniffed | null {
  if (buf.length >= 24 && buf.readUInt32BE(0) === 0x89504e47 && buf.readUInt32BE(4) === 0x0d0a1a0a) {
    return { contentType: "image/png", ext: "png", width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  }
  if (buf.length >= 10 && buf.toString("latin1", 0, 6).match(/^GIF8[79]a$/)) {
    return { contentType: "image/gif", ext: "gif", width: buf.readUInt16LE(6), height: buf.readUInt16LE(8) };
  }
  if (buf.length >= 30 && buf.toString("latin1", 0, 4) === "RIFF" && buf.toString("latin1", 8, 12) === "WEBP") {
    const chunk = buf.toString("latin1", 12, 16);
    if (chunk === "VP8X") return { contentType: "image/webp", ext: "webp", width: 1 + buf.readUIntLE(24, 3), height: 1 + buf.readUIntLE(27, 3) };
    if (chunk === "VP8 ") return { contentType: "image/webp", ext: "webp", width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
    if (chunk === "VP8L") {
      const b = buf.readUInt32LE(21);
      return { contentType: "image/webp", ext: "webp", width: (b & 0x3fff) + 1, height: ((b >> 14) & 0x3fff) + 1 };
    }
    return { contentType: "image/webp", ext: "webp" };
  }
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) {
    // walk the segments to the first start-of-frame marker for the size
    let i = 2;
    while (i + 9 < buf.length) {
      if (buf[i] !== 0xff) return { contentType: "image/jpeg", ext: "jpg" };
      const marker = buf[i + 1];
      const len = buf.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { contentType: "image/jpeg", ext: "jpg", height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
      }
      i += 2 + len;
    }
    return { contentType: "image/jpeg", ext: "jpg" };
  }
  return null;
}
