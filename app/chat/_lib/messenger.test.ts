// The messenger without React or a network: the list (pinned first, unread, previews), read
// marks only while the chat is on screen, the peer's read ticks, friend requests with their
// badge, catch-up after a reconnect, and the end of the session.
import { describe, expect, it, vi } from "vitest";
import type { ServerFrame } from "../../../server/protocol/frames";
import type { StoredEntry } from "../../_lib/conversation-store";
import type { LiveClientOptions } from "../../_lib/live-client";
import type { TApply, TFriend } from "../../_lib/member-api";
import type { ApiClient } from "../../_lib/trpc";
import { Messenger, titleUnread } from "./messenger";

const ME = "7";

function friend(id: string, name: string, extra: Partial<TFriend> = {}): TFriend {
  return { addTime: 1000 + Number(id), id, name, avatar: "", remark: "", noDisturbing: 2, onTop: 2, isDelete: 1, markId: `1000000${id}`, ...extra };
}

function log(logId: string, from: string, to: string, content: string): StoredEntry {
  return {
    logId,
    msgId: `m-${logId}`,
    channelType: 3,
    fromId: from,
    fromType: "member",
    targetId: to,
    msgType: 1,
    msg: { content },
    datetime: 10_000 + Number(logId),
    senderInfo: { nickname: from, avatar: "" },
  };
}

function apply(id: string, from: { id: string; name: string }, to: { id: string; name: string }, status: 1 | 2 | 3): TApply {
  return {
    id,
    type: 2,
    senderInfo: { ...from, avatar: "", position: "" },
    receiveInfo: { ...to, avatar: "", position: "" },
    applyReason: "hi",
    status,
    datetime: 5,
  };
}

async function setup(opts: { friends?: TFriend[]; unread?: { id: string; number: number; lastLog: StoredEntry | null }[]; requests?: TApply[]; chatLog?: () => unknown } = {}) {
  const friends = opts.friends ?? [friend("8", "Ken"), friend("9", "Ana")];
  const api = {
    user: { tokenLogin: { mutate: vi.fn(async () => ({ account: "13800000011", id: ME, uid: "20000007", user_level: 1, avatar: "", username: "Mei", verified: 1 })) } },
    friend: {
      list: { query: vi.fn(async () => ({ userList: friends })) },
      unread: { query: vi.fn(async () => ({ infos: opts.unread ?? [] })) },
      chatLog: { query: vi.fn(async () => (opts.chatLog ? opts.chatLog() : { logs: [], nextLog: null, viewerCan: { send: true, recall: true, delete: true }, recallWindowMs: 120_000 })) },
      response: { mutate: vi.fn(async () => ({})) },
      stickyOnTop: { mutate: vi.fn(async () => ({})) },
      setNoDisturbing: { mutate: vi.fn(async () => ({})) },
      delete: { mutate: vi.fn(async () => ({})) },
    },
    chat33: { applyList: { query: vi.fn(async () => ({ applyList: opts.requests ?? [], totalNumber: 0, nextId: "" })) } },
  };
  let liveOpts!: LiveClientOptions;
  const live = {
    locale: "en",
    request: vi.fn(async (f: Record<string, unknown>) => ({ ...f, code: 0 }) as unknown as ServerFrame),
    cancel: vi.fn(),
    start: vi.fn(),
    stop: vi.fn(),
    setActive: vi.fn(),
  };
  const m = new Messenger({
    api: api as unknown as ApiClient,
    locale: () => "en",
    words: { newRequest: (n) => `${n} wants to be your friend.`, requestAccepted: (n) => `${n} accepted.` },
    createLive: (o) => {
      liveOpts = o;
      return live as never;
    },
  });
  await m.start();
  await flush();
  const frame = (f: unknown) => liveOpts.onFrame(f as ServerFrame);
  const hello = () => liveOpts.onOpen?.({ eventType: 100, role: "member", userId: ME, siteIds: [], serverTime: Date.now() } as never);
  hello();
  return { m, api, live, frame, hello, liveOpts: () => liveOpts };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};
