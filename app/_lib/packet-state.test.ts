// Red packets without React or a network: the view a packet's bubbles share (reducePacket,
// packetPhase), the claim and its refusals, live events 50 (opened; finished) and 51 (refund),
// the "<name> opened your red packet" lines in the packet's chat, and a send's msgId kept
// across a retry whose answer was lost.
import { TRPCClientError } from "@trpc/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PacketClaimedFrame, ServerFrame } from "../../server/protocol/frames";
import type { TPacketInfo } from "./packet-api";
import { canTryClaim, claimProblem, emptyView, PacketBook, packetPhase, reducePacket } from "./packet-state";
import type { ApiClient } from "./trpc";

const ME = "7";
const PID = "0b6f3a52-8d0e-4c6b-9c55-1f2f4c8a9e01";
const NOW = 1_000_000;

function info(extra: Partial<TPacketInfo> = {}): TPacketInfo {
  return {
    packetId: PID,
    packetUrl: `http://x/packets/${PID}`,
    sender: { id: "20", nickname: "Zoe", avatar: "" },
    coin: 1,
    code: "BTY",
    decimals: 4,
    type: 1,
    count: 3,
    total: "3.0000",
    greeting: "Happy new year",
    newMembersOnly: false,
    createdAt: NOW - 1000,
    expiresAt: NOW + 86_400_000,
    state: "open",
    remain: 3,
    claimedAmount: "0.0000",
    refundedAmount: "0.0000",
    refundedAt: null,
    finishedAt: null,
    claims: [],
    mine: null,
    viewerCan: { claim: true },
    ...extra,
  };
}

function claimed(extra: Partial<PacketClaimedFrame> = {}): PacketClaimedFrame {
  return { eventType: 50, packetId: PID, channelType: 2, senderId: "20", claimer: { id: "8", nickname: "Ken" }, amount: "1.2000", coin: 1, total: 3, remain: 2, finished: false, ...extra };
}

const apiError = (appCode: number, message: string) => Object.assign(new TRPCClientError(message), { data: { appCode } });

function setup(api: Record<string, unknown> = {}) {
  const r = {
    info: { query: vi.fn(async () => info()) },
    receiveEntry: { mutate: vi.fn(async () => ({ amount: "1.5000", total: 3, remain: 1, coin: 1 })) },
    send: { mutate: vi.fn(async () => ({ packetId: PID, packetUrl: "", coin: 1, total: "1.0000", count: 1, entry: {} })) },
    balance: { query: vi.fn(async () => ({ balances: [] })) },
    coins: { query: vi.fn(async () => ({ coins: [] })) },
    record: { query: vi.fn() },
    ...api,
  };
  const notify = vi.fn();
  const book = new PacketBook({ api: { redPacket: r } as unknown as ApiClient, me: () => ME, now: () => NOW, notify });
  return { book, r, notify };
}

const flush = () => new Promise((res) => setTimeout(res, 0));

afterEach(() => vi.useRealTimers());

describe("reducePacket / packetPhase", () => {
  const v0 = emptyView(PID);

  it("knows nothing until the info or a frame says something", () => {
    expect(packetPhase(undefined, NOW)).toBe("loading");
    expect(packetPhase(v0, NOW)).toBe("loading");
    expect(packetPhase(reducePacket(v0, { kind: "info", info: info() }), NOW)).toBe("open");
  });

  it("is mine once I hold a share (the info, my claim, or a frame to me)", () => {
    expect(packetPhase(reducePacket(v0, { kind: "info", info: info({ mine: "0.3000" }) }), NOW)).toBe("mine");
    const mine = reducePacket(v0, { kind: "mine", amount: "1.5000", remain: 1 });
    expect(mine).toMatchObject({ mine: "1.5000", remain: 1 });
    const viaFrame = reducePacket(v0, { kind: "claimed", frame: claimed({ claimer: { id: ME, nickname: "Mei" }, amount: "0.9000" }), me: ME });
    expect(viaFrame.mine).toBe("0.9000");
    expect(packetPhase(viaFrame, NOW)).toBe("mine");
  });

  it("is all claimed when a frame says finished, and stays so", () => {
    const open = reducePacket(v0, { kind: "info", info: info() });
    const done = reducePacket(open, { kind: "claimed", frame: claimed({ remain: 0, finished: true }), me: ME });
    expect(packetPhase(done, NOW)).toBe("finished");
    // an info answer that was on its way before the last claim does not bring it back
    const late = reducePacket(done, { kind: "info", info: info({ remain: 1 }) });
    expect(late.remain).toBe(0);
    expect(packetPhase(late, NOW)).toBe("finished");
  });

  it("only ever lowers what is left (frames out of order)", () => {
    let v = reducePacket(v0, { kind: "claimed", frame: claimed({ remain: 1 }), me: ME });
    v = reducePacket(v, { kind: "claimed", frame: claimed({ remain: 2 }), me: ME });
    expect(v.remain).toBe(1);
    expect(v.mine).toBeNull(); // someone else's share
  });

  it("is expired by the info, by its time, or by a refund", () => {
    expect(packetPhase(reducePacket(v0, { kind: "info", info: info({ state: "expired" }) }), NOW)).toBe("expired");
    expect(packetPhase(reducePacket(v0, { kind: "info", info: info({ expiresAt: NOW - 1 }) }), NOW)).toBe("expired");
    expect(packetPhase(reducePacket(reducePacket(v0, { kind: "info", info: info() }), { kind: "refunded" }), NOW)).toBe("expired");
    // my share stays mine after the rest went back
    expect(packetPhase(reducePacket(reducePacket(v0, { kind: "mine", amount: "1", remain: 1 }), { kind: "refunded" }), NOW)).toBe("mine");
  });

  it("offers the claim only while it is open and the server says this caller may claim it", () => {
    const open = reducePacket(v0, { kind: "info", info: info() });
    expect(canTryClaim(open, NOW)).toBe(true);
    // e.g. the sender of a friend chat's packet: the server says no, the UI does not re-derive why
    expect(canTryClaim(reducePacket(v0, { kind: "info", info: info({ viewerCan: { claim: false } }) }), NOW)).toBe(false);
    expect(canTryClaim(reducePacket(open, { kind: "mine", amount: "1", remain: 0 }), NOW)).toBe(false);
    expect(canTryClaim(reducePacket(v0, { kind: "info", info: info({ expiresAt: NOW - 1 }) }), NOW)).toBe(false);
  });

  it("words the claim's refusals", () => {
    expect([-4001, -4009, -4004, -4006, -1001, null].map(claimProblem)).toEqual(["gone", "again", "newOnly", "invalid", null, null]);
  });
});

