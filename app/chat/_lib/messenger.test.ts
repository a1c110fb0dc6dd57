// The messenger without React or a network: the list (pinned first, unread, previews), read
// marks only while the chat is on screen, the peer's read ticks, friend requests with their
// badge, catch-up after a reconnect, and the end of the session. Groups: beside friends in the
// list, their unread counts, the live group events (20 joined, 21 left / kicked, 22 dissolved,
// 23 applications, 24 online, 3 muted) and what a kicked member sees.
import { describe, expect, it, vi } from "vitest";
import type { ServerFrame } from "../../../server/protocol/frames";
import type { StoredEntry } from "../../_lib/conversation-store";
import type { LiveClientOptions } from "../../_lib/live-client";
import type { TApply, TFriend, TGroupInfo, TGroupItem, TGroupMember } from "../../_lib/member-api";
import type { TRoomInfo } from "../../_lib/room-api";
import type { ApiClient } from "../../_lib/trpc";
import { mergedList, Messenger, titleUnread } from "./messenger";

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

function group(id: string, name: string, extra: Partial<TGroupItem> = {}): TGroupItem {
  return { id, markId: `2000000${id}`, name, avatar: "", noDisturbing: 2, commonlyUsed: 1, onTop: 2, memberLevel: 1, memberNumber: 3, interior: 0, siteId: null, ...extra };
}

function member(id: string, nickname: string, level = 1, extra: Partial<TGroupMember> = {}): TGroupMember {
  return { id, nickname, roomNickname: "", avatar: "", memberLevel: level, mutedUntil: 0, online: false, ...extra };
}

const NO_CAN = { invite: true, approve: false, setPermission: false, setLevel: false, muteAll: false, dissolve: false, leave: true, kick: [], mute: [] };

function info(id: string, name: string, extra: Partial<TGroupInfo> = {}): TGroupInfo {
  return {
    id,
    markId: `2000000${id}`,
    name,
    avatar: "",
    onlineNumber: 1,
    memberNumber: 3,
    memberLimit: 500,
    noDisturbing: 2,
    onTop: 2,
    memberLevel: 1,
    canAddFriend: 1,
    joinPermission: 1,
    mutedAll: 2,
    mutedUntil: 0,
    interior: 0,
    users: [member("20", "Zoe", 3), member(ME, "Mei"), member("8", "Ken")],
    can: NO_CAN,
    ...extra,
  };
}

/** a message in a group (channelType 2: every member's message targets the group) */
function glog(logId: string, from: string, room: string, content: string, extra: Partial<StoredEntry> = {}): StoredEntry {
  return { ...log(logId, from, room, content), channelType: 2, targetId: room, ...extra };
}

function notice(logId: string, room: string, event: string, operatorId: string, userIds: string[], names: Record<string, string>): StoredEntry {
  return glog(logId, operatorId, room, "", { fromType: "system", msgType: 6, msg: { content: `${event}`, event, operatorId, userIds, names } });
}

async function setup(
  opts: {
    friends?: TFriend[];
    unread?: { id: string; number: number; lastLog: StoredEntry | null }[];
    requests?: TApply[];
    chatLog?: () => unknown;
    groups?: TGroupItem[];
    groupUnread?: { id: string; number: number; lastLog: StoredEntry | null }[];
    groupInfo?: (roomId: string) => TGroupInfo;
    groupChatLog?: () => unknown;
    rooms?: TRoomInfo[];
  } = {},
) {
  const friends = opts.friends ?? [friend("8", "Ken"), friend("9", "Ana")];
  let groups = opts.groups ?? [];
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
    group: {
      list: { query: vi.fn(async () => ({ roomList: groups })) },
      unread: { query: vi.fn(async () => ({ infos: opts.groupUnread ?? [] })) },
      info: { query: vi.fn(async ({ roomId }: { roomId: string }) => (opts.groupInfo ? opts.groupInfo(roomId) : info(roomId, groups.find((g) => g.id === roomId)?.name ?? "?"))) },
      chatLog: {
        query: vi.fn(async () =>
          opts.groupChatLog ? opts.groupChatLog() : { logs: [], nextLog: null, viewerCan: { send: true, recall: true, recallAny: false, delete: true }, recallWindowMs: 120_000, mutedUntil: 0 },
        ),
      },
      joinRoomApprove: { mutate: vi.fn(async () => ({})) },
      kickOut: { mutate: vi.fn(async () => ({})) },
      setNoDisturbing: { mutate: vi.fn(async () => ({})) },
      stickyOnTop: { mutate: vi.fn(async () => ({})) },
    },
    chatRoom: {
      list: { query: vi.fn(async () => ({ groups: opts.rooms ?? [] })) },
      info: { query: vi.fn(async ({ groupId }: { groupId: string }) => ({ ...(opts.rooms ?? []).find((r) => r.groupId === groupId)!, viewerCan: { join: true, send: true, manage: false } })) },
      getGroupChatHistory: { query: vi.fn(async () => ({ logs: [], nextLog: null, mutedUntil: 0, viewerCan: { send: true, recall: true, recallAny: false, delete: false } })) },
    },
  };
  const setGroups = (g: TGroupItem[]) => (groups = g);
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
    words: {
      newRequest: (n) => `${n} wants to be your friend.`,
      requestAccepted: (n) => `${n} accepted.`,
      groupKicked: (g) => `You were removed from ${g}.`,
      groupDissolved: (g) => `${g} was dissolved.`,
      groupAdded: (g) => `You were added to ${g}.`,
      groupApplication: (n, g) => `${n} asks to join ${g}.`,
      muted: (until) => `Muted until ${until}.`,
      unmuted: () => "Unmuted.",
      room: (n) => `${n.kind} ${n.name}${n.kind === "muted" ? ` until ${n.until}` : ""}`,
    },
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
  return { m, api, live, frame, hello, liveOpts: () => liveOpts, setGroups };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};
