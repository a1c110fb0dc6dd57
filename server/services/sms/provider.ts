// SMS providers behind one interface. PARLEY_SMS_PROVIDER names one: "dev" (the default, the
// development outbox) or "webhook" (POST to a relay you run: Twilio, Aliyun, …). A provider is
// one registry entry, so adding a vendor touches nothing that sends codes.
import type { Deps } from "../deps";
import { createDevOutboxProvider } from "./dev-outbox";
import { createWebhookProvider } from "./webhook";

export interface SmsMessage {
  mobile: string;
  text: string;
}

export interface SmsProvider {
  /** the PARLEY_SMS_PROVIDER value that picked it */
  readonly name: string;
  /**
   * true for the development outbox: its texts are readable by admins (admin.smsOutbox,
   * /admin/sms). A real provider never is — an outbox there would hand out sign-in codes.
   */
  readonly isDevelopment: boolean;
  /** Deliver the text, or throw (anything): the caller answers -8000 and logs why. */
  send(message: SmsMessage): Promise<void>;
}

export type SmsProviderFactory = (deps: Deps) => SmsProvider;

const factories = new Map<string, SmsProviderFactory>([
  ["dev", createDevOutboxProvider],
  ["webhook", createWebhookProvider],
]);

/** Add a provider kind (a vendor's API; tests add failing ones). PARLEY_SMS_PROVIDER=<name> picks it. */
export function registerSmsProvider(name: string, factory: SmsProviderFactory) {
  factories.set(name, factory);
}

/** One provider per running Parley (its Deps), made on first use. */
const byDeps = new WeakMap<Deps, SmsProvider>();

/** The configured provider. An unknown name is a configuration mistake: every send fails (-8000) and says so in the log. */
export function smsProviderOf(deps: Deps): SmsProvider {
  let provider = byDeps.get(deps);
  if (!provider) {
    const name = deps.config.smsProvider || "dev";
    const factory = factories.get(name);
    provider = factory ? factory(deps) : unknownProvider(name);
    byDeps.set(deps, provider);
  }
  return provider;
}

function unknownProvider(name: string): SmsProvider {
  return {
    name,
    isDevelopment: false,
    async send() {
      throw new Error(`PARLEY_SMS_PROVIDER="${name}" is not a known provider (known: ${[...factories.keys()].join(", ")})`);
    },
  };
}
