// RoomState without React or a network: the open rooms with live online counts; a room on
// screen is joined (eventType 1), left (2) when it goes, joined again on a new socket before
// the outbox goes out, and caught up after every join; closed (4), deleted (5), opened (7);
// muted in the room (3 with groupId, or -2007 on a send) with a toast and until when; a send
// refused because the socket was not in the room goes again once it is; and what the
// composer is (roomBlock).
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it, vi } from "vitest";
import type { ServerFrame } from "../../server/protocol/frames";
import type { StoredEntry } from "./conversation-store";
import { LiveError } from "./live-client";
import type { TRoomInfo } from "./room-api";
import { muteEnd, roomBlock, RoomState, type RoomLive, type RoomNotice, type RoomView } from "./room-state";
import type { ApiClient } from "./trpc";

const ME = "7";

function room(id: string, name: string, extra: Partial<TRoomInfo> = {}): TRoomInfo {
  return { groupId: id, groupName: name, avatar: "", description: "", createTime: 1, openTime: 1, closeTime: 0, status: 1, totalNumber: 3, userNumber: 2, visitorNumber: 1, packetSenders: 1, ...extra };
}

function log(logId: string, from: string, roomId: string, content: string): StoredEntry {
  return {
    logId,
    msgId: `m-${logId}`,
    channelType: 1,
    fromId: from,
    fromType: "member",
    targetId: roomId,
    msgType: 1,
    msg: { content },
    datetime: 10_000 + Number(logId),
    senderInfo: { nickname: `N${from}`, avatar: "" },
  };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

type Req = { frame: Record<string, unknown>; resolve(f: unknown): void; reject(e: unknown): void };

function setup(opts: { rooms?: TRoomInfo[]; info?: (id: string) => TRoomInfo & { viewerCan?: { join: boolean; send: boolean; manage: boolean } }; history?: () => { logs: StoredEntry[]; nextLog: string | null; mutedUntil?: number; viewerCan?: { send: boolean; recall: boolean; recallAny: boolean; delete: boolean } }; guest?: boolean; now?: number } = {}) {
  const rooms = opts.rooms ?? [room("40", "Lobby"), room("41", "Night owls", { totalNumber: 0, userNumber: 0, visitorNumber: 0 })];
  const requests: Req[] = [];
  const live = {
    locale: "en",
    request: vi.fn((frame: Record<string, unknown>) => new Promise((resolve, reject) => requests.push({ frame, resolve, reject }))),
    cancel: vi.fn(),
  };
  const api = {
    chatRoom: {
      list: { query: vi.fn(async () => ({ groups: rooms })) },
      info: { query: vi.fn(async ({ groupId }: { groupId: string }) => (opts.info ? opts.info(groupId) : { ...rooms.find((r) => r.groupId === groupId)!, viewerCan: { join: true, send: !opts.guest, manage: false } })) },
      getGroupChatHistory: { query: vi.fn(async () => (opts.history ? opts.history() : { logs: [], nextLog: null, mutedUntil: 0, viewerCan: { send: true, recall: true, recallAny: false, delete: false } })) },
    },
  };
  const notices: RoomNotice[] = [];
  const rs = new RoomState({
    api: api as unknown as ApiClient,
    live: () => live as unknown as RoomLive,
    me: () => ({ id: ME, nickname: "Mei", avatar: "", guest: opts.guest }),
    now: () => opts.now ?? 50_000,
    notify: (n) => notices.push(n),
  });
  /** the requests of one eventType, in the order written */
  const sent = (eventType: number) => requests.filter((r) => r.frame.eventType === eventType);
  /** the server answers the last join (or leave) for a room */
  const answer = (eventType: number, groupId: string, code = 0) => {
    const r = [...sent(eventType)].reverse().find((x) => x.frame.groupId === groupId)!;
    if (code) r.reject(new LiveError(code, code === -5000 ? "Chat room not found. (the room is closed)" : `code ${code}`));
    else r.resolve({ eventType, msgId: r.frame.msgId, code: 0, content: "", groupId });
  };
  return { rs, api, live, requests, sent, answer, notices };
}

const frame = (f: Record<string, unknown>) => f as unknown as ServerFrame;

/** an API error as the tRPC client gives it, with the seed code the server sent */
function apiError(appCode: number, message: string) {
  return Object.assign(new TRPCClientError(message), { data: { appCode } });
}

describe("the list of open rooms", () => {
  it("lists open rooms with their online counts, live", async () => {
    const { rs, api } = setup({ rooms: [room("40", "Lobby"), room("42", "Closed one", { status: 2 })] });
    await rs.load();
    expect(api.chatRoom.list.query).toHaveBeenCalledWith({ groupStatus: 1 });
    expect(rs.getSnapshot().rows.map((r) => [r.room.groupName, r.online])).toEqual([["Lobby", 3]]);
    expect(rs.onFrame(frame({ eventType: 24, groupId: "40", number: "12", userNumber: "9", visitorNumber: "3", datetime: 1 }))).toBe(true);
    expect(rs.row("40")?.online).toBe(12);
  });

  it("a room opened (7) appears; a deleted one (5) goes; a closed one (4) says so", async () => {
    const { rs } = setup();
    await rs.load();
    rs.onFrame(frame({ eventType: 7, groupId: 43, groupName: "Book club", avatar: "", description: "Read along", createTime: 1, openTime: 2, closeTime: 0, status: 0, totalNumber: 0, userNumber: 0, visitorNumber: 0, datetime: 2 }));
    expect(rs.getSnapshot().rows.map((r) => r.room.groupName)).toEqual(["Book club", "Lobby", "Night owls"]);
    expect(rs.row("43")?.room.status).toBe(1);
    rs.onFrame(frame({ eventType: 5, groupId: "41", datetime: 3 }));
    expect(rs.row("41")).toBeUndefined();
    rs.onFrame(frame({ eventType: 4, groupId: "40", datetime: 4 }));
    expect(rs.row("40")?.room.status).toBe(2);
  });

  it("leaves a group's frames alone (24 and 3 of a group carry roomId / channelType 2)", () => {
    const { rs } = setup();
    expect(rs.onFrame(frame({ eventType: 24, roomId: "5", number: "2", datetime: 1 }))).toBe(false);
    expect(rs.onFrame(frame({ eventType: 3, channelType: 2, targetId: "5", mutedTime: 1, mutedLastTime: 2, datetime: 1 }))).toBe(false);
    expect(rs.onFrame(frame({ eventType: 3, mutedTime: 1, mutedLastTime: 2, datetime: 1 }))).toBe(false); // a global mute: the messenger's
    expect(rs.onFrame(frame({ ...log("9", "8", "5", "hi"), eventType: 0, channelType: 2 }))).toBe(false);
  });
});

describe("a room on screen", () => {
  it("joins it, reads its history, catches up after the join, and leaves it when it goes", async () => {
    const { rs, api, sent, answer } = setup();
    await rs.load();
    const store = rs.show("40")!;
    expect(sent(1).map((r) => r.frame)).toEqual([{ eventType: 1, groupId: "40" }]);
    // what the list knew stands in at once: the composer is there before the info answers
    expect(rs.getSnapshot().views["40"]).toMatchObject({ phase: "open", join: "joining", online: { total: 3 } });
    await flush();
    expect(api.chatRoom.info.query).toHaveBeenCalledWith({ groupId: "40" });
    expect(api.chatRoom.getGroupChatHistory.query).toHaveBeenCalledWith({ id: "40", number: 30 });
    answer(1, "40");
    await flush();
    expect(rs.getSnapshot().views["40"].join).toBe("joined");
    // what was said between the first page and the join: the store asks for the latest page again (nothing to go after yet)
    expect(api.chatRoom.getGroupChatHistory.query).toHaveBeenCalledTimes(2);

    // live messages of the room go to its store
    expect(rs.onFrame(frame({ eventType: 0, ...log("100", "8", "40", "hello room") }))).toBe(true);
    expect(store.getSnapshot().items.map((i) => i.msg.content)).toEqual(["hello room"]);
    expect(store.getSnapshot().items[0].mine).toBe(false);

    rs.hide("40");
    expect(sent(2).map((r) => r.frame)).toEqual([{ eventType: 2, groupId: "40" }]);
    expect(rs.getSnapshot().views["40"].join).toBe("idle");
  });

  it("joins again on a new socket — before the outbox goes — and catches up with afterId", async () => {
    const { rs, api, sent, answer } = setup({ history: () => ({ logs: [log("100", "8", "40", "first")], nextLog: null }) });
    rs.show("40");
    answer(1, "40");
    await flush();
    api.chatRoom.getGroupChatHistory.query.mockClear();
    rs.onHello(); // the live client's new socket said hello
    expect(sent(1)).toHaveLength(2);
    expect(rs.getSnapshot().views["40"].join).toBe("joining");
    answer(1, "40");
    await flush();
    expect(api.chatRoom.getGroupChatHistory.query).toHaveBeenCalledWith({ id: "40", afterId: "100", number: 500 });
    expect(rs.getSnapshot().views["40"].join).toBe("joined");
  });

  it("does not join twice when the first join still waits in the outbox, or when shown again", async () => {
    const { rs, sent, answer } = setup();
    rs.show("40");
    rs.onHello();
    rs.show("40");
    expect(sent(1)).toHaveLength(1);
    answer(1, "40");
    await flush();
    rs.show("40"); // the screen drew it again (new props): still in
    expect(sent(1)).toHaveLength(1);
  });

  it("a join refused with -5000: the info says the room is closed, the composer goes", async () => {
    const { rs, sent, answer } = setup({ rooms: [room("40", "Lobby")], info: (id) => ({ ...room(id, "Lobby", { status: 2 }), viewerCan: { join: false, send: false, manage: false } }) });
    const store = rs.show("40")!;
    answer(1, "40", -5000);
    await flush();
    const view = rs.getSnapshot().views["40"];
    expect(view.phase).toBe("closed");
    expect(roomBlock(view, store.getSnapshot(), 50_000, false)).toEqual({ kind: "closed" });
    // a closed room on screen is not joined again when shown again
    rs.hide("40");
    rs.show("40");
    expect(sent(1)).toHaveLength(1);
  });

  it("closed live (4): the view says so and nothing more is sent; opened again (7): joined again", async () => {
    const { rs, sent, answer, notices } = setup();
    await rs.load();
    rs.show("40");
    answer(1, "40");
    await flush();
    rs.onFrame(frame({ eventType: 4, groupId: "40", datetime: 5 }));
    expect(rs.getSnapshot().views["40"].phase).toBe("closed");
    expect(notices).toContainEqual({ kind: "closed", roomId: "40", name: "Lobby" });
    rs.onFrame(frame({ eventType: 7, ...room("40", "Lobby"), status: 0, datetime: 6 }));
    expect(rs.getSnapshot().views["40"].phase).toBe("open");
    expect(sent(1)).toHaveLength(2);
    expect(notices).toContainEqual({ kind: "opened", roomId: "40", name: "Lobby" });
  });

  it("deleted live (5): gone from the list; the open view says so until it is left", async () => {
    const { rs, notices } = setup();
    await rs.load();
    const store = rs.show("40")!;
    rs.onFrame(frame({ eventType: 5, groupId: "40", datetime: 5 }));
    expect(rs.row("40")).toBeUndefined();
    expect(rs.getSnapshot().views["40"].phase).toBe("deleted");
    expect(roomBlock(rs.getSnapshot().views["40"], store.getSnapshot(), 50_000, false)).toEqual({ kind: "deleted" });
    expect(notices).toContainEqual({ kind: "deleted", roomId: "40", name: "Lobby" });
    rs.hide("40");
    expect(rs.getSnapshot().views["40"]).toBeUndefined();
  });

  it("a room that does not exist (info -5000) is missing; a network failure is not", async () => {
    let fail: Error = apiError(-5000, "Chat room not found.");
    const { rs } = setup({
      info: () => {
        throw fail;
      },
    });
    rs.show("99");
    await flush();
    expect(rs.getSnapshot().views["99"]).toMatchObject({ phase: "missing", error: null });
    fail = new Error("Failed to fetch");
    rs.show("98");
    await flush();
    expect(rs.getSnapshot().views["98"]).toMatchObject({ phase: null, error: "Failed to fetch" });
  });
});

describe("muted in a room", () => {
  it("event 3 with groupId: a toast, and the composer says until when; lifting it gives it back", async () => {
    const { rs, notices } = setup({ now: 50_000 });
    await rs.load();
    const store = rs.show("40")!;
    await flush();
    expect(rs.onFrame(frame({ eventType: 3, groupId: "40", mutedTime: 50_000, mutedLastTime: 600_000, datetime: 50_000 }))).toBe(true);
    expect(notices).toContainEqual({ kind: "muted", roomId: "40", name: "Lobby", until: 650_000 });
    expect(roomBlock(rs.getSnapshot().views["40"], store.getSnapshot(), 50_000, false)).toEqual({ kind: "muted", until: 650_000 });
    rs.onFrame(frame({ eventType: 3, groupId: "40", mutedTime: 60_000, mutedLastTime: 0, datetime: 60_000 }));
    expect(notices).toContainEqual({ kind: "unmuted", roomId: "40", name: "Lobby" });
    expect(rs.getSnapshot().views["40"].mutedUntil).toBe(0);
  });

  it("-2007 on a send: the history says until when, and a toast says it", async () => {
    let mutedUntil = 0;
    const { rs, requests, answer, notices } = setup({ history: () => ({ logs: [], nextLog: null, mutedUntil, viewerCan: { send: true, recall: true, recallAny: false, delete: false } }) });
    await rs.load();
    const store = rs.show("40")!;
    answer(1, "40");
    await flush();
    void store.sendText("can I speak?");
    const send = requests.find((r) => r.frame.eventType === 0)!;
    expect(send.frame).toMatchObject({ channelType: 1, targetId: "40", msgType: 1, msg: { content: "can I speak?" } });
    mutedUntil = 900_000;
    send.reject(new LiveError(-2007, "You are muted. (until …)"));
    await flush();
    expect(notices).toContainEqual({ kind: "muted", roomId: "40", name: "Lobby", until: 900_000 });
    expect(roomBlock(rs.getSnapshot().views["40"], store.getSnapshot(), 50_000, false)).toEqual({ kind: "muted", until: 900_000 });
  });

  it("a mute without an end says no date", () => {
    const view: RoomView = { roomId: "1", info: null, loading: false, error: null, phase: "open", join: "joined", joinError: null, online: null, mutedUntil: 9e15 };
    expect(roomBlock(view, null, 1, false)).toEqual({ kind: "muted", until: null });
    expect(muteEnd({ mutedTime: 10, mutedLastTime: 5 })).toBe(15);
    expect(muteEnd({ mutedTime: 10, mutedLastTime: 0 })).toBe(0);
  });
});

describe("a send refused because this socket was not in the room (-5001)", () => {
  it("joins again and sends it once more", async () => {
    const { rs, requests, sent, answer } = setup();
    const store = rs.show("40")!;
    answer(1, "40");
    await flush();
    void store.sendText("are you there?");
    const first = requests.find((r) => r.frame.eventType === 0)!;
    first.reject(new LiveError(-5001, "You have not entered this chat room."));
    await flush();
    expect(sent(1)).toHaveLength(2);
    answer(1, "40");
    await flush();
    const again = requests.filter((r) => r.frame.eventType === 0);
    expect(again).toHaveLength(2);
    expect(again[1].frame.msgId).toBe(first.frame.msgId); // the same message, stored once
    // refused again: no loop
    again[1].reject(new LiveError(-5001, "You have not entered this chat room."));
    await flush();
    expect(sent(1)).toHaveLength(2);
    expect(store.getSnapshot().items[0].status).toBe("failed");
  });
});

describe("what the composer is", () => {
  const base: RoomView = { roomId: "1", info: null, loading: false, error: null, phase: "open", join: "joined", joinError: null, online: null, mutedUntil: 0 };
  it("follows the server: phase first, then a guest, a failed join, a mute, viewerCan", () => {
    expect(roomBlock(undefined, null, 1, false)).toEqual({ kind: "loading" });
    expect(roomBlock({ ...base, phase: null }, null, 1, false)).toEqual({ kind: "loading" });
    expect(roomBlock({ ...base, phase: null, error: "offline" }, null, 1, false)).toBeNull();
    expect(roomBlock({ ...base, phase: "missing" }, null, 1, true)).toEqual({ kind: "missing" });
    expect(roomBlock({ ...base, phase: "closed" }, null, 1, true)).toEqual({ kind: "closed" });
    expect(roomBlock(base, null, 1, true)).toEqual({ kind: "guest" });
    expect(roomBlock({ ...base, join: "failed", joinError: "nope" }, null, 1, false)).toEqual({ kind: "joinFailed", text: "nope" });
    expect(roomBlock(base, { viewerCan: { send: false, recall: false, delete: false }, mutedUntil: 0 }, 1, false)).toEqual({ kind: "cannotSend" });
    expect(roomBlock(base, { viewerCan: { send: true, recall: false, delete: false }, mutedUntil: 5 }, 10, false)).toBeNull(); // a mute that ended
    expect(roomBlock(base, { viewerCan: { send: true, recall: false, delete: false }, mutedUntil: 0 }, 1, false)).toBeNull();
  });

  it("a guest's messages are never theirs", async () => {
    const { rs } = setup({ guest: true });
    const store = rs.show("40")!;
    rs.onFrame(frame({ eventType: 0, ...log("5", ME, "40", "same id as mine") }));
    expect(store.getSnapshot().items[0].mine).toBe(false);
  });
});
