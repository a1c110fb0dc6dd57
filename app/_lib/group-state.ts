// A member's groups in the browser (channelType 2), without React: the list (pinned first,
// then the newest activity) with unread counts and last messages, one ConversationStore per
// open group, each open group's info (members, levels, what I may do), the live group events
// (20 joined, 21 left / kicked, 22 dissolved, 24 online count, 3 muted, msgType 6 notices) and
// every group action. /chat's Messenger holds one; the agent console holds one for its staff
// groups (`filter`). Read through `getSnapshot()` (useSyncExternalStore); messenger.test.ts
// drives it without React.
//
// The server decides what I may do: `info.can` and the history's `viewerCan` / `mutedUntil`
// are kept as they come, never worked out here.
import type { ServerFrame } from "../../server/protocol/frames";
import { conversationKey, groupChannel } from "./channels";
import { ConversationStore, isNewerId, recalledCopy, type StoredEntry } from "./conversation-store";
import { freshestLast, pinnedFirst } from "./list-rows";
import type { LiveClient } from "./live-client";
import { groupApi, memberApi, type GroupRouter, type TGroupInfo, type TGroupItem, type TGroupMember, type TGroupNotification } from "./member-api";
import { appCodeOf, errorText, type ApiClient } from "./trpc";

export interface GroupRow {
  /** "2:<roomId>" */
  key: string;
  group: TGroupItem;
  unread: number;
  lastLog: StoredEntry | null;
  /** the time the list sorts by: the last message's */
  activeAt: number;
}

export interface GroupInfoState {
  info: TGroupInfo | null;
  loading: boolean;
  error: string | null;
}

/** why I am no longer in a group whose chat may still be on screen */
export type GroupEndReason = "kicked" | "dissolved" | "left" | "removed";

export interface GroupEnd {
  roomId: string;
  name: string;
  reason: GroupEndReason;
}

export interface GroupsSnapshot {
  rows: GroupRow[];
  loading: boolean;
  error: string | null;
  /** per open group: its info as the server last said */
  info: Record<string, GroupInfoState>;
  /** groups I left or lost while their chat was open: the chat says why, read-only */
  ended: Record<string, GroupEnd>;
}

/** something a person should be told (a toast) */
export type GroupNotice =
  | { kind: "kicked" | "dissolved"; roomId: string; name: string }
  | { kind: "added"; roomId: string; name: string };

/** the live client as groups use it (tests give a fake) */
export type GroupLive = Pick<LiveClient, "request" | "cancel" | "locale">;

export interface GroupStateOptions {
  api: ApiClient;
  live(): GroupLive | null;
  me(): { id: string; nickname: string; avatar: string } | null;
  /** the server's clock (recall windows) */
  now(): number;
  /** is this group's chat on screen while the page is visible? Then what arrives is read. */
  isShown(roomId: string): boolean;
  /** which groups this screen lists (the console: the staff groups of its sites) */
  filter?(g: TGroupItem): boolean;
  notify?(n: GroupNotice): void;
  /** the session is gone (-1003): the app signs out */
  onSessionEnded?(text: string): void;
}

const byOrder = pinnedFirst((r: GroupRow) => r.group.onTop === 1);

const roomOf = (f: Record<string, unknown>) => String(f.roomId ?? f.targetId ?? "");

/** a group's id as the server sends it in places (numbers): one shape here */
function normalizeItem(g: TGroupItem): TGroupItem {
  return { ...g, id: String(g.id), siteId: g.siteId === null || g.siteId === undefined ? null : String(g.siteId) };
}

function normalizeInfo(i: TGroupInfo): TGroupInfo {
  return { ...i, id: String(i.id), users: i.users.map(normalizeMember) };
}

export function normalizeMember(u: TGroupMember): TGroupMember {
  return { ...u, id: String(u.id) };
}

