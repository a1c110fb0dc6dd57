// Authorization as a table: every tRPC procedure, every compat path and every ws eventType ×
// every kind of caller there is. The procedure list comes from the router itself and the event
// list from the ws handlers, so a procedure or event without a row here fails this test: every
// new feature adds its rows. An outcome is "ok" (it worked) or the seed code the caller gets.
import { randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coins, siteAgents } from "../../db/schema";
import { compatRoutes } from "../http/compat/route-table";
import { HANDLED_EVENT_TYPES } from "../realtime/handlers";
import { createAgent, createMember, createSite, startTestParley, TEST_PASSWORD, trpc, TestSocket, uniq } from "../testing/harness";
import { appRouter } from "./root";

const CALLERS = ["anonymous", "visitor", "stranger", "friend", "agent", "supervisor", "admin"] as const;
type Caller = (typeof CALLERS)[number];
type Outcome = "ok" | number;
type Outcomes = Record<Caller, Outcome>;

let parley: Awaited<ReturnType<typeof startTestParley>>;
const trustProxy = process.env.PARLEY_TRUST_PROXY;
beforeAll(async () => {
  // every scene and every SMS comes from an address of its own (X-Forwarded-For, trusted here):
  // the per-address limits are not what this table tests, and on a shared database yesterday's
  // runs must not count against today's
  process.env.PARLEY_TRUST_PROXY = "1";
  parley = await startTestParley();
});
afterAll(async () => {
  process.env.PARLEY_TRUST_PROXY = trustProxy;
  if (trustProxy === undefined) delete process.env.PARLEY_TRUST_PROXY;
  await parley?.close();
});
/** each table test calls every row as every kind of caller: hundreds of requests, and more with every procedure */
const TABLE_TIMEOUT_MS = 180_000;
const freshIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/**
 * One world to call into: a shop with a visitor's conversation, its agent and supervisor, an
 * admin, a member X, X's friend F (the "friend" caller), a stranger to X, one message each
 * way between X and F, and a group X owns with F as a member.
 */
/** one coin for the whole file (coins are few: the shared database keeps every one) */
let coinMade: Promise<number> | null = null;
const testCoin = () =>
  (coinMade ??= parley.deps.db
    .insert(coins)
    .values({ code: `AUTH${Date.now().toString(36).toUpperCase()}`, name: "Authorization test coin", decimals: 2, createdAt: Date.now() })
    .returning({ id: coins.id })
    .then(([c]) => c.id));

