// ConversationStore on a member channel (friend chat, channelType 3), without React or a
// network: which messages belong to it, recall and delete for me, what the server allows,
// catch-up in big pages, read marks, and files of every kind.
import { afterEach, describe, expect, it, vi } from "vitest";
import { conversationKeyOf, friendChannel } from "./channels";
import { ConversationStore, messageForUpload, type StoredEntry } from "./conversation-store";
import { LiveError, type LiveClient } from "./live-client";
import type { ApiClient } from "./trpc";

const ME = "7";
const FRIEND = "8";

function entry(logId: string, from: string, content: string, extra: Partial<StoredEntry> = {}): StoredEntry {
  return {
    logId,
    msgId: `m-${logId}`,
    channelType: 3,
    fromId: from,
    fromType: "member",
    targetId: from === ME ? FRIEND : ME,
    msgType: 1,
    msg: { content },
    datetime: 1_000_000 + Number(logId),
    senderInfo: { nickname: from === ME ? "Mei" : "Ken", avatar: "" },
    ...extra,
  };
}

function setup(opts: { pages?: Array<{ logs: StoredEntry[]; nextLog: string | null; [k: string]: unknown }>; now?: number } = {}) {
  const pages = [...(opts.pages ?? [])];
  const waiting = new Map<string, { frame: Record<string, unknown>; resolve(f: unknown): void; reject(e: unknown): void }>();
  const live = {
    locale: "en",
    request: vi.fn((frame: Record<string, unknown>) => new Promise((resolve, reject) => waiting.set(String(frame.msgId), { frame, resolve, reject }))),
    cancel: vi.fn(),
  };
  const api = {
    friend: { chatLog: { query: vi.fn(async () => pages.shift() ?? { logs: [], nextLog: null }) } },
    chat33: { recall: { mutate: vi.fn(async () => ({})) }, delete: { mutate: vi.fn(async () => ({})) } },
  };
  const store = new ConversationStore({
    api: api as unknown as ApiClient,
    live: live as unknown as LiveClient,
    channel: friendChannel(api as unknown as ApiClient, FRIEND, ME),
    isMine: (e) => e.fromId === ME,
    me: { fromType: "member", fromId: ME, nickname: "Mei" },
    now: () => opts.now ?? 1_000_050,
  });
  return { store, live, api, waiting };
}

const texts = (s: ConversationStore) => s.getSnapshot().items.map((it) => (it.recalled ? "(recalled)" : it.msg.content));
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("a friend chat", () => {
  it("is keyed by the friend, from my side and theirs", () => {
    expect(conversationKeyOf(entry("1", ME, "x"), ME)).toBe("3:8");
    expect(conversationKeyOf(entry("2", FRIEND, "y"), ME)).toBe("3:8");
    expect(conversationKeyOf({ channelType: 4, fromId: "9", targetId: "42" }, ME)).toBe("4:42");
  });

  it("takes only its own messages: from the friend to me, and mine to the friend", () => {
    const { store } = setup();
    expect(store.receive({ ...entry("1", FRIEND, "hi"), eventType: 0 })).toBe(true);
    expect(store.receive(entry("2", "99", "someone else", { targetId: ME }))).toBe(false);
    expect(store.receive(entry("3", ME, "to another friend", { targetId: "99" }))).toBe(false);
    expect(store.receive(entry("4", FRIEND, "support", { channelType: 4 }))).toBe(false);
    expect(texts(store)).toEqual(["hi"]);
    expect(store.key).toBe("3:8");
  });

  it("sends on channel 3 to the friend's user id", async () => {
    const { store, live, waiting } = setup();
    const p = store.sendText("hello Ken");
    const frame = live.request.mock.calls[0][0];
    expect(frame).toMatchObject({ eventType: 0, channelType: 3, targetId: FRIEND, msgType: 1, msg: { content: "hello Ken" } });
    waiting.get(String(frame.msgId))!.resolve({ eventType: 0, ...entry("5", ME, "hello Ken", { msgId: String(frame.msgId) }) });
    await p;
    expect(store.getSnapshot().items.map((it) => [it.msg.content, it.status, it.logId])).toEqual([["hello Ken", "sent", "5"]]);
  });
});