const names = (m: Messenger) => m.getSnapshot().rows.map((r) => `${r.friend.name}:${r.unread}`);
const groupNames = (m: Messenger) => m.getSnapshot().groups.rows.map((r) => `${r.group.name}:${r.unread}`);
/** the group info refresh waits a moment (several events make one request) */
const settle = () => new Promise((r) => setTimeout(r, 260));

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

describe("groups in the list", () => {
  it("sit beside friends: pinned first, then the newest; unread from group.unread; do-not-disturb groups stay out of the title", async () => {
    const { m } = await setup({
      friends: [friend("8", "Ken")],
      unread: [{ id: "8", number: 1, lastLog: log("30", "8", ME, "from Ken") }],
      groups: [group("50", "Climbers"), group("51", "Pinned club", { onTop: 1 }), group("52", "Quiet", { noDisturbing: 1 })],
      groupUnread: [
        { id: "50", number: 2, lastLog: glog("40", "8", "50", "newest of all") },
        { id: "51", number: 0, lastLog: glog("10", "8", "51", "old") },
        { id: "52", number: 5, lastLog: glog("20", "8", "52", "shh") },
      ],
    });
    expect(groupNames(m)).toEqual(["Pinned club:0", "Climbers:2", "Quiet:5"]);
    const s = m.getSnapshot();
    expect(mergedList(s.rows, s.groups.rows).map((e) => e.key)).toEqual(["2:51", "2:50", "3:8", "2:52"]);
    expect(titleUnread(s.rows, s.groups.rows)).toBe(3); // Ken 1 + Climbers 2; Quiet is muted
  });

  it("a live message counts as unread until the group is opened; the server's notices and my own messages do not count", async () => {
    const history = [glog("41", "8", "50", "hi all"), notice("42", "50", "joined", "8", ["9"], { "8": "Ken", "9": "Ana" }), glog("43", ME, "50", "hello")];
    const { m, frame, live } = await setup({ groups: [group("50", "Climbers")], groupChatLog: () => ({ logs: history, nextLog: null }) });
    for (const e of history) frame({ eventType: 0, ...e });
    expect(groupNames(m)).toEqual(["Climbers:1"]);
    expect(m.getSnapshot().groups.rows[0].lastLog?.logId).toBe("43");
    // opening it reads it: eventType 44 for the group
    m.openGroup("50");
    await flush();
    expect(live.request).toHaveBeenCalledWith({ eventType: 44, channelType: 2, targetId: "50", logId: "42" });
    expect(groupNames(m)).toEqual(["Climbers:0"]);
    // while it is on screen, new messages are read at once
    frame({ eventType: 0, ...glog("44", "8", "50", "more") });
    await flush();
    expect(groupNames(m)).toEqual(["Climbers:0"]);
    expect(live.request).toHaveBeenLastCalledWith({ eventType: 44, channelType: 2, targetId: "50", logId: "44" });
  });

  it("my 44 from another device clears a group's unread count", async () => {
    const { m, frame } = await setup({ groups: [group("50", "Climbers")], groupUnread: [{ id: "50", number: 4, lastLog: glog("45", "8", "50", "x") }] });
    expect(groupNames(m)).toEqual(["Climbers:4"]);
    frame({ eventType: 44, channelType: 2, targetId: "50", readerId: ME, logId: "45" });
    expect(groupNames(m)).toEqual(["Climbers:0"]);
  });
});

