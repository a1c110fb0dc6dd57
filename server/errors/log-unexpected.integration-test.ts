import { randomInt } from "node:crypto";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import type { Parley } from "../runtime";
import { createSite, newVisitor, startTestParley, TestSocket, trpc } from "../testing/harness";
import { describeUnexpected } from "./app-error";

let parley: Parley;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  await parley?.close();
});

/** A real error from this database's driver, for a statement whose parameter is the user's text. */
async function driverError(secret: string): Promise<Error> {
  const err = await parley.deps.db.execute(sql`select ${`{"note": "${secret}`}::jsonb`).then(
    () => null,
    (e: Error) => e,
  );
  if (!err) throw new Error("the statement should have failed");
  expect(inspect(err, { depth: 10 })).toContain(secret); // as thrown, it carries the parameter
  return err;
}

/** What console.error printed while `f` ran, as text. */
async function capturedErrors(f: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 10 }))).join(" "));
  });
  try {
    await f();
  } finally {
    spy.mockRestore();
  }
  return lines.join("\n");
}

describe("unexpected errors are logged without the user's content", () => {
  it("describeUnexpected keeps name, message, code and stack frames, not the statement's parameters", async () => {
    const secret = `secret-${randomInt(1e9)}`;
    const d = describeUnexpected(await driverError(secret));
    const text = JSON.stringify(d);
    expect(text).not.toContain(secret);
    expect(d).toMatchObject({ message: expect.stringContaining("Failed query"), stack: expect.stringContaining("at ") });
    expect(d.cause).toMatchObject({ code: "22P02", message: expect.stringContaining("json") }); // PostgreSQL's own words
  });

  it("[trpc]: a failing query inside a procedure → -9000, and the log names it without the parameters", async () => {
    const secret = `secret-${randomInt(1e9)}`;
    const err = await driverError(secret);
    const db = parley.deps.db as unknown as { select: unknown };
    const select = db.select;
    let res: Awaited<ReturnType<typeof trpc>> | undefined;
    const log = await capturedErrors(async () => {
      db.select = () => {
        throw err;
      };
      try {
        res = await trpc(parley.url, "widget.config", { siteKey: "any-site" }, { query: true });
      } finally {
        db.select = select;
      }
    });
    expect(res).toMatchObject({ status: 500, appCode: -9000 });
    expect(log).toContain("[trpc] unexpected error");
    expect(log).toContain("22P02");
    expect(log).not.toContain(secret);
  });

  it("[ws]: the same for a frame's handler", async () => {
    const secret = `secret-${randomInt(1e9)}`;
    const err = await driverError(secret);
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const ws = await TestSocket.open(parley.url, v.visitorToken);
    const db = parley.deps.db as unknown as { transaction: unknown };
    const transaction = db.transaction;
    let answer: unknown;
    const log = await capturedErrors(async () => {
      db.transaction = () => Promise.reject(err);
      try {
        answer = await ws.request({ eventType: 44, msgId: "r", channelType: 4, targetId: v.conversationId, logId: "1" });
      } finally {
        db.transaction = transaction;
      }
    });
    expect(answer).toMatchObject({ code: -9000 });
    expect(log).toContain("[ws] unexpected error");
    expect(log).not.toContain(secret);
    ws.close();
  });
});
