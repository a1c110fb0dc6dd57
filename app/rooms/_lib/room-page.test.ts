// The public room page without React or a network: a guest keeps their uuid across visits, a
// signed-in member reads and speaks with their cookie, a member whose session is gone reads as
// a guest, a guest token the server ended (or that cannot get back in) is renewed for the same
// uuid, and the page joins its room.
import { TRPCClientError } from "@trpc/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveClientOptions } from "../../_lib/live-client";
import type { ApiClient } from "../../_lib/trpc";
import { GUEST_RENEW_AFTER_MS, GUEST_UUID_KEY, RoomPageController, type KeyValueStore } from "./room-page";

const UUID_A = "3f2a1b4c-1111-4222-8333-444455556666";
const UUID_B = "9e8d7c6b-aaaa-4bbb-8ccc-ddddeeeeffff";

function memoryStorage(init: Record<string, string> = {}): KeyValueStore & { data: Record<string, string> } {
  const data = { ...init };
  return { data, get: (k) => data[k] ?? null, set: (k, v) => void (data[k] = v) };
}

function setup(opts: { signedIn?: boolean; storage?: KeyValueStore; tokenLogin?: () => Promise<unknown> } = {}) {
  let minted = 0;
  const api = {
    user: { tokenLogin: { mutate: vi.fn(opts.tokenLogin ?? (async () => ({ id: 7, username: "Mei", avatar: "", account: "1", uid: "2", user_level: 1, verified: 1 }))) } },
    chatRoom: {
      visit: { mutate: vi.fn(async ({ uuid }: { uuid?: string }) => ({ token: `pg_${uuid ?? UUID_B}.sig${++minted}`, uuid: uuid ?? UUID_B })) },
      info: { query: vi.fn(async () => ({ groupId: "40", groupName: "Lobby", avatar: "", description: "", createTime: 1, openTime: 1, closeTime: 0, status: 1, totalNumber: 1, userNumber: 0, visitorNumber: 1 })) },
      getGroupChatHistory: { query: vi.fn(async () => ({ logs: [], nextLog: null })) },
    },
  };
  const lives: Array<{ opts: LiveClientOptions; request: ReturnType<typeof vi.fn>; setToken: ReturnType<typeof vi.fn>; stop: ReturnType<typeof vi.fn> }> = [];
  const tokens: Array<() => string | null> = [];
  const page = new RoomPageController({
    roomId: "40",
    signedIn: opts.signedIn ?? false,
    makeApi: (getToken) => {
      tokens.push(getToken);
      return api as unknown as ApiClient;
    },
    storage: opts.storage ?? memoryStorage(),
    locale: () => "en",
    createLive: (o) => {
      const live = { opts: o, request: vi.fn(() => new Promise(() => {})), cancel: vi.fn(), start: vi.fn(), stop: vi.fn(), setToken: vi.fn(), locale: "en" };
      lives.push(live);
      return live as never;
    },
  });
  return { page, api, lives, token: () => tokens[0]() };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("an anonymous visitor", () => {
  it("gets a guest token, keeps the uuid, connects with the token and joins the room", async () => {
    const storage = memoryStorage();
    const { page, api, lives, token } = setup({ storage });
    await page.start();
    expect(api.chatRoom.visit.mutate).toHaveBeenCalledWith({});
    expect(storage.data[GUEST_UUID_KEY]).toBe(UUID_B);
    expect(page.getSnapshot()).toMatchObject({ phase: "ready", identity: { kind: "guest", uuid: UUID_B } });
    expect(lives[0].opts.token).toBe(`pg_${UUID_B}.sig1`);
    expect(token()).toBe(`pg_${UUID_B}.sig1`); // the API's Bearer too
    expect(lives[0].request).toHaveBeenCalledWith({ eventType: 1, groupId: "40" });
    expect(page.isGuest).toBe(true);
  });

  it("is the same guest on the next visit", async () => {
    const storage = memoryStorage({ [GUEST_UUID_KEY]: UUID_A });
    const { page, api } = setup({ storage });
    await page.start();
    expect(api.chatRoom.visit.mutate).toHaveBeenCalledWith({ uuid: UUID_A });
    expect(page.getSnapshot().identity).toEqual({ kind: "guest", uuid: UUID_A });
  });

  it("a token the server ended is renewed for the same uuid", async () => {
    const { page, api, lives } = setup({ storage: memoryStorage({ [GUEST_UUID_KEY]: UUID_A }) });
    await page.start();
    lives[0].opts.onSessionEnded?.(-1003, "signed out");
    await vi.runOnlyPendingTimersAsync();
    expect(api.chatRoom.visit.mutate).toHaveBeenLastCalledWith({ uuid: UUID_A });
    expect(lives[0].setToken).toHaveBeenCalledWith(`pg_${UUID_A}.sig2`);
  });

  it("a socket that cannot get back in for a while gets a new token", async () => {
    const { page, api, lives } = setup({ storage: memoryStorage({ [GUEST_UUID_KEY]: UUID_A }) });
    await page.start();
    lives[0].opts.onState?.("open");
    lives[0].opts.onState?.("reconnecting");
    await vi.advanceTimersByTimeAsync(GUEST_RENEW_AFTER_MS - 100);
    expect(api.chatRoom.visit.mutate).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(api.chatRoom.visit.mutate).toHaveBeenCalledTimes(2);
    expect(lives[0].setToken).toHaveBeenCalledWith(`pg_${UUID_A}.sig2`);
    // back in time: nothing to renew
    lives[0].opts.onState?.("open");
    lives[0].opts.onState?.("reconnecting");
    lives[0].opts.onState?.("open");
    await vi.advanceTimersByTimeAsync(GUEST_RENEW_AFTER_MS * 2);
    expect(api.chatRoom.visit.mutate).toHaveBeenCalledTimes(2);
  });

  it("cannot start (the server said no): the page says so and may try again", async () => {
    const { page, api } = setup();
    api.chatRoom.visit.mutate.mockRejectedValueOnce(new Error("Too many requests"));
    await page.start();
    expect(page.getSnapshot()).toMatchObject({ phase: "error", error: "Too many requests" });
    page.retry();
    await vi.runOnlyPendingTimersAsync();
    expect(page.getSnapshot().phase).toBe("ready");
  });
});

describe("a signed-in member", () => {
  it("reads with the session cookie (no guest token) and may speak", async () => {
    const { page, api, lives } = setup({ signedIn: true });
    await page.start();
    expect(api.chatRoom.visit.mutate).not.toHaveBeenCalled();
    expect(lives[0].opts.token).toBeNull();
    expect(page.getSnapshot().identity).toEqual({ kind: "member", id: "7", name: "Mei", avatar: "" });
    expect(page.isGuest).toBe(false);
  });

  it("whose session is gone reads as a guest", async () => {
    const { page, api } = setup({ signedIn: true, tokenLogin: async () => Promise.reject(Object.assign(new TRPCClientError("signed out"), { data: { appCode: -1003 } })) });
    await page.start();
    expect(api.chatRoom.visit.mutate).toHaveBeenCalled();
    expect(page.getSnapshot().identity?.kind).toBe("guest");
  });

  it("signed out elsewhere while reading: the socket stops and the page says it starts again", async () => {
    const { page, lives } = setup({ signedIn: true });
    await page.start();
    lives[0].opts.onSessionEnded?.(-1003, "signed out");
    expect(lives[0].stop).toHaveBeenCalled();
    expect(page.getSnapshot().memberEnded).toBe(true);
  });
});
