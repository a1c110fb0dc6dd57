// Chat rooms (channelType 1) in the browser, without React: the list of open rooms with their
// live online counts, and for each room on screen its info, whether this socket is in it, its
// mute, and one ConversationStore for its messages. /chat's Messenger holds one (the Rooms tab)
// and the public room page /rooms/<id> holds one for its single room, as a member or as an
// anonymous guest. Read through `getSnapshot()` (useSyncExternalStore); room-state.test.ts
// drives it without React.
//
// Being in a room is a property of a socket, not of an account: a room on screen is joined
// (eventType 1) and left when it goes off screen (2). A new socket is in no room, so the rooms
// joined on the old one are joined again from the live client's `onHello` — before its outbox
// goes out, so a message written while offline finds its room joined. Each join (first or
// again) is followed by a catch-up of the history, so what was said before the socket was in
// the room is not missed.
//
// The server decides what may be done: `viewerCan`, the history's `mutedUntil`, the room's
// status. Live: 0 messages, 3 muted here, 4 closed, 5 deleted, 7 opened, 24 online count.
import type { ServerFrame } from "../../server/protocol/frames";
import { conversationKey, roomChannel } from "./channels";
import { ConversationStore, type ConversationSnapshot, type StoredEntry } from "./conversation-store";
import { CODE_CANCELLED, LiveError, type LiveClient } from "./live-client";
import { normalizeRoom, roomApi, type RoomRouter, type TRoomInfo, type TRoomInfoWithCan } from "./room-api";
import { appCodeOf, errorText, type ApiClient } from "./trpc";

/** the seed's codes a room answers with */
export const ROOM_CODE = {
  /** closed, deleted or no such room (join, send) */
  gone: -5000,
  /** this socket is not in the room (send) */
  notJoined: -5001,
  /** muted (send) */
  muted: -2007,
  /** a guest cannot send */
  guest: -2008,
} as const;

export interface RoomRow {
  /** "1:<groupId>" */
  key: string;
  room: TRoomInfo;
  /** who is in it now (event 24 keeps it current) */
  online: number;
}

/** what a room on screen is: open, closed (readable), deleted or never there */
export type RoomPhase = "open" | "closed" | "deleted" | "missing";

export interface RoomOnline {
  total: number;
  users: number;
  visitors: number;
}

export interface RoomView {
  roomId: string;
  info: TRoomInfoWithCan | null;
  /** the info is being asked for */
  loading: boolean;
  /** the info could not be read (not a room's fault: the network, the server) */
  error: string | null;
  /** null until the info (or an event) says */
  phase: RoomPhase | null;
  /** is this socket in the room? */
  join: "idle" | "joining" | "joined" | "failed";
  /** why joining failed, the server's words */
  joinError: string | null;
  online: RoomOnline | null;
  /** muted in this room until then (server time, ms; 0 not) — event 3 */
  mutedUntil: number;
}

export interface RoomsSnapshot {
  rows: RoomRow[];
  loading: boolean;
  error: string | null;
  /** every room that was on screen, by groupId */
  views: Record<string, RoomView>;
}

/** something a person should be told (a toast) */
export type RoomNotice =
  | { kind: "muted"; roomId: string; name: string; until: number }
  | { kind: "unmuted"; roomId: string; name: string }
  | { kind: "closed" | "deleted" | "opened"; roomId: string; name: string };

/** the live client as rooms use it (tests give a fake) */
export type RoomLive = Pick<LiveClient, "request" | "cancel" | "locale">;

export interface RoomStateOptions {
  api: ApiClient;
  live(): RoomLive | null;
  /** who I am; a guest (an anonymous visitor of /rooms/<id>) writes nothing, so nothing is theirs */
  me(): { id: string; nickname: string; avatar: string; guest?: boolean } | null;
  /** the server's clock (mute ends are its times) */
  now(): number;
  /** is this room on screen? (toasts are for the room a person looks at) */
  isShown?(roomId: string): boolean;
  notify?(n: RoomNotice): void;
  /** the session is gone (-1003) */
  onSessionEnded?(text: string): void;
}

const EMPTY_VIEW = (roomId: string): RoomView => ({ roomId, info: null, loading: false, error: null, phase: null, join: "idle", joinError: null, online: null, mutedUntil: 0 });

const phaseOf = (status: number): RoomPhase => (status === 2 ? "closed" : status === 3 ? "deleted" : "open");

