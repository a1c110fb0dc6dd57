// What the message writer and the channels' batch statements exchange (a module of its own so
// the statements and the writer import it without importing each other).
import type { TMessage, TSupportConversation } from "../../../db/schema";
import type { AppError } from "../../errors/app-error";
import type { WriterPrincipal } from "../deps";

export interface WriteItem {
  channelType: number;
  /** messages.target_id: the support conversation's id, or the thread's */
  targetId: number;
  p: WriterPrincipal;
  msgId: string;
  msgType: number;
  msg: Record<string, unknown>;
}

export interface Written {
  row: TMessage;
  /** false when this msgId was already stored: nothing new was written */
  isNew: boolean;
  /** support only: the conversation as this batch left it, and what this message changed about it */
  support?: { conv: TSupportConversation; reason: "created" | "assigned" | "taken" | null };
}

/** a message whose conversation another transaction (another process's batch) holds right now */
export const DEFERRED = Symbol("deferred");
/** a message decided on an outdated picture of its conversation: decided again next batch */
export const STALE = Symbol("stale");
export type Outcome = Written | AppError | typeof DEFERRED | typeof STALE;

/** One kind of channel's statement: the outcome of each item, in order. */
export interface BatchWriter {
  write(items: WriteItem[], skipLocked: boolean): Promise<Outcome[]>;
  /** after an unexpected failure: drop whatever was remembered about this item's conversation */
  forget(item: WriteItem): void;
}

/** json columns arrive parsed from postgres.js and as text from some drivers */
export const json = <T>(v: unknown): T | null => (typeof v === "string" ? JSON.parse(v) : v) as T | null;

/** a messages row as the raw driver returns it */
export function storedRow(r: Record<string, unknown>): TMessage {
  return {
    id: Number(r.id),
    channelType: Number(r.channel_type),
    targetId: Number(r.target_id),
    fromType: String(r.from_type),
    fromId: Number(r.from_id),
    clientMsgId: String(r.client_msg_id),
    msgType: Number(r.msg_type),
    msg: (typeof r.msg === "string" ? JSON.parse(r.msg) : r.msg) as Record<string, unknown>,
    senderName: String(r.sender_name),
    senderAvatar: String(r.sender_avatar),
    createdAt: Number(r.created_at),
    recalledAt: r.recalled_at == null ? null : Number(r.recalled_at),
    recalledBy: r.recalled_by == null ? null : Number(r.recalled_by),
  };
}

export const STORED_COLUMNS = "id, channel_type, target_id, from_type, from_id, client_msg_id, msg_type, msg, sender_name, sender_avatar, created_at, recalled_at, recalled_by";
