// One conversation's messages in the browser, for any channel: the widget's and the console's
// support conversation (channelType 4), a member's friend chat (3), and later groups and rooms.
// What differs per channel — which messages belong here, how history is asked for, how a
// message is recalled or hidden — is a `ChannelSource` (app/_lib/channels.ts); everything else
// is written once here.
//
// Messages are keyed by logId; a message I sent is shown at once under its msgId and replaced
// by the stored copy when the ack arrives. History pages backwards (startId); after a
// reconnect `catchUp` asks for everything after the newest logId (afterId), so nothing is lost
// and nothing is shown twice. My messages not acked yet are reported through `onOutbox` so the
// app can keep them across a reload; `restore` sends them again. Files are uploaded first
// (POST /api/upload) while a "sending" bubble shows; then the message goes like any other.
import { isAppCode, messageFor, pickLocale } from "../../server/errors/codes";
import { MAX_TEXT_LENGTH, type LogEntry } from "../../server/protocol/frames";
import { supportChannel, type ChannelSource, type ChatLogPage, type ViewerCan } from "./channels";
import type { ApiClient } from "./trpc";
import { LiveError, newMsgId, type LiveClient } from "./live-client";

export type { ChannelSource, ChatLogPage, ViewerCan } from "./channels";

/** who sent a message: the seed's sides plus Parley's ("member" for member channels) */
export type FromType = LogEntry["fromType"] | "member";

/** a stored message as the server sends it, in any channel (server/protocol/frames.ts LogEntry) */
export type StoredEntry = Omit<LogEntry, "fromType"> & { fromType: FromType; recalled?: true };

export interface ChatItem {
  /** logId once stored, msgId while sending */
  key: string;
  logId: string | null;
  msgId: string;
  fromType: FromType;
  fromId: string;
  msgType: number;
  msg: Record<string, unknown>;
  datetime: number;
  senderInfo: { nickname: string; avatar: string };
  status: "sending" | "sent" | "failed";
  /** why it failed, readable (the server's text, or ours in the live client's language) */
  error?: string;
  /** the seed code it failed with (e.g. -7000) */
  errorCode?: number;
  /** it failed for being too long or too large: sending it as it is cannot help */
  tooLong?: boolean;
  /** the sender took it back: shown as "message recalled", its content is gone */
  recalled?: boolean;
  /** someone else took it back (a group's owner or admin): their user id */
  recalledBy?: string;
  /** a file of mine still on its way to /api/upload (msg holds its name and size meanwhile) */
  uploading?: boolean;
  mine: boolean;
}

/** A message of mine not acked yet: enough to send it again, with the same msgId, after a reload. */
export interface OutboxEntry {
  msgId: string;
  msgType: number;
  msg: Record<string, unknown>;
  datetime: number;
}

/** put: it waits for its ack (keep it); drop: acked, refused or deleted (forget it) */
export type OutboxChange = { put: OutboxEntry } | { drop: string };

export interface ConversationSnapshot {
  items: ChatItem[];
  hasOlder: boolean;
  loading: boolean;
  loadingOlder: boolean;
  error: string | null;
  /** what the server lets me do here (from the latest page); null: the server did not say */
  viewerCan: ViewerCan | null;
  /** how long after sending I may recall (the server's number); null: not said */
  recallWindowMs: number | null;
  /** the newest logId the other side has read (friend chat; live 44 frames move it) */
  peerReadId: string | null;
  /** groups: when the server lets me speak here again (ms; 0 now); null: the server did not say */
  mutedUntil: number | null;
}

/** what POST /api/upload answers */
export interface UploadResult {
  url: string;
  contentType: string;
  size: number;
  width?: number;
  height?: number;
  /** the uploads service says what the bytes are; older servers only took images */
  kind?: "image" | "audio" | "video" | "file";
  /** the file name sent as ?name=, as the server checked it (what a file message carries) */
  name?: string;
}

export type UploadKind = NonNullable<UploadResult["kind"]>;

