import { describe, expect, it } from "vitest";
import { AppError } from "../../errors/app-error";
import { deviceOf, parseDevice } from "./device";

describe("parseDevice (FZM-DEVICE / device)", () => {
  it("names the four client device types in any case; nothing means web", () => {
    expect(["android", "IOS", " Pc ", "WeB"].map(parseDevice)).toEqual(["android", "ios", "pc", "web"]);
    expect([undefined, null, "", "  "].map(parseDevice)).toEqual(["web", "web", "web", "web"]);
  });

  it("anything else is -1006, the console's internal device type included", () => {
    for (const raw of ["console", "Console", "iphone", "web1", "android\u0000"]) {
      expect(() => parseDevice(raw), raw).toThrow(AppError);
      try {
        parseDevice(raw);
      } catch (err) {
        expect((err as AppError).code).toBe(-1006);
      }
    }
  });

  it("the field wins over the header", () => {
    expect(deviceOf({ device: "ios" }, "pc")).toBe("ios");
    expect(deviceOf({}, "pc")).toBe("pc");
    expect(deviceOf({}, null)).toBe("web");
    expect(() => deviceOf({}, "fridge")).toThrow(/device/);
  });
});
