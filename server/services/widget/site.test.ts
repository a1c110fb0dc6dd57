import { describe, expect, it } from "vitest";
import { isOriginAllowed } from "./site";

describe("isOriginAllowed", () => {
  const allowed = ["http://localhost:*", "https://shop.example", "https://*.brand.example"];
  it.each([
    ["http://localhost:3000", true],
    ["http://localhost", true],
    ["https://shop.example", true],
    ["https://shop.example:443", false], // not a serialized origin: browsers never send default ports
    ["https://eu.brand.example", true],
    ["http://shop.example", false],
    ["https://shop.example.evil.com", false],
    ["https://evilshop.example", false],
    ["https://brand.example", false],
    ["http://127.0.0.1:3000", false],
    ["null", false],
    ["https://shop.example/path", false],
  ])("%s → %s", (origin, expected) => {
    expect(isOriginAllowed(allowed, origin)).toBe(expected);
  });
});
