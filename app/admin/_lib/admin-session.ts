// Who is using the portal, as the server says: the shell asks once when it starts (the
// member's own profile, and one admin procedure) and shows the portal, the sign-in page or
// "this needs an admin account" from the answers — the server decides, never the page. A
// session that ends later (signed out elsewhere, revoked: -1003 on any call) sends the shell
// back to sign-in. Framework-free, read through useSyncExternalStore.
import { appCodeOf } from "../../_lib/trpc";

/** the seed codes the shell acts on (server/errors/codes.ts) */
export const CODE_SESSION = -1003;
export const CODE_FORBIDDEN = -3000;

export type AdminSessionStatus = "checking" | "admin" | "signIn" | "forbidden" | "failed";

export interface AdminMe {
  id: string;
  name: string;
  avatar: string;
  account: string;
}

export interface AdminSessionSnapshot {
  status: AdminSessionStatus;
  me: AdminMe | null;
  /** the session was there and ended while the portal was open (not: never signed in) */
  ended: boolean;
  /** why the check failed (status "failed"): the server's words or the network's */
  error: string | null;
}

export interface AdminSessionDeps {
  /** the signed-in member (user.tokenLogin) */
  me(): Promise<AdminMe>;
  /** any admin procedure: it answers -3000 when this account is not an admin */
  probeAdmin(): Promise<unknown>;
  errorText(err: unknown): string;
}

export class AdminSession {
  private snap: AdminSessionSnapshot = { status: "checking", me: null, ended: false, error: null };
  private listeners = new Set<() => void>();

  constructor(private deps: AdminSessionDeps) {}

  subscribe = (cb: () => void) => {
    this.listeners.add(cb);
    return () => void this.listeners.delete(cb);
  };

  getSnapshot = () => this.snap;

  async check() {
    this.set({ status: "checking", me: this.snap.me, ended: false, error: null });
    const [me, probe] = await Promise.allSettled([this.deps.me(), this.deps.probeAdmin()]);
    const codes = [me, probe].map((r) => (r.status === "rejected" ? appCodeOf(r.reason) : null));
    if (codes.includes(CODE_SESSION)) return this.set({ status: "signIn", me: null, ended: false, error: null });
    const who = me.status === "fulfilled" ? me.value : null;
    if (probe.status === "rejected" && codes[1] === CODE_FORBIDDEN) return this.set({ status: "forbidden", me: who, ended: false, error: null });
    if (probe.status === "fulfilled" && who) return this.set({ status: "admin", me: who, ended: false, error: null });
    const failed = probe.status === "rejected" ? probe.reason : me.status === "rejected" ? me.reason : null;
    this.set({ status: "failed", me: who, ended: false, error: failed ? this.deps.errorText(failed) : null });
  }

  /** every API failure passes by here: a session that ended sends the portal to sign-in */
  noteError = (err: unknown) => {
    if (appCodeOf(err) === CODE_SESSION && this.snap.status === "admin") this.set({ status: "signIn", me: null, ended: true, error: null });
  };

  private set(s: AdminSessionSnapshot) {
    this.snap = s;
    for (const l of this.listeners) l();
  }
}
