// Sending a red packet (redPacket.send; the seed has no endpoint for it): the channel's policy
// says whether the caller may post one there (-4010, -2007, …); then debiting the sender,
// cutting the shares and posting the msgType 4 message are one transaction — the message is
// written by the member channels' own statement (the thread's lock, membership, resends), and
// the database checks at commit that the shares add up to the total and the debit is exactly it.
// A resend of the same msgId answers with the packet already sent and moves no money.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { redPacketShares, redPackets, PacketType, type TRedPacket } from "../../../db/schema";
import { channelPolicy } from "../../channels";
import { clock } from "../../clock";
import { AppError } from "../../errors/app-error";
import { ChannelType, MsgType, type LogEntry, type MessageFrame } from "../../protocol/frames";
import type { Deps, Principal } from "../deps";
import { messageWriter } from "../messages/message-writer";
import { fromMinor, toMinor } from "./amount";
import { coinById, postEntry } from "./ledger";
import { split } from "./split";

export interface SendPacketInput {
  /** the client's id for this send: a retry with the same msgId sends nothing twice */
  msgId?: string;
  channelType: number;
  /** as the channel names conversations: the friend's id, the group's, the room's */
  targetId: string;
  coin: number;
  /** 1 lucky, 2 equal */
  type: number;
  count: number;
  /** the whole packet, an exact decimal string in the coin's places */
  total: string;
  greeting?: string;
  newMembersOnly?: boolean;
}

/** the msgType 4 message's msg (seed: coin, packetId, packetType, packetUrl) */
export function packetMsg(deps: Deps, p: Pick<TRedPacket, "coinId" | "publicId" | "type" | "greeting">) {
  return { coin: p.coinId, packetId: p.publicId, packetType: p.type, packetUrl: packetUrl(deps, p.publicId), greeting: p.greeting };
}

export const packetUrl = (deps: Deps, publicId: string) => `${deps.config.publicUrl.replace(/\/$/, "")}/packets/${publicId}`;

/** thrown out of the transaction to undo it when the msgId was sent before */
class AlreadySent {
  constructor(readonly entry: LogEntry) {}
}

const PACKET_CHANNELS = new Set<number>([ChannelType.room, ChannelType.group, ChannelType.friend]);

export async function sendPacket(deps: Deps, p: Principal, input: SendPacketInput) {
  if (!PACKET_CHANNELS.has(input.channelType)) throw new AppError(-1001, "channelType: red packets go into a friend chat (3), a group (2) or a chat room (1)");
  if (input.type !== PacketType.lucky && input.type !== PacketType.equal) throw new AppError(-1001, "type: 1 lucky or 2 equal");
  const policy = channelPolicy(input.channelType);
  const conv = await policy.authorizePacket!(deps, p, input.targetId);
  if (p.kind !== "member") throw new AppError(-4010);
  const coin = await coinById(deps.db, input.coin);
  const total = toMinor(input.total, coin.decimals);
  const shares = split(input.type === PacketType.lucky ? "lucky" : "equal", total, input.count, deps.config.packetMaxCount);
  const msgId = input.msgId ?? randomUUID();
  const t = clock.now();
  try {
    const { packet, written } = await deps.db.transaction(async (tx) => {
      const [packet] = await tx
        .insert(redPackets)
        .values({
          senderId: p.userId,
          coinId: coin.id,
          type: input.type,
          count: input.count,
          total,
          greeting: input.greeting ?? "",
          newMembersOnly: input.newMembersOnly ?? false,
          channelType: input.channelType,
          targetId: conv.storeId,
          createdAt: t,
          expiresAt: t + deps.config.packetTtlMs,
        })
        .returning();
      await postEntry(tx, { userId: p.userId, coinId: coin.id, amount: -total, kind: "packet_send", packetId: packet.id });
      await tx.insert(redPacketShares).values(shares.map((amount, i) => ({ packetId: packet.id, seq: i + 1, amount })));
      const written = await messageWriter(deps).writeInTransaction(tx, {
        channelType: input.channelType,
        targetId: conv.storeId,
        p,
        msgId,
        msgType: MsgType.redPacket,
        msg: packetMsg(deps, packet),
      });
      if (!written.isNew) throw new AlreadySent(conv.entry(written.row));
      await tx.update(redPackets).set({ messageId: written.row.id }).where(eq(redPackets.id, packet.id));
      return { packet, written };
    });
    const entry = conv.entry(written.row);
    const data = JSON.stringify({ eventType: 0, ...entry } satisfies MessageFrame);
    await deps.bus.publish({ audiences: conv.audiences, data });
    return { packetId: packet.publicId, packetUrl: packetUrl(deps, packet.publicId), coin: coin.id, total: fromMinor(total, coin.decimals), count: input.count, entry };
  } catch (err) {
    if (!(err instanceof AlreadySent)) {
      if (err instanceof AppError && err.code === -1001 && /balance is too low/.test(err.message)) throw new AppError(-1001, `the balance is too low for ${fromMinor(total, coin.decimals)} ${coin.code}`);
      throw err;
    }
    // the same msgId was sent before: that packet, nothing new
    const msg = err.entry.msg as { packetId?: string; packetUrl?: string };
    const [prior] = msg.packetId ? await deps.db.select().from(redPackets).where(eq(redPackets.publicId, msg.packetId)).limit(1) : [];
    if (!prior) throw new AppError(-1001, "msgId: already used for another message");
    return { packetId: prior.publicId, packetUrl: packetUrl(deps, prior.publicId), coin: prior.coinId, total: fromMinor(prior.total, coin.decimals), count: prior.count, entry: err.entry };
  }
}