const onlineOf = (r: Pick<TRoomInfo, "totalNumber" | "userNumber" | "visitorNumber">): RoomOnline => ({
  total: Number(r.totalNumber) || 0,
  users: Number(r.userNumber) || 0,
  visitors: Number(r.visitorNumber) || 0,
});

/** a mute's end from event 3 (start + duration; a duration of 0 lifts it) */
export function muteEnd(f: { mutedTime?: unknown; mutedLastTime?: unknown }): number {
  const start = Number(f.mutedTime) || 0;
  const length = Number(f.mutedLastTime) || 0;
  return length > 0 ? start + length : 0;
}

/** mute ends from here on mean "until it is lifted" (the server's NO_END): no date to show */
export const NO_END_FROM = 8.64e15;

/** why nothing can be written in a room right now (null: the composer is there) */
export type RoomBlock =
  | { kind: "deleted" | "missing" | "closed" | "guest" | "cannotSend" | "loading" }
  | { kind: "joinFailed"; text: string }
  | { kind: "muted"; until: number | null };

/**
 * What a room's composer is, from what the server said: the room's phase, whether this socket
 * is in it, the mute (event 3, or the history's mutedUntil), viewerCan. A guest never writes.
 */
export function roomBlock(view: RoomView | undefined, store: Pick<ConversationSnapshot, "viewerCan" | "mutedUntil"> | null, serverNow: number, isGuest: boolean): RoomBlock | null {
  if (!view || view.phase === null) return view?.error ? null : { kind: "loading" };
  if (view.phase === "deleted") return { kind: "deleted" };
  if (view.phase === "missing") return { kind: "missing" };
  if (view.phase === "closed") return { kind: "closed" };
  if (isGuest) return { kind: "guest" };
  if (view.join === "failed") return { kind: "joinFailed", text: view.joinError ?? "" };
  const until = Math.max(view.mutedUntil, store?.mutedUntil ?? 0);
  if (until > serverNow) return { kind: "muted", until: until < NO_END_FROM ? until : null };
  if (view.info?.viewerCan && !view.info.viewerCan.send) return { kind: "cannotSend" };
  if (store?.viewerCan && !store.viewerCan.send) return { kind: "cannotSend" };
  return null;
}

export class RoomState {
  private listeners = new Set<() => void>();
  private snap: RoomsSnapshot = { rows: [], loading: false, error: null, views: {} };
  private r: RoomRouter;
  private stores = new Map<string, ConversationStore>();
  /** the first history page of each store, once asked for */
  private history = new Map<string, Promise<void>>();
  /** rooms on screen: joined, and joined again on every new socket */
  private wanted = new Set<string>();
  /** a join or leave answered after a newer one was asked is stale */
  private joinSeq = new Map<string, number>();
  private infoSeq = new Map<string, number>();
  private listSeq = 0;
  /** failed messages already looked at (muted → toast; not joined → joined again and resent once) */
  private seenFailures = new Set<string>();
  private retried = new Set<string>();
  private disposed = false;

