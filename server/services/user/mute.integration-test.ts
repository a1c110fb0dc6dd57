// Global mute (seed /user/muted): an admin mutes a member everywhere; every member channel
// refuses their sends with -2007 and the end time until it ends by itself (an injected clock,
// not sleeps); the member hears it at once (event 3); 0 lifts it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clock, realNow } from "../../clock";
import { createMember, startTestParley, trpc, TestSocket } from "../../testing/harness";
import { makeFriends } from "../friend/make-friends";

let parley: Awaited<ReturnType<typeof startTestParley>>;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  await parley?.close();
});
afterEach(() => {
  clock.now = realNow;
});

type Member = Awaited<ReturnType<typeof createMember>>;
const id = (m: Member) => String(m.user.id);
const text = (channelType: number, targetId: string, msgId: string) => ({ eventType: 0, msgId, channelType, targetId, msgType: 1, msg: { content: msgId } });

describe("global mute", () => {
  it("blocks sends in friend chat and groups until it ends by itself; the member hears it at once; 0 lifts it", async () => {
    const [admin, m, friend] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley), createMember(parley)]);
    await parley.deps.db.transaction((tx) => makeFriends(tx, m.user.id, friend.user.id, Date.now()));
    const roomId = ((await trpc(parley.url, "group.create", { users: [id(friend)] }, { bearer: m.token })).data as { roomId: string }).roomId;
    const s = await TestSocket.open(parley.url, m.token);
    let t = realNow() + 60_000;
    clock.now = () => t;
    expect(await trpc(parley.url, "user.muted", { id: id(m), muted_time: 10 * 60_000 }, { bearer: admin.token })).toMatchObject({ ok: true });
    expect(await s.waitFor((f) => f.eventType === 3)).toMatchObject({ mutedTime: t, mutedLastTime: 600_000 });
    for (const [ch, target] of [[3, id(friend)], [2, roomId]] as const) {
      const refused = (await s.request(text(ch, target, `muted-${ch}`))) as { code: number; content: string };
      expect(refused.code).toBe(-2007);
      expect(refused.content).toContain(new Date(t + 600_000).toISOString());
    }
    // it ends by itself at its time
    t += 600_001;
    expect(await s.request(text(3, id(friend), "after-1"))).toMatchObject({ logId: expect.any(String) });
    // muted again, then lifted with 0
    expect(await trpc(parley.url, "user.muted", { id: id(m), muted_time: 60_000 }, { bearer: admin.token })).toMatchObject({ ok: true });
    expect(await s.request(text(2, roomId, "muted-again"))).toMatchObject({ code: -2007 });
    expect(await trpc(parley.url, "user.muted", { id: id(m), muted_time: 0 }, { bearer: admin.token })).toMatchObject({ ok: true });
    expect(await s.waitFor((f) => f.eventType === 3 && (f as { mutedLastTime: number }).mutedLastTime === 0)).toBeTruthy();
    expect(await s.request(text(2, roomId, "lifted"))).toMatchObject({ logId: expect.any(String) });
    await s.close();
  });

  it("is for admins (-3000); an unknown user -2001, yourself -2021; the compat door /user/muted", async () => {
    const [admin, m] = await Promise.all([createMember(parley, { role: "admin" }), createMember(parley)]);
    expect(await trpc(parley.url, "user.muted", { id: id(admin), muted_time: 1000 }, { bearer: m.token })).toMatchObject({ appCode: -3000 });
    expect(await trpc(parley.url, "user.muted", { id: "999999999999", muted_time: 1000 }, { bearer: admin.token })).toMatchObject({ appCode: -2001 });
    expect(await trpc(parley.url, "user.muted", { id: id(admin), muted_time: 1000 }, { bearer: admin.token })).toMatchObject({ appCode: -2021 });
    const res = await fetch(`${parley.url}/api/compat/user/muted`, {
      method: "POST",
      headers: { "content-type": "application/json", "FZM-AUTH-TOKEN": admin.token },
      body: JSON.stringify({ id: id(m), muted_time: 60_000 }),
    });
    expect(await res.json()).toMatchObject({ result: 0, data: {} });
  });
});