describe("recall and delete for me", () => {
  const latest = (extra: Record<string, unknown> = {}) => ({
    logs: [entry("1", FRIEND, "hi"), entry("2", ME, "oops")],
    nextLog: null,
    viewerCan: { send: true, recall: true, delete: true },
    recallWindowMs: 120_000,
    ...extra,
  });

  it("offers recall on my own messages inside the server's window only, and only when the server says I may", async () => {
    const { store } = setup({ pages: [latest()], now: 1_000_002 + 119_000 });
    await store.loadLatest();
    const [theirs, mine] = store.getSnapshot().items;
    expect(store.canRecall(mine)).toBe(true);
    expect(store.canRecall(theirs)).toBe(false);
    expect(store.canHide(theirs)).toBe(true);

    const late = setup({ pages: [latest()], now: 1_000_002 + 120_001 });
    await late.store.loadLatest();
    expect(late.store.canRecall(late.store.getSnapshot().items[1])).toBe(false);

    const refused = setup({ pages: [latest({ viewerCan: { send: false, recall: false, delete: false } })] });
    await refused.store.loadLatest();
    expect(refused.store.canRecall(refused.store.getSnapshot().items[1])).toBe(false);
    expect(refused.store.canHide(refused.store.getSnapshot().items[0])).toBe(false);

    const silent = setup({ pages: [{ logs: [entry("2", ME, "oops")], nextLog: null }] });
    await silent.store.loadLatest();
    expect(silent.store.canRecall(silent.store.getSnapshot().items[0])).toBe(false); // the server did not say
  });

  it("recall asks chat33.recall with type 2 and shows the message as recalled; a late copy does not bring it back", async () => {
    const { store, api } = setup({ pages: [latest()] });
    await store.loadLatest();
    await store.recall("2");
    expect(api.chat33.recall.mutate).toHaveBeenCalledWith({ logId: "2", type: 2 });
    expect(texts(store)).toEqual(["hi", "(recalled)"]);
    store.receive(entry("2", ME, "oops"));
    expect(texts(store)).toEqual(["hi", "(recalled)"]);
    expect(store.getSnapshot().items[1].msg).toEqual({});
  });

  it("a message someone else took back (event 10's userId, or the history's recalledBy) says so; the sender's own recall does not", async () => {
    const { store } = setup({ pages: [latest()] });
    await store.loadLatest();
    store.applyRevoke("1", 1, FRIEND);
    store.applyRevoke("2", 1, "99");
    expect(store.getSnapshot().items.map((it) => [it.recalled, it.recalledBy])).toEqual([
      [true, undefined],
      [true, "99"],
    ]);
    const fromHistory = setup({ pages: [{ logs: [entry("3", ME, "", { recalled: true, msg: {}, recalledBy: "99" })], nextLog: null }] });
    await fromHistory.store.loadLatest();
    expect(fromHistory.store.getSnapshot().items[0]).toMatchObject({ recalled: true, recalledBy: "99" });
  });

  it("a failed recall throws the server's error and changes nothing", async () => {
    const { store, api } = setup({ pages: [latest()] });
    await store.loadLatest();
    api.chat33.recall.mutate.mockRejectedValueOnce(new Error("Deleting the message failed."));
    await expect(store.recall("2")).rejects.toThrow("Deleting the message failed.");
    expect(texts(store)).toEqual(["hi", "oops"]);
  });

  it("event 10 recalls (1) or removes (2); delete for me asks chat33.delete and removes", async () => {
    const { store, api } = setup({ pages: [latest()] });
    await store.loadLatest();
    expect(store.applyRevoke("1", 1)).toBe(true);
    expect(texts(store)).toEqual(["(recalled)", "oops"]);
    expect(store.applyRevoke("404", 1)).toBe(false);
    await store.hide("2");
    expect(api.chat33.delete.mutate).toHaveBeenCalledWith({ logId: "2", type: 2 });
    expect(texts(store)).toEqual(["(recalled)"]);
    store.applyRevoke("1", 2);
    expect(texts(store)).toEqual([]);
  });

  it("history shows a recalled message as recalled", async () => {
    const { store } = setup({ pages: [{ logs: [entry("1", FRIEND, "", { msg: {}, recalled: true })], nextLog: null }] });
    await store.loadLatest();
    expect(store.getSnapshot().items[0]).toMatchObject({ recalled: true, msg: {} });
  });
});

describe("catching up after a reconnect", () => {
  it("asks afterId in pages of 500 until nextLog is null, then the latest page for what changed while away", async () => {
    const { store, api } = setup({
      pages: [
        { logs: [entry("1", FRIEND, "a"), entry("2", ME, "b"), entry("3", FRIEND, "c")], nextLog: null, viewerCan: { send: true, recall: true, delete: true }, recallWindowMs: 120_000 },
        { logs: [entry("4", FRIEND, "d")], nextLog: "4" },
        { logs: [entry("5", FRIEND, "e")], nextLog: null },
        // the latest page now: 2 was recalled and 3 deleted for me (on another device) while away
        { logs: [entry("1", FRIEND, "a"), entry("2", ME, "", { msg: {}, recalled: true }), entry("4", FRIEND, "d"), entry("5", FRIEND, "e")], nextLog: null, peerReadId: "2" },
      ],
    });
    await store.loadLatest();
    await store.catchUp();
    const calls = api.friend.chatLog.query.mock.calls.map((c) => (c as unknown[])[0]);
    expect(calls).toEqual([
      { id: FRIEND, number: 30 },
      { id: FRIEND, afterId: "3", number: 500 },
      { id: FRIEND, afterId: "4", number: 500 },
      { id: FRIEND, number: 30 },
    ]);
    expect(texts(store)).toEqual(["a", "(recalled)", "d", "e"]);
    expect(store.getSnapshot().peerReadId).toBe("2");
  });
});

