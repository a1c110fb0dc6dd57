// GroupState as the console uses it: only the staff groups of my sites, and no "you were added"
// for a group I made myself (its event 20 arrives before the create call answers).
import { describe, expect, it, vi } from "vitest";
import type { ServerFrame } from "../../server/protocol/frames";
import { GroupState, type GroupNotice } from "./group-state";
import type { TGroupItem } from "./member-api";
import type { ApiClient } from "./trpc";

const ME = "2";
const item = (id: string, name: string, siteId: string | null): TGroupItem => ({
  id,
  markId: `3000000${id}`,
  name,
  avatar: "",
  noDisturbing: 2,
  commonlyUsed: 1,
  onTop: 2,
  memberLevel: 1,
  memberNumber: 2,
  interior: siteId ? 1 : 0,
  siteId,
});
const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

function setup(list: TGroupItem[]) {
  let rows = list;
  let onCreate: () => void = () => {};
  const api = {
    group: {
      list: { query: vi.fn(async () => ({ roomList: rows })) },
      unread: { query: vi.fn(async () => ({ infos: [] })) },
      create: {
        mutate: vi.fn(async () => {
          rows = [...rows, item("70", "Night shift", "1")];
          onCreate(); // the server tells the sockets before it answers
          return { roomId: "70", markId: "30000070" };
        }),
      },
    },
  };
  const notices: GroupNotice[] = [];
  const gs = new GroupState({
    api: api as unknown as ApiClient,
    live: () => ({ request: vi.fn(async () => ({}) as ServerFrame), cancel: vi.fn(), locale: "en" }),
    me: () => ({ id: ME, nickname: "Ivy", avatar: "" }),
    now: () => Date.now(),
    isShown: () => false,
    filter: (g) => g.interior === 1 && g.siteId === "1",
    notify: (n) => notices.push(n),
  });
  onCreate = () => gs.onFrame({ eventType: 20, roomId: "70", userId: ME, type: 1, datetime: 1 } as ServerFrame);
  return { gs, api, notices };
}

describe("the console's team groups", () => {
  it("lists only the staff groups of my sites", async () => {
    const { gs } = setup([item("50", "Climbers", null), item("51", "Support team", "1"), item("52", "Other shop", "9")]);
    await gs.load();
    expect(gs.getSnapshot().rows.map((r) => r.group.name)).toEqual(["Support team"]);
  });

  it("a group I create is not announced to me as one I was added to", async () => {
    const { gs, notices } = setup([]);
    await gs.load();
    const { roomId } = await gs.create({ users: ["3"], name: "Night shift", siteId: "1" });
    await flush();
    expect(roomId).toBe("70");
    expect(gs.getSnapshot().rows.map((r) => r.group.name)).toEqual(["Night shift"]);
    expect(notices).toEqual([]);
  });
});
