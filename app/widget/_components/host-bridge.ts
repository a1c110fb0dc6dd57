// The iframe's side of the postMessage protocol with public/embed.js (see the comment at the
// top of that file). We post to window.parent only with the host origin from our own URL as
// targetOrigin, and accept only messages from window.parent with exactly that origin.
import type { OutboxChange, OutboxEntry } from "../../_lib/conversation-store";

export interface HostSession {
  visitorToken: string;
  visitorId: string;
  conversationId: string;
  /** the shop's customer this session was opened for; null when anonymous */
  customerId: string | null;
  /** the shop signed this customer out before we could end the session (identify(null) early): end it */
  ended?: boolean;
}

/** unsent messages by conversation id, as the host page keeps them (embed.js `parley:<key>:outbox`) */
export type HostOutbox = Record<string, OutboxEntry[]>;

/** at most this many unsent messages per conversation are kept across reloads (embed.js OUTBOX_MAX too) */
export const OUTBOX_MAX = 50;

export interface HostIdentity {
  customerId: string;
  name?: string;
  timestamp: number;
  signature: string;
}

export type HostMessage =
  | { type: "init"; siteKey: string; session: HostSession | null; outbox: HostOutbox; identity: HostIdentity | null; locale: string | null }
  | { type: "open" }
  | { type: "close" }
  | { type: "identify"; identity: HostIdentity | null }
  | { type: "setLocale"; locale: string | null };

export type ToHostMessage =
  | { type: "ready" }
  | ({ type: "session" } & HostSession)
  /** one change to a conversation's stored unsent messages */
  | ({ type: "outbox"; conversationId: string } & Partial<{ put: OutboxEntry; drop: string }>)
  /** forget the stored session and unsent messages: that customer signed out */
  | { type: "forget" }
  | { type: "unread"; count: number }
  | { type: "message"; message: unknown }
  | { type: "close" };

/** `origin` must be exactly an origin (scheme://host[:port]); anything else is refused. */
export function validOrigin(origin: string | null | undefined): string | null {
  if (!origin) return null;
  try {
    const u = new URL(origin);
    return (u.protocol === "https:" || u.protocol === "http:") && u.origin === origin ? origin : null;
  } catch {
    return null;
  }
}

export function isFramed(): boolean {
  try {
    return window.parent !== window;
  } catch {
    return true;
  }
}

function asSession(v: unknown): HostSession | null {
  if (!v || typeof v !== "object") return null;
  const s = v as Record<string, unknown>;
  if (typeof s.visitorToken !== "string" || !s.visitorToken) return null;
  return {
    visitorToken: s.visitorToken,
    visitorId: typeof s.visitorId === "string" ? s.visitorId : "",
    conversationId: typeof s.conversationId === "string" ? s.conversationId : "",
    customerId: typeof s.customerId === "string" && s.customerId ? s.customerId : null,
    ended: s.ended === true || s.ended === 1,
  };
}

function asOutboxEntry(v: unknown): OutboxEntry | null {
  if (!v || typeof v !== "object") return null;
  const e = v as Record<string, unknown>;
  if (typeof e.msgId !== "string" || !e.msgId || e.msgId.length > 64) return null;
  if (typeof e.msgType !== "number" || !Number.isInteger(e.msgType)) return null;
  if (!e.msg || typeof e.msg !== "object" || Array.isArray(e.msg)) return null;
  if (typeof e.datetime !== "number" || !Number.isFinite(e.datetime)) return null;
  return { msgId: e.msgId, msgType: e.msgType, msg: e.msg as Record<string, unknown>, datetime: e.datetime };
}

/** what the host page kept, checked entry by entry (the page's storage is not ours to trust) */
export function asOutbox(v: unknown): HostOutbox {
  const out: HostOutbox = {};
  if (!v || typeof v !== "object" || Array.isArray(v)) return out;
  for (const [conversationId, list] of Object.entries(v as Record<string, unknown>)) {
    if (!/^[0-9]{1,18}$/.test(conversationId) || !Array.isArray(list)) continue;
    const entries = list.slice(0, OUTBOX_MAX).map(asOutboxEntry).filter((e): e is OutboxEntry => e !== null);
    if (entries.length) out[conversationId] = entries;
  }
  return out;
}

/** one change applied to a stored outbox, as embed.js does it (for the widget opened without a host) */
export function applyOutboxChange(outbox: HostOutbox, conversationId: string, change: OutboxChange): HostOutbox {
  const drop = "drop" in change ? change.drop : change.put.msgId;
  const list = (outbox[conversationId] ?? []).filter((e) => e.msgId !== drop);
  if ("put" in change && list.length < OUTBOX_MAX) list.push(change.put);
  const next = { ...outbox };
  if (list.length) next[conversationId] = list;
  else delete next[conversationId];
  return next;
}

function asIdentity(v: unknown): HostIdentity | null {
  if (!v || typeof v !== "object") return null;
  const o = v as Record<string, unknown>;
  if (typeof o.customerId !== "string" || typeof o.signature !== "string" || typeof o.timestamp !== "number") return null;
  return {
    customerId: o.customerId,
    name: typeof o.name === "string" ? o.name : undefined,
    timestamp: o.timestamp,
    signature: o.signature,
  };
}

const str = (v: unknown) => (typeof v === "string" && v ? v : null);

/** Parse an untrusted message body into one we understand, or null. */
export function parseHostMessage(data: unknown): HostMessage | null {
  if (!data || typeof data !== "object") return null;
  const m = data as Record<string, unknown>;
  if (m.parley !== 1) return null;
  switch (m.type) {
    case "init":
      return {
        type: "init",
        siteKey: typeof m.siteKey === "string" ? m.siteKey : "",
        session: asSession(m.session),
        outbox: asOutbox(m.outbox),
        identity: asIdentity(m.identity),
        locale: str(m.locale),
      };
    case "open":
    case "close":
      return { type: m.type };
    case "identify":
      return { type: "identify", identity: asIdentity(m.identity) };
    case "setLocale":
      return { type: "setLocale", locale: str(m.locale) };
    default:
      return null;
  }
}

export class HostBridge {
  private listener: (e: MessageEvent) => void;

  constructor(
    private origin: string,
    onMessage: (m: HostMessage) => void,
  ) {
    this.listener = (e: MessageEvent) => {
      if (e.source !== window.parent || e.origin !== this.origin) return;
      const m = parseHostMessage(e.data);
      if (m) onMessage(m);
    };
    window.addEventListener("message", this.listener);
  }

  post(msg: ToHostMessage) {
    window.parent.postMessage({ parley: 1, ...msg }, this.origin);
  }

  dispose() {
    window.removeEventListener("message", this.listener);
  }
}
