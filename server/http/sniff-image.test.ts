import { describe, expect, it } from "vitest";
import { sniffImage } from "./sniff-image";
import { PNG_1x1 } from "../testing/harness";


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
});
