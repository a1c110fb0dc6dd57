// Demo data: an admin, two agents and the "demo" site with the agents' own group; members for
// the messenger (/chat) with friendships, a group, a friend request waiting for an answer and
// some history. Safe to run again: it
// only adds what is missing and resets the demo passwords.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "./client";
import { agentStatus, coins, ledgerEntries, friendRequests, friendships, chatRooms, groupMembers, groups, messages, siteAgents, sites, threads, users } from "./schema";
import { hashPassword } from "../server/crypto";
import { createMemoryBus } from "../server/bus/memory-bus";
import { loadConfig } from "../server/config";
import type { Deps, MemberPrincipal } from "../server/services/deps";
import { makeFriends } from "../server/services/friend/make-friends";
import { createGroup } from "../server/services/group/membership";
import { roomLive } from "../server/services/room/live";
import { toMinor } from "../server/services/money/amount";
import { postEntry } from "../server/services/money/ledger";
import { createRoom } from "../server/services/room/rooms";
import { markRead } from "../server/services/messages/mark-read";
import { sendMessage } from "../server/services/messages/send-message";

export const DEMO = {
  admin: { mobile: "13800000000", password: "parley-admin", nickname: "Admin" },
  agents: [
    { mobile: "13800000001", password: "parley-agent", nickname: "Alice (support)" },
    { mobile: "13800000002", password: "parley-agent", nickname: "Bob (support)" },
  ],
  site: {
    key: "demo",
    name: "Demo Shop",
    /** Only for the demo: real sites get a random secret from the admin portal. */
    secret: "demo-site-secret-change-me",
    allowedOrigins: ["http://localhost:*", "http://127.0.0.1:*"],
    greeting: "Hi! How can we help you today?",
  },
  /** members of the messenger (/chat); all with the same password */
  memberPassword: "parley-member",
  members: [
    { key: "mei", mobile: "13800000011", nickname: "Mei" },
    { key: "ken", mobile: "13800000012", nickname: "Ken" },
    { key: "ana", mobile: "13800000013", nickname: "Ana" },
    { key: "leo", mobile: "13800000014", nickname: "Leo" },
  ] as { key: MemberKey; mobile: string; nickname: string }[],
  /** who is friends with whom (and the remark the first gives the second) */
  friends: [
    { a: "mei", b: "ken", remark: "Ken (climbing)" },
    { a: "mei", b: "ana", remark: "" },
    { a: "ken", b: "ana", remark: "" },
  ] as { a: MemberKey; b: MemberKey; remark: string }[],
  /** Mei's group with her friends, and a few messages in it */
  group: { name: "Climbing crew", owner: "mei" as MemberKey, members: ["ken", "ana"] as MemberKey[] },
  /** the demo site's agents' own group (seed 000 `interior`): in the console and /chat */
  staffGroup: { name: "Support team" },
  /** a public chat room the admin runs, with a little history (guests may read it at /rooms/<id>) */
  room: { name: "Lobby", description: "Say hello — everyone is welcome." },
  /** seed 004's coins (`coin` 1 and 2 on the wire), and what each member starts with */
  coins: [
    { id: 1, code: "BTY", name: "BTY", decimals: 4 },
    { id: 2, code: "YCC", name: "YCC", decimals: 4 },
  ],
  startingBalance: "100",
  /** a request Mei has not answered yet */
  request: { from: "leo" as MemberKey, to: "mei" as MemberKey, reason: "Hi Mei, it's Leo from the climbing gym!" },
};

type MemberKey = "mei" | "ken" | "ana" | "leo";

/**
 * The demo history, oldest first: [from, to, minutes ago, text]. Sent through the real message
 * path (services/messages/send-message) with fixed msgIds, so a second run stores nothing twice.
 */