const names = (m: Messenger) => m.getSnapshot().rows.map((r) => `${r.friend.name}:${r.unread}`);

describe("the conversation list", () => {
  it("puts pinned chats first, then the most recent; deleted friends are not listed", async () => {
    const { m } = await setup({
      friends: [friend("8", "Ken"), friend("9", "Ana", { onTop: 1 }), friend("10", "Old", { isDelete: 2 }), friend("11", "Lee")],
      unread: [
        { id: "8", number: 2, lastLog: log("30", "8", ME, "newest") },
        { id: "11", number: 0, lastLog: log("20", ME, "11", "older") },
        { id: "9", number: 0, lastLog: null },
      ],
    });
    expect(names(m)).toEqual(["Ana:0", "Ken:2", "Lee:0"]);
    expect(titleUnread(m.getSnapshot().rows)).toBe(2);
  });

  it("a live message moves its chat up and counts as unread while that chat is not on screen", async () => {
    const { m, frame } = await setup();
    frame({ eventType: 0, ...log("40", "9", ME, "hello from Ana") });
    expect(names(m)).toEqual(["Ana:1", "Ken:0"]);
    expect(m.getSnapshot().rows[0].lastLog?.msg.content).toBe("hello from Ana");
    expect(titleUnread(m.getSnapshot().rows)).toBe(1);
    // muted chats keep their count, but the tab title leaves them out
    await m.setMuted("9", true);
    expect(names(m)).toEqual(["Ana:1", "Ken:0"]);
    expect(titleUnread(m.getSnapshot().rows)).toBe(0);
  });
});

describe("read marks", () => {
  it("are sent (eventType 44) only for the chat on screen while the page is visible", async () => {
    const { m, live, frame } = await setup({ unread: [{ id: "8", number: 1, lastLog: log("31", "8", ME, "unread one") }] });
    m.setVisible(false);
    m.open("8");
    await flush();
    expect(live.request).not.toHaveBeenCalled();
    m.setVisible(true);
    await flush();
    expect(live.request).toHaveBeenCalledWith({ eventType: 44, channelType: 3, targetId: "8", logId: "31" });
    expect(names(m)).toEqual(["Ken:0", "Ana:0"]);
    // a new message while looking is read at once
    frame({ eventType: 0, ...log("32", "8", ME, "more") });
    await flush();
    expect(live.request).toHaveBeenLastCalledWith({ eventType: 44, channelType: 3, targetId: "8", logId: "32" });
    expect(names(m)[0]).toBe("Ken:0");
    // another chat's message is not
    frame({ eventType: 0, ...log("33", "9", ME, "from Ana") });
    expect(live.request).toHaveBeenCalledTimes(2);
    expect(names(m)).toContain("Ana:1");
  });

  it("the friend's 44 moves my read ticks; my own 44 from another device clears the unread count", async () => {
    const { m, frame } = await setup({ unread: [{ id: "9", number: 3, lastLog: log("50", "9", ME, "x") }] });
    const store = m.open("8")!;
    await flush();
    frame({ eventType: 44, channelType: 3, targetId: ME, readerId: "8", logId: "45" });
    expect(store.getSnapshot().peerReadId).toBe("45");
    frame({ eventType: 44, channelType: 3, targetId: "9", readerId: ME, logId: "50" });
    expect(names(m)).toContain("Ana:0");
  });
});

