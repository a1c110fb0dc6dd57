// The public red packet page /packets/<id>, without React: the seed's claim-by-link flow.
//   view      the packet (redPacket.info); "Open" → redPacket.receive grabs a share under a mark
//   entry     the amount, and a phone number → redPacket.entry: credited (recv_type 1) → done,
//             or that number has no account (recv_type 2) → register
//   register  "Send code" (user.sendSms, again after 60 s), code, password, nickname →
//             redPacket.registerEntry → done
// The mark (and where the flow was) is kept in sessionStorage per packet, so a reload does not
// lose a grabbed share. The server holds a grabbed share for a while (PARLEY_PACKET_HOLD_MS);
// after that, or when an entry is refused, it is free again and the mark is worth nothing.
// claim-flow.test.ts drives this without React or a network.
import { appCodeOf, errorText } from "../../_lib/trpc";
import type { PacketKey } from "./i18n";
import type { ClaimApi, TPacketInfo } from "./packet-api";

/** how long "Send code" waits before it may be pressed again (the server allows one a minute) */
export const RESEND_AFTER_MS = 60_000;
/** the password rule of registerEntry (ZSafeText.min(8)) */
export const MIN_PASSWORD = 8;
/** ZMobile: what the server takes as a phone number */
const MOBILE = /^\+?[0-9]{5,20}$/;

export type ClaimStage = "loading" | "failed" | "gone" | "view" | "entry" | "register" | "done";

/** a share grabbed by link and not yet received: its mark, and how far the flow got */
export interface HeldShare {
  mark: string;
  amount: string;
  coin: number;
  stage: "entry" | "register";
  /** the number entered (register: the one without an account) */
  account?: string;
}

export interface ClaimDone {
  amount: string;
  account: string;
  /** credited to an account that existed, or to the account just registered */
  how: "credited" | "registered";
}

/** words the page shows: one of its own (localized by the page) or the server's (localized by the server) */
export type ClaimMessage = { key: PacketKey; vars?: Record<string, string> } | { text: string };

export interface ClaimSnapshot {
  stage: ClaimStage;
  info: TPacketInfo | null;
  held: HeldShare | null;
  done: ClaimDone | null;
  busy: null | "open" | "entry" | "register" | "sms";
  /** what went wrong last, or what the person should know (shown beside the current step) */
  message: ClaimMessage | null;
  /** the message is good news or a hint rather than a failure */
  messageTone: "error" | "info";
  /** the field the message is about (focused and marked invalid by the page) */
  invalid: null | "account" | "captcha" | "password";
  smsSentTo: string | null;
  /** epoch ms until "Send code" may be pressed again */
  smsUntil: number;
}

/** sessionStorage, or anything like it (tests; a browser that blocks storage) */
export interface SessionStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export interface ClaimFlowOptions {
  packetId: string;
  api: ClaimApi;
  storage: SessionStore;
  now?(): number;
}

export const storageKey = (packetId: string) => `parley:packet:${packetId.toLowerCase()}`;

interface Stored {
  held?: HeldShare;
  done?: ClaimDone;
}

function readStored(storage: SessionStore, packetId: string): Stored {
  try {
    const raw = storage.get(storageKey(packetId));
    const v = raw ? (JSON.parse(raw) as Stored) : {};
    const held = v.held && typeof v.held.mark === "string" && typeof v.held.amount === "string" ? v.held : undefined;
    const done = v.done && typeof v.done.amount === "string" && typeof v.done.account === "string" ? v.done : undefined;
    return { held: done ? undefined : held, done };
  } catch {
    return {};
  }
}

/** a phone number as the server takes it, or null */
export function normalizeMobile(raw: string): string | null {
  const m = raw.trim().replace(/[\s-]/g, "");
  return MOBILE.test(m) ? m : null;
}

export class ClaimFlow {
  private listeners = new Set<() => void>();
  private snap: ClaimSnapshot;
  private disposed = false;
  private infoSeq = 0;
  private readonly now: () => number;

