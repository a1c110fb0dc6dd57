// The iframe's side of the postMessage protocol with public/embed.js (see the comment at the
// top of that file). We post to window.parent only with the host origin from our own URL as
// targetOrigin, and accept only messages from window.parent with exactly that origin.

export interface HostSession {
  visitorToken: string;
  visitorId: string;
  conversationId: string;
}

export interface HostIdentity {
  customerId: string;
  name?: string;
  timestamp: number;
  signature: string;
}

export type HostMessage =
  | { type: "init"; siteKey: string; session: HostSession | null; identity: HostIdentity | null; locale: string | null }
  | { type: "open" }
  | { type: "close" }
  | { type: "identify"; identity: HostIdentity | null }
  | { type: "setLocale"; locale: string | null };

export type ToHostMessage =
  | { type: "ready" }
  | ({ type: "session" } & HostSession)
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
  };
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
