import { TRPCClientError } from "@trpc/client";
import { describe, expect, it, vi } from "vitest";
import { ClaimFlow, normalizeMobile, RESEND_AFTER_MS, storageKey, type SessionStore } from "./claim-flow";
import type { ClaimApi, TPacketInfo } from "./packet-api";

const ID = "0b7f7c2e-7d3a-4c1e-9a55-1f2e3d4c5b6a";
const MARK = "7d9c1a4e-2b3f-4a5b-8c6d-9e0f1a2b3c4d";

function apiError(appCode: number, message = `error ${appCode}`) {
  return Object.assign(new TRPCClientError(message), { data: { appCode } });
}

function info(over: Partial<TPacketInfo> = {}): TPacketInfo {
  return {
    packetId: ID,
    packetUrl: `http://x/packets/${ID}`,
    sender: { id: "7", nickname: "Ann", avatar: "" },
    coin: 1,
    code: "BTY",
    decimals: 2,
    type: 1,
    count: 3,
    total: "10.00",
    greeting: "Happy new year",
    newMembersOnly: false,
    createdAt: 1,
    expiresAt: 2,
    state: "open",
    remain: 3,
    claimedAmount: "0.00",
    refundedAmount: "0.00",
    refundedAt: null,
    finishedAt: null,
    claims: [],
    mine: null,
    viewerCan: { claim: false },
    ...over,
  };
}

function memoryStore(): SessionStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, get: (k) => data.get(k) ?? null, set: (k, v) => void data.set(k, v), remove: (k) => void data.delete(k) };
}

function fakeApi() {
  return {
    redPacket: {
      info: { query: vi.fn(async () => info()) },
      receive: { mutate: vi.fn(async () => ({ mark: MARK, amount: "3.21", total: 3, remain: 2, coin: 1, packetId: ID })) },
      entry: { mutate: vi.fn(async ({ mark }: { mark: string; account: string }) => ({ packet_id: ID, amount: "3.21", coin: 1, mark: "", recv_type: 1 as 1 | 2, message: "received", _m: mark })) },
      registerEntry: { mutate: vi.fn(async ({ account }: { account: string }) => ({ packet_id: ID, amount: "3.21", mobile: account, coin: 1, uid: "99" })) },
    },
    user: { sendSms: { mutate: vi.fn(async () => ({})) } },
  } satisfies ClaimApi;
}

async function opened(api = fakeApi(), storage = memoryStore(), now = () => 1_000) {
  const flow = new ClaimFlow({ packetId: ID, api, storage, now });
  await flow.start();
  await flow.open();
  return { flow, api, storage };
}

describe("ClaimFlow: opening", () => {
  it("shows the packet, then the grabbed amount with its mark kept for a reload", async () => {
    const { flow, storage } = await opened();
    const s = flow.getSnapshot();
    expect(s.stage).toBe("entry");
    expect(s.held).toMatchObject({ mark: MARK, amount: "3.21", stage: "entry" });
    expect(s.info?.remain).toBe(2);
    expect(JSON.parse(storage.data.get(storageKey(ID))!).held.mark).toBe(MARK);

    // a reload: a new flow on the same storage picks the share up again, without opening
    const api2 = fakeApi();
    const again = new ClaimFlow({ packetId: ID, api: api2, storage });
    await again.start();
    expect(again.getSnapshot().stage).toBe("entry");
    expect(again.getSnapshot().held?.mark).toBe(MARK);
    expect(api2.redPacket.receive.mutate).not.toHaveBeenCalled();
  });

  it("-4001: too late — says so and asks for the packet again", async () => {
    const api = fakeApi();
    api.redPacket.receive.mutate.mockRejectedValueOnce(apiError(-4001));
    const { flow } = await opened(api);
    expect(flow.getSnapshot()).toMatchObject({ stage: "view", held: null, message: { key: "packet.allClaimed" } });
    expect(api.redPacket.info.query).toHaveBeenCalledTimes(2);
  });

  it("-4006 (a bad link) is the gone page, from info or from receive", async () => {
    const api = fakeApi();
    api.redPacket.info.query.mockRejectedValueOnce(apiError(-4006));
    const flow = new ClaimFlow({ packetId: ID, api, storage: memoryStore() });
    await flow.start();
    expect(flow.getSnapshot().stage).toBe("gone");

    const api2 = fakeApi();
    api2.redPacket.receive.mutate.mockRejectedValueOnce(apiError(-4006));
    expect((await opened(api2)).flow.getSnapshot().stage).toBe("gone");
  });

  it("a failed first load offers Retry with the server's words", async () => {
    const api = fakeApi();
    api.redPacket.info.query.mockRejectedValueOnce(new Error("network down"));
    const flow = new ClaimFlow({ packetId: ID, api, storage: memoryStore() });
    await flow.start();
    expect(flow.getSnapshot()).toMatchObject({ stage: "failed", message: { text: "network down" } });
    await flow.start();
    expect(flow.getSnapshot().stage).toBe("view");
  });
});

