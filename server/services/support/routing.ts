import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import type { RawQuery } from "../../../db/raw";
import type { Presence } from "../../bus/bus";

/** a site's agents who chose "online", least busy first (open conversations per agent) */
const CANDIDATES = `
  select sa.user_id, sa.capacity, count(c.id) as open
  from site_agents sa
  join agent_status s on s.user_id = sa.user_id and s.status = 'online'
  left join support_conversations c on c.agent_id = sa.user_id and c.status = 'open'
  where sa.site_id = $1
  group by sa.user_id, sa.capacity
  order by count(c.id), sa.user_id`;

type Candidate = { user_id: unknown; capacity: unknown; open: unknown };

/**
 * The least busy agent of a site who chose "online", is connected somewhere right now and
 * has room under their capacity; null when nobody qualifies (the conversation waits).
 * Runs on a drizzle handle or inside the message writer's raw transaction.
 */
export async function pickAgent(db: DbOrTx | RawQuery, presence: Presence, siteId: number): Promise<number | null> {
  let rows: Candidate[];
  if (typeof db === "function") rows = await db<Candidate>(CANDIDATES, [siteId]);
  else {
    const [head, tail] = CANDIDATES.split("$1");
    const res = (await db.execute(sql`${sql.raw(head)}${siteId}${sql.raw(tail)}`)) as unknown;
    rows = (Array.isArray(res) ? res : (res as { rows: Candidate[] }).rows) as Candidate[];
  }
  if (rows.length === 0) return null;
  const live = await presence.connected(rows.map((r) => Number(r.user_id)));
  const pick = rows.find((r) => live.has(Number(r.user_id)) && Number(r.open) < Number(r.capacity));
  return pick ? Number(pick.user_id) : null;
}
