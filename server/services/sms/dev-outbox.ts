import { smsOutbox } from "../../../db/schema";
import { clock } from "../../clock";
import type { Deps } from "../deps";
import type { SmsProvider } from "./provider";

/**
 * The built-in provider, used when none is configured: nothing is texted; the text goes to the
 * server log and to `sms_outbox`, where an admin reads it (admin.smsOutbox, /admin/sms). Enough
 * to develop, demo and run a private instance whose operator hands codes out by hand.
 */
export function createDevOutboxProvider(deps: Deps): SmsProvider {
  let warned = false;
  return {
    name: "dev",
    isDevelopment: true,
    async send({ mobile, text }) {
      if (!deps.config.dev && !warned) {
        warned = true;
        console.warn("[sms] no SMS provider is configured (PARLEY_SMS_PROVIDER): codes go to the development outbox, which admins read at /admin/sms");
      }
      await deps.db.insert(smsOutbox).values({ mobile, text, createdAt: clock.now() });
      console.log(`[sms] to ${mobile}: ${text}`);
    },
  };
}
