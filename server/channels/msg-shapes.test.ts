import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { MsgType } from "../protocol/frames";
import { SUPPORT_MSG_TYPES } from "../services/support/send-message";
import { parseMsg } from "./msg-shapes";

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof AppError ? err.code : "not an AppError";
  }
  return "accepted";
};
const support = (msgType: number, msg: unknown) => codeOf(() => parseMsg(SUPPORT_MSG_TYPES, msgType, msg, "support conversations"));
const friend = (msgType: number, msg: unknown) =>
  codeOf(() => parseMsg([MsgType.text, MsgType.audio, MsgType.image, MsgType.video, MsgType.file], msgType, msg, "friend chat"));

describe("parseMsg: a message's shape, checked once for every channel", () => {
  it("accepts text and Parley image uploads", () => {
    expect(support(1, { content: "hi" })).toBe("accepted");
    expect(support(3, { imageUrl: "/uploads/abcdefghijkl", width: 10, height: 10 })).toBe("accepted");
  });
  it("refuses empty or oversized text, extra fields and foreign image urls (-7000)", () => {
    expect(support(1, { content: "   " })).toBe(-7000);
    expect(support(1, { content: "x".repeat(4001) })).toBe(-7000);
    expect(support(1, { content: "hi", extra: 1 })).toBe(-7000);
    expect(support(3, { imageUrl: "https://evil.example/x.png" })).toBe(-7000);
    expect(support(3, { imageUrl: "javascript:alert(1)" })).toBe(-7000);
  });
  it("a kind the channel does not carry is -1005", () => {
    expect(support(4, {})).toBe(-1005);
    expect(support(0, { content: "system" })).toBe(-1005);
    expect(support(7, { fileUrl: "/uploads/abcdefghijkl", name: "a.pdf", size: 1 })).toBe(-1005);
    expect(friend(7, { fileUrl: "/uploads/abcdefghijkl", name: "a.pdf", size: 1 })).toBe("accepted");
    expect(friend(2, { mediaUrl: "/uploads/abcdefghijkl", time: 3 })).toBe("accepted");
    expect(friend(0, { content: "system" })).toBe(-1005);
  });
});