  constructor(private opts: ClaimFlowOptions) {
    this.now = opts.now ?? Date.now;
    const stored = readStored(opts.storage, opts.packetId);
    this.snap = {
      stage: "loading",
      info: null,
      held: stored.held ?? null,
      done: stored.done ?? null,
      busy: null,
      message: null,
      messageTone: "error",
      invalid: null,
      smsSentTo: null,
      smsUntil: 0,
    };
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getSnapshot = () => this.snap;

  /** the packet, then where the flow was before a reload */
  async start() {
    this.patch({ stage: "loading", message: null });
    try {
      const info = await this.loadInfo();
      if (!info) return;
      this.patch({ info, stage: this.stageOf() });
    } catch (err) {
      if (appCodeOf(err) === -4006) return this.patch({ stage: "gone" });
      this.patch({ stage: "failed", message: { text: errorText(err) } });
    }
  }

  retry = () => void this.start();

  dispose() {
    this.disposed = true;
    this.listeners.clear();
  }

  /** seconds until "Send code" may be pressed again (0: now) */
  resendIn(now = this.now()): number {
    return Math.max(0, Math.ceil((this.snap.smsUntil - now) / 1000));
  }

  /** "Open": grab a share under a mark (redPacket.receive) */
  async open() {
    if (this.snap.busy) return;
    this.patch({ busy: "open", message: null, invalid: null });
    try {
      const g = await this.opts.api.redPacket.receive.mutate({ packet_id: this.opts.packetId });
      this.hold({ mark: g.mark, amount: g.amount, coin: g.coin, stage: "entry" });
      this.patch({ busy: null, stage: "entry" });
      if (this.snap.info) this.patch({ info: { ...this.snap.info, remain: Math.min(this.snap.info.remain, g.remain) } });
    } catch (err) {
      const code = appCodeOf(err);
      if (code === -4006) return this.patch({ busy: null, stage: "gone" });
      this.patch({ busy: null, message: code === -4001 ? { key: "packet.allClaimed" } : { text: errorText(err) }, messageTone: "error" });
      if (code === -4001) void this.refreshInfo();
    }
  }

  /** a phone number for the grabbed share (redPacket.entry) */
  async enter(rawAccount: string) {
    const held = this.snap.held;
    if (this.snap.busy || !held) return;
    const account = normalizeMobile(rawAccount);
    if (!account) return this.patch({ message: { key: rawAccount.trim() ? "packet.phoneInvalid" : "packet.phoneFirst" }, messageTone: "error", invalid: "account" });
    this.patch({ busy: "entry", message: null, invalid: null });
    try {
      const r = await this.opts.api.redPacket.entry.mutate({ mark: held.mark, account });
      if (r.recv_type === 1) {
        this.finish({ amount: r.amount || held.amount, account, how: "credited" });
      } else {
        this.hold({ ...held, mark: r.mark || held.mark, stage: "register", account });
        this.patch({ busy: null, stage: "register" });
      }
    } catch (err) {
      this.patch({ busy: null });
      this.refused(err, "entry");
    }
  }

  /** user.sendSms to the number being registered; again only after RESEND_AFTER_MS */
  async sendCode() {
    const account = this.snap.held?.account;
    if (this.snap.busy || !account || this.resendIn() > 0) return;
    this.patch({ busy: "sms", message: null, invalid: null });
    try {
      await this.opts.api.user.sendSms.mutate({ mobile: account });
      this.patch({ busy: null, smsSentTo: account, smsUntil: this.now() + RESEND_AFTER_MS });
    } catch (err) {
      this.patch({ busy: null, message: { text: errorText(err) }, messageTone: "error" });
    }
  }

  /** a new account for the number, and the share in it (redPacket.registerEntry) */
  async register(input: { captcha: string; password: string; nickname?: string }) {
    const held = this.snap.held;
    if (this.snap.busy || !held?.account) return;
    const captcha = input.captcha.trim();
    if (!captcha) return this.patch({ message: { key: "packet.codeFirst" }, messageTone: "error", invalid: "captcha" });
    if (input.password.length < MIN_PASSWORD) return this.patch({ message: { key: "packet.passwordShort" }, messageTone: "error", invalid: "password" });
    this.patch({ busy: "register", message: null, invalid: null });
    try {
      const nickname = input.nickname?.trim() || undefined;
      const r = await this.opts.api.redPacket.registerEntry.mutate({ mark: held.mark, account: held.account, password: input.password, captcha, nickname });
      this.finish({ amount: r.amount || held.amount, account: held.account, how: "registered" });
    } catch (err) {
      this.patch({ busy: null });
      this.refused(err, "register");
    }
  }

  /** from the register step: enter another number for the same share */
  otherNumber() {
    const held = this.snap.held;
    if (!held || this.snap.busy) return;
    this.hold({ mark: held.mark, amount: held.amount, coin: held.coin, stage: "entry", account: held.account });
    this.patch({ stage: "entry", message: null, invalid: null });
  }

  // ---- inside ----

  /** what a refused entry or registration means for the flow */
  private refused(err: unknown, step: "entry" | "register") {
    const code = appCodeOf(err);
    const held = this.snap.held!;
    const account = held.account ?? "";
    switch (code) {
      case -4003: // the number has an account after all: the entry step credits it
        this.hold({ ...held, stage: "entry" });
        return this.patch({ stage: "entry", message: { key: "packet.alreadyRegistered", vars: { mobile: account } }, messageTone: "info", invalid: null });
      case -4007:
        return this.patch({ message: { key: "packet.wrongCode" }, messageTone: "error", invalid: "captcha" });
      case -4008:
        return this.patch({ message: { key: "packet.codeDead" }, messageTone: "error", invalid: "captcha", smsUntil: 0 });
      case -4005: // the hold lapsed: the mark is worth nothing now
        return this.lose({ key: "packet.lapsed" });
      case -4009:
        // an entry's refusal frees the share; a registration's keeps it (its transaction rolled back)
        if (step === "register") return this.patch({ message: { key: "packet.alreadyHasShare" }, messageTone: "error" });
        return this.lose({ key: "packet.alreadyHasShare" });
      case -4004:
        return step === "register" ? this.patch({ message: { key: "packet.notNewMember" }, messageTone: "error" }) : this.lose({ key: "packet.notNewMember" });
      case -4001: // expired meanwhile: what was held went back to the sender
        return this.lose({ key: "packet.allClaimed" });
      case -4006:
        this.forget();
        return this.patch({ stage: "gone", held: null });
      default:
        return this.patch({ message: { text: errorText(err) }, messageTone: "error" });
    }
  }

  /** the held share is gone: back to the packet, saying why (Open again, if anything is left) */
  private lose(message: ClaimMessage) {
    this.forget();
    this.patch({ held: null, stage: "view", message, messageTone: "error", invalid: null, smsSentTo: null, smsUntil: 0 });
    void this.refreshInfo();
  }

  private finish(done: ClaimDone) {
    this.write({ done });
    this.patch({ busy: null, held: null, done, stage: "done", message: null, invalid: null });
    void this.refreshInfo();
  }

  private hold(held: HeldShare) {
    this.write({ held });
    this.patch({ held });
  }

  private forget() {
    try {
      this.opts.storage.remove(storageKey(this.opts.packetId));
    } catch {
      /* blocked */
    }
  }

  private write(v: Stored) {
    try {
      this.opts.storage.set(storageKey(this.opts.packetId), JSON.stringify(v));
    } catch {
      /* storage blocked: the flow lasts until reload */
    }
  }

  private stageOf(): ClaimStage {
    if (this.snap.done) return "done";
    if (this.snap.held) return this.snap.held.stage;
    return "view";
  }

  private async loadInfo(): Promise<TPacketInfo | null> {
    const seq = ++this.infoSeq;
    const info = await this.opts.api.redPacket.info.query({ packetId: this.opts.packetId });
    return seq === this.infoSeq && !this.disposed ? info : null;
  }

  /** the packet again (what is left, who got what), quietly: a failure keeps what is on screen */
  private async refreshInfo() {
    try {
      const info = await this.loadInfo();
      if (info) this.patch({ info });
    } catch {
      /* the last answer stays */
    }
  }

  private patch(p: Partial<ClaimSnapshot>) {
    if (this.disposed) return;
    this.snap = { ...this.snap, ...p };
    for (const l of this.listeners) l();
  }
}
