// Red packets as /chat sees them, without React: one view per packet (its detail from
// redPacket.info, my share, what is left, finished or expired), shared by every bubble of that
// packet in every chat; the claim (redPacket.receiveEntry); the live events — 50 someone opened a
// packet (to its sender and the claimer; the last share to the whole conversation), 51 an expired
// packet's rest went back to me — and the notice lines "<name> opened your red packet" in the
// chat the packet was sent in. React reads it through `getSnapshot()` (useSyncExternalStore);
// packet-state.test.ts drives it without React.
//
// The server decides: who may claim, how much, whether anything is left. This only keeps its
// answers, and folds live frames into them (`reducePacket`, pure) until the next info says more.
import type { PacketClaimedFrame, ServerFrame } from "../../server/protocol/frames";
import { packetApi, type PacketRouter, type TPacketInfo, type TSendPacketInput } from "./packet-api";
import { appCodeOf, errorText, type ApiClient } from "./trpc";
import { newMsgId } from "./live-client";

export interface PacketView {
  packetId: string;
  info: TPacketInfo | null;
  loading: boolean;
  /** redPacket.info failed (the server's words) */
  error: string | null;
  /** my share, from my claim, a frame to me, or the info */
  mine: string | null;
  /** shares still to claim, as far as we know (frames only ever lower it) */
  remain: number | null;
  finished: boolean;
  /** its time is up (the info said so, or 51 brought its rest back) */
  expired: boolean;
  claiming: boolean;
  /** why my claim was refused: the seed code and the server's words */
  claimError: { code: number | null; text: string } | null;
}

/** what a bubble says: still open; I opened it; all claimed; expired; not known yet */
export type PacketPhase = "loading" | "open" | "mine" | "finished" | "expired";

export type PacketEvent =
  | { kind: "loading" }
  | { kind: "info"; info: TPacketInfo }
  | { kind: "infoFailed"; text: string }
  | { kind: "claimed"; frame: Pick<PacketClaimedFrame, "claimer" | "amount" | "remain" | "finished">; me: string | null }
  | { kind: "refunded" }
  | { kind: "claiming" }
  | { kind: "mine"; amount: string; remain: number }
  | { kind: "claimFailed"; code: number | null; text: string };

/**
 * a line in a chat (live only): someone opened the packet I sent there ("opened", `name` the
 * claimer), or the last share of a packet there was taken ("finished", `name` its sender —
 * "" when not known here —, `mine` when I sent it)
 */
export interface PacketNotice {
  key: string;
  kind: "opened" | "finished";
  name: string;
  mine?: boolean;
  amount: string;
  packetId: string;
  datetime: number;
}

export interface PacketsSnapshot {
  views: Record<string, PacketView>;
  /** by conversation key ("2:<group id>") */
  notices: Record<string, PacketNotice[]>;
}

export const emptyView = (packetId: string): PacketView => ({
  packetId,
  info: null,
  loading: false,
  error: null,
  mine: null,
  remain: null,
  finished: false,
  expired: false,
  claiming: false,
  claimError: null,
});

const lower = (a: number | null, b: number) => (a === null ? b : Math.min(a, b));

/** one event folded into a packet's view (pure: the tests' subject) */
export function reducePacket(v: PacketView, e: PacketEvent): PacketView {
  switch (e.kind) {
    case "loading":
      return { ...v, loading: true, error: null };
    case "info": {
      const i = e.info;
      return {
        ...v,
        info: i,
        loading: false,
        error: null,
        mine: i.mine ?? v.mine,
        // a frame newer than this answer may have said less is left: the lower number wins
        remain: lower(v.remain, i.remain),
        finished: v.finished || i.state === "finished",
        expired: v.expired || i.state === "expired" || i.refundedAt !== null,
      };
    }
    case "infoFailed":
      return { ...v, loading: false, error: e.text };
    case "claimed": {
      const f = e.frame;
      const isMe = e.me !== null && String(f.claimer.id) === e.me;
      return {
        ...v,
        remain: lower(v.remain, Number(f.remain)),
        finished: v.finished || f.finished === true || Number(f.remain) === 0,
        mine: isMe ? String(f.amount) : v.mine,
      };
    }
    case "refunded":
      return { ...v, expired: true };
    case "claiming":
      return { ...v, claiming: true, claimError: null };
    case "mine":
      return { ...v, claiming: false, claimError: null, mine: e.amount, remain: lower(v.remain, e.remain), finished: v.finished || e.remain === 0 };
    case "claimFailed":
      return { ...v, claiming: false, claimError: { code: e.code, text: e.text } };
  }
}