describe("PacketBook", () => {
  it("loads a packet's info once for all its bubbles", async () => {
    const { book, r } = setup();
    book.ensure(PID, "2:55");
    book.ensure(PID, "2:55");
    await flush();
    book.ensure(PID, "2:55");
    expect(r.info.query).toHaveBeenCalledTimes(1);
    expect(packetPhase(book.view(PID), NOW)).toBe("open");
  });

  it("claims, then asks the info again", async () => {
    const { book, r } = setup();
    await book.claim(PID);
    expect(r.receiveEntry.mutate).toHaveBeenCalledWith({ packet_id: PID });
    expect(book.view(PID)).toMatchObject({ mine: "1.5000", claiming: false, claimError: null });
    expect(r.info.query).toHaveBeenCalledTimes(1);
  });

  it("keeps a refused claim's code and words", async () => {
    const { book } = setup({ receiveEntry: { mutate: vi.fn(async () => Promise.reject(apiError(-4001, "This red packet is all claimed."))) } });
    await book.claim(PID);
    expect(book.view(PID)?.claimError).toEqual({ code: -4001, text: "This red packet is all claimed." });
  });

  it("tells me in the packet's chat that someone opened my packet (live), and not about my own claims", async () => {
    const { book, notify } = setup({ info: { query: vi.fn(async () => info({ sender: { id: ME, nickname: "Mei", avatar: "" } })) } });
    book.ensure(PID, "2:55");
    await flush();
    expect(book.onFrame(claimed({ senderId: ME }) as ServerFrame)).toBe(true);
    expect(book.getSnapshot().notices["2:55"]).toEqual([expect.objectContaining({ kind: "opened", name: "Ken", amount: "1.2000", packetId: PID, datetime: NOW })]);
    book.onFrame(claimed({ senderId: ME, claimer: { id: ME, nickname: "Mei" } }) as ServerFrame);
    expect(book.getSnapshot().notices["2:55"]).toHaveLength(1);
    expect(notify).not.toHaveBeenCalled();
  });

  it("says it in a toast when the packet's chat is not known here", () => {
    const { book, notify } = setup();
    book.onFrame(claimed({ senderId: ME }) as ServerFrame);
    expect(notify).toHaveBeenCalledWith({ kind: "opened", name: "Ken" });
  });

  it("turns every bubble of a packet to all claimed on finished, and refreshes a loaded one soon", async () => {
    const { book, r } = setup();
    book.ensure(PID, "2:55");
    await flush();
    vi.useFakeTimers();
    book.onFrame(claimed({ remain: 0, finished: true }) as ServerFrame);
    expect(packetPhase(book.view(PID), NOW)).toBe("finished");
    book.onFrame(claimed({ remain: 0, finished: true }) as ServerFrame);
    await vi.advanceTimersByTimeAsync(500);
    expect(r.info.query).toHaveBeenCalledTimes(2); // two frames, one refresh
    // one line for the whole chat that the last share went (not "opened": not my packet)
    expect(book.getSnapshot().notices["2:55"]).toEqual([expect.objectContaining({ kind: "finished", mine: false, packetId: PID })]);
  });

  it("tells the sender their packet was all claimed, after who opened the last share", async () => {
    const { book } = setup({ info: { query: vi.fn(async () => info({ sender: { id: ME, nickname: "Mei", avatar: "" } })) } });
    book.ensure(PID, "2:55");
    await flush();
    book.onFrame(claimed({ senderId: ME, remain: 0, finished: true }) as ServerFrame);
    expect(book.getSnapshot().notices["2:55"]).toEqual([
      expect.objectContaining({ kind: "opened", name: "Ken" }),
      expect.objectContaining({ kind: "finished", mine: true, name: "Mei" }),
    ]);
  });

  it("keeps one line each when the last claim's frame comes twice (two processes took the last shares together)", async () => {
    const { book, notify } = setup({ info: { query: vi.fn(async () => info({ sender: { id: ME, nickname: "Mei", avatar: "" } })) } });
    book.ensure(PID, "2:55");
    await flush();
    // Ken and Ana take the last two shares at once, each process counting the other's as left;
    // then each process counts again after its commit, and both see none left
    const ana = { id: "78", nickname: "Ana" };
    book.onFrame(claimed({ senderId: ME, remain: 1 }) as ServerFrame);
    book.onFrame(claimed({ senderId: ME, claimer: ana, remain: 1 }) as ServerFrame);
    book.onFrame(claimed({ senderId: ME, claimer: ana, remain: 0, finished: true }) as ServerFrame);
    book.onFrame(claimed({ senderId: ME, remain: 0, finished: true }) as ServerFrame);
    expect(book.getSnapshot().notices["2:55"]).toEqual([
      expect.objectContaining({ kind: "opened", name: "Ken" }),
      expect.objectContaining({ kind: "opened", name: "Ana" }),
      expect.objectContaining({ kind: "finished", mine: true }),
    ]);
    expect(packetPhase(book.view(PID), NOW)).toBe("finished");
    expect(notify).not.toHaveBeenCalled();
  });

  it("toasts a refund (51) with the coin's code and marks the packet expired", async () => {
    const { book, notify } = setup();
    book.ensure(PID);
    await flush();
    expect(book.onFrame({ eventType: 51, packetId: PID, coin: 1, amount: "2.5000", shares: 2 } as ServerFrame)).toBe(true);
    expect(notify).toHaveBeenCalledWith({ kind: "refunded", amount: "2.5000", code: "BTY" });
    expect(packetPhase(book.view(PID), NOW)).toBe("expired");
  });

  it("knows a refund's coin from the coins list when the packet was never loaded", () => {
    const { book, notify } = setup();
    book.learnCoins([{ coin: 2, code: "YCC" }]);
    book.onFrame({ eventType: 51, packetId: PID, coin: 2, amount: "1.0000", shares: 1 } as ServerFrame);
    expect(notify).toHaveBeenCalledWith({ kind: "refunded", amount: "1.0000", code: "YCC" });
    expect(book.view(PID)).toBeUndefined();
  });

  it("leaves other frames alone", () => {
    const { book } = setup();
    expect(book.onFrame({ eventType: 45, friendId: "8" } as ServerFrame)).toBe(false);
  });

  it("keeps a send's msgId when its answer was lost, and starts afresh after an answer", async () => {
    const send = vi.fn().mockRejectedValueOnce(new TypeError("Failed to fetch")).mockRejectedValueOnce(apiError(-1001, "Invalid parameter. (the balance is too low for 9 BTY)"));
    send.mockResolvedValue({ packetId: PID, packetUrl: "", coin: 1, total: "1.0000", count: 1, entry: {} });
    const { book } = setup({ send: { mutate: send } });
    const first = book.draftMsgId("3:8");
    await expect(book.send("3:8", { msgId: first, channelType: 3, targetId: "8", coin: 1, type: 2, count: 1, total: "1" })).rejects.toThrow();
    expect(book.draftMsgId("3:8")).toBe(first); // the retry can never send twice
    await expect(book.send("3:8", { msgId: first, channelType: 3, targetId: "8", coin: 1, type: 2, count: 1, total: "9" })).rejects.toThrow();
    const second = book.draftMsgId("3:8"); // refused: nothing was written, the next is a new send
    expect(second).not.toBe(first);
    await book.send("3:8", { msgId: second, channelType: 3, targetId: "8", coin: 1, type: 2, count: 1, total: "1" });
    expect(book.draftMsgId("3:8")).not.toBe(second);
    expect(book.draftMsgId("2:55")).not.toBe(book.draftMsgId("3:8")); // one per chat
  });

  it("puts notices of a packet I just sent into the chat it was sent from", async () => {
    const { book } = setup();
    await book.send("1:4", { msgId: "m", channelType: 1, targetId: "4", coin: 1, type: 1, count: 2, total: "1" });
    book.onFrame(claimed({ senderId: ME, channelType: 1 }) as ServerFrame);
    expect(book.getSnapshot().notices["1:4"]).toHaveLength(1);
  });
});
