import type { Deps } from "../deps";
import type { SmsProvider } from "./provider";

/** A relay that has not answered by then is down; the member may ask again after the 60 s interval. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * PARLEY_SMS_PROVIDER=webhook: POST `{mobile, text}` as JSON to PARLEY_SMS_WEBHOOK_URL (with
 * `Authorization: Bearer PARLEY_SMS_WEBHOOK_TOKEN` when set). Any 2xx is delivered; anything
 * else, a timeout or no URL is a failed send (-8000). One small relay per vendor keeps vendor
 * SDKs and their credentials out of Parley.
 */
export function createWebhookProvider(deps: Deps): SmsProvider {
  const { smsWebhookUrl: url, smsWebhookToken: token } = deps.config;
  return {
    name: "webhook",
    isDevelopment: false,
    async send(message) {
      if (!url) throw new Error("PARLEY_SMS_PROVIDER=webhook needs PARLEY_SMS_WEBHOOK_URL");
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      // drain the body so the connection can be reused
      await res.arrayBuffer().catch(() => {});
      if (!res.ok) throw new Error(`the SMS webhook answered ${res.status}`);
    },
  };
}