/** the msgType 6 body, when it is one */
export function notificationOf(e: Pick<StoredEntry, "msgType" | "msg">): TGroupNotification | null {
  if (e.msgType !== 6 || typeof e.msg !== "object" || !e.msg) return null;
  const m = e.msg as Partial<TGroupNotification>;
  return typeof m.event === "string" ? (m as TGroupNotification) : null;
}

/** the name to show for a member: their group nickname, else their own */
export const memberName = (u: Pick<TGroupMember, "nickname" | "roomNickname">) => (u.roomNickname?.trim() ? u.roomNickname.trim() : u.nickname);

const INFO_DEBOUNCE_MS = 200;
const LIST_DEBOUNCE_MS = 250;

export class GroupState {
  private listeners = new Set<() => void>();
  private snap: GroupsSnapshot = { rows: [], loading: true, error: null, info: {}, ended: {} };
  private g: GroupRouter;
  private stores = new Map<string, ConversationStore>();
  private started = new Set<string>();
  private lastMarked = new Map<string, string>();
  private infoTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private infoSeq = new Map<string, number>();
  private listTimer: ReturnType<typeof setTimeout> | null = null;
  private listSeq = 0;
  /** groups I was just added to: say so once the list has their name */
  private announce = new Set<string>();
  /** groups I am creating right now: their "joined" event is no news to me */
  private creating = 0;
  private disposed = false;

