// Everything the widget does that is not drawing: the host handshake, the visitor session,
// the live socket, the conversation store, unread counting and mark-read, the unsent messages
// kept on the host page, who serves the shopper. The React side subscribes to `getSnapshot()`.
//
// Sessions end: the server closes a socket whose session ended with 4001 (we start a new one
// with the identity we have), and the shop signing its customer out (identify(null), or
// identify with another customer) ends that customer's session here, so the next person at a
// shared browser starts a fresh anonymous chat and never sees the previous one.
import type { LogEntry, MessageFrame, ServerFrame } from "../../../server/protocol/frames";
import { ConversationStore, type OutboxChange } from "../../_lib/conversation-store";
import { resolveLocale, t, type UiLocale } from "../../_lib/i18n";
import { LiveClient, type LiveState } from "../../_lib/live-client";
import { appCodeOf, createApi, errorText, type ApiClient } from "../../_lib/trpc";
import {
  applyOutboxChange,
  asOutbox,
  HostBridge,
  type HostIdentity,
  type HostMessage,
  type HostOutbox,
  type HostSession,
} from "./host-bridge";

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

export type AgentStatus = "online" | "away" | "offline";

/** the agent serving this conversation, as far as we know */
export interface ServingAgent {
  id: string | null;
  name: string;
  /** null: the server did not say (a server without it); only the name is shown then */
  status: AgentStatus | null;
  connected: boolean;
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
  agent: ServingAgent | null;
  /** from widget.session: could an agent take a new message right now? */
  agentsAvailable: boolean;
  notices: Notice[];
  framed: boolean;
}

