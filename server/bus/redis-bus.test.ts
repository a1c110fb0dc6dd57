import { describe, expect, it } from "vitest";
import { decodeEvent, encodeEvent } from "./redis-bus";

describe("redis bus wire format", () => {
  it("carries audiences, the excepted connection and the frame unchanged", () => {
    const data = JSON.stringify({ eventType: 0, msg: { content: 'line one\nline two, "quoted", a,b\\c' } });
    const e = { audiences: ["v:1", "u:2", "ss:3"], data, exceptConn: "6f1c2d3e-aaaa-bbbb-cccc-0123456789ab" };
    expect(decodeEvent(encodeEvent(e))).toEqual(e);
    expect(decodeEvent(encodeEvent({ audiences: ["sa:9"], data }))).toEqual({ audiences: ["sa:9"], data });
  });

  it("still reads the JSON events of processes of the previous release", () => {
    const e = { audiences: ["v:1"], data: '{"eventType":0}' };
    expect(decodeEvent(JSON.stringify(e))).toEqual(e);
  });

  it("ignores what it cannot read", () => {
    expect(decodeEvent("no newline at all")).toBeNull();
    expect(decodeEvent("v:1\nonly one newline")).toBeNull();
    expect(decodeEvent("{not json")).toBeNull();
  });
});
