import { describe, expect, it } from "vitest";
import { MsgType } from "./frames";
import { parseMediaMsg, uploadRefsOf, uploadUrlsOf, ZAudioMsg, ZFileMsg, ZVideoMsg } from "./media-msgs";

const url = "/uploads/abcdefgh_12-XY";
const poster = "/uploads/posterposter";

describe("audio, video and file message shapes", () => {
  it("audio: a Parley upload and its length in seconds (0–3600)", () => {
    expect(ZAudioMsg.parse({ mediaUrl: url, time: 6 })).toEqual({ mediaUrl: url, time: 6 });
    expect(ZAudioMsg.safeParse({ mediaUrl: url, time: 2.5 }).success).toBe(true);
    for (const bad of [
      { mediaUrl: url },
      { mediaUrl: url, time: -1 },
      { mediaUrl: url, time: 3601 },
      { mediaUrl: "http://zb-chat.example/voice.amr", time: 6 }, // the seed's OSS URLs: not here, media are Parley uploads
      { mediaUrl: "/uploads/short", time: 1 },
      { mediaUrl: url, time: 1, extra: true },
    ]) {
      expect(ZAudioMsg.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("video: mediaUrl, then optional time, size and an uploaded poster", () => {
    expect(ZVideoMsg.parse({ mediaUrl: url })).toEqual({ mediaUrl: url });
    expect(ZVideoMsg.parse({ mediaUrl: url, time: 12, width: 1920, height: 1080, posterUrl: poster })).toMatchObject({ width: 1920 });
    expect(ZVideoMsg.safeParse({ mediaUrl: url, width: 0 }).success).toBe(false);
    expect(ZVideoMsg.safeParse({ mediaUrl: url, width: 20_001 }).success).toBe(false);
    expect(ZVideoMsg.safeParse({ mediaUrl: url, posterUrl: "javascript:alert(1)" }).success).toBe(false);
  });

  it("file: fileUrl, a safe name of 1–255 characters, the size in bytes", () => {
    expect(ZFileMsg.parse({ fileUrl: url, name: "  報告書 2024.pdf ", size: 1234 })).toEqual({ fileUrl: url, name: "報告書 2024.pdf", size: 1234 });
    expect(ZFileMsg.safeParse({ fileUrl: url, name: "a".repeat(255), size: 0 }).success).toBe(true);
    for (const name of ["", "   ", "a".repeat(256), "bad\u0000name", "lone\ud800half", "line\nbreak", "invoice\u202efdp.exe"]) {
      expect(ZFileMsg.safeParse({ fileUrl: url, name, size: 1 }).success, JSON.stringify(name)).toBe(false);
    }
    expect(ZFileMsg.safeParse({ fileUrl: url, name: "a", size: 1.5 }).success).toBe(false);
    expect(ZFileMsg.safeParse({ fileUrl: url, name: "a", size: -1 }).success).toBe(false);
    expect(ZFileMsg.safeParse({ fileUrl: url, name: "a", size: 2 ** 31 }).success).toBe(false);
  });

  it("parseMediaMsg picks the schema by msgType and says null for others", () => {
    expect(parseMediaMsg(MsgType.audio, { mediaUrl: url, time: 1 })?.success).toBe(true);
    expect(parseMediaMsg(MsgType.video, { mediaUrl: url })?.success).toBe(true);
    expect(parseMediaMsg(MsgType.file, { fileUrl: url, name: "x", size: 1 })?.success).toBe(true);
    expect(parseMediaMsg(MsgType.file, { mediaUrl: url })?.success).toBe(false);
    expect(parseMediaMsg(MsgType.text, { content: "hi" })).toBeNull();
  });
});

describe("uploadUrlsOf / uploadRefsOf: which uploads a message uses", () => {
  it("names the upload ids of image, audio, video (with poster) and file messages", () => {
    expect(uploadUrlsOf(MsgType.image, { imageUrl: url, width: 1 })).toEqual(["abcdefgh_12-XY"]);
    expect(uploadUrlsOf(MsgType.audio, { mediaUrl: url, time: 1 })).toEqual(["abcdefgh_12-XY"]);
    expect(uploadUrlsOf(MsgType.video, { mediaUrl: url, posterUrl: poster })).toEqual(["abcdefgh_12-XY", "posterposter"]);
    expect(uploadUrlsOf(MsgType.video, { mediaUrl: url })).toEqual(["abcdefgh_12-XY"]);
    expect(uploadUrlsOf(MsgType.file, { fileUrl: url, name: "a", size: 1 })).toEqual(["abcdefgh_12-XY"]);
  });
  it("none for text and other msgTypes, and none for a field that is not an upload URL", () => {
    expect(uploadUrlsOf(MsgType.text, { content: url })).toEqual([]);
    expect(uploadUrlsOf(MsgType.redPacket, { imageUrl: url })).toEqual([]);
    expect(uploadUrlsOf(MsgType.image, { imageUrl: "https://elsewhere.example/x.png" })).toEqual([]);
  });
  it("says which kinds of upload each field takes", () => {
    expect(uploadRefsOf(MsgType.image, { imageUrl: url })).toEqual([{ id: "abcdefgh_12-XY", field: "imageUrl", kinds: ["image"] }]);
    expect(uploadRefsOf(MsgType.audio, { mediaUrl: url, time: 1 })[0].kinds).toEqual(["audio", "video"]);
    expect(uploadRefsOf(MsgType.video, { mediaUrl: url, posterUrl: poster }).map((r) => r.kinds)).toEqual([["video"], ["image"]]);
    expect(uploadRefsOf(MsgType.file, { fileUrl: url })[0].kinds).toEqual(["image", "audio", "video", "file"]);
  });
});
