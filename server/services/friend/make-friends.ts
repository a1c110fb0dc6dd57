import { and, eq, or } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { friendships } from "../../../db/schema";
import { ChannelType } from "../../protocol/frames";
import { createThread, setThreadMembers } from "../messages/threads";

/**
 * a and b become friends (both directions, in the caller's transaction). A pair that was friends
 * before gets its old thread back — history and read pointers included. Returns the thread id.
 * Callers tell the sockets (subscribeUsers) after the commit.
 */
export async function makeFriends(
  tx: DbOrTx,
  a: number,
  b: number,
  at: number,
  remarks: { aForB?: string; bForA?: string } = {},
): Promise<number> {
  const existing = await tx
    .select()
    .from(friendships)
    .where(or(and(eq(friendships.userId, a), eq(friendships.friendId, b)), and(eq(friendships.userId, b), eq(friendships.friendId, a))))
    .for("update");
  let threadId = existing[0]?.threadId;
  if (threadId === undefined) threadId = await createThread(tx, ChannelType.friend, [a, b], at);
  else await setThreadMembers(tx, threadId, [a, b], true, at);
  for (const [userId, friendId, remark] of [
    [a, b, remarks.aForB ?? ""],
    [b, a, remarks.bForA ?? ""],
  ] as const) {
    await tx
      .insert(friendships)
      .values({ userId, friendId, threadId, remark, addTime: at })
      .onConflictDoUpdate({
        target: [friendships.userId, friendships.friendId],
        // friends again: a fresh addTime and remark; do-not-disturb and pin are the person's own settings, kept
        set: { deletedAt: null, addTime: at, ...(remark ? { remark } : {}) },
      });
  }
  return threadId;
}
