// Threads: the conversations of member channels (a friend pair now; groups later). A thread
// row is what the message writer locks; thread_members says who is in it and how far each read.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { preparedFor } from "../../../db/prepared";
import { threadMembers, threads } from "../../../db/schema";
import type { Deps } from "../deps";

/** A new thread of this channel with these members (in the caller's transaction). */
export async function createThread(tx: DbOrTx, channelType: number, userIds: number[], at: number): Promise<number> {
  const [t] = await tx.insert(threads).values({ channelType, createdAt: at }).returning({ id: threads.id });
  if (userIds.length) await tx.insert(threadMembers).values(userIds.map((userId) => ({ threadId: t.id, userId, joinedAt: at })));
  return t.id;
}

/** Members (re)join a thread: a friendship made again keeps its old history and read pointers. */
export async function setThreadMembers(tx: DbOrTx, threadId: number, userIds: number[], active: boolean, at: number) {
  for (const userId of userIds) {
    await tx
      .insert(threadMembers)
      .values({ threadId, userId, joinedAt: at, leftAt: active ? null : at })
      .onConflictDoUpdate({ target: [threadMembers.threadId, threadMembers.userId], set: { leftAt: active ? null : at } });
  }
}

/** The threads whose frames a member's sockets receive (on every ws connect). */
export async function activeThreadIds(deps: Deps, userId: number): Promise<number[]> {
  const rows = await activeThreadsOf(deps.db).execute({ userId });
  return rows.map((r) => r.threadId);
}

const activeThreadsOf = (db: DbOrTx) =>
  preparedFor(db, "active_threads_of", () =>
    db
      .select({ threadId: threadMembers.threadId })
      .from(threadMembers)
      .where(and(eq(threadMembers.userId, sql.placeholder("userId")), isNull(threadMembers.leftAt)))
      .prepare("active_threads_of"),
  );