  constructor(private opts: GroupStateOptions) {
    this.g = groupApi(opts.api);
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getSnapshot = () => this.snap;

  dispose() {
    this.disposed = true;
    if (this.listTimer) clearTimeout(this.listTimer);
    for (const t of this.infoTimers.values()) clearTimeout(t);
    for (const s of this.stores.values()) s.dispose();
    this.stores.clear();
    this.listeners.clear();
  }

  // ---- the list ---------------------------------------------------------------------------

  async load() {
    const seq = ++this.listSeq;
    this.patch({ loading: true });
    try {
      const [list, unread] = await Promise.all([this.g.list.query({ type: 3 }), this.g.unread.query()]);
      if (seq !== this.listSeq || this.disposed) return;
      const counts = new Map(unread.infos.map((u) => [String(u.id), u]));
      const old = new Map(this.snap.rows.map((r) => [r.key, r]));
      const rows: GroupRow[] = [];
      for (const raw of list.roomList) {
        const group = normalizeItem(raw);
        if (this.opts.filter && !this.opts.filter(group)) continue;
        const key = conversationKey(2, group.id);
        const local = old.get(key);
        const { lastLog, unread: unreadN } = freshestLast(counts.get(group.id), local);
        rows.push({ key, group, unread: this.opts.isShown(group.id) ? 0 : unreadN, lastLog, activeAt: lastLog?.datetime ?? local?.activeAt ?? 0 });
      }
      rows.sort(byOrder);
      // groups no longer listed: I left or lost them while away (no event reached me)
      const ended = { ...this.snap.ended };
      for (const r of this.snap.rows) {
        if (rows.some((x) => x.key === r.key)) continue;
        if (this.opts.isShown(r.group.id)) ended[r.group.id] ??= { roomId: r.group.id, name: r.group.name, reason: "removed" };
        else this.dropStore(r.group.id);
      }
      // back in a group that had ended on screen (invited again)
      for (const r of rows) delete ended[r.group.id];
      this.patch({ rows, loading: false, error: null, ended });
      for (const id of [...this.announce]) {
        const row = rows.find((r) => r.group.id === id);
        if (!row) continue;
        this.announce.delete(id);
        this.opts.notify?.({ kind: "added", roomId: id, name: row.group.name });
      }
      for (const r of rows) if (this.opts.isShown(r.group.id)) this.markRead(r.group.id);
    } catch (err) {
      if (seq !== this.listSeq || this.disposed) return;
      if (appCodeOf(err) === -1003) return this.opts.onSessionEnded?.(errorText(err));
      this.patch({ loading: false, error: errorText(err) });
    }
  }

  row(roomId: string): GroupRow | undefined {
    return this.snap.rows.find((r) => r.group.id === roomId);
  }

  // ---- one group --------------------------------------------------------------------------

  /** the store of a group chat (made on first use) */
  storeFor(roomId: string): ConversationStore | null {
    const me = this.opts.me();
    const live = this.opts.live();
    if (!me || !live) return null;
    let s = this.stores.get(roomId);
    if (!s) {
      s = new ConversationStore({
        api: this.opts.api,
        live: live as LiveClient,
        channel: groupChannel(this.opts.api, roomId),
        isMine: (e) => e.fromId === me.id && e.fromType !== "system",
        me: { fromType: "member", fromId: me.id, nickname: me.nickname, avatar: me.avatar },
        now: this.opts.now,
      });
      const store = s;
      store.subscribe(() => this.onStoreChange(roomId, store));
      this.stores.set(roomId, s);
    }
    return s;
  }

  /** the group's chat came on screen: its history (or what came meanwhile), its info, read */
  open(roomId: string): ConversationStore | null {
    const store = this.storeFor(roomId);
    if (!store) return null;
    if (!this.started.has(roomId)) {
      this.started.add(roomId);
      void store.loadLatest().then(() => this.markRead(roomId));
    } else {
      store.catchUp().then(
        () => this.markRead(roomId),
        () => {},
      );
      this.markRead(roomId);
    }
    if (!this.snap.ended[roomId]) void this.loadInfo(roomId);
    return store;
  }

  /** the chat of a group I am no longer in went off screen: forget it */
  closed(roomId: string) {
    if (!this.snap.ended[roomId]) return;
    const ended = { ...this.snap.ended };
    delete ended[roomId];
    const info = { ...this.snap.info };
    delete info[roomId];
    this.dropStore(roomId);
    this.patch({ ended, info });
  }

  async loadInfo(roomId: string) {
    const seq = (this.infoSeq.get(roomId) ?? 0) + 1;
    this.infoSeq.set(roomId, seq);
    const before = this.snap.info[roomId];
    this.patchInfo(roomId, { info: before?.info ?? null, loading: true, error: before?.error ?? null });
    try {
      const info = normalizeInfo(await this.g.info.query({ roomId }));
      if (this.infoSeq.get(roomId) !== seq || this.disposed) return;
      this.patchInfo(roomId, { info, loading: false, error: null });
      // the list shows what the info knows best (a new name, the member count, my settings)
      const row = this.row(roomId);
      if (row) {
        const g = row.group;
        if (g.name !== info.name || g.avatar !== info.avatar || g.memberNumber !== info.memberNumber || g.memberLevel !== info.memberLevel || g.noDisturbing !== info.noDisturbing || g.onTop !== info.onTop) {
          this.patchRow(roomId, { group: { ...g, name: info.name, avatar: info.avatar, memberNumber: info.memberNumber, memberLevel: info.memberLevel, noDisturbing: info.noDisturbing, onTop: info.onTop } });
        }
      }
    } catch (err) {
      if (this.infoSeq.get(roomId) !== seq || this.disposed) return;
      const code = appCodeOf(err);
      if (code === -1003) return this.opts.onSessionEnded?.(errorText(err));
      if (code === -6000) {
        // not (or no longer) a member: the chat says so
        this.removeGroup(roomId, "removed");
      }
      this.patchInfo(roomId, { info: this.snap.info[roomId]?.info ?? null, loading: false, error: errorText(err) });
    }
  }

  /** tell the server (eventType 44) that I read this group up to its newest message from others */
  markRead(roomId: string) {
    const live = this.opts.live();
    if (!live || !this.opts.isShown(roomId)) return;
    const row = this.row(roomId);
    if (!row) return;
    const me = this.opts.me()?.id;
    let logId = this.stores.get(roomId)?.lastPeerLogId ?? null;
    const last = row.lastLog;
    if (last && last.fromId !== me && isNewerId(last.logId, logId)) logId = last.logId;
    if (row.unread) this.patchRow(roomId, { unread: 0 });
    if (!logId) return;
    const done = this.lastMarked.get(roomId);
    if (done && !isNewerId(logId, done)) return;
    this.lastMarked.set(roomId, logId);
    live.request({ eventType: 44, channelType: 2, targetId: roomId, logId }).catch(() => {
      if (this.lastMarked.get(roomId) === logId) this.lastMarked.delete(roomId);
    });
  }

  // ---- live -------------------------------------------------------------------------------

  /** back after a drop: what every open group missed, fresh counts and info */
  onReconnect() {
    for (const id of this.stores.keys()) {
      if (!this.started.has(id) || this.snap.ended[id]) continue;
      this.stores
        .get(id)!
        .catchUp()
        .then(
          () => this.markRead(id),
          () => {},
        );
    }
    void this.load();
    for (const id of Object.keys(this.snap.info)) if (!this.snap.ended[id]) this.scheduleInfo(id);
  }

  /** a frame from /ws; returns true when it was a group's */
  /** ask every open group's latest page again (a global mute changed what I may do everywhere) */
  refreshOpen() {
    for (const store of this.stores.values()) void store.refreshFacts();
  }

  onFrame(f: ServerFrame): boolean {
    const me = this.opts.me()?.id;
    if (!me) return false;
    const any = f as unknown as Record<string, unknown> & { eventType: number };
    switch (any.eventType) {
      case 0: {
        if (!("logId" in any) || any.channelType !== 2) return false;
        const entry = f as unknown as StoredEntry;
        const roomId = String(entry.targetId);
        this.stores.get(roomId)?.receive(entry);
        this.noteMessage(roomId, entry);
        const note = notificationOf(entry);
        if (note) this.onNotification(roomId, note);
        return true;
      }
      case 10: {
        const { logId, operateType, userId } = f as Extract<ServerFrame, { eventType: 10 }>;
        for (const s of this.stores.values()) s.applyRevoke(logId, operateType, userId);
        const row = this.snap.rows.find((r) => r.lastLog?.logId === logId);
        if (row?.lastLog) {
          if (operateType === 1) this.patchRow(row.group.id, { lastLog: recalledCopy(row.lastLog, userId) });
          else this.scheduleLoad();
        }
        return false; // friend chats may hold it too
      }
      case 44: {
        if (any.channelType !== 2 || String(any.readerId ?? "") !== me) return any.channelType === 2;
        const roomId = String(any.targetId);
        const row = this.row(roomId);
        if (row && (!row.lastLog || !isNewerId(row.lastLog.logId, String(any.logId)))) this.patchRow(roomId, { unread: 0 });
        return true;
      }
      case 20: {
        const roomId = roomOf(any);
        if (String(any.userId) === me) {
          // added (created, invited, approved): it is in my list at once. Say so when someone
          // else put me there (not my own group, not my own application: that answer says it)
          if (!this.row(roomId) && (any.type === 2 || (any.type === 1 && this.creating === 0))) this.announce.add(roomId);
          void this.load();
        } else this.scheduleInfo(roomId, true);
        return true;
      }
      case 21: {
        const roomId = roomOf(any);
        if (String(any.userId) === me) {
          const name = this.nameOf(roomId);
          const kicked = Number(any.type) === 2;
          this.removeGroup(roomId, kicked ? "kicked" : "left");
          if (kicked) this.opts.notify?.({ kind: "kicked", roomId, name });
        } else this.scheduleInfo(roomId, true);
        return true;
      }
      case 22: {
        const roomId = roomOf(any);
        const name = this.nameOf(roomId);
        const had = !!this.row(roomId) || this.opts.isShown(roomId);
        this.removeGroup(roomId, "dissolved");
        if (had) this.opts.notify?.({ kind: "dissolved", roomId, name });
        return true;
      }
      case 24: {
        const roomId = roomOf(any);
        const n = Number(any.number);
        const cur = this.snap.info[roomId];
        if (cur?.info && Number.isFinite(n)) this.patchInfo(roomId, { ...cur, info: { ...cur.info, onlineNumber: n } });
        return true;
      }
      case 3: {
        if (any.channelType !== 2) return false;
        const roomId = roomOf(any);
        const start = Number(any.mutedTime) || 0;
        const length = Number(any.mutedLastTime) || 0;
        const until = length > 0 ? start + length : 0;
        const cur = this.snap.info[roomId];
        if (cur?.info) this.patchInfo(roomId, { ...cur, info: { ...cur.info, mutedUntil: until } });
        const store = this.stores.get(roomId);
        if (store) {
          // what the event says at once; the server's own answer (muteAll counts too) after
          if (until > 0) store.setMutedUntil(until);
          void store.refreshFacts();
        }
        this.scheduleInfo(roomId);
        return true;
      }
    }
    return false;
  }

  // ---- actions (each throws the server's error, in the reader's language) ------------------

  async create(input: { users: string[]; name?: string; siteId?: string }) {
    this.creating++;
    try {
      const res = await this.g.create.mutate({ users: input.users, ...(input.name?.trim() ? { roomName: input.name.trim() } : {}), ...(input.siteId ? { siteId: input.siteId } : {}) });
      const roomId = String(res.roomId);
      this.announce.delete(roomId);
      await this.load();
      return { roomId, markId: String(res.markId) };
    } finally {
      this.creating--;
    }
  }

  async invite(roomId: string, users: string[]) {
    const res = await this.g.joinRoomInvite.mutate({ roomId, users });
    this.scheduleInfo(roomId);
    return { joined: res.joined.map(String), pending: res.pending.map(String) };
  }

  async kick(roomId: string, userId: string) {
    await this.g.kickOut.mutate({ roomId, users: [userId] });
    this.dropMember(roomId, userId);
    this.scheduleInfo(roomId);
  }

  async leave(roomId: string) {
    await this.g.loginOut.mutate({ roomId });
    this.removeGroup(roomId, "left");
    this.closed(roomId);
  }

  async dissolve(roomId: string) {
    await this.g.delete.mutate({ roomId });
    this.removeGroup(roomId, "dissolved");
    this.closed(roomId);
  }

  async setPermission(roomId: string, p: { canAddFriend?: 1 | 2; joinPermission?: 1 | 2 | 3 }) {
    await this.g.setPermission.mutate({ roomId, ...p });
    const cur = this.snap.info[roomId];
    if (cur?.info) this.patchInfo(roomId, { ...cur, info: { ...cur.info, ...p } });
    this.scheduleInfo(roomId);
  }

  async setLevel(roomId: string, userId: string, level: 1 | 2 | 3) {
    await this.g.setLevel.mutate({ roomId, userId, level });
    this.scheduleInfo(roomId);
    void this.stores.get(roomId)?.refreshFacts(); // my own rights change when I hand ownership over
  }

  /** mute a member for `ms` (0 lifts it) */
  async mute(roomId: string, userId: string, ms: number) {
    await this.g.muteMember.mutate({ roomId, userId, mutedTime: ms });
    this.scheduleInfo(roomId);
  }

  async muteAll(roomId: string, on: boolean) {
    await this.g.muteAll.mutate({ roomId, muted: on ? 1 : 2 });
    const cur = this.snap.info[roomId];
    if (cur?.info) this.patchInfo(roomId, { ...cur, info: { ...cur.info, mutedAll: on ? 1 : 2 } });
    this.scheduleInfo(roomId);
  }

  async setNickname(roomId: string, nickname: string) {
    await this.g.setMemberNickname.mutate({ roomId, nickname });
    this.scheduleInfo(roomId);
  }

  async setMuted(roomId: string, on: boolean) {
    await this.g.setNoDisturbing.mutate({ roomId, setNoDisturbing: on ? 1 : 2 });
    this.patchSettings(roomId, { noDisturbing: on ? 1 : 2 });
  }

  async setPinned(roomId: string, on: boolean) {
    await this.g.stickyOnTop.mutate({ roomId, stickyOnTop: on ? 1 : 2 });
    this.patchSettings(roomId, { onTop: on ? 1 : 2 });
  }

  /** ask to join (or join at once, when the group is open): true when I am in */
  async apply(roomId: string, reason?: string) {
    const res = await this.g.joinRoomApply.mutate({ roomId, ...(reason?.trim() ? { applyReason: reason.trim() } : {}) });
    if (res.joined) await this.load();
    return res.joined;
  }

  /** an owner's or admin's answer to an application */
  async approve(roomId: string, userId: string, agree: boolean) {
    await this.g.joinRoomApprove.mutate({ roomId, userId, agree: agree ? 1 : 2 });
    if (this.snap.info[roomId]) this.scheduleInfo(roomId);
  }

  async searchMembers(roomId: string, query: string) {
    const res = await this.g.searchMember.query({ roomId, query });
    return res.userList.map(normalizeMember);
  }

  async members(roomId: string) {
    const res = await this.g.userList.query({ roomId });
    return res.userList.map(normalizeMember);
  }

  /** the people I may invite into a group: my friends (the server checks again) */
  async friends() {
    const res = await memberApi(this.opts.api).friend.list.query({ type: 3 });
    return res.userList.filter((f) => f.isDelete !== 2).map((f) => ({ ...f, id: String(f.id) }));
  }

  // ---- internals --------------------------------------------------------------------------

  private nameOf(roomId: string) {
    return this.row(roomId)?.group.name ?? this.snap.info[roomId]?.info?.name ?? this.snap.ended[roomId]?.name ?? "";
  }

  /** I am no longer in this group: off the list; its chat, if open, stays to say why */
  private removeGroup(roomId: string, reason: GroupEndReason) {
    const name = this.nameOf(roomId);
    const rows = this.snap.rows.filter((r) => r.group.id !== roomId);
    const ended = { ...this.snap.ended };
    if (this.opts.isShown(roomId)) {
      // a vaguer reason (the info said "not a member") does not replace what the events said
      if (!ended[roomId] || reason !== "removed") ended[roomId] = { roomId, name: name || ended[roomId]?.name || "", reason };
      this.stores.get(roomId)?.cancelUnsent();
    } else this.dropStore(roomId);
    this.lastMarked.delete(roomId);
    this.patch({ rows, ended });
  }

  private dropMember(roomId: string, userId: string) {
    const cur = this.snap.info[roomId];
    if (!cur?.info) return;
    const users = cur.info.users.filter((u) => u.id !== userId);
    if (users.length === cur.info.users.length) return;
    this.patchInfo(roomId, { ...cur, info: { ...cur.info, users, memberNumber: Math.max(0, cur.info.memberNumber - 1) } });
  }

  private onNotification(roomId: string, note: TGroupNotification) {
    // levels, members, permissions or mutes changed: what the server says now
    this.scheduleInfo(roomId, true);
    if (note.event === "muteAll" || note.event === "muted" || note.event === "level") void this.stores.get(roomId)?.refreshFacts();
    if (note.event === "dissolved") {
      const name = this.nameOf(roomId);
      const had = !!this.row(roomId);
      this.removeGroup(roomId, "dissolved");
      if (had) this.opts.notify?.({ kind: "dissolved", roomId, name });
    }
  }

  /** info of a group on screen (or already loaded) again, soon; `onlyLoaded`: not for groups never opened */
  private scheduleInfo(roomId: string, onlyLoaded = false) {
    if (this.snap.ended[roomId]) return;
    if (onlyLoaded && !this.snap.info[roomId]) return;
    if (!this.snap.info[roomId] && !this.opts.isShown(roomId)) return;
    const old = this.infoTimers.get(roomId);
    if (old) clearTimeout(old);
    this.infoTimers.set(
      roomId,
      setTimeout(() => {
        this.infoTimers.delete(roomId);
        void this.loadInfo(roomId);
      }, INFO_DEBOUNCE_MS),
    );
  }

  private scheduleLoad() {
    if (this.listTimer) clearTimeout(this.listTimer);
    this.listTimer = setTimeout(() => {
      this.listTimer = null;
      void this.load();
    }, LIST_DEBOUNCE_MS);
  }

  private noteMessage(roomId: string, entry: StoredEntry) {
    const row = this.row(roomId);
    if (!row) {
      if (!this.snap.ended[roomId]) this.scheduleLoad(); // a group we do not list yet
      return;
    }
    if (row.lastLog && !isNewerId(entry.logId, row.lastLog.logId)) return;
    const mine = entry.fromId === this.opts.me()?.id && entry.fromType !== "system";
    const looking = this.opts.isShown(roomId);
    // the server counts messages from others, not its own notices (msgType 6)
    const counts = !mine && entry.msgType !== 6;
    this.patchRow(roomId, {
      lastLog: entry,
      activeAt: Math.max(row.activeAt, entry.datetime),
      unread: looking ? 0 : counts ? row.unread + 1 : row.unread,
    });
    if (!mine && looking) this.markRead(roomId);
  }

  private onStoreChange(roomId: string, store: ConversationStore) {
    // my acked messages and what a catch-up brought move the preview
    const items = store.getSnapshot().items;
    for (let i = items.length - 1; i >= 0; i--) {
      const it = items[i];
      if (!it.logId) continue;
      const row = this.row(roomId);
      if (!row) return;
      if (row.lastLog?.logId === it.logId) {
        if (!!row.lastLog.recalled !== !!it.recalled) this.patchRow(roomId, { lastLog: { ...row.lastLog, msg: it.msg, recalled: it.recalled ? true : undefined } });
        return;
      }
      if (row.lastLog && !isNewerId(it.logId, row.lastLog.logId)) return;
      this.noteMessage(roomId, {
        logId: it.logId,
        msgId: it.msgId,
        channelType: 2,
        fromId: it.fromId,
        fromType: it.fromType,
        targetId: roomId,
        msgType: it.msgType,
        msg: it.msg,
        datetime: it.datetime,
        senderInfo: it.senderInfo,
        ...(it.recalled ? { recalled: true as const } : {}),
      });
      return;
    }
  }

  private patchSettings(roomId: string, p: Partial<Pick<TGroupItem, "noDisturbing" | "onTop">>) {
    const row = this.row(roomId);
    if (row) this.patchRow(roomId, { group: { ...row.group, ...p } });
    const cur = this.snap.info[roomId];
    if (cur?.info) this.patchInfo(roomId, { ...cur, info: { ...cur.info, ...p } });
  }

  private dropStore(roomId: string) {
    this.stores.get(roomId)?.dispose();
    this.stores.delete(roomId);
    this.started.delete(roomId);
    this.lastMarked.delete(roomId);
  }

  private patchRow(roomId: string, p: Partial<GroupRow>) {
    const rows = this.snap.rows.map((r) => (r.group.id === roomId ? { ...r, ...p } : r)).sort(byOrder);
    this.patch({ rows });
  }

  private patchInfo(roomId: string, s: GroupInfoState) {
    this.patch({ info: { ...this.snap.info, [roomId]: s } });
  }

  private patch(p: Partial<GroupsSnapshot>) {
    if (this.disposed) return;
    this.snap = { ...this.snap, ...p };
    this.listeners.forEach((l) => l());
  }
}

/** the unread count of groups for a tab title (do-not-disturb groups do not count) */
export function groupsUnread(rows: GroupRow[]): number {
  return rows.reduce((n, r) => n + (r.group.noDisturbing === 1 ? 0 : r.unread), 0);
}