describe("read marks", () => {
  it("the peer's read mark comes from the latest page and live 44 frames, and only moves forward", async () => {
    const { store } = setup({ pages: [{ logs: [entry("1", ME, "a"), entry("2", ME, "b")], nextLog: null, peerReadId: "1" }] });
    await store.loadLatest();
    expect(store.getSnapshot().peerReadId).toBe("1");
    store.applyPeerRead("2");
    store.applyPeerRead("1");
    expect(store.getSnapshot().peerReadId).toBe("2");
    expect(store.lastPeerLogId).toBeNull();
    store.receive(entry("3", FRIEND, "c"));
    expect(store.lastPeerLogId).toBe("3");
  });
});

describe("files", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("makes the message each kind of upload takes", () => {
    expect(messageForUpload({ url: "/uploads/aaaaaaaa", contentType: "image/png", size: 9, width: 4, height: 3, kind: "image" }, "a.png")).toEqual({
      msgType: 3,
      msg: { imageUrl: "/uploads/aaaaaaaa", width: 4, height: 3 },
    });
    expect(messageForUpload({ url: "/uploads/bbbbbbbb", contentType: "audio/ogg", size: 9, kind: "audio" }, "v.ogg", { durationSec: 4.4 })).toEqual({
      msgType: 2,
      msg: { mediaUrl: "/uploads/bbbbbbbb", time: 4 },
    });
    expect(messageForUpload({ url: "/uploads/cccccccc", contentType: "video/mp4", size: 9, kind: "video" }, "c.mp4", { durationSec: 12, width: 640, height: 360 })).toEqual({
      msgType: 5,
      msg: { mediaUrl: "/uploads/cccccccc", time: 12, width: 640, height: 360 },
    });
    expect(messageForUpload({ url: "/uploads/dddddddd", contentType: "application/pdf", size: 1234, kind: "file" }, "report.pdf")).toEqual({
      msgType: 7,
      msg: { fileUrl: "/uploads/dddddddd", name: "report.pdf", size: 1234 },
    });
    // an older server that does not say the kind: the content type decides
    expect(messageForUpload({ url: "/uploads/eeeeeeee", contentType: "image/gif", size: 9 }, "").msgType).toBe(3);
  });

  it("shows an uploading bubble at once, then sends what the server says the bytes are", async () => {
    let answer!: (r: Response) => void;
    vi.stubGlobal("fetch", vi.fn(() => new Promise<Response>((r) => (answer = r))));
    const { store, live } = setup();
    const file = new Blob(["%PDF-1.4"], { type: "application/pdf" });
    const fetchMock = fetch as unknown as ReturnType<typeof vi.fn>;
    const done = store.sendFile(file, { name: "report.pdf" });
    expect(store.getSnapshot().items[0]).toMatchObject({ uploading: true, status: "sending", msgType: 7, msg: { name: "report.pdf", size: 8 } });
    expect(fetchMock.mock.calls[0][0]).toBe("/api/upload?name=report.pdf"); // the server checks the name
    answer(new Response(JSON.stringify({ url: "/uploads/ffffffff", contentType: "application/pdf", size: 8, kind: "file", name: "report.pdf" }), { status: 200 }));
    await tick();
    await tick();
    expect(live.request).toHaveBeenCalledTimes(1);
    expect(live.request.mock.calls[0][0]).toMatchObject({ channelType: 3, targetId: FRIEND, msgType: 7, msg: { fileUrl: "/uploads/ffffffff", name: "report.pdf", size: 8 } });
    expect(store.getSnapshot().items[0].uploading).toBeFalsy();
    live.request.mock.results[0].value.catch(() => {});
    void done;
  });

  it("a refused upload fails with the server's words, and Retry uploads the same file again", async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ appCode: -7000, message: "The message content is not valid. (too large)" }), { status: 413 }));
    vi.stubGlobal("fetch", fetchMock);
    const { store, live } = setup();
    await store.sendFile(new Blob(["x"], { type: "video/mp4" }), { name: "big.mp4" });
    const [failed] = store.getSnapshot().items;
    expect(failed).toMatchObject({ status: "failed", errorCode: -7000, error: "The message content is not valid. (too large)", msgType: 5 });
    expect(live.request).not.toHaveBeenCalled();
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ url: "/uploads/gggggggg", contentType: "video/mp4", size: 1, kind: "video" }), { status: 200 }));
    void store.retry(failed.msgId);
    await tick();
    await tick();
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(live.request.mock.calls[0][0]).toMatchObject({ msgId: failed.msgId, msgType: 5, msg: { mediaUrl: "/uploads/gggggggg" } });
  });

  it("a message the socket refuses shows the seed code (not friends: -2018, no Retry needed)", async () => {
    const { store, live, waiting } = setup();
    const p = store.sendText("still there?");
    waiting.get(String(live.request.mock.calls[0][0].msgId))!.reject(new LiveError(-2018, "This person is not your friend."));
    await p;
    expect(store.getSnapshot().items[0]).toMatchObject({ status: "failed", errorCode: -2018, error: "This person is not your friend." });
  });
});
