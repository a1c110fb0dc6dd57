import { describe, expect, it } from "vitest";
import { parseRange, uploadServingHeaders } from "./uploads";

describe("parseRange (one byte range, RFC 9110)", () => {
  it("reads first-last, first- and -suffix", () => {
    expect(parseRange("bytes=0-9", 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-500", 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=50-5000", 100)).toEqual({ start: 50, end: 99 }); // clipped to the body
  });
  it("past the end is unsatisfiable (416)", () => {
    expect(parseRange("bytes=100-", 100)).toBe("unsatisfiable");
    expect(parseRange("bytes=200-300", 100)).toBe("unsatisfiable");
    expect(parseRange("bytes=-0", 100)).toBe("unsatisfiable");
  });
  it("no header, a malformed one or several ranges: the whole body", () => {
    for (const h of [undefined, "", "bytes=", "bytes=-", "bytes=5-1", "items=0-1", "bytes=0-1,5-6", "bytes=a-b"]) expect(parseRange(h, 100), String(h)).toBeNull();
  });
});

describe("uploadServingHeaders", () => {
  it("images, audio and video: inline under their type", () => {
    for (const t of ["image/png", "audio/mpeg", "audio/webm", "video/mp4"]) expect(uploadServingHeaders(t, "abcdefghij", null)).toEqual({ "Content-Type": t });
  });
  it("passive files keep their type, as attachments with a generic name", () => {
    expect(uploadServingHeaders("application/pdf", "abcdefghij", null)).toEqual({
      "Content-Type": "application/pdf",
      "Content-Disposition": 'attachment; filename="parley-abcdefgh.pdf"',
    });
  });
  it("everything else is application/octet-stream, whatever a row says", () => {
    for (const t of ["application/octet-stream", "image/svg+xml", "text/html", "application/xml", "text/javascript"]) {
      expect(uploadServingHeaders(t, "abcdefghij", null)).toEqual({
        "Content-Type": "application/octet-stream",
        "Content-Disposition": 'attachment; filename="parley-abcdefgh.bin"',
      });
    }
  });
  it("?name= becomes filename* (RFC 8187), checked; a bad one is left out", () => {
    expect(uploadServingHeaders("application/pdf", "abcdefghij", "報告 (1).pdf")["Content-Disposition"]).toBe(
      `attachment; filename="parley-abcdefgh.pdf"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%20%281%29.pdf`,
    );
    expect(uploadServingHeaders("application/octet-stream", "abcdefghij", "../etc/passwd")["Content-Disposition"]).toContain("filename*=UTF-8''.._etc_passwd"); // no path in a download name
    expect(uploadServingHeaders("application/octet-stream", "abcdefghij", 'x"\r\nSet-Cookie: a=b')["Content-Disposition"]).toBe('attachment; filename="parley-abcdefgh.bin"');
    expect(uploadServingHeaders("image/png", "abcdefghij", "x.html")).toEqual({ "Content-Type": "image/png" });
  });
});