const HISTORY: [MemberKey, MemberKey, number, string][] = [
  ["ken", "mei", 26 * 60, "Are we still on for the bouldering session tomorrow?"],
  ["mei", "ken", 26 * 60 - 3, "Yes! 7 pm at the gym?"],
  ["ken", "mei", 26 * 60 - 4, "Perfect. I'll bring the spare chalk bag."],
  ["mei", "ken", 26 * 60 - 4, "Thanks 🙌"],
  ["ken", "ana", 20 * 60, "Ana, do you still have the tent we borrowed?"],
  ["ana", "ken", 20 * 60 - 12, "Yes, it's in my car. Saturday?"],
  ["ana", "mei", 95, "Did you see the photos from the trip?"],
  ["mei", "ana", 90, "Not yet — send them over!"],
  ["ken", "mei", 40, "That was a great session. Same time next week?"],
  ["mei", "ken", 38, "Definitely. My arms are still sore 😅"],
  ["ana", "mei", 6, "Uploading them tonight. Also: dinner on Friday?"],
];

const GROUP_HISTORY: [MemberKey, string][] = [
  ["mei", "Welcome to the crew! Saturday: the north wall, 9 am."],
  ["ken", "I'm in. Who brings the rope?"],
  ["ana", "Me — and snacks 🍫"],
];

const ROOM_HISTORY: [MemberKey, string][] = [
  ["ken", "Hi all! Any tips for a first trip to Kyoto?"],
  ["ana", "Go early to Fushimi Inari — before 7 it's empty."],
  ["mei", "And try the tofu at Nanzen-ji 🙂"],
];

/** a group this member owns by this name (the demo makes each once) */
async function groupNamed(db: Db, ownerId: number, name: string): Promise<number | null> {
  const [row] = await db
    .select({ id: groups.id })
    .from(groups)
    .innerJoin(groupMembers, and(eq(groupMembers.groupId, groups.id), eq(groupMembers.userId, ownerId), eq(groupMembers.level, 3)))
    .where(and(eq(groups.name, name), isNull(groups.dissolvedAt)))
    .limit(1);
  return row?.id ?? null;
}