/** what the bubble shows, at the server's `now` (an open packet whose time passed is expired) */
export function packetPhase(v: PacketView | undefined, now: number): PacketPhase {
  if (!v) return "loading";
  if (v.mine !== null) return "mine";
  if (v.finished || v.remain === 0) return "finished";
  if (v.expired || (v.info && now >= v.info.expiresAt)) return "expired";
  if (v.info || v.remain !== null) return "open";
  return "loading";
}

/** may I try to claim it (the server still decides)? Not mine yet, not over, not my own friend-chat packet */
/** the Open button: the packet is open here and now, and the server said this caller may claim it (redPacket.info's viewerCan) */
export function canTryClaim(v: PacketView | undefined, now: number): boolean {
  return packetPhase(v, now) === "open" && v?.info?.viewerCan.claim === true;
}

/** the seed codes a claim can end with, as the sheet words them (packet.claim.<key>) */
export function claimProblem(code: number | null): "gone" | "again" | "newOnly" | "invalid" | null {
  switch (code) {
    case -4001:
      return "gone";
    case -4009:
      return "again";
    case -4004:
      return "newOnly";
    case -4006:
      return "invalid";
    default:
      return null;
  }
}

/** how long live frames about one packet are gathered before its info is asked again */
const REFRESH_AFTER_MS = 400;
/** notices kept per chat (live only: the newest) */
const MAX_NOTICES = 50;

export interface PacketBookOptions {
  api: ApiClient;
  /** my user id */
  me(): string | null;
  /** the server's clock (notices are placed among messages by it) */
  now(): number;
  /** a toast: 51 (the rest of an expired packet came back), or 50 for a packet whose chat is not known here */
  notify?(n: { kind: "refunded"; amount: string; code: string } | { kind: "opened"; name: string }): void;
}

export class PacketBook {
  private listeners = new Set<() => void>();
  private snap: PacketsSnapshot = { views: {}, notices: {} };
  private r: PacketRouter;
  /** the conversation a packet was seen in (its bubbles tell us): where its notices go */
  private chats = new Map<string, string>();
  /** packet:claimer pairs already told to the sender ("Ana opened your red packet") */
  private openedClaims = new Set<string>();
  private loads = new Map<string, Promise<void>>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** a send whose outcome is not known (the answer was lost): its msgId, reused so a retry never sends twice */
  private drafts = new Map<string, string>();
  private coinCodes = new Map<number, string>();
  private noticeSeq = 0;
  private disposed = false;

