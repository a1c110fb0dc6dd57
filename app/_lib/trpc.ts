// Browser tRPC client. No transformer: plain JSON, times as epoch ms.
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../../server/api/root";

export type ApiClient = ReturnType<typeof createApi>;

/** `getToken` returns the Bearer (visitor token in the widget); the console uses its session cookie. */
export function createApi(opts: { getToken?: () => string | null; getLocale?: () => string } = {}) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/api/trpc",
        headers() {
          const h: Record<string, string> = {};
          const token = opts.getToken?.();
          if (token) h.Authorization = `Bearer ${token}`;
          const locale = opts.getLocale?.();
          if (locale) h["x-parley-locale"] = locale;
          return h;
        },
      }),
    ],
  });
}

/** The seed code of a failed call (e.g. -2010), or null when it was not an API error. */
export function appCodeOf(err: unknown): number | null {
  if (err instanceof TRPCClientError) {
    const code = (err.data as { appCode?: number } | undefined)?.appCode;
    return typeof code === "number" ? code : null;
  }
  return null;
}

/** A message a person can read (already localized by the server when it is an API error). */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
