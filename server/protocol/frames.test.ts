import { describe, expect, it } from "vitest";
import { decodeClientFrame } from "./frames";

const send = { eventType: 0, msgId: "m1", channelType: 4, targetId: "12", msgType: 1, msg: { content: "hello" } };

describe("decodeClientFrame", () => {
  it("accepts a seed 004 send frame", () => {
    const r = decodeClientFrame(JSON.stringify(send));
    expect(r).toEqual({ ok: true, frame: send });
  });

  it("refuses text that is not JSON with -1005", () => {
    expect(decodeClientFrame("hello")).toMatchObject({ ok: false, code: -1005 });
  });

  it("refuses JSON that is not an object with -1005", () => {
    expect(decodeClientFrame("[1,2]")).toMatchObject({ ok: false, code: -1005 });
    expect(decodeClientFrame("null")).toMatchObject({ ok: false, code: -1005 });
  });

  it("names a missing eventType with -1002", () => {
    expect(decodeClientFrame(JSON.stringify({ msgId: "a" }))).toMatchObject({ ok: false, code: -1002, msgId: "a" });
  });

  it("refuses an unknown eventType with -1001 and echoes it", () => {
    expect(decodeClientFrame(JSON.stringify({ eventType: 77, msgId: "a" }))).toMatchObject({ ok: false, code: -1001, eventType: 77, msgId: "a" });
  });

  it("refuses wrong types with -1001 and missing fields with -1002", () => {
    expect(decodeClientFrame(JSON.stringify({ ...send, channelType: "4" }))).toMatchObject({ ok: false, code: -1001 });
    expect(decodeClientFrame(JSON.stringify({ ...send, targetId: 12 }))).toMatchObject({ ok: false, code: -1001 });
    const { msg: _msg, ...noMsg } = send;
    expect(decodeClientFrame(JSON.stringify(noMsg))).toMatchObject({ ok: false, code: -1002 });
  });

  it("does not accept ids that are not numeric strings", () => {
    expect(decodeClientFrame(JSON.stringify({ ...send, targetId: "1; drop table" }))).toMatchObject({ ok: false, code: -1001 });
    expect(decodeClientFrame(JSON.stringify({ ...send, targetId: "0" }))).toMatchObject({ ok: false, code: -1001 });
  });

  it("caps msgId at 64 characters", () => {
    expect(decodeClientFrame(JSON.stringify({ ...send, msgId: "x".repeat(65) }))).toMatchObject({ ok: false, code: -1001 });
  });
});