async function scene() {
  const site = await createSite(parley);
  const agent = await createAgent(parley, site.id);
  const supervisor = await createAgent(parley, site.id);
  await parley.deps.db.update(siteAgents).set({ role: "supervisor" }).where(and(eq(siteAgents.siteId, site.id), eq(siteAgents.userId, supervisor.user.id)));
  const admin = await createMember(parley, { role: "admin" });
  const stranger = await createMember(parley);
  const x = await createMember(parley);
  const friend = await createMember(parley);
  const session = await trpc(parley.url, "widget.session", { siteKey: site.key }, { headers: { "x-forwarded-for": freshIp() } });
  const visitor = session.data as { visitorToken: string; conversationId: string };
  await trpc(parley.url, "friend.add", { id: String(x.user.id) }, { bearer: friend.token });
  await trpc(parley.url, "friend.response", { id: String(friend.user.id), agree: 1 }, { bearer: x.token });
  const [sf, sx] = await Promise.all([TestSocket.open(parley.url, friend.token), TestSocket.open(parley.url, x.token)]);
  const fromFriend = (await sf.request({ eventType: 0, msgId: "f1", channelType: 3, targetId: String(x.user.id), msgType: 1, msg: { content: "hi" } })) as { logId: string };
  const fromX = (await sx.request({ eventType: 0, msgId: "x1", channelType: 3, targetId: String(friend.user.id), msgType: 1, msg: { content: "hello" } })) as { logId: string };
  await Promise.all([sf.close(), sx.close()]);
  // F reports X's message (the admins' report.act acts on it)
  const reported = await trpc(parley.url, "report.create", { id: String(x.user.id), msgId: fromX.logId, reason: "scene" }, { bearer: friend.token });
  const reportId = (reported.data as { reportId: string }).reportId;
  // a group X owns with F in it (F is the "friend" caller: a plain member; everyone else is outside it)
  const created = await trpc(parley.url, "group.create", { roomName: "Scene", users: [String(friend.user.id)] }, { bearer: x.token });
  const roomId = (created.data as { roomId: string }).roomId;
  const tokens: Record<Caller, string | undefined> = {
    anonymous: undefined,
    visitor: visitor.visitorToken,
    stranger: stranger.token,
    friend: friend.token,
    agent: agent.token,
    supervisor: supervisor.token,
    admin: admin.token,
  };
  // an open chat room (the admin's)
  const chatRoom = await trpc(parley.url, "chatRoom.addGroup", { groupName: "Scene room" }, { bearer: admin.token });
  const chatRoomId = (chatRoom.data as { groupId: string }).groupId;
  const coin = await testCoin();
  // X's red packet in X's group (F may claim it; everyone else is outside the group)
  await trpc(parley.url, "admin.credit", { userId: String(x.user.id), coin, amount: "10", reason: "scene" }, { bearer: admin.token });
  const packet = await trpc(parley.url, "redPacket.send", { channelType: 2, targetId: roomId, coin, type: 2, count: 20, total: "2.00" }, { bearer: x.token });
  const packetId = (packet.data as { packetId: string }).packetId;
  return { site, visitor, x, friend, tokens, fromFriend, fromX, roomId, reportId, chatRoomId, coin, packetId };
}
type Scene = Awaited<ReturnType<typeof scene>>;

/** the same outcome for everyone / per kind of caller, members alike unless named */
const everyone = (o: Outcome): Outcomes => Object.fromEntries(CALLERS.map((c) => [c, o])) as Outcomes;
const members = (o: Outcome, rest: Partial<Outcomes> = {}): Outcomes => ({ ...everyone(o), anonymous: -1003, visitor: -2008, ...rest });
const agents = (o: Outcome): Outcomes => members(-3002, { agent: o, supervisor: o });

interface Row {
  input: (s: Scene) => unknown;
  expect: Outcomes;
  /** it changes the caller's world (signs out, takes, deletes): a new scene for each caller */
  fresh?: boolean;
}

