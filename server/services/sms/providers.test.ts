// The provider registry and the webhook provider, without a database: what PARLEY_SMS_PROVIDER
// picks, what the webhook sends, and which answers count as a failed send.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../config";
import type { Deps } from "../deps";
import { registerSmsProvider, smsProviderOf } from "./provider";

const depsWith = (config: Partial<Config>) => ({ config: { smsProvider: "dev", smsWebhookUrl: "", smsWebhookToken: "", ...config } }) as unknown as Deps;

describe("smsProviderOf", () => {
  it("is the development outbox when nothing is configured", () => {
    const p = smsProviderOf(depsWith({ smsProvider: "" }));
    expect(p).toMatchObject({ name: "dev", isDevelopment: true });
  });

  it("picks a registered provider by name, once per running Parley", async () => {
    const sent: string[] = [];
    registerSmsProvider("test-recorder", () => ({ name: "test-recorder", isDevelopment: false, send: async (m) => void sent.push(m.mobile) }));
    const deps = depsWith({ smsProvider: "test-recorder" });
    expect(smsProviderOf(deps)).toBe(smsProviderOf(deps));
    await smsProviderOf(deps).send({ mobile: "13800000000", text: "hi" });
    expect(sent).toEqual(["13800000000"]);
  });

  it("an unknown name is not the outbox, and every send fails naming the mistake", async () => {
    const p = smsProviderOf(depsWith({ smsProvider: "carrier-pigeon" }));
    expect(p.isDevelopment).toBe(false);
    await expect(p.send({ mobile: "1", text: "x" })).rejects.toThrow(/carrier-pigeon.*not a known provider/);
  });
});

describe("the webhook provider", () => {
  let server: http.Server;
  let url = "";
  let status = 200;
  const received: { body: unknown; authorization?: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        received.push({ body: JSON.parse(raw), authorization: req.headers.authorization });
        res.writeHead(status).end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("POSTs {mobile, text} with the bearer token; a 2xx is delivered", async () => {
    const p = smsProviderOf(depsWith({ smsProvider: "webhook", smsWebhookUrl: url, smsWebhookToken: "relay-secret" }));
    expect(p).toMatchObject({ name: "webhook", isDevelopment: false });
    status = 204;
    await p.send({ mobile: "13800000001", text: "Your code is 123456" });
    expect(received.at(-1)).toEqual({ body: { mobile: "13800000001", text: "Your code is 123456" }, authorization: "Bearer relay-secret" });
  });

  it("a non-2xx answer, an unreachable relay or no URL is a failed send", async () => {
    status = 502;
    await expect(smsProviderOf(depsWith({ smsProvider: "webhook", smsWebhookUrl: url })).send({ mobile: "1", text: "x" })).rejects.toThrow(/502/);
    expect(received.at(-1)?.authorization).toBeUndefined();
    await expect(smsProviderOf(depsWith({ smsProvider: "webhook", smsWebhookUrl: "http://127.0.0.1:1/" })).send({ mobile: "1", text: "x" })).rejects.toThrow();
    await expect(smsProviderOf(depsWith({ smsProvider: "webhook" })).send({ mobile: "1", text: "x" })).rejects.toThrow(/PARLEY_SMS_WEBHOOK_URL/);
  });
});