  constructor(private opts: RoomStateOptions) {
    this.r = roomApi(opts.api);
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getSnapshot = () => this.snap;

  dispose() {
    this.disposed = true;
    for (const s of this.stores.values()) s.dispose();
    this.stores.clear();
    this.listeners.clear();
  }

  // ---- the list ---------------------------------------------------------------------------

  /** the open rooms (chatRoom.list groupStatus 1) */
  async load() {
    const seq = ++this.listSeq;
    this.patch({ loading: true });
    try {
      const res = await this.r.list.query({ groupStatus: 1 });
      if (seq !== this.listSeq || this.disposed) return;
      const rows = res.groups.map(normalizeRoom).filter((g) => g.status === 1).map((room) => ({ key: conversationKey(1, room.groupId), room, online: onlineOf(room).total }));
      this.patch({ rows, loading: false, error: null });
    } catch (err) {
      if (seq !== this.listSeq || this.disposed) return;
      if (appCodeOf(err) === -1003) return this.opts.onSessionEnded?.(errorText(err));
      this.patch({ loading: false, error: errorText(err) });
    }
  }

  row(roomId: string): RoomRow | undefined {
    return this.snap.rows.find((r) => r.room.groupId === roomId);
  }

  /** a room's name, from whatever knows it */
  nameOf(roomId: string): string {
    return this.row(roomId)?.room.groupName ?? this.snap.views[roomId]?.info?.groupName ?? "";
  }

  // ---- one room ---------------------------------------------------------------------------

  /** the store of a room's messages (made on first use) */
  storeFor(roomId: string): ConversationStore | null {
    const me = this.opts.me();
    const live = this.opts.live();
    if (!me || !live) return null;
    let s = this.stores.get(roomId);
    if (!s) {
      const guest = !!me.guest;
      s = new ConversationStore({
        api: this.opts.api,
        live: live as LiveClient,
        channel: roomChannel(this.opts.api, roomId),
        isMine: (e) => !guest && e.fromId === me.id && e.fromType !== "system",
        me: { fromType: "member", fromId: me.id, nickname: me.nickname, avatar: me.avatar },
        now: this.opts.now,
      });
      const store = s;
      store.subscribe(() => this.onStoreChange(roomId, store));
      this.stores.set(roomId, s);
    }
    return s;
  }

  /** a room came on screen: its info, its history, and this socket joins it */
  show(roomId: string): ConversationStore | null {
    const store = this.storeFor(roomId);
    if (!store) return null;
    this.wanted.add(roomId);
    if (!this.snap.views[roomId]) {
      // what the list knows stands in until the info answers
      const row = this.row(roomId);
      this.patchView(roomId, row ? { info: row.room, phase: phaseOf(row.room.status), online: { ...onlineOf(row.room), total: row.online } } : {});
    }
    void this.loadInfo(roomId);
    if (!this.history.has(roomId)) this.history.set(roomId, store.loadLatest());
    // a closed room is read, not joined (its opening, event 7, reaches every socket); one this
    // socket is in (or entering) already is not joined twice
    const view = this.snap.views[roomId];
    const phase = view?.phase;
    if ((phase === null || phase === undefined || phase === "open") && (view?.join === "idle" || view?.join === "failed" || !view)) this.join(roomId);
    return store;
  }

  /** a room went off screen: this socket leaves it (its messages stay for when it comes back) */
  hide(roomId: string) {
    if (!this.wanted.delete(roomId)) return;
    const view = this.snap.views[roomId];
    this.bumpJoin(roomId);
    if (view && (view.join === "joined" || view.join === "joining")) {
      this.opts
        .live()
        ?.request({ eventType: 2, groupId: roomId })
        .catch(() => {}); // the room may be gone; leaving it then is nothing
    }
    if (view) this.patchView(roomId, { join: "idle", joinError: null });
    // a room that ended while on screen has nothing more to show
    if (view?.phase === "deleted" || view?.phase === "missing") {
      const views = { ...this.snap.views };
      delete views[roomId];
      this.dropStore(roomId);
      this.patch({ views });
    }
  }

  /** join again (the person pressed "Try again") */
  retryJoin(roomId: string) {
    if (this.wanted.has(roomId)) this.join(roomId);
  }

  async loadInfo(roomId: string) {
    const seq = (this.infoSeq.get(roomId) ?? 0) + 1;
    this.infoSeq.set(roomId, seq);
    this.patchView(roomId, { loading: true });
    try {
      const info = normalizeRoom(await this.r.info.query({ groupId: roomId }));
      if (this.infoSeq.get(roomId) !== seq || this.disposed) return;
      const was = this.snap.views[roomId]?.phase;
      const phase = was === "deleted" ? "deleted" : phaseOf(info.status);
      this.patchView(roomId, { info, loading: false, error: null, phase, online: onlineOf(info) });
      const row = this.row(roomId);
      if (row) {
        if (phase === "open") this.patchRow(roomId, { room: { ...row.room, ...stripCan(info) }, online: onlineOf(info).total });
        else if (phase === "deleted") this.removeRow(roomId);
      }
      if (phase === "open" && this.wanted.has(roomId) && this.snap.views[roomId]?.join === "failed") this.join(roomId);
    } catch (err) {
      if (this.infoSeq.get(roomId) !== seq || this.disposed) return;
      const code = appCodeOf(err);
      if (code === -1003) return this.opts.onSessionEnded?.(errorText(err));
      if (code === ROOM_CODE.gone || code === -6000) {
        // no such room (or deleted, for all but admins): what the view says
        const was = this.snap.views[roomId]?.phase;
        this.patchView(roomId, { loading: false, error: null, phase: was === "deleted" ? "deleted" : "missing" });
        this.removeRow(roomId);
        return;
      }
      this.patchView(roomId, { loading: false, error: errorText(err) });
    }
  }

  // ---- live -------------------------------------------------------------------------------

  /**
   * A new socket said hello (LiveClient onHello, before its outbox goes): the rooms this page
   * had joined on the old socket are joined again. A join still waiting is in the outbox already.
   */
  onHello() {
    for (const id of this.wanted) {
      const v = this.snap.views[id];
      if (v?.join === "joined") this.join(id);
    }
  }

  /** back after a drop: the list and the info (counts, status) of the rooms on screen again */
  onReconnect(opts: { list?: boolean } = {}) {
    if (opts.list ?? true) void this.load();
    for (const id of this.wanted) void this.loadInfo(id);
  }

  /** muted (or no longer) everywhere (event 3 without a room): rooms ask their history again */
  onGlobalMute(until: number) {
    for (const store of this.stores.values()) {
      store.setMutedUntil(until);
      void store.refreshFacts();
    }
  }

  /** a frame from /ws; returns true when it was a room's (no one else needs it) */
  onFrame(f: ServerFrame): boolean {
    const any = f as unknown as Record<string, unknown> & { eventType: number };
    const isRoomFrame = "groupId" in any;
    switch (any.eventType) {
      case 0: {
        if (!("logId" in any) || Number(any.channelType) !== 1) return false;
        const entry = { ...(f as unknown as StoredEntry), targetId: String(any.targetId) };
        this.stores.get(entry.targetId)?.receive(entry);
        return true;
      }
      case 1:
      case 2:
        // the answers to join and leave: their requests have them
        return isRoomFrame || Number(any.channelType) === 1;
      case 3: {
        if (!isRoomFrame && Number(any.channelType) !== 1) return false;
        const roomId = String(any.groupId ?? any.targetId);
        const until = muteEnd({ mutedTime: any.mutedTime, mutedLastTime: any.mutedLastTime });
        this.patchView(roomId, { mutedUntil: until });
        const store = this.stores.get(roomId);
        if (store) {
          if (until > 0) store.setMutedUntil(until);
          void store.refreshFacts(); // the server's own answer (a global mute counts too)
        }
        const name = this.nameOf(roomId);
        this.opts.notify?.(until > this.opts.now() ? { kind: "muted", roomId, name, until } : { kind: "unmuted", roomId, name });
        return true;
      }
      case 4: {
        if (!isRoomFrame) return false;
        const roomId = String(any.groupId);
        const row = this.row(roomId);
        if (row) this.patchRow(roomId, { room: { ...row.room, status: 2 } });
        const view = this.snap.views[roomId];
        if (view && view.phase !== "deleted") {
          this.patchView(roomId, { phase: "closed", info: view.info ? { ...view.info, status: 2 } : null });
          this.stores.get(roomId)?.cancelUnsent();
          if (this.wanted.has(roomId)) this.opts.notify?.({ kind: "closed", roomId, name: this.nameOf(roomId) });
        }
        return true;
      }
      case 5: {
        if (!isRoomFrame) return false;
        const roomId = String(any.groupId);
        const name = this.nameOf(roomId);
        this.removeRow(roomId);
        const view = this.snap.views[roomId];
        if (view) {
          this.patchView(roomId, { phase: "deleted", info: view.info ? { ...view.info, status: 3 } : null });
          this.stores.get(roomId)?.cancelUnsent();
          if (this.wanted.has(roomId)) this.opts.notify?.({ kind: "deleted", roomId, name });
        }
        return true;
      }
      case 7: {
        if (!isRoomFrame) return false;
        const room = normalizeRoom({ ...(any as unknown as TRoomInfo), status: 1 });
        delete (room as { eventType?: number }).eventType;
        delete (room as { datetime?: number }).datetime;
        const roomId = room.groupId;
        const row = this.row(roomId);
        const online = onlineOf(room);
        if (row) this.patchRow(roomId, { room: { ...row.room, ...room }, online: online.total });
        else this.patch({ rows: [{ key: conversationKey(1, roomId), room, online: online.total }, ...this.snap.rows] });
        const view = this.snap.views[roomId];
        if (view) {
          this.patchView(roomId, { phase: "open", info: { ...(view.info ?? {}), ...room, viewerCan: view.info?.viewerCan }, online });
          if (this.wanted.has(roomId)) {
            this.join(roomId);
            this.opts.notify?.({ kind: "opened", roomId, name: room.groupName });
            void this.loadInfo(roomId); // what I may do there now
          }
        }
        return true;
      }
      case 10: {
        const { logId, operateType, userId } = f as Extract<ServerFrame, { eventType: 10 }>;
        for (const s of this.stores.values()) s.applyRevoke(String(logId), operateType, userId ? String(userId) : undefined);
        return Number(any.channelType) === 1;
      }
      case 24: {
        if (!isRoomFrame) return false;
        const roomId = String(any.groupId);
        const total = Number(any.number);
        if (!Number.isFinite(total)) return true;
        const online: RoomOnline = { total, users: Number(any.userNumber) || 0, visitors: Number(any.visitorNumber) || 0 };
        if (this.row(roomId)) this.patchRow(roomId, { online: total });
        if (this.snap.views[roomId]) this.patchView(roomId, { online });
        return true;
      }
    }
    return false;
  }

  // ---- internals --------------------------------------------------------------------------

  private bumpJoin(roomId: string) {
    const seq = (this.joinSeq.get(roomId) ?? 0) + 1;
    this.joinSeq.set(roomId, seq);
    return seq;
  }

  /** this socket joins the room; once in, the history catches up with what was said before */
  private join(roomId: string) {
    const live = this.opts.live();
    if (!live) return;
    const seq = this.bumpJoin(roomId);
    this.patchView(roomId, { join: "joining", joinError: null });
    live.request({ eventType: 1, groupId: roomId }).then(
      () => {
        if (this.joinSeq.get(roomId) !== seq || this.disposed) return;
        this.patchView(roomId, { join: "joined", joinError: null });
        void this.afterJoin(roomId);
      },
      (err: unknown) => {
        if (this.joinSeq.get(roomId) !== seq || this.disposed) return;
        if (err instanceof LiveError && err.code === CODE_CANCELLED) return;
        this.patchView(roomId, { join: "failed", joinError: errorText(err) });
        // closed, deleted or gone: the info says which
        if (err instanceof LiveError && err.code === ROOM_CODE.gone) void this.loadInfo(roomId);
      },
    );
  }

  private async afterJoin(roomId: string) {
    const store = this.stores.get(roomId);
    if (!store) return;
    try {
      await this.history.get(roomId);
      if (!this.wanted.has(roomId) || this.stores.get(roomId) !== store) return;
      await store.catchUp();
    } catch {
      /* the next join or reconnect catches up again */
    }
    // messages refused because this socket was not in the room yet go again, once
    for (const it of store.getSnapshot().items) {
      if (it.status === "failed" && it.errorCode === ROOM_CODE.notJoined && !this.retried.has(it.msgId)) {
        this.retried.add(it.msgId);
        void store.retry(it.msgId);
      }
    }
  }

  /** a message of mine was refused: muted → say so (and until when); not in the room → join again */
  private onStoreChange(roomId: string, store: ConversationStore) {
    for (const it of store.getSnapshot().items) {
      if (it.status !== "failed" || it.errorCode === undefined) continue;
      const key = `${it.msgId}:${it.errorCode}`;
      if (this.seenFailures.has(key)) continue;
      this.seenFailures.add(key);
      if (it.errorCode === ROOM_CODE.muted) {
        void store.refreshFacts().then(() => {
          const until = Math.max(this.snap.views[roomId]?.mutedUntil ?? 0, store.getSnapshot().mutedUntil ?? 0);
          this.opts.notify?.({ kind: "muted", roomId, name: this.nameOf(roomId), until });
        });
      } else if (it.errorCode === ROOM_CODE.notJoined && this.wanted.has(roomId) && !this.retried.has(it.msgId)) {
        if (this.snap.views[roomId]?.join !== "joining") this.join(roomId); // afterJoin sends it again
      } else if (it.errorCode === ROOM_CODE.gone) {
        void this.loadInfo(roomId);
      }
    }
  }

  private dropStore(roomId: string) {
    this.stores.get(roomId)?.dispose();
    this.stores.delete(roomId);
    this.history.delete(roomId);
  }

  private removeRow(roomId: string) {
    if (!this.row(roomId)) return;
    this.patch({ rows: this.snap.rows.filter((r) => r.room.groupId !== roomId) });
  }

  private patchRow(roomId: string, p: Partial<RoomRow>) {
    this.patch({ rows: this.snap.rows.map((r) => (r.room.groupId === roomId ? { ...r, ...p } : r)) });
  }

  private patchView(roomId: string, p: Partial<RoomView>) {
    const cur = this.snap.views[roomId] ?? EMPTY_VIEW(roomId);
    this.patch({ views: { ...this.snap.views, [roomId]: { ...cur, ...p } } });
  }

  private patch(p: Partial<RoomsSnapshot>) {
    if (this.disposed) return;
    this.snap = { ...this.snap, ...p };
    this.listeners.forEach((l) => l());
  }
}

function stripCan(info: TRoomInfoWithCan): TRoomInfo {
  const { viewerCan: _can, ...room } = info;
  void _can;
  return room;
}
