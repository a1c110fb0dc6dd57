// Everything the widget does that is not drawing: the host handshake, the visitor session,
// the live socket, the conversation store, unread counting and mark-read. The React side
// subscribes to `getSnapshot()`.
import type { LogEntry, MessageFrame, ServerFrame } from "../../../server/protocol/frames";
import { ConversationStore } from "../../_lib/conversation-store";
import { resolveLocale, t, type UiLocale } from "../../_lib/i18n";
import { LiveClient, type LiveState } from "../../_lib/live-client";
import { appCodeOf, createApi, errorText, type ApiClient } from "../../_lib/trpc";
import { HostBridge, type HostIdentity, type HostMessage, type HostSession } from "./host-bridge";

export interface SiteInfo {
  siteKey: string;
  name: string;
  greeting: string;
  color: string;
  requireIdentity: boolean;
}

export interface Notice {
  key: string;
  text: string;
  datetime: number;
}

export interface WidgetSnapshot {
  /** waiting: for the host's `init`; starting: asking for a session; ready; error */
  phase: "waiting" | "starting" | "ready" | "error";
  error: string | null;
  /** true when the widget cannot work at all on this page (no retry) */
  fatal: boolean;
  locale: UiLocale;
  site: SiteInfo | null;
  live: LiveState;
  open: boolean;
  unread: number;
  store: ConversationStore | null;
  agentName: string | null;
  /** from widget.session: could an agent take a new message right now? */
  agentsAvailable: boolean;
  notices: Notice[];
  framed: boolean;
}

type SessionResult = HostSession & { site: SiteInfo; agentsAvailable: boolean };

/** identity-or-token problems: retry with less */
const AUTH_CODES = new Set([-1003, -1004]);

export class WidgetController {
  private listeners = new Set<() => void>();
  private snap: WidgetSnapshot;
  private bridge: HostBridge | null = null;
  private token: string | null = null;
  private identity: HostIdentity | null = null;
  private api: ApiClient;
  private live: LiveClient | null = null;
  private store: ConversationStore | null = null;
  private unsubStore: (() => void) | null = null;
  private loaded: Promise<void> = Promise.resolve();
  /** newest logId already counted/announced; null until the first page loaded */
  private highWater: bigint | null = null;
  private lastMarked: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private disposed = false;
  private started = false;
  private storageKey: string;