describe("live group events", () => {
  it("20 with my id: the group I was added to appears at once, with a toast", async () => {
    const { m, api, frame, setGroups } = await setup({ groups: [] });
    setGroups([group("60", "New crew")]);
    frame({ eventType: 20, roomId: "60", userId: ME, type: 2, datetime: 1 });
    await flush();
    expect(groupNames(m)).toEqual(["New crew:0"]);
    expect(m.getSnapshot().toast?.text).toBe("You were added to New crew.");
    expect(api.group.list.query).toHaveBeenCalledTimes(2);
  });

  it("20 / 21 of someone else and any notice refresh the open group's info; 24 moves its online count", async () => {
    const { m, api, frame } = await setup({ groups: [group("50", "Climbers")] });
    m.openGroup("50");
    await flush();
    expect(m.getSnapshot().groups.info["50"].info?.onlineNumber).toBe(1);
    const calls = api.group.info.query.mock.calls.length;
    frame({ eventType: 20, roomId: "50", userId: "9", type: 2, datetime: 1 });
    frame({ eventType: 21, roomId: "50", userId: "8", type: 1, content: "Ken left", datetime: 2 });
    await settle();
    expect(api.group.info.query.mock.calls.length).toBe(calls + 1); // two events, one request
    frame({ eventType: 24, roomId: "50", number: "7", datetime: 3 });
    expect(m.getSnapshot().groups.info["50"].info?.onlineNumber).toBe(7);
  });

  it("21 kicked with my id while the group is open: off the list, the chat says so and takes back what was not sent", async () => {
    const { m, frame, live } = await setup({ groups: [group("50", "Climbers"), group("51", "Other")] });
    const store = m.openGroup("50")!;
    await flush();
    // a message on its way when the kick comes
    live.request.mockImplementationOnce(() => new Promise(() => {}));
    void store.sendText("am I still here?");
    frame({ eventType: 21, roomId: "50", userId: ME, type: 2, content: "Zoe removed you from the group", datetime: 5 });
    const s = m.getSnapshot();
    expect(groupNames(m)).toEqual(["Other:0"]);
    expect(s.groups.ended["50"]).toEqual({ roomId: "50", name: "Climbers", reason: "kicked" });
    expect(s.toast?.text).toBe("You were removed from Climbers.");
    expect(live.cancel).toHaveBeenCalledWith([store.getSnapshot().items.find((it) => it.status === "sending")?.msgId]);
    // the info refresh a notice asked for ("not a member") does not blur why
    await settle();
    expect(m.getSnapshot().groups.ended["50"].reason).toBe("kicked");
    // leaving the chat forgets it
    m.close();
    expect(m.getSnapshot().groups.ended["50"]).toBeUndefined();
  });

  it("22: a dissolved group leaves the list; a group not on screen just goes", async () => {
    const { m, frame } = await setup({ groups: [group("50", "Climbers"), group("51", "Other")] });
    m.openGroup("51");
    frame({ eventType: 22, roomId: "50", datetime: 1 });
    expect(groupNames(m)).toEqual(["Other:0"]);
    expect(m.getSnapshot().groups.ended["50"]).toBeUndefined();
    expect(m.getSnapshot().toast?.text).toBe("Climbers was dissolved.");
    frame({ eventType: 22, roomId: "51", datetime: 2 });
    expect(m.getSnapshot().groups.ended["51"]?.reason).toBe("dissolved");
  });

  it("3 muted: the composer's mute end at once, and the server's answer after", async () => {
    let muted = 0;
    const { m, frame, api } = await setup({
      groups: [group("50", "Climbers")],
      groupChatLog: () => ({ logs: [glog("70", "8", "50", "x")], nextLog: null, viewerCan: { send: true, recall: true, recallAny: false, delete: true }, recallWindowMs: 120_000, mutedUntil: muted }),
    });
    const store = m.openGroup("50")!;
    await flush();
    expect(store.getSnapshot().mutedUntil).toBe(0);
    muted = 1_000 + 600_000;
    frame({ eventType: 3, channelType: 2, targetId: "50", mutedTime: 1_000, mutedLastTime: 600_000, datetime: 1_000 });
    expect(store.getSnapshot().mutedUntil).toBe(601_000);
    await flush();
    expect(api.group.chatLog.query).toHaveBeenLastCalledWith({ id: "50", number: 30 });
    // lifted
    muted = 0;
    frame({ eventType: 3, channelType: 2, targetId: "50", mutedTime: 2_000, mutedLastTime: 0, datetime: 2_000 });
    await flush();
    expect(store.getSnapshot().mutedUntil).toBe(0);
  });

  it("3 without a channel (muted everywhere by an admin): every open chat's composer at once, a toast, and lifting it", async () => {
    const { m, frame } = await setup();
    const store = m.open("8")!;
    await flush();
    frame({ eventType: 3, mutedTime: 5_000, mutedLastTime: 60_000, datetime: 5_000 });
    expect(store.getSnapshot().mutedUntil).toBe(65_000);
    expect(m.getSnapshot().toast?.text).toBe("Muted until 65000.");
    frame({ eventType: 3, mutedTime: 6_000, mutedLastTime: 0, datetime: 6_000 });
    expect(store.getSnapshot().mutedUntil).toBe(0);
    expect(m.getSnapshot().toast?.text).toBe("Unmuted.");
  });

  it("23: an application to a group I run raises the badge; approving answers the server", async () => {
    const { m, api, frame } = await setup({ groups: [group("50", "Climbers", { memberLevel: 3 })] });
    frame({
      eventType: 23,
      id: 4,
      type: 1,
      senderInfo: { id: "30", name: "Leo", avatar: "", position: "" },
      receiveInfo: { id: "50", name: "Climbers", avatar: "", position: "" },
      applyReason: "let me in",
      status: 1,
      datetime: 9,
      roomId: "50",
    });
    expect(m.getSnapshot().pendingRequests).toBe(1);
    expect(m.getSnapshot().toast?.text).toBe("Leo asks to join Climbers.");
    // a friend request with the same id is another request
    frame({ eventType: 31, id: 4, type: 2, senderInfo: { id: "22", name: "Ana B", avatar: "", position: "" }, receiveInfo: { id: ME, name: "Mei", avatar: "", position: "" }, applyReason: "hey", status: 1, datetime: 9 });
    expect(m.getSnapshot().requests).toHaveLength(2);
    expect(m.getSnapshot().pendingRequests).toBe(2);
    await m.respondToGroup(m.getSnapshot().requests.find((r) => r.type === 1)!, true);
    expect(api.group.joinRoomApprove.mutate).toHaveBeenCalledWith({ roomId: "50", userId: "30", agree: 1 });
  });
});