/** the member accounts of the messenger, with their ids and public Parley IDs (markId) */
export async function seedMembers(db: Db, deps: Partial<Deps> = {}) {
  const t = Date.now();
  const passwordHash = await hashPassword(DEMO.memberPassword);
  const ids = new Map<MemberKey, number>();
  for (const m of DEMO.members) {
    const [row] = await db
      .insert(users)
      .values({ mobile: m.mobile, passwordHash, nickname: m.nickname, role: "member", verified: 1, createdAt: t })
      .onConflictDoUpdate({ target: users.mobile, set: { passwordHash } })
      .returning({ id: users.id });
    ids.set(m.key, row.id);
  }
  const full: Deps = { db, bus: deps.bus ?? createMemoryBus(), config: deps.config ?? loadConfig() };
  const principal = async (key: MemberKey): Promise<MemberPrincipal> => {
    const [u] = await db.select({ nickname: users.nickname, avatar: users.avatar }).from(users).where(eq(users.id, ids.get(key)!));
    return { kind: "member", sessionId: "seed", userId: ids.get(key)!, nickname: u.nickname, avatar: u.avatar, role: "member", agentSites: [] };
  };

  // friendships: only the missing ones (an existing friendship keeps its remarks and settings)
  for (const f of DEMO.friends) {
    const a = ids.get(f.a)!;
    const b = ids.get(f.b)!;
    const [had] = await db.select({ userId: friendships.userId }).from(friendships).where(and(eq(friendships.userId, a), eq(friendships.friendId, b))).limit(1);
    if (had) continue;
    await db.transaction((tx) => makeFriends(tx, a, b, t, { aForB: f.remark }));
  }

  // one request waiting for an answer, unless there was one already (or they became friends)
  {
    const from = ids.get(DEMO.request.from)!;
    const to = ids.get(DEMO.request.to)!;
    const [asked] = await db.select({ id: friendRequests.id }).from(friendRequests).where(and(eq(friendRequests.fromId, from), eq(friendRequests.toId, to))).limit(1);
    const [friends] = await db.select({ userId: friendships.userId }).from(friendships).where(and(eq(friendships.userId, from), eq(friendships.friendId, to))).limit(1);
    if (!asked && !friends) await db.insert(friendRequests).values({ fromId: from, toId: to, reason: DEMO.request.reason, createdAt: t - 30 * 60_000 });
  }

  // history, through the real message path; a message stored by an earlier run is not stored again
  const sent: { id: number; at: number; from: MemberKey; to: MemberKey }[] = [];
  for (const [i, [from, to, minutesAgo, content]] of HISTORY.entries()) {
    const res = await sendMessage(full, await principal(from), {
      channelType: 3,
      msgId: `demo-history-${i + 1}`,
      targetId: String(ids.get(to)),
      msgType: 1,
      msg: { content },
    });
    if (res.isNew) sent.push({ id: Number(res.entry.logId), at: t - minutesAgo * 60_000, from, to });
  }
  if (sent.length) {
    // spread the new history over the last day, so the list and the date separators look lived in
    for (const m of sent) await db.update(messages).set({ createdAt: m.at }).where(eq(messages.id, m.id));
    const threadIds = [...new Set((await db.select({ t: friendships.threadId }).from(friendships).where(inArray(friendships.userId, [...ids.values()]))).map((r) => r.t))];
    await db
      .update(threads)
      .set({ lastMessageAt: sql`(select max(${messages.createdAt}) from ${messages} where ${messages.channelType} = 3 and ${messages.targetId} = ${threads.id})` })
      .where(inArray(threads.id, threadIds));
    // everything read, except Ana's newest message to Mei (an unread badge to see)
    for (const [reader, other] of [
      ["mei", "ken"],
      ["ken", "mei"],
      ["ken", "ana"],
      ["ana", "ken"],
      ["ana", "mei"],
    ] as const) {
      await markRead(full, await principal(reader), { channelType: 3, targetId: String(ids.get(other)) });
    }
    const meiAna = sent.filter((m) => (m.from === "mei" && m.to === "ana") || (m.from === "ana" && m.to === "mei"));
    const readUpTo = meiAna.filter((m) => m.from === "mei").pop();
    if (readUpTo) await markRead(full, await principal("mei"), { channelType: 3, targetId: String(ids.get("ana")), logId: String(readUpTo.id) });
  }

  // Mei's group: made once through the real service (its notices included), then a few messages
  const owner = await principal(DEMO.group.owner);
  let groupId = await groupNamed(db, owner.userId, DEMO.group.name);
  if (groupId === null) {
    const made = await createGroup(full, owner, { roomName: DEMO.group.name, users: DEMO.group.members.map((k) => String(ids.get(k))) });
    groupId = Number(made.roomId);
  }
  for (const [i, [from, content]] of GROUP_HISTORY.entries()) {
    await sendMessage(full, await principal(from), { channelType: 2, msgId: `demo-group-${i + 1}`, targetId: String(groupId), msgType: 1, msg: { content } });
  }

  // the admin's public room, made once through the real service; its history sent the way a
  // member sends it: from a "socket" that joined it
  const [adminRow] = await db.select().from(users).where(eq(users.mobile, DEMO.admin.mobile)).limit(1);
  if (adminRow) {
    const admin: MemberPrincipal = { kind: "member", sessionId: "seed", userId: adminRow.id, nickname: adminRow.nickname, avatar: adminRow.avatar, role: "admin", agentSites: [] };
    let [room] = await db.select({ id: chatRooms.id }).from(chatRooms).where(and(eq(chatRooms.name, DEMO.room.name), eq(chatRooms.status, 0))).limit(1);
    if (!room) room = { id: Number((await createRoom(full, admin, { groupName: DEMO.room.name, description: DEMO.room.description })).groupId) };
    for (const [i, [from, content]] of ROOM_HISTORY.entries()) {
      const p = await principal(from);
      const conn = `seed-${from}`;
      roomLive(full).enter(conn, p, room.id);
      await sendMessage(full, p, { channelType: 1, msgId: `demo-room-${i + 1}`, targetId: String(room.id), msgType: 1, msg: { content } }, { exceptConn: conn });
      roomLive(full).exit(conn, p, room.id);
    }
  }

  // the seed's coins (1 BTY, 2 YCC), and some of each for the members, once (a ledger row each)
  await db.insert(coins).values(DEMO.coins.map((c) => ({ ...c, createdAt: t }))).onConflictDoNothing();
  for (const id of ids.values()) {
    for (const c of DEMO.coins) {
      const [had] = await db.select({ id: ledgerEntries.id }).from(ledgerEntries).where(and(eq(ledgerEntries.userId, id), eq(ledgerEntries.coinId, c.id), eq(ledgerEntries.reason, "demo"))).limit(1);
      if (!had) await postEntry(db, { userId: id, coinId: c.id, amount: toMinor(DEMO.startingBalance, c.decimals), kind: "credit", reason: "demo" });
    }
  }

  const rows = await db.select({ id: users.id, mobile: users.mobile, markId: users.markId, nickname: users.nickname }).from(users).where(inArray(users.id, [...ids.values()]));
  return DEMO.members.map((m) => {
    const r = rows.find((x) => x.id === ids.get(m.key))!;
    return { nickname: r.nickname, mobile: r.mobile, markId: r.markId, password: DEMO.memberPassword };
  });
}