/** what the browser knows of a file before it is uploaded (the composer measures media) */
export interface FileMeta {
  /** audio/video length in seconds */
  durationSec?: number;
  width?: number;
  height?: number;
}

const PAGE = 30;
const DEFAULT_CATCH_UP_PAGE = 100;
/** a catch-up never loops forever on a server that keeps answering nextLog */
const MAX_CATCH_UP_PAGES = 50;

/** msgType per kind of upload (seed 004: 2 audio, 3 image, 5 video; Parley 7 file) */
export const MSG_TYPE_OF_KIND: Record<UploadKind, number> = { image: 3, audio: 2, video: 5, file: 7 };

/** the kind a file probably is, before the server has looked at its bytes */
export function guessKind(type: string): UploadKind {
  if (type.startsWith("image/")) return "image";
  if (type.startsWith("audio/")) return "audio";
  if (type.startsWith("video/")) return "video";
  return "file";
}

/** the message for an uploaded file, in the shape its msgType takes (docs/protocol.md) */
export function messageForUpload(up: UploadResult, name: string, meta: FileMeta = {}): { msgType: number; msg: Record<string, unknown> } {
  const kind: UploadKind = up.kind ?? guessKind(up.contentType ?? "");
  const width = up.width ?? meta.width;
  const height = up.height ?? meta.height;
  const dims = { ...(width ? { width } : {}), ...(height ? { height } : {}) };
  const time = meta.durationSec !== undefined && Number.isFinite(meta.durationSec) ? Math.max(0, Math.round(meta.durationSec)) : undefined;
  const fileName = up.name || name;
  switch (kind) {
    case "image":
      return { msgType: 3, msg: { imageUrl: up.url, ...dims } };
    case "audio":
      return { msgType: 2, msg: { mediaUrl: up.url, time: time ?? 0 } };
    case "video":
      return { msgType: 5, msg: { mediaUrl: up.url, ...(time ? { time } : {}), ...dims } };
    default:
      return { msgType: 7, msg: { fileUrl: up.url, name: fileName || "file", size: up.size } };
  }
}

/** a message (on screen, or a list's last) once recalled: no content, and who recalled it when not its sender */
export function recalledCopy<T extends { fromId: string }>(it: T, by?: string) {
  return { ...it, msg: {}, recalled: true as const, ...(by && by !== it.fromId ? { recalledBy: by } : {}) };
}

/** a > b for logIds (decimal strings of any length) */
export function isNewerId(a: string, b: string | null | undefined): boolean {
  if (!b) return true;
  return BigInt(a) > BigInt(b);
}

export interface ConversationStoreOptions {
  api: ApiClient;
  live: LiveClient;
  /** the channel; without it, `conversationId` names a support conversation (channelType 4) */
  channel?: ChannelSource;
  conversationId?: string;
  /** decides which messages are "mine" */
  isMine(entry: Pick<StoredEntry, "fromType" | "fromId">): boolean;
  /** what to show for my own pending messages */
  me: { fromType: FromType; fromId: string; nickname: string; avatar?: string };
  /** an upload needs the same Bearer as the API (visitor token); null for cookies */
  getToken?: () => string | null;
  /** my unacked messages changed: keep them where a reload finds them (the widget's host page) */
  onOutbox?(change: OutboxChange): void;
  /** the server's clock (recall windows are measured against it); defaults to Date.now */
  now?: () => number;
}

export class ConversationStore {
  private byKey = new Map<string, ChatItem>();
  private nextLog: string | null = null;
  private listeners = new Set<() => void>();
  private snapshot: ConversationSnapshot = {
    items: [],
    hasOlder: false,
    loading: true,
    loadingOlder: false,
    error: null,
    viewerCan: null,
    recallWindowMs: null,
    peerReadId: null,
    mutedUntil: null,
  };
  private loaded = false;
  private disposed = false;
  /** files whose upload failed, kept so Retry can upload them again */
  private files = new Map<string, { file: Blob; name: string; meta: FileMeta }>();
  readonly channel: ChannelSource;