  constructor(private opts: PacketBookOptions) {
    this.r = packetApi(opts.api);
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getSnapshot = () => this.snap;

  view(packetId: string): PacketView | undefined {
    return this.snap.views[packetId];
  }

  /** a bubble of this packet is on screen in `chatKey`: know where it lives, and load its detail once */
  ensure(packetId: string, chatKey?: string) {
    if (chatKey && !this.chats.has(packetId)) this.chats.set(packetId, chatKey);
    const v = this.snap.views[packetId];
    if (v?.info || v?.loading || this.loads.has(packetId)) return;
    if (v?.error) return; // Retry in the sheet asks again
    void this.load(packetId);
  }

  /** ask redPacket.info again (the sheet opened, a frame said something changed, Retry) */
  load(packetId: string): Promise<void> {
    const running = this.loads.get(packetId);
    if (running) return running;
    this.apply(packetId, { kind: "loading" });
    const p = this.r.info
      .query({ packetId })
      .then(
        (info) => {
          this.coinCodes.set(info.coin, info.code);
          this.apply(packetId, { kind: "info", info });
        },
        (err) => this.apply(packetId, { kind: "infoFailed", text: errorText(err) }),
      )
      .finally(() => this.loads.delete(packetId));
    this.loads.set(packetId, p);
    return p;
  }

  /** claim my share (redPacket.receiveEntry); the view says how it went. Never throws. */
  async claim(packetId: string) {
    const v = this.snap.views[packetId];
    if (v?.claiming) return;
    this.apply(packetId, { kind: "claiming" });
    try {
      const res = await this.r.receiveEntry.mutate({ packet_id: packetId });
      this.apply(packetId, { kind: "mine", amount: res.amount, remain: res.remain });
    } catch (err) {
      const code = appCodeOf(err);
      this.apply(packetId, { kind: "claimFailed", code, text: errorText(err) });
    }
    // the claims list, best luck and what is left, as the server has them now
    void this.load(packetId);
  }

  /** the msgId for the next send in this chat: the one whose answer never came, else a fresh one */
  draftMsgId(chatKey: string): string {
    let id = this.drafts.get(chatKey);
    if (!id) this.drafts.set(chatKey, (id = newMsgId()));
    return id;
  }

  /**
   * Send a red packet (redPacket.send). A refusal (an answer with a seed code) frees the msgId
   * — nothing was written; any other failure keeps it, so trying again cannot send twice.
   */
  async send(chatKey: string, input: TSendPacketInput) {
    try {
      const res = await this.r.send.mutate(input);
      this.drafts.delete(chatKey);
      this.chats.set(res.packetId, chatKey);
      return res;
    } catch (err) {
      if (appCodeOf(err) !== null) this.drafts.delete(chatKey);
      throw err;
    }
  }

  balances() {
    return this.r.balance.query();
  }

  coins() {
    return this.r.coins.query();
  }

  record(input: { date: string; coin?: number; tzOffsetMinutes?: number }) {
    return this.r.record.query(input);
  }

  /** a frame from /ws; true when it was about a red packet */
  onFrame(f: ServerFrame): boolean {
    const any = f as unknown as Record<string, unknown> & { eventType: number };
    if (any.eventType === 50) {
      const frame = f as PacketClaimedFrame;
      const packetId = String(frame.packetId);
      const me = this.opts.me();
      this.apply(packetId, { kind: "claimed", frame, me });
      if (me !== null && String(frame.senderId) === me && String(frame.claimer.id) !== me) this.opened(packetId, frame);
      if (frame.finished) this.finished(packetId, frame, me);
      if (this.snap.views[packetId]?.info) this.refreshSoon(packetId);
      return true;
    }
    if (any.eventType === 51) {
      const packetId = String(any.packetId);
      if (this.snap.views[packetId]) this.apply(packetId, { kind: "refunded" });
      const code = this.snap.views[packetId]?.info?.code ?? this.coinCodes.get(Number(any.coin)) ?? "";
      this.opts.notify?.({ kind: "refunded", amount: String(any.amount), code });
      if (this.snap.views[packetId]?.info) this.refreshSoon(packetId);
      return true;
    }
    return false;
  }

  /** the coins' codes, for words about a packet we never loaded (51) */
  learnCoins(coins: { coin: number; code: string }[]) {
    for (const c of coins) this.coinCodes.set(c.coin, c.code);
  }

  dispose() {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.listeners.clear();
  }

  private opened(packetId: string, frame: PacketClaimedFrame) {
    // one line per claim: the last claim's frame can come twice when several processes took a packet's last shares together
    const claim = `${packetId}:${String(frame.claimer.id)}`;
    if (this.openedClaims.has(claim)) return;
    this.openedClaims.add(claim);
    const chat = this.chats.get(packetId);
    const name = frame.claimer.nickname || String(frame.claimer.id);
    if (!chat) {
      this.opts.notify?.({ kind: "opened", name });
      return;
    }
    const n: PacketNotice = { key: `packet-${++this.noticeSeq}`, kind: "opened", name, amount: String(frame.amount), packetId, datetime: this.opts.now() };
    const list = [...(this.snap.notices[chat] ?? []), n].slice(-MAX_NOTICES);
    this.patch({ notices: { ...this.snap.notices, [chat]: list } });
  }

  /** the last share went: one line in the packet's chat, if it is known here (the whole chat hears it) */
  private finished(packetId: string, frame: PacketClaimedFrame, me: string | null) {
    const chat = this.chats.get(packetId);
    if (!chat) return;
    const list = this.snap.notices[chat] ?? [];
    if (list.some((n) => n.kind === "finished" && n.packetId === packetId)) return;
    const mine = me !== null && String(frame.senderId) === me;
    const name = this.snap.views[packetId]?.info?.sender.nickname ?? "";
    const n: PacketNotice = { key: `packet-${++this.noticeSeq}`, kind: "finished", name, mine, amount: "", packetId, datetime: this.opts.now() };
    this.patch({ notices: { ...this.snap.notices, [chat]: [...list, n].slice(-MAX_NOTICES) } });
  }

  private refreshSoon(packetId: string) {
    if (this.timers.has(packetId)) return;
    this.timers.set(
      packetId,
      setTimeout(() => {
        this.timers.delete(packetId);
        if (!this.disposed) void this.load(packetId);
      }, REFRESH_AFTER_MS),
    );
  }

  private apply(packetId: string, e: PacketEvent) {
    const v = reducePacket(this.snap.views[packetId] ?? emptyView(packetId), e);
    this.patch({ views: { ...this.snap.views, [packetId]: v } });
  }

  private patch(p: Partial<PacketsSnapshot>) {
    if (this.disposed) return;
    this.snap = { ...this.snap, ...p };
    this.listeners.forEach((l) => l());
  }
}