export async function seedDemo(db: Db, deps: Partial<Deps> = {}) {
  const t = Date.now();
  const upsertUser = async (u: { mobile: string; password: string; nickname: string }, role: string) => {
    const passwordHash = await hashPassword(u.password);
    const [row] = await db
      .insert(users)
      .values({ mobile: u.mobile, passwordHash, nickname: u.nickname, role, verified: 1, createdAt: t })
      .onConflictDoUpdate({ target: users.mobile, set: { passwordHash, role } })
      .returning({ id: users.id });
    return row.id;
  };
  await upsertUser(DEMO.admin, "admin");
  const agentIds = [];
  for (const a of DEMO.agents) agentIds.push(await upsertUser(a, "member"));

  let [site] = await db.select().from(sites).where(eq(sites.key, DEMO.site.key)).limit(1);
  if (!site) {
    [site] = await db.insert(sites).values({ ...DEMO.site, createdAt: t }).returning();
  }
  for (const [i, userId] of agentIds.entries()) {
    await db
      .insert(siteAgents)
      .values({ siteId: site.id, userId, role: i === 0 ? "supervisor" : "agent" })
      .onConflictDoNothing();
    await db.insert(agentStatus).values({ userId, status: "online", updatedAt: t }).onConflictDoNothing();
  }
  // the agents' own group, made by the supervisor through the real service
  const [lead] = await db.select({ nickname: users.nickname, avatar: users.avatar }).from(users).where(eq(users.id, agentIds[0]));
  if ((await groupNamed(db, agentIds[0], DEMO.staffGroup.name)) === null) {
    const supervisor: MemberPrincipal = {
      kind: "member",
      sessionId: "seed",
      userId: agentIds[0],
      nickname: lead.nickname,
      avatar: lead.avatar,
      role: "member",
      agentSites: [{ siteId: site.id, role: "supervisor" }],
    };
    const full: Deps = { db, bus: deps.bus ?? createMemoryBus(), config: deps.config ?? loadConfig() };
    await createGroup(full, supervisor, { roomName: DEMO.staffGroup.name, users: agentIds.slice(1).map(String), siteId: String(site.id) });
  }
  const members = await seedMembers(db, deps);
  return { siteId: site.id, agentIds, members };
}