describe("ClaimFlow: entry", () => {
  it("recv_type 1: credited; the result survives a reload and the mark is not used again", async () => {
    const { flow, api, storage } = await opened();
    await flow.enter(" 138 0013 8000 ");
    expect(api.redPacket.entry.mutate).toHaveBeenCalledWith({ mark: MARK, account: "13800138000" });
    expect(flow.getSnapshot()).toMatchObject({ stage: "done", held: null, done: { amount: "3.21", account: "13800138000", how: "credited" } });
    const again = new ClaimFlow({ packetId: ID, api: fakeApi(), storage });
    await again.start();
    expect(again.getSnapshot().stage).toBe("done");
  });

  it("checks the number before asking", async () => {
    const { flow, api } = await opened();
    await flow.enter("");
    expect(flow.getSnapshot()).toMatchObject({ message: { key: "packet.phoneFirst" }, invalid: "account" });
    await flow.enter("12ab");
    expect(flow.getSnapshot()).toMatchObject({ message: { key: "packet.phoneInvalid" }, invalid: "account" });
    expect(api.redPacket.entry.mutate).not.toHaveBeenCalled();
  });

  it("-4005: the hold lapsed — the mark is dropped, and Open is offered again", async () => {
    const api = fakeApi();
    api.redPacket.entry.mutate.mockRejectedValueOnce(apiError(-4005));
    const { flow, storage } = await opened(api);
    await flow.enter("13800138000");
    expect(flow.getSnapshot()).toMatchObject({ stage: "view", held: null, message: { key: "packet.lapsed" } });
    expect(storage.data.has(storageKey(ID))).toBe(false);
    await flow.open();
    expect(flow.getSnapshot().stage).toBe("entry");
  });

  it("-4009: that number has a share already (the server freed this one)", async () => {
    const api = fakeApi();
    api.redPacket.entry.mutate.mockRejectedValueOnce(apiError(-4009));
    const { flow } = await opened(api);
    await flow.enter("13800138000");
    expect(flow.getSnapshot()).toMatchObject({ stage: "view", held: null, message: { key: "packet.alreadyHasShare" } });
  });

  it("another error keeps the share and the step, with the server's words", async () => {
    const api = fakeApi();
    api.redPacket.entry.mutate.mockRejectedValueOnce(apiError(-1010, "Too many requests."));
    const { flow } = await opened(api);
    await flow.enter("13800138000");
    expect(flow.getSnapshot()).toMatchObject({ stage: "entry", held: { mark: MARK }, message: { text: "Too many requests." } });
  });
});

