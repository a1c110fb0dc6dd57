// The group permission matrix as a table: every action × owner / admin / member / outsider, each
// cell in a fresh group, through the real doors (tRPC and /ws) — and who may kick or mute whom.
// What a cell expects is written here by hand, not read from the policy: this checks the policy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clock, realNow } from "../../clock";
import type { LogEntry } from "../../protocol/frames";
import { createMember, startTestParley, trpc, TestSocket } from "../../testing/harness";
import { makeFriends } from "../friend/make-friends";

let parley: Awaited<ReturnType<typeof startTestParley>>;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  clock.now = realNow;
  await parley?.close();
});

type Member = Awaited<ReturnType<typeof createMember>>;
const ROLES = ["owner", "admin", "member", "outsider"] as const;
type Role = (typeof ROLES)[number];
type Outcome = "ok" | number;
const id = (m: Member) => String(m.user.id);
const befriend = (a: Member, b: Member) => parley.deps.db.transaction((tx) => makeFriends(tx, a.user.id, b.user.id, Date.now()));

/** a group: owner, an admin, a member, `target` (a plain member things are done to), and an outsider */
async function world() {
  const [owner, admin, member, target, outsider] = await Promise.all([1, 2, 3, 4, 5].map(() => createMember(parley)));
  for (const m of [admin, member, target]) await befriend(owner, m);
  const created = await trpc(parley.url, "group.create", { users: [id(admin), id(member), id(target)] }, { bearer: owner.token });
  const roomId = (created.data as { roomId: string }).roomId;
  await trpc(parley.url, "group.setLevel", { roomId, userId: id(admin), level: 2 }, { bearer: owner.token });
  const who: Record<Role, Member> = { owner, admin, member, outsider };
  return { roomId, who, target, owner };
}
type World = Awaited<ReturnType<typeof world>>;

const outcome = (res: { ok: boolean; appCode?: number }): Outcome => (res.ok ? "ok" : (res.appCode ?? -9000));
const mutate = (w: World, as: Member, path: string, input: unknown) => trpc(parley.url, path, input, { bearer: as.token }).then(outcome);

const ACTIONS: Record<string, { run: (w: World, as: Member) => Promise<Outcome>; expect: Record<Role, Outcome> }> = {
  "read the history": {
    run: (w, as) => trpc(parley.url, "group.chatLog", { id: w.roomId, number: 5 }, { bearer: as.token, query: true }).then(outcome),
    expect: { owner: "ok", admin: "ok", member: "ok", outsider: -6000 },
  },
  "write a message": {
    run: async (w, as) => {
      const s = await TestSocket.open(parley.url, as.token);
      const answer = (await s.request({ eventType: 0, msgId: `w-${id(as)}`, channelType: 2, targetId: w.roomId, msgType: 1, msg: { content: "hi" } })) as { code?: number };
      await s.close();
      return answer.code === undefined ? "ok" : answer.code;
    },
    expect: { owner: "ok", admin: "ok", member: "ok", outsider: -6000 },
  },
  "recall someone else's day-old message": {
    run: async (w, as) => {
      const s = await TestSocket.open(parley.url, w.target.token);
      const m = (await s.request({ eventType: 0, msgId: "old", channelType: 2, targetId: w.roomId, msgType: 1, msg: { content: "old" } })) as LogEntry;
      await s.close();
      clock.now = () => realNow() + 24 * 60 * 60_000;
      try {
        return await mutate(w, as, "chat33.recall", { logId: m.logId, type: 1 });
      } finally {
        clock.now = realNow;
      }
    },
    expect: { owner: "ok", admin: "ok", member: -2023, outsider: -6000 },
  },
  "invite a friend": {
    run: async (w, as) => {
      const friend = await createMember(parley);
      await befriend(as, friend);
      return mutate(w, as, "group.joinRoomInvite", { roomId: w.roomId, users: [id(friend)] });
    },
    // a member's invitation into a group that needs approval is made, and waits
    expect: { owner: "ok", admin: "ok", member: "ok", outsider: -6000 },
  },
  "approve an application": {
    run: async (w, as) => {
      const applicant = await createMember(parley);
      await trpc(parley.url, "group.joinRoomApply", { roomId: w.roomId, applyReason: "hi" }, { bearer: applicant.token });
      return mutate(w, as, "group.joinRoomApprove", { roomId: w.roomId, userId: id(applicant), agree: 1 });
    },
    expect: { owner: "ok", admin: "ok", member: -3000, outsider: -6000 },
  },
  "kick a member": {
    run: (w, as) => mutate(w, as, "group.kickOut", { roomId: w.roomId, users: [id(w.target)] }),
    expect: { owner: "ok", admin: "ok", member: -3000, outsider: -6000 },
  },
  "mute a member": {
    run: (w, as) => mutate(w, as, "group.muteMember", { roomId: w.roomId, userId: id(w.target), mutedTime: 60_000 }),
    expect: { owner: "ok", admin: "ok", member: -3000, outsider: -6000 },
  },
  "mute the whole group": {
    run: (w, as) => mutate(w, as, "group.muteAll", { roomId: w.roomId, muted: 1 }),
    expect: { owner: "ok", admin: "ok", member: -3000, outsider: -6000 },
  },
  "set permissions": {
    run: (w, as) => mutate(w, as, "group.setPermission", { roomId: w.roomId, joinPermission: 2, canAddFriend: 2 }),
    expect: { owner: "ok", admin: "ok", member: -3000, outsider: -6000 },
  },
  "make a member admin": {
    run: (w, as) => mutate(w, as, "group.setLevel", { roomId: w.roomId, userId: id(w.target), level: 2 }),
    expect: { owner: "ok", admin: -3000, member: -3000, outsider: -6000 },
  },
  "dissolve": {
    run: (w, as) => mutate(w, as, "group.delete", { roomId: w.roomId }),
    expect: { owner: "ok", admin: -3000, member: -3000, outsider: -6000 },
  },
  "leave": {
    run: (w, as) => mutate(w, as, "group.loginOut", { roomId: w.roomId }),
    expect: { owner: -3000, admin: "ok", member: "ok", outsider: -6000 },
  },
};