describe("a group chat", () => {
  it("lets an owner or admin recall anyone's message (viewerCan.recallAny), but never the server's notices", async () => {
    const { m } = await setup({
      groups: [group("50", "Climbers", { memberLevel: 2 })],
      groupChatLog: () => ({
        logs: [glog("80", "8", "50", "from Ken, long ago", { datetime: 1 }), notice("81", "50", "joined", "8", ["8"], { "8": "Ken" })],
        nextLog: null,
        viewerCan: { send: true, recall: true, recallAny: true, delete: true },
        recallWindowMs: 120_000,
        mutedUntil: 0,
      }),
    });
    const store = m.openGroup("50")!;
    await flush();
    const [kens, note] = store.getSnapshot().items;
    expect(store.canRecall(kens)).toBe(true);
    expect(store.canRecall(note)).toBe(false);
  });

  it("after a reconnect: the open group catches up with afterId, and the group list is fetched again", async () => {
    let page = 0;
    const { m, api, hello } = await setup({
      groups: [group("50", "Climbers")],
      groupChatLog: () => (page++ === 0 ? { logs: [glog("90", "8", "50", "before")], nextLog: null } : { logs: [], nextLog: null }),
    });
    m.openGroup("50");
    await flush();
    const lists = api.group.list.query.mock.calls.length;
    hello();
    await flush();
    expect(api.group.chatLog.query.mock.calls.map((c) => (c as unknown[])[0])).toContainEqual({ id: "50", afterId: "90", number: 500 });
    expect(api.group.list.query.mock.calls.length).toBe(lists + 1);
  });
});