const ROWS: Record<string, Row> = {
  "user.sendSms": { input: () => ({ mobile: `13${String(Date.now()).slice(-7)}${Math.floor(Math.random() * 90 + 10)}` }), expect: everyone("ok") },
  "user.smsLogin": { input: () => ({ mobile: "13000000000", code: "000000" }), expect: everyone(-4008) },
  "user.pwdLogin": { input: (s) => ({ mobile: s.x.mobile, password: TEST_PASSWORD, device: "ios" }), expect: everyone("ok") },
  "user.tokenLogin": { input: () => ({}), expect: members("ok") },
  "user.setPassword": { input: () => ({ password: "another-password-1", oldPassword: TEST_PASSWORD }), expect: members("ok") },
  "user.isreg": { input: (s) => ({ mobile: s.x.mobile }), expect: everyone("ok") },
  "user.userInfo": { input: (s) => ({ id: String(s.x.user.id) }), expect: members("ok") },
  "user.editAvatar": { input: () => ({ avatar: "/uploads/nosuchupload123" }), expect: members(-7000) },
  "user.editNickname": { input: () => ({ nickname: "Renamed" }), expect: members("ok") },
  // an admin mutes X for a minute (everyone else may not)
  "user.muted": { input: (s) => ({ id: String(s.x.user.id), muted_time: 60_000 }), expect: members(-3000, { admin: "ok" }), fresh: true },
  "user.logout": { input: () => ({}), expect: members("ok"), fresh: true },
  "widget.config": { input: (s) => ({ siteKey: s.site.key }), expect: everyone("ok") },
  "widget.session": { input: (s) => ({ siteKey: s.site.key }), expect: everyone("ok") },
  "widget.endSession": { input: () => ({}), expect: members(-1003, { visitor: "ok" }), fresh: true },
  "support.chatList": { input: () => ({ tab: "waiting" }), expect: agents("ok") },
  "support.chatLog": { input: (s) => ({ id: s.visitor.conversationId, number: 5 }), expect: members(-6000, { visitor: "ok", agent: "ok", supervisor: "ok" }) },
  "support.markRead": { input: (s) => ({ id: s.visitor.conversationId }), expect: members(-6000, { visitor: "ok", agent: "ok", supervisor: "ok" }) },
  "support.take": { input: (s) => ({ id: s.visitor.conversationId }), expect: agents("ok"), fresh: true },
  "support.setStatus": { input: () => ({ status: "away" }), expect: agents("ok") },
  "support.me": { input: () => undefined, expect: agents("ok") },
  "support.onlineAgents": { input: () => undefined, expect: agents("ok") },
  "admin.revokeSessions": { input: (s) => ({ userId: String(s.x.user.id) }), expect: members(-3000, { admin: "ok" }), fresh: true },
  "admin.smsOutbox": { input: () => ({}), expect: members(-3000, { admin: "ok" }) },
  // money: an admin moves X's balance of this file's coin (a ledger row with a reason); a debit below zero is -1001
  "admin.credit": { input: (s) => ({ userId: String(s.x.user.id), coin: s.coin, amount: "1", reason: "scene" }), expect: members(-3000, { admin: "ok" }) },
  "admin.debit": { input: (s) => ({ userId: String(s.x.user.id), coin: s.coin, amount: "1000000", reason: "scene" }), expect: members(-3000, { admin: -1001 }) },
  "admin.createCoin": { input: () => ({ code: "", name: "x", decimals: 2 }), expect: members(-3000, { admin: -1001 }) },
  "redPacket.balance": { input: () => undefined, expect: members("ok") },
  "redPacket.coins": { input: () => undefined, expect: everyone("ok") },
  // red packets: members send into a group they are in (F has no balance); F may claim X's; anyone with the link may grab a share
  "redPacket.send": { input: (s) => ({ channelType: 2, targetId: s.roomId, coin: s.coin, type: 1, count: 2, total: "0.10" }), expect: members(-6000, { friend: -1001 }) },
  "redPacket.receiveEntry": { input: (s) => ({ packet_id: s.packetId }), expect: members(-4006, { friend: "ok" }) },
  "redPacket.receive": { input: (s) => ({ packet_id: s.packetId }), expect: everyone("ok") },
  "redPacket.entry": { input: () => ({ mark: "00000000-0000-4000-8000-000000000000", account: "13000000000" }), expect: everyone(-4005) },
  "redPacket.registerEntry": {
    input: () => ({ mark: "00000000-0000-4000-8000-000000000000", account: "13000000000", password: "long-enough-1", captcha: "123456" }),
    expect: everyone(-4005),
  },
  "redPacket.info": { input: (s) => ({ packetId: s.packetId }), expect: everyone("ok") },
  "redPacket.record": { input: (s) => ({ date: "2026", coin: s.coin }), expect: members("ok") },
  "redPacket.receiveRecord": { input: (s) => ({ date: "2026-12", coin: s.coin }), expect: members("ok") },
  "redPacket.sendRecord": { input: (s) => ({ date: "2026-12", coin: s.coin }), expect: members("ok") },
  "admin.balances": { input: (s) => ({ coin: s.coin }), expect: members(-3000, { admin: "ok" }) },
  "admin.ledger": { input: (s) => ({ userId: String(s.x.user.id), coin: s.coin }), expect: members(-3000, { admin: "ok" }) },
  "admin.coinTotals": { input: () => undefined, expect: members(-3000, { admin: "ok" }) },
  "admin.packets": { input: () => ({}), expect: members(-3000, { admin: "ok" }) },
  "admin.packet": { input: (s) => ({ packetId: s.packetId }), expect: members(-3000, { admin: "ok" }) },
  "admin.members": { input: () => ({ query: "member" }), expect: members(-3000, { admin: "ok" }) },
  "admin.mutes": { input: () => ({}), expect: members(-3000, { admin: "ok" }) },
  "admin.unban": { input: (s) => ({ userId: String(s.x.user.id) }), expect: members(-3000, { admin: "ok" }) },
  // reports: F may report X's message to F; nobody else can read it (-6000, the admin too); admins work the queue
  "report.create": { input: (s) => ({ id: String(s.x.user.id), msgId: s.fromX.logId, reason: "spam" }), expect: members(-6000, { friend: "ok" }) },
  "report.list": { input: () => ({ status: "all" }), expect: members(-3000, { admin: "ok" }) },
  "report.act": { input: (s) => ({ id: s.reportId, action: "dismiss" }), expect: members(-3000, { admin: "ok" }), fresh: true },
  "friend.list": { input: () => ({ type: 3 }), expect: members("ok") },
  "friend.unread": { input: () => undefined, expect: members("ok") },
  "friend.add": { input: (s) => ({ id: String(s.x.user.id) }), expect: members("ok", { friend: -2017 }) },
  "friend.delete": { input: (s) => ({ id: String(s.x.user.id) }), expect: members(-2018, { friend: "ok" }), fresh: true },
  "friend.response": { input: (s) => ({ id: String(s.x.user.id), agree: 1 }), expect: members(-2020) },
  "friend.requestList": { input: () => undefined, expect: members("ok") },
  "friend.chatLog": { input: (s) => ({ id: String(s.x.user.id), number: 5 }), expect: members(-6000, { friend: "ok" }) },
  "friend.setRemark": { input: (s) => ({ id: String(s.x.user.id), remark: "X" }), expect: members(-2018, { friend: "ok" }) },
  "friend.setNoDisturbing": { input: (s) => ({ id: String(s.x.user.id), setNoDisturbing: 1 }), expect: members(-2018, { friend: "ok" }) },
  "friend.stickyOnTop": { input: (s) => ({ id: String(s.x.user.id), stickyOnTop: 1 }), expect: members(-2018, { friend: "ok" }) },
  "chat33.applyList": { input: () => ({ number: 5 }), expect: members("ok") },
  "chat33.search": { input: (s) => ({ markId: s.x.user.markId }), expect: members("ok") },
  // the friend's own message: theirs to recall; nobody else may even see it
  "chat33.recall": { input: (s) => ({ logId: s.fromFriend.logId, type: 2 }), expect: members(-6000, { friend: "ok" }) },
  "chat33.delete": { input: (s) => ({ logId: s.fromX.logId, type: 2 }), expect: members(-6000, { friend: "ok" }) },
  "chat33.markRead": { input: (s) => ({ channelType: 3, targetId: String(s.x.user.id) }), expect: members(-6000, { friend: "ok", visitor: -6000 }) },
  // groups: F is a plain member of X's group; a member's level may not manage it (-3000); outside it, nothing (-6000)
  "group.list": { input: () => ({ type: 3 }), expect: members("ok") },
  "group.unread": { input: () => undefined, expect: members("ok") },
  "group.info": { input: (s) => ({ roomId: s.roomId }), expect: members(-6000, { friend: "ok" }) },
  "group.userList": { input: (s) => ({ roomId: s.roomId }), expect: members(-6000, { friend: "ok" }) },
  "group.userInfo": { input: (s) => ({ roomId: s.roomId, userId: String(s.x.user.id) }), expect: members(-6000, { friend: "ok" }) },
  "group.searchMember": { input: (s) => ({ roomId: s.roomId, query: "a" }), expect: members(-6000, { friend: "ok" }) },
  "group.getOnlineNumber": { input: (s) => ({ roomId: s.roomId }), expect: members(-6000, { friend: "ok" }) },
  "group.create": { input: () => ({ roomName: "Mine", users: [] }), expect: members("ok") },
  "group.delete": { input: (s) => ({ roomId: s.roomId }), expect: members(-6000, { friend: -3000 }) },
  "group.kickOut": { input: (s) => ({ roomId: s.roomId, users: [String(s.x.user.id)] }), expect: members(-6000, { friend: -3000 }) },
  "group.loginOut": { input: (s) => ({ roomId: s.roomId }), expect: members(-6000, { friend: "ok" }), fresh: true },
  "group.setPermission": { input: (s) => ({ roomId: s.roomId, joinPermission: 2 }), expect: members(-6000, { friend: -3000 }) },
  "group.setLevel": { input: (s) => ({ roomId: s.roomId, userId: String(s.x.user.id), level: 1 }), expect: members(-6000, { friend: -3000 }) },
  "group.setNoDisturbing": { input: (s) => ({ roomId: s.roomId, setNoDisturbing: 1 }), expect: members(-6000, { friend: "ok" }) },
  "group.stickyOnTop": { input: (s) => ({ roomId: s.roomId, stickyOnTop: 1 }), expect: members(-6000, { friend: "ok" }) },
  "group.setMemberNickname": { input: (s) => ({ roomId: s.roomId, nickname: "Nick" }), expect: members(-6000, { friend: "ok" }) },
  // X is in it already: F's invitation is -2017; outsiders cannot invite into a group they are not in
  "group.joinRoomInvite": { input: (s) => ({ roomId: s.roomId, users: [String(s.x.user.id)] }), expect: members(-6000, { friend: -2017 }) },
  // the group needs approval: outsiders' applications wait (ok); F is in it
  "group.joinRoomApply": { input: (s) => ({ roomId: s.roomId, applyReason: "hi" }), expect: members("ok", { friend: -2017 }) },
  "group.joinRoomApprove": { input: (s) => ({ roomId: s.roomId, userId: String(s.x.user.id), agree: 1 }), expect: members(-6000, { friend: -3000 }) },
  "group.chatLog": { input: (s) => ({ id: s.roomId, number: 5 }), expect: members(-6000, { friend: "ok" }) },
  "group.muteMember": { input: (s) => ({ roomId: s.roomId, userId: String(s.x.user.id), mutedTime: 60_000 }), expect: members(-6000, { friend: -3000 }) },
  "group.muteAll": { input: (s) => ({ roomId: s.roomId, muted: 1 }), expect: members(-6000, { friend: -3000 }) },
  // chat rooms: anyone reads (anonymous as a guest; a widget visitor has no business there: -6000); admins run them
  "chatRoom.list": { input: () => ({ groupStatus: 1 }), expect: { ...everyone("ok"), visitor: -6000 } },
  "chatRoom.info": { input: (s) => ({ groupId: s.chatRoomId }), expect: { ...everyone("ok"), visitor: -6000 } },
  "chatRoom.getGroupChatHistory": { input: (s) => ({ id: s.chatRoomId, number: 5 }), expect: { ...everyone("ok"), visitor: -6000 } },
  "chatRoom.getOnlineNumber": { input: (s) => ({ groupId: s.chatRoomId }), expect: { ...everyone("ok"), visitor: -6000 } },
  "chatRoom.visit": { input: () => ({}), expect: everyone("ok") },
  "chatRoom.addGroup": { input: () => ({ groupName: "Another room" }), expect: members(-3000, { admin: "ok" }) },
  "chatRoom.editAvatar": { input: (s) => ({ groupId: s.chatRoomId, avatar: "" }), expect: members(-3000, { admin: "ok" }) },
  "chatRoom.editGroupName": { input: (s) => ({ groupId: s.chatRoomId, groupName: "Renamed room" }), expect: members(-3000, { admin: "ok" }) },
  "chatRoom.setPacketSenders": { input: (s) => ({ groupId: s.chatRoomId, packetSenders: 2 }), expect: members(-3000, { admin: "ok" }) },
  "chatRoom.setStatus": { input: (s) => ({ groupId: s.chatRoomId, type: 1 }), expect: members(-3000, { admin: "ok" }), fresh: true },
  "chatRoom.userList": { input: (s) => ({ groupId: s.chatRoomId }), expect: members(-3000, { admin: "ok" }) },
  "chatRoom.userInfo": { input: (s) => ({ id: String(s.x.user.id), groupId: s.chatRoomId }), expect: members(-3000, { admin: "ok" }) },
  "chatRoom.mute": { input: (s) => ({ groupId: s.chatRoomId, userId: String(s.x.user.id), mutedTime: 60_000 }), expect: members(-3000, { admin: "ok" }), fresh: true },
};