describe("friend requests", () => {
  it("count the waiting ones to me; a live 31 adds one with a toast; accepting refreshes friends", async () => {
    const { m, api, frame } = await setup({
      requests: [apply("1", { id: "20", name: "Zoe" }, { id: ME, name: "Mei" }, 1), apply("2", { id: ME, name: "Mei" }, { id: "21", name: "Yan" }, 1)],
    });
    expect(m.getSnapshot().pendingRequests).toBe(1);
    frame({ eventType: 31, id: 3, type: 2, senderInfo: { id: "22", name: "Ana B", avatar: "", position: "" }, receiveInfo: { id: ME, name: "Mei", avatar: "", position: "" }, applyReason: "hey", status: 1, datetime: 9 });
    expect(m.getSnapshot().pendingRequests).toBe(2);
    expect(m.getSnapshot().requests[0].id).toBe("3");
    expect(m.getSnapshot().toast?.text).toBe("Ana B wants to be your friend.");

    const listCalls = api.friend.list.query.mock.calls.length;
    // Yan accepted my request
    frame({ eventType: 31, id: 2, type: 2, senderInfo: { id: ME, name: "Mei", avatar: "", position: "" }, receiveInfo: { id: "21", name: "Yan", avatar: "", position: "" }, applyReason: "hi", status: 3, datetime: 9 });
    await flush();
    expect(m.getSnapshot().toast?.text).toBe("Yan accepted.");
    expect(api.friend.list.query.mock.calls.length).toBe(listCalls + 1);

    await m.respond("20", true);
    expect(api.friend.response.mutate).toHaveBeenCalledWith({ id: "20", agree: 1 });
  });
});

describe("after a reconnect", () => {
  it("catches up every open chat with afterId, and asks for fresh counts", async () => {
    let page = 0;
    const { m, api, hello } = await setup({
      chatLog: () => (page++ === 0 ? { logs: [log("60", "8", ME, "before")], nextLog: null } : { logs: [], nextLog: null }),
    });
    m.open("8");
    await flush();
    const listCalls = api.friend.list.query.mock.calls.length;
    hello(); // the socket came back
    await flush();
    const calls = api.friend.chatLog.query.mock.calls.map((c) => (c as unknown[])[0]);
    expect(calls).toContainEqual({ id: "8", afterId: "60", number: 500 });
    expect(api.friend.list.query.mock.calls.length).toBe(listCalls + 1);
  });
});

describe("the session", () => {
  it("ends with the server's words (101), then the close", async () => {
    const { m, frame, liveOpts } = await setup();
    frame({ eventType: 101, code: -1007, content: "Signed in elsewhere." });
    liveOpts().onSessionEnded?.(-1007, "signed in elsewhere");
    expect(m.getSnapshot().ended).toEqual({ code: -1007, text: "Signed in elsewhere." });
  });

  it("a deleted friend's chat closes and leaves the list", async () => {
    const { m, api } = await setup();
    m.open("8");
    await m.deleteFriend("8");
    expect(api.friend.delete.mutate).toHaveBeenCalledWith({ id: "8" });
    expect(m.getSnapshot().activeKey).toBeNull();
    expect(names(m)).toEqual(["Ana:0"]);
  });

  it("a friend who deletes me (event 45) leaves the list at once, and their open chat closes", async () => {
    const friends = [friend("8", "Ken"), friend("9", "Ana")];
    const { m, api, frame } = await setup({ friends });
    m.open("8");
    // the server no longer lists Ken
    api.friend.list.query.mockImplementation(async () => ({ userList: [friend("8", "Ken", { isDelete: 2 }), friend("9", "Ana")] }));
    frame({ eventType: 45, friendId: "8" });
    await flush();
    expect(m.getSnapshot().activeKey).toBeNull();
    expect(names(m)).toEqual(["Ana:0"]);
  });

  it("pinning reorders at once", async () => {
    const { m } = await setup({ friends: [friend("8", "Ken", { addTime: 2 }), friend("9", "Ana", { addTime: 1 })] });
    expect(names(m)).toEqual(["Ken:0", "Ana:0"]);
    await m.setPinned("9", true);
    expect(names(m)).toEqual(["Ana:0", "Ken:0"]);
  });
});