describe("ClaimFlow: registering", () => {
  async function atRegister(api = fakeApi(), now = () => 1_000) {
    api.redPacket.entry.mutate.mockResolvedValueOnce({ packet_id: ID, amount: "3.21", coin: 1, mark: MARK, recv_type: 2, message: "register", _m: MARK });
    const r = await opened(api, memoryStore(), now);
    await r.flow.enter("13900139000");
    return r;
  }

  it("recv_type 2 → register: code (60 s before another), password, nickname → credited to the new account", async () => {
    let t = 1_000;
    const { flow, api } = await atRegister(fakeApi(), () => t);
    expect(flow.getSnapshot()).toMatchObject({ stage: "register", held: { account: "13900139000", stage: "register" } });
    await flow.sendCode();
    expect(api.user.sendSms.mutate).toHaveBeenCalledWith({ mobile: "13900139000" });
    expect(flow.getSnapshot().smsSentTo).toBe("13900139000");
    expect(flow.resendIn()).toBe(60);
    await flow.sendCode(); // too soon: not sent
    expect(api.user.sendSms.mutate).toHaveBeenCalledTimes(1);
    t += RESEND_AFTER_MS;
    expect(flow.resendIn()).toBe(0);

    await flow.register({ captcha: "1234", password: "short", nickname: "" });
    expect(flow.getSnapshot()).toMatchObject({ message: { key: "packet.passwordShort" }, invalid: "password" });
    await flow.register({ captcha: " 1234 ", password: "longenough", nickname: " Bo " });
    expect(api.redPacket.registerEntry.mutate).toHaveBeenCalledWith({ mark: MARK, account: "13900139000", password: "longenough", captcha: "1234", nickname: "Bo" });
    expect(flow.getSnapshot()).toMatchObject({ stage: "done", done: { how: "registered", account: "13900139000", amount: "3.21" } });
  });

  it("-4007 / -4008: a wrong or dead code stays on the form (a dead one may be sent again at once)", async () => {
    const api = fakeApi();
    api.redPacket.registerEntry.mutate.mockRejectedValueOnce(apiError(-4007)).mockRejectedValueOnce(apiError(-4008));
    const { flow } = await atRegister(api);
    await flow.sendCode();
    await flow.register({ captcha: "0000", password: "longenough" });
    expect(flow.getSnapshot()).toMatchObject({ stage: "register", message: { key: "packet.wrongCode" }, invalid: "captcha" });
    await flow.register({ captcha: "0000", password: "longenough" });
    expect(flow.getSnapshot()).toMatchObject({ stage: "register", message: { key: "packet.codeDead" } });
    expect(flow.resendIn()).toBe(0);
  });

  it("-4003: the number is registered after all — back to the entry step, the share still held", async () => {
    const api = fakeApi();
    api.redPacket.registerEntry.mutate.mockRejectedValueOnce(apiError(-4003));
    const { flow } = await atRegister(api);
    await flow.register({ captcha: "1234", password: "longenough" });
    expect(flow.getSnapshot()).toMatchObject({ stage: "entry", held: { mark: MARK, account: "13900139000" }, message: { key: "packet.alreadyRegistered" }, messageTone: "info" });
    await flow.enter("13900139000");
    expect(flow.getSnapshot().stage).toBe("done");
  });

  it("-4005 while registering: the hold lapsed — Open again", async () => {
    const api = fakeApi();
    api.redPacket.registerEntry.mutate.mockRejectedValueOnce(apiError(-4005));
    const { flow } = await atRegister(api);
    await flow.register({ captcha: "1234", password: "longenough" });
    expect(flow.getSnapshot()).toMatchObject({ stage: "view", held: null, message: { key: "packet.lapsed" } });
  });

  it("another number: back to the entry step with the same share", async () => {
    const { flow } = await atRegister();
    flow.otherNumber();
    expect(flow.getSnapshot()).toMatchObject({ stage: "entry", held: { mark: MARK, stage: "entry" } });
  });
});

describe("normalizeMobile", () => {
  it("takes what the server takes, without spaces and dashes", () => {
    expect(normalizeMobile("+86 138-0013-8000")).toBe("+8613800138000");
    for (const bad of ["", "1234", "abc12345", "++123456"]) expect(normalizeMobile(bad)).toBeNull();
  });
});
