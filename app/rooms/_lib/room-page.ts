// The public room page /rooms/<id>, without React: who is reading — a signed-in member (the
// session cookie: they may speak) or an anonymous guest (a token from chatRoom.visit, whose
// uuid is kept in localStorage so the same browser stays the same guest) —, the socket, and a
// RoomState for the one room. room-page.test.ts drives it without React or a network.
//
// A guest's token is only good for /ws and the public reads. When the server ends it (close
// 4001), or the socket cannot get back in for a while (an expired token is refused at the
// upgrade, which a browser only sees as a failed connection), the page asks chatRoom.visit
// again with the same uuid and goes on with the new token.
import type { ServerFrame } from "../../../server/protocol/frames";
import { LiveClient, type LiveClientOptions, type LiveState } from "../../_lib/live-client";
import { memberApi } from "../../_lib/member-api";
import { roomApi } from "../../_lib/room-api";
import { muteEnd, RoomState, type RoomNotice, type RoomsSnapshot } from "../../_lib/room-state";
import { appCodeOf, errorText, type ApiClient } from "../../_lib/trpc";

/** where a guest's identity is kept in this browser */
export const GUEST_UUID_KEY = "parley:room-guest";
/** reconnecting this long as a guest: the token may have expired — ask for a new one */
export const GUEST_RENEW_AFTER_MS = 12_000;
/** and not more often than this */
const GUEST_RENEW_EVERY_MS = 30_000;

export type RoomIdentity = { kind: "member"; id: string; name: string; avatar: string } | { kind: "guest"; uuid: string };

export interface RoomPageSnapshot {
  phase: "starting" | "ready" | "error";
  error: string | null;
  identity: RoomIdentity | null;
  live: LiveState;
  rooms: RoomsSnapshot;
  /** a toast: muted, closed, deleted, open again */
  notice: (RoomNotice & { id: number }) | null;
  /** a member's session ended on this page: it starts again, as a guest's */
  memberEnded: boolean;
}

export type RoomPageLive = Pick<LiveClient, "request" | "cancel" | "start" | "stop" | "setToken" | "locale">;

/** localStorage, or anything like it (tests; a browser that blocks storage) */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

export interface RoomPageOptions {
  roomId: string;
  /** the server saw a working session cookie */
  signedIn: boolean;
  /** the API client; `getToken` gives the guest's token (null for the cookie) */
  makeApi(getToken: () => string | null): ApiClient;
  storage: KeyValueStore;
  locale(): string;
  createLive?(opts: LiveClientOptions): RoomPageLive;
}

export class RoomPageController {
  private listeners = new Set<() => void>();
  private snap: RoomPageSnapshot;
  private token: string | null = null;
  private clockOffset = 0;
  private opens = 0;
  private live: RoomPageLive | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | null = null;
  private renewedAt = 0;
  private noticeSeq = 0;
  private disposed = false;
  readonly api: ApiClient;
  readonly rooms: RoomState;

