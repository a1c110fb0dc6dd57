import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { sniffImage } from "./sniff-image";
import { PNG_1x1 } from "../testing/harness";

/** the first bytes of each format, declaring the given size (the pixel data does not matter to sniffImage) */
function png(width: number, height: number) {
  const b = Buffer.from(PNG_1x1);
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}
function gif(width: number, height: number) {
  const b = Buffer.alloc(16);
  b.write("GIF89a", 0, "latin1");
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  return b;
}
function webpVp8x(width: number, height: number) {
  const b = Buffer.alloc(32);
  b.write("RIFF", 0, "latin1");
  b.writeUInt32LE(24, 4);
  b.write("WEBPVP8X", 8, "latin1");
  b.writeUIntLE(width - 1, 24, 3);
  b.writeUIntLE(height - 1, 27, 3);
  return b;
}
function jpeg(width: number, height: number) {
  // SOI, then a baseline start-of-frame segment: FFC0, length 17, precision 8, height, width
  const b = Buffer.alloc(24);
  b.set([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08], 0);
  b.writeUInt16BE(height, 7);
  b.writeUInt16BE(width, 9);
  return b;
}
function refusal(f: () => unknown): AppError | null {
  try {
    f();
    return null;
  } catch (err) {
    return err as AppError;
  }
}


describe("sniffImage", () => {
  it("reads PNG type and size from the bytes", () => {
    expect(sniffImage(PNG_1x1)).toEqual({ contentType: "image/png", ext: "png", width: 1, height: 1 });
  });
  it("reads GIF", () => {
    const gif = Buffer.from("R0lGODlhAgADAIAAAP///wAAACwAAAAAAgADAAACAoRRADs=", "base64");
    expect(sniffImage(gif)).toMatchObject({ contentType: "image/gif", width: 2, height: 3 });
  });
  it("refuses HTML and SVG whatever they are called", () => {
    expect(sniffImage(Buffer.from("<html><script>alert(1)</script></html>"))).toBeNull();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
  });
  it("refuses an image that declares an absurd size with -7000 (a decompression bomb for whoever shows it)", () => {
    for (const [name, make] of [["PNG", png], ["GIF", gif], ["WebP", webpVp8x], ["JPEG", jpeg]] as const) {
      expect(sniffImage(make(20_000, 5_000)), name).toMatchObject({ width: 20_000, height: 5_000 }); // 100 MP, the most allowed
      const tooWide = refusal(() => sniffImage(make(20_001, 1)));
      expect(tooWide, name).toBeInstanceOf(AppError);
      expect(tooWide?.code, name).toBe(-7000);
      expect(refusal(() => sniffImage(make(15_000, 15_000)))?.code, `${name} 225 MP`).toBe(-7000);
    }
    const bomb = refusal(() => sniffImage(png(2 ** 32 - 1, 2 ** 32 - 1)));
    expect(bomb?.code).toBe(-7000);
    expect(bomb?.detail).toContain("4294967295 × 4294967295");
    expect(refusal(() => sniffImage(png(0, 10)))?.code).toBe(-7000);
  });
});