  constructor(private opts: ConversationStoreOptions) {
    if (opts.channel) this.channel = opts.channel;
    else if (opts.conversationId) this.channel = supportChannel(opts.api, opts.conversationId);
    else throw new Error("ConversationStore needs a channel or a conversationId");
  }

  /** the target messages are sent to (the support conversation's id; the friend's user id) */
  get conversationId() {
    return this.channel.targetId;
  }

  /** channelType:target — the same key the app keeps its conversations by */
  get key() {
    return this.channel.key;
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getSnapshot = () => this.snapshot;

  /** newest stored logId we have (for catch-up and mark read) */
  get lastLogId(): string | null {
    let max: string | null = null;
    for (const it of this.byKey.values()) if (it.logId && isNewerId(it.logId, max)) max = it.logId;
    return max;
  }

  /** the newest stored message from the other side (what mark-read points at) */
  get lastPeerLogId(): string | null {
    let max: string | null = null;
    for (const it of this.byKey.values()) if (it.logId && !it.mine && isNewerId(it.logId, max)) max = it.logId;
    return max;
  }

  async loadLatest() {
    this.patch({ loading: true, error: null });
    try {
      const res = await this.channel.chatLog({ number: PAGE });
      res.logs.forEach((l) => this.put(l));
      this.nextLog = res.nextLog;
      this.loaded = true;
      this.patch({ loading: false, hasOlder: res.nextLog !== null, ...this.pageFacts(res) });
    } catch (err) {
      this.patch({ loading: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  async loadOlder() {
    if (!this.nextLog || this.snapshot.loadingOlder) return;
    this.patch({ loadingOlder: true });
    try {
      const res = await this.channel.chatLog({ startId: this.nextLog, number: PAGE });
      res.logs.forEach((l) => this.put(l));
      this.nextLog = res.nextLog;
      this.patch({ loadingOlder: false, hasOlder: res.nextLog !== null });
    } catch (err) {
      this.patch({ loadingOlder: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** after a reconnect: everything after the newest message we have, in order */
  async catchUp() {
    if (!this.loaded) return this.loadLatest();
    let after = this.lastLogId;
    if (!after) return this.loadLatest();
    const number = this.channel.catchUpPage ?? DEFAULT_CATCH_UP_PAGE;
    for (let i = 0; i < MAX_CATCH_UP_PAGES; i++) {
      const res = await this.channel.chatLog({ afterId: after, number });
      res.logs.forEach((l) => this.put(l));
      this.emit();
      if (!res.nextLog) break;
      after = res.nextLog;
    }
    // What afterId cannot say — recalls (only recent messages can be recalled) and deletes for
    // me on another device while away, the peer's reads, permissions: the latest page says.
    if (this.channel.refreshesFacts) {
      try {
        this.reconcile(await this.channel.chatLog({ number: PAGE }));
      } catch {
        /* the next catch-up tries again */
      }
    }
  }

  /**
   * Ask the latest page again for what the server says about it now — permissions, mute,
   * recalls (a group's rights changed: a mute, a new level). Never throws.
   */
  async refreshFacts() {
    if (!this.loaded) return;
    try {
      this.reconcile(await this.channel.chatLog({ number: PAGE }));
    } catch {
      /* the next refresh or catch-up tries again */
    }
  }

  /** a live mute notice (event 3) says when I may speak again, before any page does */
  setMutedUntil(until: number) {
    this.patch({ mutedUntil: until });
  }

  /** the latest page as the server has it now: within its range it is the truth */
  private reconcile(res: ChatLogPage) {
    if (res.logs.length) {
      const from = BigInt(res.logs[0].logId);
      const to = BigInt(res.logs[res.logs.length - 1].logId);
      const present = new Set(res.logs.map((l) => l.logId));
      for (const it of [...this.byKey.values()]) {
        if (!it.logId || present.has(it.logId)) continue;
        const id = BigInt(it.logId);
        if (id >= from && id <= to) this.byKey.delete(it.key); // deleted for me elsewhere
      }
      res.logs.forEach((l) => this.put(l));
    }
    this.patch(this.pageFacts(res));
  }

  /** a live frame; returns true if it belonged to this conversation and was new */
  receive(frame: StoredEntry & { eventType?: number }): boolean {
    if (!this.channel.owns(frame)) return false;
    const isNew = !this.byKey.has(frame.logId);
    this.put(frame);
    this.emit();
    return isNew;
  }

  /**
   * eventType 10: a message was recalled (operateType 1: for everyone, shown as "message
   * recalled") or deleted for me on another device (2: gone). Returns true if it was here.
   */
  applyRevoke(logId: string, operateType: number, by?: string): boolean {
    const it = this.byKey.get(logId);
    if (!it) return false;
    if (operateType === 2) this.byKey.delete(logId);
    else this.byKey.set(logId, recalledCopy(it, by));
    this.emit();
    return true;
  }

  /** the other side read up to logId (live 44 frames); the mark only moves forward */
  applyPeerRead(logId: string) {
    if (!isNewerId(logId, this.snapshot.peerReadId)) return;
    this.patch({ peerReadId: logId });
  }

  /**
   * May I recall this message now? The server decides what I may do here (viewerCan.recall)
   * and for how long (recallWindowMs); this only applies its answer to one message of mine.
   */
  canRecall(it: ChatItem): boolean {
    const { viewerCan, recallWindowMs } = this.snapshot;
    if (!this.channel.recall || !it.logId || it.recalled) return false;
    // a group's owners and admins may take back anyone's message, at any time (the server says so)
    if (viewerCan?.recallAny && it.fromType !== "system" && it.msgType !== 0 && it.msgType !== 6) return true;
    if (!viewerCan?.recall || !it.mine) return false;
    if (recallWindowMs === null) return false;
    return this.now() - it.datetime < recallWindowMs;
  }

  /** may I delete this stored message for myself? (the server's viewerCan.delete) */
  canHide(it: ChatItem): boolean {
    return !!this.snapshot.viewerCan?.delete && !!this.channel.hide && !!it.logId;
  }

  /** recall a message of mine for everyone; throws the server's error (e.g. -2023 too late) */
  async recall(logId: string) {
    if (!this.channel.recall) throw new Error("this channel cannot recall");
    await this.channel.recall(logId);
    this.applyRevoke(logId, 1);
  }

  /** delete a stored message for me only; throws the server's error */
  async hide(logId: string) {
    if (!this.channel.hide) throw new Error("this channel cannot delete");
    await this.channel.hide(logId);
    this.applyRevoke(logId, 2);
  }

  sendText(text: string) {
    const content = text.trim();
    if (!content) return;
    return this.send(1, { content });
  }

  /**
   * Messages of mine that were not acked before a reload: shown as sending again and resent
   * with their msgId and time (the server stores a msgId once, so one that did arrive is not
   * stored twice). One already in the history is skipped.
   */
  restore(entries: OutboxEntry[]) {
    for (const e of entries) {
      if (this.hasMsgId(e.msgId)) continue;
      void this.send(e.msgType, e.msg, e.msgId, e.datetime);
    }
  }

  /** an image (the widget and the console); any file goes through `sendFile` */
  sendImage(file: Blob) {
    return this.sendFile(file, { name: "" });
  }

  /**
   * Upload a file, then send it as the message its kind makes (image, audio, video, file).
   * A "sending" bubble shows at once; a failed upload stays as a failed message with Retry.
   * Resolves when the message is acked or failed; never throws.
   */
  async sendFile(file: Blob, opts: { name?: string; meta?: FileMeta } = {}, reuseMsgId?: string) {
    const name = opts.name ?? (file as File).name ?? "";
    const meta = opts.meta ?? {};
    const msgId = reuseMsgId ?? newMsgId();
    const kind = guessKind(file.type);
    const item = this.pendingItem(msgId, MSG_TYPE_OF_KIND[kind], { name, size: file.size }, Date.now());
    item.uploading = true;
    this.byKey.set(msgId, item);
    this.emit();
    let up: UploadResult;
    try {
      up = await this.upload(file, name);
    } catch (err) {
      const it = this.byKey.get(msgId);
      if (it) {
        this.byKey.set(msgId, { ...it, uploading: false, status: "failed", error: err instanceof Error ? err.message : String(err), errorCode: (err as { code?: number }).code });
        this.files.set(msgId, { file, name, meta });
      }
      return this.emit();
    }
    this.files.delete(msgId);
    if (!this.byKey.has(msgId)) return; // deleted while uploading
    const m = messageForUpload(up, name, meta);
    this.byKey.delete(msgId);
    return this.send(m.msgType, m.msg, msgId, item.datetime);
  }

  retry(msgId: string) {
    const it = this.byKey.get(msgId);
    if (!it || it.status !== "failed") return;
    this.byKey.delete(msgId);
    const file = this.files.get(msgId);
    if (file) {
      this.files.delete(msgId);
      return this.sendFile(file.file, { name: file.name, meta: file.meta }, msgId);
    }
    return this.send(it.msgType, it.msg, msgId);
  }

  /** forget a message of mine that failed or is still uploading (the person chose Delete) */
  remove(msgId: string) {
    const it = this.byKey.get(msgId);
    if (!it || (it.status !== "failed" && !it.uploading)) return;
    this.byKey.delete(msgId);
    this.files.delete(msgId);
    this.emit();
  }

  /** nothing more can be written here (I left the group): what has not gone yet fails, with nothing resent */
  cancelUnsent() {
    const unsent = [...this.byKey.values()].filter((it) => it.status === "sending" && !it.uploading).map((it) => it.msgId);
    if (unsent.length) this.opts.live.cancel(unsent);
  }

  /** this conversation is no longer shown (another session): take back what it has not sent */
  dispose() {
    this.disposed = true;
    const unsent = [...this.byKey.values()].filter((it) => it.status === "sending").map((it) => it.msgId);
    this.opts.live.cancel(unsent);
    this.listeners.clear();
  }

  private now() {
    return (this.opts.now ?? Date.now)();
  }

  private pageFacts(res: ChatLogPage): Partial<ConversationSnapshot> {
    const facts: Partial<ConversationSnapshot> = {};
    if (res.viewerCan) facts.viewerCan = res.viewerCan;
    if (typeof res.recallWindowMs === "number") facts.recallWindowMs = res.recallWindowMs;
    if (res.peerReadId && res.peerReadId !== "0" && isNewerId(res.peerReadId, this.snapshot.peerReadId)) facts.peerReadId = res.peerReadId;
    if (typeof res.mutedUntil === "number") facts.mutedUntil = res.mutedUntil;
    return facts;
  }

  private async upload(file: Blob, name = ""): Promise<UploadResult> {
    const headers: Record<string, string> = { "Content-Type": file.type || "application/octet-stream" };
    const token = this.opts.getToken?.();
    if (token) headers.Authorization = `Bearer ${token}`;
    const locale = this.opts.live.locale;
    if (locale) headers["x-parley-locale"] = locale;
    // the name goes along so the server can check it (and serve the download under it)
    const res = await fetch(name.trim() ? `/api/upload?name=${encodeURIComponent(name.trim())}` : "/api/upload", { method: "POST", body: file, headers });
    let body: Partial<UploadResult> & { message?: string; appCode?: number } = {};
    try {
      body = await res.json();
    } catch {
      /* not JSON: a proxy's page */
    }
    if (!res.ok || !body.url) {
      const err = new Error(body.message ?? `upload failed (${res.status})`) as Error & { code?: number };
      if (typeof body.appCode === "number") err.code = body.appCode;
      throw err;
    }
    return { url: body.url, contentType: body.contentType ?? file.type, size: body.size ?? file.size, width: body.width, height: body.height, kind: body.kind, name: body.name };
  }

  private pendingItem(msgId: string, msgType: number, msg: Record<string, unknown>, datetime: number): ChatItem {
    const { me } = this.opts;
    return {
      key: msgId,
      logId: null,
      msgId,
      fromType: me.fromType,
      fromId: me.fromId,
      msgType,
      msg,
      datetime,
      senderInfo: { nickname: me.nickname, avatar: me.avatar ?? "" },
      status: "sending",
      mine: true,
    };
  }

  private async send(msgType: number, msg: Record<string, unknown>, reuseMsgId?: string, datetime = Date.now()) {
    const msgId = reuseMsgId ?? newMsgId();
    const item = this.pendingItem(msgId, msgType, msg, datetime);
    this.byKey.set(msgId, item);
    const content = msgType === 1 && typeof msg.content === "string" ? msg.content.trim() : null;
    if (content !== null && content.length > MAX_TEXT_LENGTH) {
      // the server would refuse it (-7000): say so now, and never let it block the outbox
      this.fail(item, -7000, `the text is ${content.length} characters; at most ${MAX_TEXT_LENGTH}`);
      item.tooLong = true;
      this.outbox({ drop: msgId }); // in case a reload brought it back
      return this.emit();
    }
    this.outbox({ put: { msgId, msgType, msg, datetime } });
    this.emit();
    try {
      const ack = await this.opts.live.request({
        eventType: 0,
        msgId,
        channelType: this.channel.channelType,
        targetId: this.channel.targetId,
        msgType,
        msg,
      });
      this.put(ack as unknown as StoredEntry);
    } catch (err) {
      const it = this.byKey.get(msgId);
      if (it?.status === "sending") {
        it.status = "failed";
        it.error = err instanceof Error ? err.message : String(err);
        if (err instanceof LiveError) {
          it.errorCode = err.code;
          it.tooLong = err.tooLarge || undefined;
        }
      }
      this.outbox({ drop: msgId }); // refused: not resent after a reload
    }
    this.emit();
  }

  private fail(it: ChatItem, code: number, detail: string) {
    const locale = pickLocale(this.opts.live.locale);
    it.status = "failed";
    it.errorCode = code;
    it.error = isAppCode(code) ? `${messageFor(code, locale)} (${detail})` : detail;
  }

  private hasMsgId(msgId: string) {
    for (const it of this.byKey.values()) if (it.msgId === msgId) return true;
    return false;
  }

  private outbox(change: OutboxChange) {
    if (!this.disposed) this.opts.onOutbox?.(change);
  }

  private put(l: StoredEntry) {
    // my pending copy (keyed by msgId) gives way to the stored one
    const pending = this.byKey.get(l.msgId);
    if (pending && pending.logId === null && pending.mine && this.opts.isMine(l)) {
      this.byKey.delete(l.msgId);
      if (pending.status === "sending") this.outbox({ drop: l.msgId });
    }
    // a recall we already know of is not undone by an older copy (a late ack, a catch-up page)
    const known = this.byKey.get(l.logId);
    const recalled = l.recalled === true || known?.recalled === true;
    const recalledBy = l.recalledBy ?? known?.recalledBy;
    this.byKey.set(l.logId, {
      key: l.logId,
      logId: l.logId,
      msgId: l.msgId,
      fromType: l.fromType,
      fromId: l.fromId,
      msgType: l.msgType,
      msg: recalled ? {} : l.msg,
      datetime: l.datetime,
      senderInfo: l.senderInfo,
      status: "sent",
      ...(recalled ? { recalled: true } : {}),
      ...(recalled && recalledBy ? { recalledBy } : {}),
      mine: this.opts.isMine(l),
    });
  }

  private patch(p: Partial<ConversationSnapshot>) {
    this.snapshot = { ...this.snapshot, ...p };
    this.emit();
  }

  private emit() {
    const items = [...this.byKey.values()].sort((a, b) => {
      if (a.logId && b.logId) return BigInt(a.logId) < BigInt(b.logId) ? -1 : 1;
      if (a.logId) return -1; // stored before pending
      if (b.logId) return 1;
      return a.datetime - b.datetime;
    });
    this.snapshot = { ...this.snapshot, items };
    this.listeners.forEach((l) => l());
  }
}
