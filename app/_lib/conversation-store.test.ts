// ConversationStore without React or a network: what it shows, what it sends, and what it
// reports for the outbox a reload finds.
import { describe, expect, it, vi } from "vitest";
import { MAX_TEXT_LENGTH, type LogEntry, type MessageFrame } from "../../server/protocol/frames";
import { ConversationStore, type OutboxChange } from "./conversation-store";
import { LiveError, type LiveClient } from "./live-client";
import type { ApiClient } from "./trpc";

const CONV = "42";

function stored(msgId: string, logId: string, content: string): LogEntry {
  return {
    logId,
    msgId,
    channelType: 4,
    fromId: "9",
    fromType: "visitor",
    targetId: CONV,
    msgType: 1,
    msg: { content },
    datetime: 1_000 + Number(logId),
    senderInfo: { nickname: "Visitor #9", avatar: "" },
  };
}

/** a live client whose answers the test gives by hand */
function fakeLive() {
  const waiting = new Map<string, { frame: Record<string, unknown>; resolve(f: unknown): void; reject(e: unknown): void }>();
  const live = {
    locale: "en",
    request: vi.fn((frame: Record<string, unknown>) => new Promise((resolve, reject) => waiting.set(String(frame.msgId), { frame, resolve, reject }))),
    cancel: vi.fn((ids: Iterable<string>) => {
      for (const id of ids) waiting.get(id)?.reject(new LiveError(0, "cancelled"));
    }),
  };
  const ack = (msgId: string, logId: string) => {
    const w = waiting.get(msgId)!;
    const f = w.frame as { msg: { content: string } };
    w.resolve({ eventType: 0, ...stored(msgId, logId, f.msg.content) } satisfies MessageFrame);
  };
  const refuse = (msgId: string, code: number) => waiting.get(msgId)!.reject(new LiveError(code, "refused"));
  return { live, ack, refuse, waiting };
}

function setup(history: LogEntry[] = []) {
  const { live, ack, refuse, waiting } = fakeLive();
  const api = { support: { chatLog: { query: vi.fn(async () => ({ logs: history, nextLog: null })) } } };
  const outbox: OutboxChange[] = [];
  const store = new ConversationStore({
    api: api as unknown as ApiClient,
    live: live as unknown as LiveClient,
    conversationId: CONV,
    isMine: (e) => e.fromType === "visitor",
    me: { fromType: "visitor", fromId: "9", nickname: "You" },
    onOutbox: (c) => outbox.push(c),
  });
  return { store, live, ack, refuse, waiting, outbox };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const items = (store: ConversationStore) => store.getSnapshot().items.map((it) => [it.msg.content, it.status, it.errorCode]);

describe("a text longer than the limit", () => {
  it("fails at once with -7000, is never handed to the socket, and later messages still go", async () => {
    const { store, live, ack, outbox } = setup();
    void store.sendText("x".repeat(MAX_TEXT_LENGTH + 1));
    await tick();
    expect(live.request).not.toHaveBeenCalled();
    const [failed] = store.getSnapshot().items;
    expect(failed).toMatchObject({ status: "failed", errorCode: -7000 });
    expect(failed.error).toMatch(/4001 characters; at most 4000/);
    expect(outbox.some((c) => "put" in c)).toBe(false); // nothing to resend after a reload

    const next = store.sendText("short one");
    const msgId = live.request.mock.calls[0][0].msgId as string;
    ack(msgId, "7");
    await next;
    expect(items(store)).toEqual([
      ["short one", "sent", undefined],
      ["x".repeat(MAX_TEXT_LENGTH + 1), "failed", -7000],
    ]);
  });

  it("is measured after trimming, like the server", async () => {
    const { store, live } = setup();
    void store.sendText(`  ${"y".repeat(MAX_TEXT_LENGTH)}\n\n`);
    expect(live.request).toHaveBeenCalledTimes(1);
  });
});

describe("a refused message", () => {
  it("shows its code, can be deleted, and is dropped from the outbox", async () => {
    const { store, live, refuse, outbox } = setup();
    const p = store.sendText("refused");
    const msgId = live.request.mock.calls[0][0].msgId as string;
    expect(outbox).toEqual([{ put: expect.objectContaining({ msgId, msgType: 1, msg: { content: "refused" } }) }]);
    refuse(msgId, -6000);
    await p;
    expect(items(store)).toEqual([["refused", "failed", -6000]]);
    expect(outbox[outbox.length - 1]).toEqual({ drop: msgId });
    store.remove(msgId);
    expect(store.getSnapshot().items).toEqual([]);
  });
});

describe("the outbox across a reload", () => {
  it("reports each message while it waits for its ack, and drops it when acked", async () => {
    const { store, live, ack, outbox } = setup();
    const p = store.sendText("hello");
    const msgId = live.request.mock.calls[0][0].msgId as string;
    expect(outbox).toEqual([{ put: expect.objectContaining({ msgId }) }]);
    ack(msgId, "3");
    await p;
    expect(outbox).toEqual([{ put: expect.objectContaining({ msgId }) }, { drop: msgId }]);
  });

  it("restored messages show as sending and go again with their msgId and time; one already stored is not shown twice", async () => {
    const { store, live, ack } = setup([stored("m-1", "5", "arrived before the reload")]);
    // as the widget does it: restored first, the history arrives after
    store.restore([
      { msgId: "m-1", msgType: 1, msg: { content: "arrived before the reload" }, datetime: 1_005 },
      { msgId: "m-2", msgType: 1, msg: { content: "never arrived" }, datetime: 1_006 },
    ]);
    expect(items(store)).toEqual([
      ["arrived before the reload", "sending", undefined],
      ["never arrived", "sending", undefined],
    ]);
    expect(store.getSnapshot().items[1].datetime).toBe(1_006);
    await store.loadLatest();
    await tick();
    // the history says m-1 arrived: shown once, as sent; m-2 waits
    expect(items(store)).toEqual([
      ["arrived before the reload", "sent", undefined],
      ["never arrived", "sending", undefined],
    ]);
    // m-1 went out again too (the server answers a msgId it has with the stored copy); both end up once
    expect(live.request.mock.calls.map((c) => c[0].msgId)).toEqual(["m-1", "m-2"]);
    expect(live.request.mock.calls[1][0]).toMatchObject({ msgId: "m-2", msg: { content: "never arrived" } });
    ack("m-1", "5");
    ack("m-2", "6");
    await tick();
    expect(items(store)).toEqual([
      ["arrived before the reload", "sent", undefined],
      ["never arrived", "sent", undefined],
    ]);
  });

  it("a restored message already in the history when it is restored is not sent again", async () => {
    const { store, live } = setup([stored("m-1", "5", "arrived")]);
    await store.loadLatest();
    store.restore([{ msgId: "m-1", msgType: 1, msg: { content: "arrived" }, datetime: 1_005 }]);
    expect(live.request).not.toHaveBeenCalled();
    expect(items(store)).toEqual([["arrived", "sent", undefined]]);
  });

  it("dispose takes back what was not sent (the conversation belongs to someone who signed out)", async () => {
    const { store, live, outbox } = setup();
    const p = store.sendText("not for the next person");
    const n = outbox.length;
    store.dispose();
    await p;
    expect(live.cancel).toHaveBeenCalledWith([live.request.mock.calls[0][0].msgId]);
    expect(outbox).toHaveLength(n); // the host page was told to forget them all at once
  });
});
