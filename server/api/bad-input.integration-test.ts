import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Parley } from "../runtime";
import { signIdentity } from "../services/widget/identity";
import { createSite, newVisitor, startTestParley, TestSocket, textFrame, trpc } from "../testing/harness";

let parley: Parley;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  await parley?.close();
});

const NUL = "\u0000";
const LONE = "\ud800"; // JSON.stringify sends it as the escape \ud800: the server parses a lone surrogate

/** runs f and returns what console.error printed meanwhile */
async function errorsLoggedDuring(f: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map((a) => inspect(a)).join(" ")));
  try {
    await f();
  } finally {
    spy.mockRestore();
  }
  return lines.join("\n");
}

describe("text PostgreSQL cannot store is bad input (-7000 / -1001), never -9000", () => {
  it("message text with a NUL or a lone surrogate → -7000 with the reason; the socket goes on", async () => {
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const ws = await TestSocket.open(parley.url, v.visitorToken);
    const log = await errorsLoggedDuring(async () => {
      const nul = await ws.request(textFrame(v.conversationId, "nul", `hello${NUL}world`));
      expect(nul).toMatchObject({ code: -7000, content: expect.stringContaining("null characters") });
      expect(await ws.request(textFrame(v.conversationId, "lone", `broken ${LONE} pair`))).toMatchObject({ code: -7000 });
      expect(await ws.request(textFrame(v.conversationId, "lone-low", "\udc00"))).toMatchObject({ code: -7000 });
      // a msgId is text too
      expect(await ws.request(textFrame(v.conversationId, `id${NUL}`, "hi"))).toMatchObject({ code: -1001 });
    });
    expect(log).toBe("");
    expect(await ws.request(textFrame(v.conversationId, "fine", "emoji are pairs 😀"))).toMatchObject({ msgId: "fine", logId: expect.any(String) });
    ws.close();
  });

  it("tRPC text inputs → -1001 (site key, identity name and customer id, login device)", async () => {
    const site = await createSite(parley);
    const log = await errorsLoggedDuring(async () => {
      expect(await trpc(parley.url, "widget.session", { siteKey: `${site.key}${NUL}` })).toMatchObject({ status: 400, appCode: -1001 });
      expect(await trpc(parley.url, "widget.config", { siteKey: `x${LONE}` }, { query: true })).toMatchObject({ status: 400, appCode: -1001 });
      for (const id of [
        { customerId: "c-1", name: `Mei${NUL}`, timestamp: Date.now() },
        { customerId: "c-1", name: `Mei ${LONE}`, timestamp: Date.now() },
        { customerId: `c${NUL}1`, name: "Mei", timestamp: Date.now() },
      ]) {
        const identity = { ...id, signature: signIdentity(site.secret, id) }; // correctly signed, still refused
        const res = await trpc(parley.url, "widget.session", { siteKey: site.key, identity });
        expect(res, JSON.stringify(id)).toMatchObject({ status: 400, appCode: -1001 });
        expect(res.message).toMatch(/null characters|surrogates/);
      }
      const login = await trpc(parley.url, "user.pwdLogin", { mobile: "13800000000", password: "x", device: `web${NUL}` });
      expect(login).toMatchObject({ status: 400, appCode: -1001 });
    });
    expect(log).toBe("");
  });
});
