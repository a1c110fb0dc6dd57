// A Parley whose codes go through a real provider (the webhook, to a relay this test plays):
// the code reaches the relay and signs in; a failing relay is -8000 (and the lost code does not
// hold the member back); the development outbox is refused while a real provider is configured.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smsCodes, smsOutbox } from "../../../db/schema";
import type { Parley } from "../../runtime";
import { behindOneProxy, createMember, startTestParleyWith, trpc, uniqueIp, uniqueMobile } from "../../testing/harness";

let parley: Parley;
let relay: http.Server;
let relayStatus = 200;
const texts: { mobile: string; text: string; authorization?: string }[] = [];
let restoreProxy: () => void;

beforeAll(async () => {
  restoreProxy = behindOneProxy();
  relay = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      if (relayStatus < 300) texts.push({ ...JSON.parse(raw), authorization: req.headers.authorization });
      res.writeHead(relayStatus).end();
    });
  });
  await new Promise<void>((r) => relay.listen(0, "127.0.0.1", () => r()));
  parley = await startTestParleyWith({
    smsProvider: "webhook",
    smsWebhookUrl: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/send`,
    smsWebhookToken: "relay-token",
  });
});
afterAll(async () => {
  restoreProxy?.();
  await parley?.close();
  await new Promise<void>((r) => relay.close(() => r()));
});

const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });

describe("a real SMS provider (webhook)", () => {
  it("texts the code through the relay, not the outbox; the code signs in", async () => {
    const mobile = uniqueMobile();
    const ip = uniqueIp();
    relayStatus = 200;
    expect(await trpc(parley.url, "user.sendSms", { mobile }, { headers: { ...from(ip).headers, "accept-language": "zh-CN" } })).toMatchObject({ ok: true });
    const sent = texts.find((t) => t.mobile === mobile)!;
    expect(sent).toMatchObject({ authorization: "Bearer relay-token", text: expect.stringContaining("验证码") });
    const code = /\d{6}/.exec(sent.text)![0];
    expect(await parley.deps.db.select().from(smsOutbox).where(eq(smsOutbox.mobile, mobile))).toHaveLength(0);
    expect(await trpc(parley.url, "user.smsLogin", { mobile, code }, from(ip))).toMatchObject({ ok: true });
  });

  it("a relay that fails is -8000, and the code it lost neither works nor blocks asking again", async () => {
    const mobile = uniqueMobile();
    const ip = uniqueIp();
    relayStatus = 503;
    const failed = await trpc(parley.url, "user.sendSms", { mobile }, from(ip));
    expect(failed).toMatchObject({ status: 500, appCode: -8000 });
    expect(await parley.deps.db.select().from(smsCodes).where(eq(smsCodes.mobile, mobile))).toHaveLength(0);
    // the seed envelope says the same
    const compat = await fetch(`${parley.url}/api/compat/send/sms`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify({ mobile }),
    });
    expect(await compat.json()).toEqual({ result: -8000, message: expect.stringContaining("SMS"), data: {} });

    relayStatus = 200;
    expect(await trpc(parley.url, "user.sendSms", { mobile }, from(ip))).toMatchObject({ ok: true }); // not -1012
  });

  it("admin.smsOutbox is refused even for an admin: there is no outbox to read", async () => {
    const admin = await createMember(parley, { role: "admin" });
    const res = await trpc(parley.url, "admin.smsOutbox", {}, { bearer: admin.token, query: true });
    expect(res).toMatchObject({ status: 403, appCode: -3000 });
    expect(res.message).toMatch(/outbox is off.*webhook/);
  });
});
