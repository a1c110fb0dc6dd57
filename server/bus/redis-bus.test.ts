import { describe, expect, it } from "vitest";
import { decodeEvent, encodeEvent } from "./redis-bus";

describe("redis bus wire format", () => {
  it("carries audiences, the excepted connection and the frame unchanged", () => {
    const data = JSON.stringify({ eventType: 0, msg: { content: 'line one\nline two, "quoted", a,b\\c @x' } });
    const e = { audiences: ["v:1", "u:2", "ss:3"], data, exceptConn: "6f1c2d3e-aaaa-bbbb-cccc-0123456789ab" };
    expect(decodeEvent(encodeEvent(e, "procA"))).toEqual(e);
    expect(decodeEvent(encodeEvent({ audiences: ["sa:9"], data }, "procA"))).toEqual({ audiences: ["sa:9"], data });
  });

  it("still reads the events of processes of earlier releases (plain exceptConn line, or JSON)", () => {
    const data = '{"eventType":0}';
    expect(decodeEvent(`v:1\n6f1c2d3e-aaaa\n${data}`)).toEqual({ audiences: ["v:1"], data, exceptConn: "6f1c2d3e-aaaa" });
    expect(decodeEvent(`v:1\n\n${data}`)).toEqual({ audiences: ["v:1"], data });
    const e = { audiences: ["v:1"], data };
    expect(decodeEvent(JSON.stringify(e))).toEqual(e);
  });

  it("ignores what it cannot read", () => {
    expect(decodeEvent("no newline at all")).toBeNull();
    expect(decodeEvent("v:1\nonly one newline")).toBeNull();
    expect(decodeEvent("{not json")).toBeNull();
  });
});