/** ws frames by eventType: anonymous callers never get a socket (401), so they have no column here */
const WS_ROWS: { eventType: number; name: string; frame: (s: Scene) => Record<string, unknown>; expect: Omit<Outcomes, "anonymous"> }[] = [
  {
    eventType: 0,
    name: "friend message to X",
    frame: (s) => ({ channelType: 3, targetId: String(s.x.user.id), msgType: 1, msg: { content: "hi" } }),
    expect: { visitor: -2008, stranger: -2018, friend: "ok", agent: -2018, supervisor: -2018, admin: -2018 },
  },
  {
    eventType: 0,
    name: "support message into the visitor's conversation",
    frame: (s) => ({ channelType: 4, targetId: s.visitor.conversationId, msgType: 1, msg: { content: "hi" } }),
    expect: { visitor: "ok", stranger: -6000, friend: -6000, agent: "ok", supervisor: "ok", admin: -6000 },
  },
  {
    eventType: 44,
    name: "read the friend chat with X",
    frame: (s) => ({ channelType: 3, targetId: String(s.x.user.id), logId: s.fromX.logId }),
    expect: { visitor: -6000, stranger: -6000, friend: "ok", agent: -6000, supervisor: -6000, admin: -6000 },
  },
  {
    eventType: 44,
    name: "read the support conversation",
    frame: (s) => ({ channelType: 4, targetId: s.visitor.conversationId, logId: "1" }),
    expect: { visitor: "ok", stranger: -6000, friend: -6000, agent: "ok", supervisor: "ok", admin: -6000 },
  },
  {
    eventType: 0,
    name: "group message into X's group",
    frame: (s) => ({ channelType: 2, targetId: s.roomId, msgType: 1, msg: { content: "hi" } }),
    expect: { visitor: -2008, stranger: -6000, friend: "ok", agent: -6000, supervisor: -6000, admin: -6000 },
  },
  {
    eventType: 44,
    name: "read X's group",
    frame: (s) => ({ channelType: 2, targetId: s.roomId, logId: s.fromX.logId }),
    expect: { visitor: -6000, stranger: -6000, friend: "ok", agent: -6000, supervisor: -6000, admin: -6000 },
  },
  {
    eventType: 1,
    name: "join the chat room",
    frame: (s) => ({ groupId: s.chatRoomId }),
    expect: { visitor: -6000, stranger: "ok", friend: "ok", agent: "ok", supervisor: "ok", admin: "ok" },
  },
  {
    eventType: 0,
    name: "chat-room message without joining it on this socket",
    frame: (s) => ({ channelType: 1, targetId: s.chatRoomId, msgType: 1, msg: { content: "hi" } }),
    expect: { visitor: -2008, stranger: -5001, friend: -5001, agent: -5001, supervisor: -5001, admin: -5001 },
  },
  { eventType: 2, name: "leave the chat room", frame: (s) => ({ groupId: s.chatRoomId }), expect: { visitor: "ok", stranger: "ok", friend: "ok", agent: "ok", supervisor: "ok", admin: "ok" } },
  { eventType: 99, name: "ping", frame: () => ({}), expect: { visitor: "ok", stranger: "ok", friend: "ok", agent: "ok", supervisor: "ok", admin: "ok" } },
];

