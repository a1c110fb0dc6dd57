import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { PNG_1x1 } from "../testing/harness";
import { amr, CSV, docx, HTML, mp3, mp4, oggOpus, pdf, SVG, TEXT, wav, webm, zip } from "../testing/upload-fixtures";
import { isoBmffTracks, sniffUpload, webmTracks } from "./sniff-upload";
import { UPLOAD_CONTENT_TYPES, uploadKindOf } from "../protocol/media-msgs";

describe("sniffUpload: the kind comes from the bytes", () => {
  it("images keep sniffImage's type and size", async () => {
    expect(await sniffUpload(PNG_1x1)).toEqual({ kind: "image", contentType: "image/png", width: 1, height: 1 });
    const gif = Buffer.from("R0lGODlhAgADAIAAAP///wAAACwAAAAAAgADAAACAoRRADs=", "base64");
    expect(await sniffUpload(gif)).toMatchObject({ kind: "image", contentType: "image/gif", width: 2, height: 3 });
  });

  it("an image declaring an absurd size is still refused with -7000, not taken as a file", async () => {
    const bomb = Buffer.from(PNG_1x1);
    bomb.writeUInt32BE(100_000, 16);
    await expect(sniffUpload(bomb)).rejects.toBeInstanceOf(AppError);
    await expect(sniffUpload(bomb)).rejects.toMatchObject({ code: -7000 });
  });

  it.each([
    ["WAV", wav(), "audio/wav"],
    ["MP3", mp3(), "audio/mpeg"],
    ["M4A (brand M4A)", mp4({ brand: "M4A " }), "audio/mp4"],
    ["MP4 with only a sound track", mp4({ handlers: ["soun"] }), "audio/mp4"],
    ["Ogg Opus", oggOpus(), "audio/ogg"],
    ["WebM with only an audio track (MediaRecorder voice)", webm([2]), "audio/webm"],
    ["AMR", amr(), "audio/amr"],
  ])("audio: %s → %s", async (_name, bytes, contentType) => {
    expect(await sniffUpload(bytes)).toEqual({ kind: "audio", contentType });
  });

  it.each([
    ["MP4 (ftyp only)", mp4(), "video/mp4"],
    ["MP4 with picture and sound, moov after mdat", mp4({ handlers: ["vide", "soun"] }), "video/mp4"],
    ["QuickTime", mp4({ brand: "qt  ", handlers: ["vide"] }), "video/quicktime"],
    ["WebM with video and audio", webm([1, 2]), "video/webm"],
  ])("video: %s → %s", async (_name, bytes, contentType) => {
    expect(await sniffUpload(bytes)).toEqual({ kind: "video", contentType });
  });

  it.each([
    ["PDF", pdf(), "application/pdf"],
    ["ZIP", zip({ "notes.txt": "hello" }), "application/zip"],
    ["Word", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["plain text (file-type knows no signature for it)", TEXT, "application/octet-stream"],
    ["CSV", CSV, "application/octet-stream"],
    ["unknown bytes", Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe]), "application/octet-stream"],
  ])("file: %s → %s", async (_name, bytes, contentType) => {
    expect(await sniffUpload(bytes)).toEqual({ kind: "file", contentType });
  });

  it("HTML, SVG, XML and programs are never stored under their active type", async () => {
    for (const bytes of [HTML, SVG, Buffer.from('<?xml version="1.0"?><a/>'), Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.from("#!/bin/sh\nrm -rf /\n")]) {
      expect(await sniffUpload(bytes)).toEqual({ kind: "file", contentType: "application/octet-stream" });
    }
    // a macro-enabled Word file is an OOXML package too, but not a passive one
    const docm = zip({
      "[Content_Types].xml": '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
    });
    expect(await sniffUpload(docm)).toEqual({ kind: "file", contentType: "application/octet-stream" });
  });

  it("an empty body is nothing", async () => {
    expect(await sniffUpload(Buffer.alloc(0))).toBeNull();
  });

  it("every stored type maps back to its kind (uploadKindOf), and files never to an inline kind", async () => {
    for (const kind of ["image", "audio", "video"] as const) for (const t of UPLOAD_CONTENT_TYPES[kind]) expect(uploadKindOf(t)).toBe(kind);
    for (const bytes of [pdf(), TEXT, SVG, docx()]) expect(uploadKindOf((await sniffUpload(bytes))!.contentType)).toBe("file");
    expect(uploadKindOf("image/svg+xml")).toBe("file");
    expect(uploadKindOf("text/html")).toBe("file");
  });
});

describe("track walkers", () => {
  it("isoBmffTracks reads each trak's handler, wherever moov is", () => {
    expect(isoBmffTracks(mp4())).toBeNull();
    expect(isoBmffTracks(mp4({ handlers: ["soun"] }))).toEqual({ audio: true, video: false });
    expect(isoBmffTracks(mp4({ handlers: ["vide", "soun"], mdatBytes: 5000 }))).toEqual({ audio: true, video: true });
  });
  it("isoBmffTracks survives truncated and zero-sized boxes", () => {
    const full = mp4({ handlers: ["soun"] });
    for (let cut = 0; cut < full.length; cut += 7) expect(() => isoBmffTracks(full.subarray(0, cut))).not.toThrow();
    const zero = Buffer.alloc(64); // size 0 = "to the end": must not loop
    zero.write("moov", 4, "latin1");
    expect(isoBmffTracks(zero)).toBeNull();
  });
  it("webmTracks reads TrackType under Segment → Tracks → TrackEntry", () => {
    expect(webmTracks(webm([2]))).toEqual({ audio: true, video: false });
    expect(webmTracks(webm([1]))).toEqual({ audio: false, video: true });
    expect(webmTracks(webm([]))).toBeNull();
    const full = webm([1, 2]);
    for (let cut = 0; cut < full.length; cut += 3) expect(() => webmTracks(full.subarray(0, cut))).not.toThrow();
    expect(webmTracks(Buffer.alloc(32))).toBeNull();
  });
});