describe("chat rooms", () => {
  const lobby: TRoomInfo = { groupId: "40", groupName: "Lobby", avatar: "", description: "", createTime: 1, openTime: 1, closeTime: 0, status: 1, totalNumber: 4, userNumber: 3, visitorNumber: 1, packetSenders: 1 };

  it("are listed beside the chats; the one on screen is joined, and left when another chat opens", async () => {
    const { m, live } = await setup({ rooms: [lobby] });
    expect(m.getSnapshot().rooms.rows.map((r) => [r.room.groupName, r.online])).toEqual([["Lobby", 4]]);
    m.openRoom("40");
    expect(live.request).toHaveBeenCalledWith({ eventType: 1, groupId: "40" });
    expect(m.getSnapshot().activeKey).toBe("1:40");
    m.open("8");
    expect(live.request).toHaveBeenCalledWith({ eventType: 2, groupId: "40" });
  });

  it("a room's 24 and 3 (with groupId) are the room's: not a group's count, not a global mute", async () => {
    const { m, frame } = await setup({ rooms: [lobby] });
    m.openRoom("40");
    await flush();
    frame({ eventType: 24, groupId: "40", number: "9", userNumber: "7", visitorNumber: "2", datetime: 1 });
    expect(m.getSnapshot().rooms.rows[0].online).toBe(9);
    expect(m.getSnapshot().rooms.views["40"].online).toEqual({ total: 9, users: 7, visitors: 2 });
    const until = Date.now() + 600_000;
    frame({ eventType: 3, groupId: "40", mutedTime: until - 600_000, mutedLastTime: 600_000, datetime: 1 });
    expect(m.getSnapshot().toast?.text).toBe(`muted Lobby until ${until}`);
    expect(m.getSnapshot().rooms.views["40"].mutedUntil).toBe(until);
    // a friend chat is not muted by it
    const friendStore = m.storeFor("8")!;
    expect(friendStore.getSnapshot().mutedUntil).toBeNull();
  });

  it("a new socket joins the room on screen again (onHello, before the outbox), and catches up", async () => {
    const { m, live, liveOpts, api, hello } = await setup({ rooms: [lobby] });
    m.openRoom("40");
    await flush();
    live.request.mockClear();
    api.chatRoom.getGroupChatHistory.query.mockClear();
    liveOpts().onHello?.({ eventType: 100, role: "member", userId: ME, siteIds: [], serverTime: Date.now() } as never);
    expect(live.request).toHaveBeenCalledWith({ eventType: 1, groupId: "40" });
    hello();
    await flush();
    expect(api.chatRoom.getGroupChatHistory.query).toHaveBeenCalled();
  });
});

describe("red packets", () => {
  it("51: the rest of an expired packet came back — a toast; nobody else takes the frame", async () => {
    const { m, frame } = await setup();
    frame({ eventType: 51, packetId: "0b6f3a52-8d0e-4c6b-9c55-1f2f4c8a9e01", coin: 1, amount: "2.5000", shares: 2 });
    expect(m.getSnapshot().toast).toMatchObject({ kind: "info", text: "2.5000" });
  });

  it("50: someone opened my packet — its view knows what is left, and every bubble is all claimed once finished", async () => {
    const { m, frame } = await setup();
    const packetId = "0b6f3a52-8d0e-4c6b-9c55-1f2f4c8a9e01";
    frame({ eventType: 50, packetId, channelType: 2, senderId: ME, claimer: { id: "8", nickname: "Ken" }, amount: "1.0000", coin: 1, total: 2, remain: 1, finished: false });
    expect(m.packets.view(packetId)).toMatchObject({ remain: 1, finished: false, mine: null });
    expect(m.getSnapshot().toast?.text).toBe("Ken"); // its chat is not known here: a toast says it
    frame({ eventType: 50, packetId, channelType: 2, senderId: ME, claimer: { id: ME, nickname: "Mei" }, amount: "0.5000", coin: 1, total: 2, remain: 0, finished: true });
    expect(m.packets.view(packetId)).toMatchObject({ remain: 0, finished: true, mine: "0.5000" });
  });

  it("a chat room's history says whether I may send a red packet there (viewerCan.sendPacket)", async () => {
    const { api } = await setup();
    const { roomChannel } = await import("../../_lib/channels");
    api.chatRoom.getGroupChatHistory.query.mockResolvedValueOnce({ logs: [], nextLog: null, mutedUntil: 0, viewerCan: { send: true, recall: false, recallAny: false, delete: false, sendPacket: true } } as never);
    const page = await roomChannel(api as unknown as ApiClient, "4").chatLog({ number: 30 });
    expect(page.viewerCan).toEqual({ send: true, recall: false, delete: false, sendPacket: true });
  });
});
