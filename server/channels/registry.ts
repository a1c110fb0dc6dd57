// The channel registry: per channelType, one policy module says how a conversation is found from
// the wire's targetId, which message kinds it carries, who may read / write / recall (as data,
// permissions.ts), who hears about it, and how its read state is kept. The message path — the
// batching writer, history, mark-read, recall and delete — exists once (services/messages/*)
// and asks the policy. A new channel is a new entry here, not a copy of the path.
import { AppError } from "../errors/app-error";
import { ChannelType, type ConversationSummary, type LogEntry } from "../protocol/frames";
import type { Deps, Principal } from "../services/deps";
import type { ChannelPermissions, ViewerCan } from "./permissions";
import type { TMessage } from "../../db/schema";

/** A conversation as one caller sees it. */
export interface Conversation {
  channelType: number;
  /** messages.target_id: the support conversation's id, or the thread's */
  storeId: number;
  /** the wire's targetId for this conversation, as the caller names it */
  wireId: string;
  /** the caller's role here, the key of the channel's permission table; null = none (not visible) */
  role: string | null;
  /** who hears about it live (bus audiences) */
  audiences: string[];
  /** a stored message as this conversation's seed log entry (wire ids) */
  entry(row: TMessage): LogEntry;
}

export interface SendInput {
  msgId: string;
  targetId: string;
  msgType: number;
  msg: unknown;
}

export interface SendResult {
  entry: LogEntry;
  /** false when this msgId was already stored: nothing new was written or delivered */
  isNew: boolean;
  /** the message frame (eventType 0) serialized once: the same string goes to every recipient and back as the ack */
  data: string;
}

export interface ChatLogInput {
  targetId: string;
  startId?: string;
  afterId?: string;
  number: number;
}

export interface ChatLogPage {
  logs: LogEntry[];
  nextLog: string | null;
  /** latest page only (no startId / afterId): what the caller may do, and the read marks */
  viewerCan?: ViewerCan;
  recallWindowMs?: number;
  /** the caller's read pointer, and the other side's where there is exactly one (friend chat) */
  readId?: string;
  peerReadId?: string;
  /** latest page of a member channel: until when the caller may not speak here (0: they may) */
  mutedUntil?: number;
  /** support, latest page: the conversation's summary (status, agent, unread) */
  conversation?: ConversationSummary;
}

export interface ReadResult {
  targetId: string;
  logId: string;
  unread: number;
}

/** One channel's policy: the operations of the message path, as this channel carries them. */
export interface ChannelPolicy {
  channelType: number;
  /** for messages: "friend chat", "support conversations" */
  name: string;
  /** the msgTypes it carries (msg-shapes.ts checks their shape) */
  msgTypes: readonly number[];
  permissions: ChannelPermissions<string>;
  send(deps: Deps, p: Principal, input: SendInput, opts: { exceptConn?: string }): Promise<SendResult>;
  chatLog(deps: Deps, p: Principal, input: ChatLogInput): Promise<ChatLogPage>;
  markRead(deps: Deps, p: Principal, input: { targetId: string; logId?: string }): Promise<ReadResult>;
  /**
   * Red packets: may this caller post one here? The conversation it would go into, or the
   * refusal (-4010 not allowed by this conversation's setting, -2007 muted, -5000 a closed
   * room, the channel's own code for a stranger). Channels without packets leave it out.
   */
  authorizePacket?(deps: Deps, p: Principal, targetId: string): Promise<Conversation>;
  /** the conversation a stored message belongs to, as the caller sees it (recall, delete by logId); null role = not visible */
  conversationOfStored?(deps: Deps, p: Principal, storeId: number): Promise<Conversation>;
}

const registry = new Map<number, ChannelPolicy>();

export function registerChannel(policy: ChannelPolicy) {
  registry.set(policy.channelType, policy);
}

/** The policy of a channelType; one this server does not carry (yet) is -1001. */
export function channelPolicy(channelType: number): ChannelPolicy {
  const policy = registry.get(channelType);
  if (!policy) throw new AppError(-1001, `channelType ${channelType} is not available on this server yet`);
  return policy;
}

export const registeredChannels = () => [...registry.values()];

/** seed 004 /chat33/ recall and delete name the channel as `type`: 1 group message, 2 friend message */
export const LOG_TYPE_CHANNEL: Record<number, number> = { 1: ChannelType.group, 2: ChannelType.friend };
export const channelLogType = (channelType: number): 1 | 2 => (channelType === ChannelType.friend ? 2 : 1);