  constructor(
    private siteKey: string,
    opts: { hostOrigin: string | null; framed: boolean },
  ) {
    this.storageKey = `parley:${siteKey}:session`;
    this.snap = {
      phase: "waiting",
      error: null,
      fatal: false,
      locale: resolveLocale(typeof navigator !== "undefined" ? navigator.language : "en"),
      site: null,
      live: "connecting",
      open: !opts.framed,
      unread: 0,
      store: null,
      agentName: null,
      agentsAvailable: true,
      notices: [],
      framed: opts.framed,
    };
    this.api = createApi({ getToken: () => this.token, getLocale: () => this.snap.locale });
    if (opts.framed && !opts.hostOrigin) {
      // framed, but we do not know by whom: we cannot talk to the page safely
      this.patch({ phase: "error", fatal: true, error: t(this.snap.locale, "widget.notAllowed") });
      return;
    }
    const hostOrigin = opts.hostOrigin;
    // a tick later, so a controller React mounts and drops at once (StrictMode) does nothing
    setTimeout(() => {
      if (this.disposed) return;
      if (opts.framed && hostOrigin) {
        this.bridge = new HostBridge(hostOrigin, (m) => this.onHost(m));
        this.bridge.post({ type: "ready" });
      } else {
        // opened directly (no host page): our own storage is first-party here
        this.token = this.readOwnSession()?.visitorToken ?? null;
        this.started = true;
        this.enqueue(() => this.start());
      }
    }, 0);
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getSnapshot = () => this.snap;

  dispose() {
    this.disposed = true;
    this.bridge?.dispose();
    this.unsubStore?.();
    this.live?.stop();
    this.listeners.clear();
  }

  // ---- host messages -------------------------------------------------------------------

  private onHost(m: HostMessage) {
    switch (m.type) {
      case "init": {
        if (m.locale) this.setLocale(m.locale);
        // a repeated init (our `ready` went out twice) keeps the session we already have
        const repeated = this.started;
        if (repeated && sameIdentity(m.identity, this.identity) && this.snap.phase !== "error") return;
        this.identity = m.identity;
        if (!repeated) this.token = m.session?.visitorToken ?? null;
        this.started = true;
        this.enqueue(() => this.start());
        break;
      }
      case "open":
        this.setOpen(true);
        break;
      case "close":
        this.setOpen(false);
        break;
      case "identify":
        if (sameIdentity(m.identity, this.identity) && this.snap.phase === "ready") return;
        this.identity = m.identity;
        if (this.snap.phase !== "waiting") this.enqueue(() => this.start());
        break;
      case "setLocale":
        this.setLocale(m.locale);
        break;
    }
  }

  private setLocale(l: string | null) {
    const locale = resolveLocale(l ?? (typeof navigator !== "undefined" ? navigator.language : "en"));
    if (typeof document !== "undefined") document.documentElement.lang = locale;
    if (locale !== this.snap.locale) this.patch({ locale });
  }

  setOpen(open: boolean) {
    if (open === this.snap.open) return;
    this.patch({ open });
    if (open) {
      this.setUnread(0);
      this.markRead();
    }
  }

  /** the user pressed the close button inside the panel */
  requestClose() {
    this.bridge?.post({ type: "close" });
    this.setOpen(false);
  }

  retry() {
    this.enqueue(() => this.start());
  }

  // ---- session -------------------------------------------------------------------------

  private enqueue(f: () => Promise<void>) {
    this.chain = this.chain.then(f).catch((err) => console.error("[parley widget]", err));
  }

  private async start() {
    if (this.disposed) return;
    if (this.snap.phase !== "ready") this.patch({ phase: "starting", error: null });
    let res: SessionResult;
    try {
      res = await this.openSession(this.identity);
    } catch (err) {
      if (this.snap.phase === "ready") {
        // identify failed, but the chat we have keeps working
        console.warn("[parley widget] identify failed:", errorText(err));
        return;
      }
      const code = appCodeOf(err);
      this.patch({ phase: "error", error: code === null ? t(this.snap.locale, "widget.loadFailed") : errorText(err) });
      return;
    }
    if (this.disposed) return;
    this.applySession(res);
  }

  /**
   * widget.session with the token and identity we have. A stale token (-1003) is retried
   * once without it; an identity the server refuses (bad or expired signature) is dropped
   * so the shopper can still chat anonymously.
   */
  private async openSession(identity: HostIdentity | null): Promise<SessionResult> {
    const token = this.token;
    const attempts: Array<[string | null, HostIdentity | null]> = [[token, identity]];
    if (token) attempts.push([null, identity]);
    if (identity) {
      attempts.push([token, null]);
      if (token) attempts.push([null, null]);
    }
    let lastErr: unknown = null;
    for (const [tok, id] of attempts) {
      this.token = tok;
      try {
        const res = await this.api.widget.session.mutate({ siteKey: this.siteKey, ...(id ? { identity: id } : {}) });
        if (id !== identity) console.warn("[parley widget] the shop's identity was refused; chatting as a guest:", errorText(lastErr));
        return res;
      } catch (err) {
        lastErr = err;
        if (!AUTH_CODES.has(appCodeOf(err) ?? 0)) {
          this.token = token;
          throw err;
        }
      }
    }
    this.token = token;
    throw lastErr;
  }

  private applySession(res: SessionResult) {
    const tokenChanged = res.visitorToken !== this.token || !this.live;
    this.token = res.visitorToken;
    const session: HostSession = { visitorToken: res.visitorToken, visitorId: res.visitorId, conversationId: res.conversationId };
    if (this.bridge) this.bridge.post({ type: "session", ...session });
    else this.writeOwnSession(session);

    const convChanged = this.store?.conversationId !== res.conversationId;
    if (!this.live) {
      this.live = new LiveClient({
        token: this.token,
        locale: this.snap.locale,
        onFrame: (f) => this.onFrame(f),
        onState: (s) => this.patch({ live: s }),
        onOpen: () => {
          const store = this.store;
          void this.loaded.then(() => (store === this.store ? store?.catchUp() : undefined)).catch(() => {});
        },
      });
      this.newStore(res.conversationId, res.visitorId);
      this.live.start();
    } else {
      if (convChanged) this.newStore(res.conversationId, res.visitorId);
      if (tokenChanged) this.live.setToken(this.token);
    }
    this.patch({ phase: "ready", error: null, site: res.site, agentsAvailable: res.agentsAvailable });
  }

  private newStore(conversationId: string, visitorId: string) {
    this.unsubStore?.();
    this.highWater = null;
    this.lastMarked = null;
    const store = new ConversationStore({
      api: this.api,
      live: this.live!,
      conversationId,
      isMine: (e) => e.fromType === "visitor",
      me: { fromType: "visitor", fromId: visitorId, nickname: t(this.snap.locale, "widget.you") },
      getToken: () => this.token,
    });
    this.store = store;
    this.unsubStore = store.subscribe(() => this.onStoreChange(store));
    this.patch({ store, notices: [], agentName: null });
    this.setUnread(0);
    this.loaded = store.loadLatest();
    void this.loaded.then(() => {
      if (store === this.store && this.snap.open) this.markRead();
    });
    // the server's own unread count and who serves us, for the badge after a reload
    void this.api.support.chatLog
      .query({ id: conversationId, number: 1 })
      .then((r) => {
        if (store !== this.store) return;
        this.patch({ agentName: r.conversation?.agentName ?? null });
        if (!this.snap.open && r.conversation && r.conversation.unread > this.snap.unread) this.setUnread(r.conversation.unread);
      })
      .catch(() => {});
  }

  // ---- live ----------------------------------------------------------------------------

  private onFrame(f: ServerFrame) {
    const store = this.store;
    if (!store) return;
    if (f.eventType === 0 && "logId" in f) {
      store.receive(f as MessageFrame);
    } else if (f.eventType === 40 && "conversation" in f) {
      const c = f.conversation;
      if (c.id !== store.conversationId) return;
      if (c.agentName && c.agentName !== this.snap.agentName && (f.reason === "taken" || f.reason === "assigned")) {
        // "taken": the agent's own first reply did it, so the notice goes just before it;
        // "assigned": the shopper's first message did, so just after that
        const at = c.lastLog ? c.lastLog.datetime + (f.reason === "assigned" ? 1 : 0) : Date.now();
        const notice: Notice = {
          key: `joined-${c.agentId}-${at}`,
          text: t(this.snap.locale, "widget.agentJoined", { name: c.agentName }),
          datetime: at,
        };
        this.patch({ agentName: c.agentName, notices: [...this.snap.notices, notice] });
      }
    } else if (f.eventType === 44 && "reader" in f) {
      // read in another tab of this shopper
      if (f.reader === "visitor" && f.targetId === store.conversationId) {
        const newest = store.lastLogId;
        if (newest && BigInt(f.logId) >= BigInt(newest)) this.setUnread(0);
      }
    }
  }

  /** new messages from the other side (live or caught up after a reconnect) */
  private onStoreChange(store: ConversationStore) {
    if (store !== this.store) return;
    const snap = store.getSnapshot();
    if (this.highWater === null) {
      if (snap.loading || snap.error) return;
      const last = store.lastLogId;
      this.highWater = last ? BigInt(last) : 0n;
      return;
    }
    const fresh: LogEntry[] = [];
    let max = this.highWater;
    for (const it of snap.items) {
      if (!it.logId) continue;
      const id = BigInt(it.logId);
      if (id <= this.highWater) continue;
      if (id > max) max = id;
      if (it.mine) continue;
      fresh.push({
        logId: it.logId,
        msgId: it.msgId,
        channelType: 4,
        fromId: it.fromId,
        fromType: it.fromType,
        targetId: store.conversationId,
        msgType: it.msgType,
        msg: it.msg,
        datetime: it.datetime,
        senderInfo: it.senderInfo,
      });
    }
    this.highWater = max;
    if (!fresh.length) return;
    for (const m of fresh) this.bridge?.post({ type: "message", message: m });
    if (this.snap.open) this.markRead();
    else this.setUnread(this.snap.unread + fresh.length);
  }

  private markRead() {
    const store = this.store;
    const logId = store?.lastLogId;
    if (!store || !logId || logId === this.lastMarked) return;
    this.lastMarked = logId;
    void this.api.support.markRead.mutate({ id: store.conversationId, logId }).catch(() => {
      if (this.lastMarked === logId) this.lastMarked = null;
    });
  }

  private setUnread(n: number) {
    if (n === this.snap.unread) return;
    this.patch({ unread: n });
    this.bridge?.post({ type: "unread", count: n });
  }

  // ---- standalone storage --------------------------------------------------------------

  private readOwnSession(): HostSession | null {
    try {
      const s = JSON.parse(localStorage.getItem(this.storageKey) ?? "null");
      return s && typeof s.visitorToken === "string" ? s : null;
    } catch {
      return null;
    }
  }

  private writeOwnSession(s: HostSession) {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(s));
    } catch {
      // blocked storage: this tab only
    }
  }

  private patch(p: Partial<WidgetSnapshot>) {
    this.snap = { ...this.snap, ...p };
    this.listeners.forEach((l) => l());
  }
}

function sameIdentity(a: HostIdentity | null, b: HostIdentity | null) {
  return a === b || (!!a && !!b && a.customerId === b.customerId && a.signature === b.signature);
}