  constructor(private opts: RoomPageOptions) {
    this.api = opts.makeApi(() => this.token);
    this.rooms = new RoomState({
      api: this.api,
      live: () => this.live,
      me: () => {
        const who = this.snap.identity;
        if (!who) return null;
        return who.kind === "member" ? { id: who.id, nickname: who.name, avatar: who.avatar } : { id: `guest:${who.uuid}`, nickname: "", avatar: "", guest: true };
      },
      now: this.serverNow,
      notify: (n) => this.patch({ notice: { ...n, id: ++this.noticeSeq } }),
      onSessionEnded: () => this.onMemberEnded(),
    });
    this.snap = { phase: "starting", error: null, identity: null, live: "connecting", rooms: this.rooms.getSnapshot(), notice: null, memberEnded: false };
    this.rooms.subscribe(() => this.patch({ rooms: this.rooms.getSnapshot() }));
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getSnapshot = () => this.snap;
  serverNow = () => Date.now() + this.clockOffset;

  get isGuest() {
    return this.snap.identity?.kind !== "member";
  }

  /** who is reading, then the socket, then the room */
  async start() {
    this.patch({ phase: "starting", error: null });
    let identity: RoomIdentity | null = null;
    if (this.opts.signedIn) {
      try {
        const me = await memberApi(this.api).user.tokenLogin.mutate();
        identity = { kind: "member", id: String(me.id), name: me.username, avatar: me.avatar };
      } catch (err) {
        if (appCodeOf(err) !== -1003) return this.fail(err);
        // the cookie's session is gone: read as a guest
      }
    }
    if (!identity) {
      try {
        identity = await this.visit();
      } catch (err) {
        return this.fail(err);
      }
    }
    if (this.disposed) return;
    this.connect();
    this.patch({ identity });
    this.rooms.show(this.opts.roomId);
    this.patch({ phase: "ready" });
  }

  /** the page goes away */
  dispose() {
    this.disposed = true;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.rooms.hide(this.opts.roomId);
    this.rooms.dispose();
    this.live?.stop();
    this.listeners.clear();
  }

  dismissNotice() {
    this.patch({ notice: null });
  }

  /** "Try again" after a failed start, or a failed join */
  retry() {
    if (this.snap.phase === "error") return void this.start();
    void this.rooms.loadInfo(this.opts.roomId);
    this.rooms.retryJoin(this.opts.roomId);
  }

  // ---- internals --------------------------------------------------------------------------

  /** a guest's token, for the uuid this browser keeps (a new one the first time) */
  private async visit(): Promise<RoomIdentity> {
    const known = this.opts.storage.get(GUEST_UUID_KEY);
    const res = await roomApi(this.api).visit.mutate(known ? { uuid: known } : {});
    this.token = res.token;
    const uuid = String(res.uuid || known || "");
    if (uuid && uuid !== known) this.opts.storage.set(GUEST_UUID_KEY, uuid);
    return { kind: "guest", uuid };
  }

  private connect() {
    const make = this.opts.createLive ?? ((o: LiveClientOptions) => new LiveClient(o));
    this.live = make({
      token: this.token,
      locale: this.opts.locale(),
      onFrame: (f) => this.onFrame(f),
      onState: (s) => this.onState(s),
      onHello: () => this.rooms.onHello(),
      onOpen: (hello) => {
        this.clockOffset = hello.serverTime - Date.now();
        if (++this.opens > 1) this.rooms.onReconnect({ list: false });
      },
      onSessionEnded: () => {
        if (this.isGuest) void this.renewGuest();
        else this.onMemberEnded();
      },
    });
    this.live.start();
  }

  private onFrame(f: ServerFrame) {
    if (this.rooms.onFrame(f)) return;
    // muted everywhere (event 3 without a room): the room's history says until when
    if (f.eventType === 3) this.rooms.onGlobalMute(muteEnd(f as { mutedTime?: number; mutedLastTime?: number }));
  }

  private onState(s: LiveState) {
    this.patch({ live: s });
    if (s === "open") {
      if (this.renewTimer) clearTimeout(this.renewTimer);
      this.renewTimer = null;
      return;
    }
    if (s === "reconnecting" && this.isGuest && !this.renewTimer) {
      this.renewTimer = setTimeout(() => {
        this.renewTimer = null;
        if (this.snap.live !== "open" && Date.now() - this.renewedAt >= GUEST_RENEW_EVERY_MS) void this.renewGuest();
      }, GUEST_RENEW_AFTER_MS);
    }
  }

  /** a new guest token for the same uuid, and the socket goes on with it */
  private async renewGuest() {
    this.renewedAt = Date.now();
    try {
      const identity = await this.visit();
      if (this.disposed) return;
      this.patch({ identity });
      this.live?.setToken(this.token);
    } catch {
      /* the next renewal tries again */
    }
  }

  /** a member's session ended while reading (signed out elsewhere): the page starts again as a guest's (a reload) */
  private onMemberEnded() {
    if (this.snap.memberEnded || this.disposed) return;
    this.live?.stop();
    this.patch({ memberEnded: true });
  }

  private fail(err: unknown) {
    if (this.disposed) return;
    this.patch({ phase: "error", error: errorText(err) });
  }

  private patch(p: Partial<RoomPageSnapshot>) {
    if (this.disposed) return;
    this.snap = { ...this.snap, ...p };
    this.listeners.forEach((l) => l());
  }
}