describe("group permission matrix", () => {
  it("every action × owner / admin / member / outsider answers as the table says", async () => {
    const got: Record<string, Partial<Record<Role, Outcome>>> = {};
    for (const [action, row] of Object.entries(ACTIONS)) {
      got[action] = {};
      for (const role of ROLES) {
        const w = await world();
        got[action][role] = await row.run(w, w.who[role]);
      }
    }
    expect(got).toEqual(Object.fromEntries(Object.entries(ACTIONS).map(([a, r]) => [a, r.expect])));
  });

  it("kick and mute reach only the levels below: the owner any, an admin members, a member nobody", async () => {
    const LEVELS = ["owner", "admin", "member"] as const;
    const want: Record<string, Outcome> = {
      "owner→admin": "ok",
      "owner→member": "ok",
      "admin→owner": -3000,
      "admin→admin": -3000,
      "admin→member": "ok",
      "member→owner": -3000,
      "member→admin": -3000,
      "member→member": -3000,
    };
    for (const kind of ["group.kickOut", "group.muteMember"] as const) {
      const got: Record<string, Outcome> = {};
      for (const actor of LEVELS) {
        for (const target of LEVELS) {
          if (actor === target && actor === "owner") continue; // one owner
          const w = await world();
          // a second person at the target's level (the actor is never their own target)
          const t = target === "owner" ? w.owner : await createMember(parley);
          if (target !== "owner") {
            await befriend(w.owner, t);
            await trpc(parley.url, "group.joinRoomInvite", { roomId: w.roomId, users: [id(t)] }, { bearer: w.owner.token });
            if (target === "admin") await trpc(parley.url, "group.setLevel", { roomId: w.roomId, userId: id(t), level: 2 }, { bearer: w.owner.token });
          }
          const input = kind === "group.kickOut" ? { roomId: w.roomId, users: [id(t)] } : { roomId: w.roomId, userId: id(t), mutedTime: 60_000 };
          got[`${actor}→${target}`] = await mutate(w, w.who[actor], kind, input);
        }
      }
      expect({ kind, outcomes: got }).toEqual({ kind, outcomes: want });
    }
  });
});