/** widget.session's answer; `agent` is there once the server tells who serves the conversation */
type SessionResult = Omit<HostSession, "customerId" | "ended"> & {
  site: SiteInfo;
  agentsAvailable: boolean;
  agent?: { id: string; name: string; status: AgentStatus; connected: boolean } | null;
};

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
  private outboxKey: string;
  /** the shop's customer the current token belongs to (null: anonymous) */
  private sessionCustomer: string | null = null;
  /** unsent messages a reload left on the host page, until the store of their conversation takes them */
  private restored: HostOutbox = {};
  /** did widget.session say who serves us (then its word counts, not chatLog's summary)? */
  private agentFromSession = false;
  /** the seed code of a session the server ended, for a notice if that gives a new conversation */
  private endedCode: number | null = null;

  constructor(
    private siteKey: string,
    opts: { hostOrigin: string | null; framed: boolean },
  ) {
    this.storageKey = `parley:${siteKey}:session`;
    this.outboxKey = `parley:${siteKey}:outbox`;
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
      agent: null,
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
        const own = this.readOwnSession();
        this.token = own?.visitorToken ?? null;
        this.sessionCustomer = own?.customerId ?? null;
        this.restored = this.readOwnOutbox();
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
        if (!repeated) {
          this.token = m.session?.visitorToken ?? null;
          this.sessionCustomer = m.session?.customerId ?? null;
          this.restored = m.outbox;
        }
        this.started = true;
        // the shop signed its customer out before we were ready, or another customer is in now
        const ended = !repeated && !!m.session?.ended;
        this.enqueue(() => (ended || (m.identity && this.isOtherCustomer(m.identity)) ? this.endAndRestart() : this.start()));
        break;
      }
      case "open":
        this.setOpen(true);
        break;
      case "close":
        this.setOpen(false);
        break;
      case "identify": {
        if (sameIdentity(m.identity, this.identity) && this.snap.phase === "ready") return;
        const identity = m.identity;
        this.identity = identity;
        if (this.snap.phase !== "waiting") this.enqueue(() => (this.isOtherCustomer(identity) ? this.endAndRestart() : this.start()));
        break;
      }
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
    this.live?.setActive(open);
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

  /** `mustReplace`: the session we have is gone (ended by the server), so failing is an error */
  private async start(mustReplace = false) {
    if (this.disposed) return;
    if (this.snap.phase !== "ready") this.patch({ phase: "starting", error: null });
    let got: { res: SessionResult; identity: HostIdentity | null };
    try {
      got = await this.openSession(this.identity);
    } catch (err) {
      if (this.snap.phase === "ready" && !mustReplace) {
        // identify failed, but the chat we have keeps working
        console.warn("[parley widget] identify failed:", errorText(err));
        return;
      }
      const code = appCodeOf(err);
      this.patch({ phase: "error", error: code === null ? t(this.snap.locale, "widget.loadFailed") : errorText(err) });
      return;
    }
    if (this.disposed) return;
    this.applySession(got.res, got.identity);
  }

  /** is `identity` (null: signed out) someone else than the customer our session belongs to? */
  private isOtherCustomer(identity: HostIdentity | null) {
    return !!this.sessionCustomer && identity?.customerId !== this.sessionCustomer;
  }

  /**
   * The shop signed its customer out, or signed another one in, on this browser: end the
   * previous customer's session on the server, make the host page forget it and its unsent
   * messages, and start afresh — the next person must not see the previous conversation.
   */
  private async endAndRestart() {
    if (this.disposed) return;
    this.live?.suspend(); // no redialling with the old token
    this.dropStore();
    this.patch({ phase: "starting", error: null });
    if (this.token) {
      try {
        // Bearer = this token: the server revokes it and closes its sockets with 4001
        await this.api.widget.endSession.mutate();
      } catch (err) {
        console.warn("[parley widget] could not end the previous session:", errorText(err));
      }
    }
    if (this.bridge) this.bridge.post({ type: "forget" });
    else this.forgetOwnSession();
    this.token = null;
    this.sessionCustomer = null;
    this.restored = {};
    await this.start(true);
  }

  /** the server closed our socket with 4001: the token is dead; a new session with the identity we have */
  private onSessionEnded(code: number, reason: string) {
    console.warn(`[parley widget] the session ended (${code} ${reason}); starting a new one`);
    this.enqueue(async () => {
      this.token = null;
      this.endedCode = code;
      await this.start(true);
    });
  }

  /** after a reconnect: who serves us may have changed while we were away */
  private async refreshAgent() {
    const store = this.store;
    const token = this.token;
    if (!store || !token) return;
    try {
      const res: SessionResult = await this.api.widget.session.mutate({ siteKey: this.siteKey });
      if (store !== this.store || token !== this.token || res.conversationId !== store.conversationId) return;
      this.patch({ agentsAvailable: res.agentsAvailable, ...("agent" in res ? { agent: servingAgent(res.agent) } : {}) });
    } catch {
      /* the next reconnect or event 41 tells */
    }
  }

  /**
   * widget.session with the token and identity we have. A stale token (-1003) is retried
   * once without it; an identity the server refuses (bad or expired signature) is dropped
   * so the shopper can still chat anonymously.
   */
  private async openSession(identity: HostIdentity | null): Promise<{ res: SessionResult; identity: HostIdentity | null }> {
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
        const res: SessionResult = await this.api.widget.session.mutate({ siteKey: this.siteKey, ...(id ? { identity: id } : {}) });
        if (id !== identity) console.warn("[parley widget] the shop's identity was refused; chatting as a guest:", errorText(lastErr));
        return { res, identity: id };
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

  /** `identity`: the one the server accepted for this session (null: none sent) */
  private applySession(res: SessionResult, identity: HostIdentity | null) {
    const sameToken = res.visitorToken === this.token;
    const tokenChanged = !sameToken || !this.live;
    this.token = res.visitorToken;
    // whose session this is: the customer we identified, else whoever the resumed token was
    this.sessionCustomer = identity ? identity.customerId : sameToken ? this.sessionCustomer : null;
    const session: HostSession = {
      visitorToken: res.visitorToken,
      visitorId: res.visitorId,
      conversationId: res.conversationId,
      customerId: this.sessionCustomer,
    };
    if (this.bridge) this.bridge.post({ type: "session", ...session });
    else this.writeOwnSession(session);

    const convChanged = this.store?.conversationId !== res.conversationId;
    const hadStore = !!this.store;
    if (!this.live) {
      let opens = 0;
      this.live = new LiveClient({
        token: this.token,
        locale: this.snap.locale,
        active: this.snap.open,
        onFrame: (f) => this.onFrame(f),
        onState: (s) => this.patch({ live: s }),
        onOpen: () => {
          const store = this.store;
          void this.loaded.then(() => (store === this.store ? store?.catchUp() : undefined)).catch(() => {});
          if (++opens > 1) void this.refreshAgent();
        },
        onSessionEnded: (code, reason) => this.onSessionEnded(code, reason),
      });
      this.newStore(res.conversationId, res.visitorId);
      this.live.start();
    } else {
      if (convChanged) this.newStore(res.conversationId, res.visitorId);
      if (tokenChanged) this.live.setToken(this.token);
    }
    this.agentFromSession = "agent" in res;
    const patch: Partial<WidgetSnapshot> = { phase: "ready", error: null, site: res.site, agentsAvailable: res.agentsAvailable };
    if ("agent" in res) patch.agent = servingAgent(res.agent);
    if (convChanged && hadStore && this.endedCode !== null) {
      // the server ended our session and the new one is a new conversation: say why the old one went
      patch.notices = [{ key: `ended-${Date.now()}`, text: t(this.snap.locale, "widget.sessionEnded"), datetime: Date.now() }];
    }
    this.endedCode = null;
    this.patch(patch);
  }

  /** the conversation on screen goes (its customer signed out): hide it now, take back what it has not sent */
  private dropStore() {
    this.unsubStore?.();
    this.unsubStore = null;
    this.store?.dispose();
    this.store = null;
    this.patch({ store: null, notices: [], agent: null });
    this.setUnread(0);
  }

  private newStore(conversationId: string, visitorId: string) {
    this.unsubStore?.();
    this.store?.dispose();
    this.highWater = null;
    this.lastMarked = null;
    const store = new ConversationStore({
      api: this.api,
      live: this.live!,
      conversationId,
      isMine: (e) => e.fromType === "visitor",
      me: { fromType: "visitor", fromId: visitorId, nickname: t(this.snap.locale, "widget.you") },
      getToken: () => this.token,
      onOutbox: (change) => this.saveOutbox(conversationId, change),
    });
    this.store = store;
    this.unsubStore = store.subscribe(() => this.onStoreChange(store));
    this.patch({ store, notices: [], agent: null });
    this.setUnread(0);
    // what a reload left unsent shows as sending again and goes out with its msgId
    const restored = this.restored[conversationId];
    this.restored = {};
    if (restored?.length) store.restore(restored);
    this.loaded = store.loadLatest();
    void this.loaded.then(() => {
      if (store === this.store && this.snap.open) this.markRead();
    });
    // the server's own unread count and who serves us, for the badge after a reload
    void this.api.support.chatLog
      .query({ id: conversationId, number: 1 })
      .then((r) => {
        if (store !== this.store) return;
        // a server that does not say who serves us in widget.session: the name, status unknown
        const c = r.conversation;
        if (!this.agentFromSession) this.patch({ agent: c?.agentName ? { id: c.agentId, name: c.agentName, status: null, connected: true } : null });
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
      if (c.agentName && c.agentId !== this.snap.agent?.id && (f.reason === "taken" || f.reason === "assigned")) {
        // "taken": the agent's own first reply did it, so the notice goes just before it;
        // "assigned": the shopper's first message did, so just after that
        const at = c.lastLog ? c.lastLog.datetime + (f.reason === "assigned" ? 1 : 0) : Date.now();
        const notice: Notice = {
          key: `joined-${c.agentId}-${at}`,
          text: t(this.snap.locale, "widget.agentJoined", { name: c.agentName }),
          datetime: at,
        };
        // assigned or taken just now: that agent is online and connected
        const agent: ServingAgent = { id: c.agentId, name: c.agentName, status: "online", connected: true };
        this.patch({ agent, notices: [...this.snap.notices, notice] });
      }
    } else if (f.eventType === 41 && "connected" in f) {
      // the serving agent's availability or connection changed
      const cur = this.snap.agent;
      if (cur && cur.id !== null && cur.id !== f.agentId) return;
      this.patch({ agent: { id: f.agentId, name: f.nickname || cur?.name || "", status: f.status, connected: f.connected } });
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

  // ---- unsent messages, kept where a reload finds them ----------------------------------

  private saveOutbox(conversationId: string, change: OutboxChange) {
    if (this.bridge) this.bridge.post({ type: "outbox", conversationId, ...change });
    else this.writeOwnOutbox(applyOutboxChange(this.readOwnOutbox(), conversationId, change));
  }

  // ---- standalone storage --------------------------------------------------------------

  private readOwnSession(): HostSession | null {
    try {
      const s = JSON.parse(localStorage.getItem(this.storageKey) ?? "null");
      return s && typeof s.visitorToken === "string" ? { ...s, customerId: typeof s.customerId === "string" ? s.customerId : null } : null;
    } catch {
      return null;
    }
  }

  private writeOwnSession(s: HostSession) {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(s));
      // unsent messages of another conversation belong to a session that is gone
      const outbox = this.readOwnOutbox();
      const mine = outbox[s.conversationId];
      this.writeOwnOutbox(mine ? { [s.conversationId]: mine } : {});
    } catch {
      // blocked storage: this tab only
    }
  }

  private readOwnOutbox(): HostOutbox {
    try {
      return asOutbox(JSON.parse(localStorage.getItem(this.outboxKey) ?? "null"));
    } catch {
      return {};
    }
  }

  private writeOwnOutbox(outbox: HostOutbox) {
    try {
      if (Object.keys(outbox).length) localStorage.setItem(this.outboxKey, JSON.stringify(outbox));
      else localStorage.removeItem(this.outboxKey);
    } catch {
      // blocked or full: these stay in this tab only
    }
  }

  private forgetOwnSession() {
    try {
      localStorage.removeItem(this.storageKey);
      localStorage.removeItem(this.outboxKey);
    } catch {
      // blocked storage: nothing was kept
    }
  }

  private patch(p: Partial<WidgetSnapshot>) {
    this.snap = { ...this.snap, ...p };
    this.listeners.forEach((l) => l());
  }
}

function servingAgent(a: SessionResult["agent"]): ServingAgent | null {
  return a ? { id: a.id, name: a.name, status: a.status, connected: a.connected } : null;
}

function sameIdentity(a: HostIdentity | null, b: HostIdentity | null) {
  return a === b || (!!a && !!b && a.customerId === b.customerId && a.signature === b.signature);
}
