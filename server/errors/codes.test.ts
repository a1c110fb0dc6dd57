import { describe, expect, it } from "vitest";
import { AppError, toAppError } from "./app-error";
import { ERROR_TABLE, messageFor, pickLocale } from "./codes";

const SEED_CODES = [
  -1000, -1001, -1002, -1003, -1004, -1005, -1006, -1007, -1010, -1011, -1012, -2001, -2002, -2003, -2004, -2006, -2007,
  -2008, -2009, -2010, -2011, -2013, -2014, -2015, -2016, -2017, -2018, -2019, -2020, -2021, -2022, -2023, -3000, -3001,
  -3002, -4000, -4001, -4002, -4003, -4004, -4005, -4006, -4007, -4008, -4009, -4010, -5000, -5001, -6000, -7000, -8000,
  -9000,
];

describe("error table", () => {
  it("has exactly the seed 004 unified error codes", () => {
    expect(Object.keys(ERROR_TABLE).map(Number).sort((a, b) => b - a)).toEqual([...SEED_CODES].sort((a, b) => b - a));
  });

  it("gives every code a message in en, zh-CN and ja", () => {
    for (const [code, e] of Object.entries(ERROR_TABLE)) {
      for (const text of [e.en, e.zh, e.ja]) expect(text.length, `code ${code}`).toBeGreaterThan(1);
      expect(/[A-Za-z]/.test(e.en), `en text of ${code}`).toBe(true);
      expect(/[\u4e00-\u9fff]/.test(e.zh), `zh text of ${code}`).toBe(true);
      expect(/[\u3040-\u30ff\u4e00-\u9fff]/.test(e.ja), `ja text of ${code}`).toBe(true);
    }
  });

  it("keeps the seed's own Chinese wording", () => {
    expect(messageFor(-2010, "zh-CN")).toBe("当前用户已经被其他客服接待");
    expect(messageFor(-1012, "zh-CN")).toBe("发送频率过快，请稍后再试");
  });

  it("maps codes onto the right transport codes", () => {
    expect(ERROR_TABLE[-1003].trpc).toBe("UNAUTHORIZED");
    expect(ERROR_TABLE[-2010].trpc).toBe("CONFLICT");
    expect(ERROR_TABLE[-1012].trpc).toBe("TOO_MANY_REQUESTS");
    expect(ERROR_TABLE[-6000].trpc).toBe("NOT_FOUND");
    expect(ERROR_TABLE[-9000].trpc).toBe("INTERNAL_SERVER_ERROR");
  });

  it("picks a locale from Accept-Language-like input", () => {
    expect(pickLocale("zh-TW,zh;q=0.9")).toBe("zh-CN");
    expect(pickLocale("ja-JP")).toBe("ja");
    expect(pickLocale("fr")).toBe("en");
    expect(pickLocale(undefined)).toBe("en");
  });

  it("turns unknown errors into -9000 without leaking their text", () => {
    const e = toAppError(new Error("password=hunter2 at db.ts:42"));
    expect(e.code).toBe(-9000);
    expect(e.message).not.toContain("hunter2");
  });

  it("localizes an AppError with its detail", () => {
    const e = new AppError(-1001, "id must be a numeric string");
    expect(e.localized("ja")).toBe("パラメータが不正です。 (id must be a numeric string)");
  });
});

describe("AppError stacks", () => {
  it("an expected refusal carries no stack frames; -9000 keeps them; the process's limit is left as it was", () => {
    const limit = Error.stackTraceLimit;
    const refusal = new AppError(-4001, "none left");
    expect(refusal.stack).toBe(`AppError: ${refusal.message}`);
    expect(new AppError(-9000).stack).toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error("x").stack).toMatch(/\n\s+at /);
  });
});
