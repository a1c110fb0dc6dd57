import { desc, eq } from "drizzle-orm";
import { smsOutbox } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import type { Deps } from "../deps";
import { smsProviderOf } from "./provider";

/** One page is plenty: the outbox is for reading the last few codes, not an archive. */
const OUTBOX_PAGE = 100;

/** admin.smsOutbox: the development outbox, newest first, optionally for one number. */
export async function listSmsOutbox(deps: Deps, input: { mobile?: string }) {
  const provider = smsProviderOf(deps);
  if (!provider.isDevelopment) {
    throw new AppError(-3000, `the development SMS outbox is off: codes are sent by the "${provider.name}" provider (PARLEY_SMS_PROVIDER)`);
  }
  const rows = await deps.db
    .select()
    .from(smsOutbox)
    .where(input.mobile ? eq(smsOutbox.mobile, input.mobile) : undefined)
    .orderBy(desc(smsOutbox.id))
    .limit(OUTBOX_PAGE);
  return { messages: rows.map((r) => ({ id: String(r.id), mobile: r.mobile, text: r.text, createdAt: r.createdAt })) };
}