const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: "query" | "mutation" } }> } })._def.procedures;

async function callAs(s: Scene, caller: Caller, path: string, input: unknown): Promise<Outcome> {
  const res = await trpc(parley.url, path, input, { bearer: s.tokens[caller], query: procedures[path]._def.type === "query", headers: { "x-forwarded-for": freshIp() } });
  return res.ok ? "ok" : (res.appCode ?? -9000);
}

describe("authorization table", () => {
  it("has a row for every procedure, every compat path's procedure and every ws eventType", () => {
    expect(Object.keys(procedures).filter((p) => !ROWS[p])).toEqual([]);
    expect(Object.keys(ROWS).filter((p) => !procedures[p])).toEqual([]); // no stale rows
    expect(Object.values(compatRoutes).map((r) => r.procedure).filter((p) => !ROWS[p])).toEqual([]);
    expect(HANDLED_EVENT_TYPES.filter((e) => !WS_ROWS.some((r) => r.eventType === e))).toEqual([]);
  });

  it("every tRPC procedure answers each kind of caller as its row says", async () => {
    const shared = await scene();
    const got: Record<string, Partial<Outcomes>> = {};
    for (const [path, row] of Object.entries(ROWS)) {
      got[path] = {};
      for (const caller of CALLERS) {
        const s = row.fresh ? await scene() : shared;
        got[path][caller] = await callAs(s, caller, path, row.input(s));
      }
    }
    expect(got).toEqual(Object.fromEntries(Object.entries(ROWS).map(([p, r]) => [p, r.expect])));
  }, TABLE_TIMEOUT_MS);

  it("every compat path answers like its procedure (result 0 or the same code)", async () => {
    const got: Record<string, Partial<Outcomes>> = {};
    const want: Record<string, Partial<Outcomes>> = {};
    // a world of its own only for the rows that change it (as the tRPC test does)
    const shared = await scene();
    for (const [path, route] of Object.entries(compatRoutes)) {
      const row = ROWS[route.procedure];
      got[path] = {};
      want[path] = {};
      for (const caller of ["anonymous", "visitor", "stranger", "friend", "admin"] as const) {
        const s = row.fresh ? await scene() : shared;
        const body = route.input ? route.input(row.input(s) as Record<string, unknown>) : (row.input(s) ?? {});
        const res = await fetch(`${parley.url}/api/compat${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": freshIp(), ...(s.tokens[caller] ? { "FZM-AUTH-TOKEN": s.tokens[caller]! } : {}) },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as { result: number };
        got[path][caller] = json.result === 0 ? "ok" : json.result;
        want[path][caller] = row.expect[caller];
      }
    }
    expect(got).toEqual(want);
  }, TABLE_TIMEOUT_MS);

  it("every ws eventType answers each kind of caller as its row says (anonymous sockets are refused at the upgrade)", async () => {
    await expect(TestSocket.open(parley.url, null)).rejects.toThrow(/401/);
    const got: Record<string, Partial<Outcomes>> = {};
    for (const row of WS_ROWS) {
      got[row.name] = {};
      for (const caller of CALLERS.filter((c) => c !== "anonymous")) {
        // a world of its own: an agent's reply takes the conversation, after which it is theirs alone (-2010)
        const s = await scene();
        const ws = await TestSocket.open(parley.url, s.tokens[caller]!);
        const answer = (await ws.request({ eventType: row.eventType, msgId: uniq("m"), ...row.frame(s) })) as { code?: number };
        got[row.name][caller] = answer.code === undefined || answer.code === 0 ? "ok" : answer.code;
        await ws.close();
      }
    }
    expect(got).toEqual(Object.fromEntries(WS_ROWS.map((r) => [r.name, r.expect])));
  }, TABLE_TIMEOUT_MS);
});
