// One conversation's messages in the browser, shared by the widget and the agent console.
// Messages are keyed by logId; a message I sent is shown at once under its msgId and
// replaced by the stored copy when the ack arrives. History pages backwards (startId);
// after a reconnect `catchUp` asks for everything after the newest logId (afterId), so
// nothing is lost and nothing is shown twice. My messages not acked yet are reported through
// `onOutbox` so the app can keep them across a reload; `restore` sends them again.
import { isAppCode, messageFor, pickLocale } from "../../server/errors/codes";
import { MAX_TEXT_LENGTH, type LogEntry, type MessageFrame } from "../../server/protocol/frames";
import type { ApiClient } from "./trpc";
import { LiveError, newMsgId, type LiveClient } from "./live-client";

export interface ChatItem {
  /** logId once stored, msgId while sending */
  key: string;
  logId: string | null;
  msgId: string;
  fromType: LogEntry["fromType"];
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
}

const PAGE = 30;
const CATCH_UP_PAGE = 100;

export class ConversationStore {
  private byKey = new Map<string, ChatItem>();
  private nextLog: string | null = null;
  private listeners = new Set<() => void>();
  private snapshot: ConversationSnapshot = { items: [], hasOlder: false, loading: true, loadingOlder: false, error: null };
  private loaded = false;
  private disposed = false;

  constructor(
    private opts: {
      api: ApiClient;
      live: LiveClient;
      conversationId: string;
      /** decides which messages are "mine" */
      isMine(entry: Pick<LogEntry, "fromType" | "fromId">): boolean;
      /** what to show for my own pending messages */
      me: { fromType: LogEntry["fromType"]; fromId: string; nickname: string };
      /** an upload needs the same Bearer as the API (visitor token); null for cookies */
      getToken?: () => string | null;
      /** my unacked messages changed: keep them where a reload finds them (the widget's host page) */
      onOutbox?(change: OutboxChange): void;
    },
  ) {}

  get conversationId() {
    return this.opts.conversationId;
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getSnapshot = () => this.snapshot;

  /** newest stored logId we have (for catch-up and mark read) */
  get lastLogId(): string | null {
    let max: string | null = null;
    for (const it of this.byKey.values()) if (it.logId && (max === null || BigInt(it.logId) > BigInt(max))) max = it.logId;
    return max;
  }

  async loadLatest() {
    this.patch({ loading: true, error: null });
    try {
      const res = await this.opts.api.support.chatLog.query({ id: this.opts.conversationId, number: PAGE });
      res.logs.forEach((l) => this.put(l));
      this.nextLog = res.nextLog;
      this.loaded = true;
      this.patch({ loading: false, hasOlder: res.nextLog !== null });
    } catch (err) {
      this.patch({ loading: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  async loadOlder() {
    if (!this.nextLog || this.snapshot.loadingOlder) return;
    this.patch({ loadingOlder: true });
    try {
      const res = await this.opts.api.support.chatLog.query({ id: this.opts.conversationId, startId: this.nextLog, number: PAGE });
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
    for (let i = 0; i < 50; i++) {
      const res = await this.opts.api.support.chatLog.query({ id: this.opts.conversationId, afterId: after, number: CATCH_UP_PAGE });
      res.logs.forEach((l) => this.put(l));
      this.emit();
      if (!res.nextLog) break;
      after = res.nextLog;
    }
  }

  /** a live frame; returns true if it belonged to this conversation and was new */
  receive(frame: MessageFrame): boolean {
    if (frame.targetId !== this.opts.conversationId || frame.channelType !== 4) return false;
    const isNew = !this.byKey.has(frame.logId);
    this.put(frame);
    this.emit();
    return isNew;
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

  async sendImage(file: Blob) {
    const headers: Record<string, string> = { "Content-Type": file.type || "application/octet-stream" };
    const token = this.opts.getToken?.();
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch("/api/upload", { method: "POST", body: file, headers });
    const body = (await res.json()) as { url?: string; width?: number; height?: number; message?: string };
    if (!res.ok || !body.url) throw new Error(body.message ?? `upload failed (${res.status})`);
    const msg: Record<string, unknown> = { imageUrl: body.url };
    if (body.width) msg.width = body.width;
    if (body.height) msg.height = body.height;
    return this.send(3, msg);
  }

  retry(msgId: string) {
    const it = this.byKey.get(msgId);
    if (!it || it.status !== "failed") return;
    this.byKey.delete(msgId);
    return this.send(it.msgType, it.msg, msgId);
  }

  /** forget a message that failed (the shopper chose Delete) */
  remove(msgId: string) {
    const it = this.byKey.get(msgId);
    if (!it || it.status !== "failed") return;
    this.byKey.delete(msgId);
    this.emit();
  }

  /** this conversation is no longer shown (another session): take back what it has not sent */
  dispose() {
    this.disposed = true;
    const unsent = [...this.byKey.values()].filter((it) => it.status === "sending").map((it) => it.msgId);
    this.opts.live.cancel(unsent);
    this.listeners.clear();
  }

  private async send(msgType: number, msg: Record<string, unknown>, reuseMsgId?: string, datetime = Date.now()) {
    const msgId = reuseMsgId ?? newMsgId();
    const { me } = this.opts;
    const item: ChatItem = {
      key: msgId,
      logId: null,
      msgId,
      fromType: me.fromType,
      fromId: me.fromId,
      msgType,
      msg,
      datetime,
      senderInfo: { nickname: me.nickname, avatar: "" },
      status: "sending",
      mine: true,
    };
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
      const ack = await this.opts.live.request({ eventType: 0, msgId, channelType: 4, targetId: this.opts.conversationId, msgType, msg });
      this.put(ack as MessageFrame);
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

  private put(l: LogEntry) {
    // my pending copy (keyed by msgId) gives way to the stored one
    const pending = this.byKey.get(l.msgId);
    if (pending && pending.logId === null && pending.mine && this.opts.isMine(l)) {
      this.byKey.delete(l.msgId);
      if (pending.status === "sending") this.outbox({ drop: l.msgId });
    }
    this.byKey.set(l.logId, {
      key: l.logId,
      logId: l.logId,
      msgId: l.msgId,
      fromType: l.fromType,
      fromId: l.fromId,
      msgType: l.msgType,
      msg: l.msg,
      datetime: l.datetime,
      senderInfo: l.senderInfo,
      status: "sent",
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
