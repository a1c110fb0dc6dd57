// /admin/sms: the development SMS outbox for platform admins, read through the server's bridge
// with the visitor's next-auth cookie (the page never imports server code). Rendered on the
// server on every request: there is nothing for the browser to run.
import type { Metadata } from "next";
import { headers } from "next/headers";
import { resolveLocale, tAdmin, type UiLocale } from "../_i18n";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const locale = resolveLocale((await headers()).get("accept-language"));
  return { title: tAdmin(locale, "sms.docTitle"), robots: { index: false, follow: false } };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function SmsOutboxPage({ searchParams }: { searchParams: Search }) {
  const h = await headers();
  const locale = resolveLocale(h.get("accept-language"));
  const raw = (await searchParams).mobile;
  const mobile = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
  const bridge = globalThis.__parleyBridge;
  const answer = bridge ? await bridge.smsOutbox(h.get("cookie"), mobile || undefined) : null;

  return (
    <main className="min-h-dvh bg-slate-100 px-4 py-6 sm:px-8 sm:py-10" lang={locale}>
      <div className="mx-auto max-w-5xl">
        <header className="mb-6 flex items-start gap-3">
          <span aria-hidden className="flex h-10 w-10 shrink-0 items-center justify-center rounded-xl bg-indigo-600 text-lg font-bold text-white">
            P
          </span>
          <div className="min-w-0">
            <h1 className="text-xl font-semibold leading-tight text-slate-900">{tAdmin(locale, "sms.title")}</h1>
            <p className="mt-1 max-w-2xl text-sm text-slate-600">{tAdmin(locale, "sms.subtitle")}</p>
          </div>
        </header>

        {!answer ? (
          <Notice testId="admin-sms-refused">{tAdmin(locale, "sms.noBridge")}</Notice>
        ) : !answer.ok ? (
          <Notice testId="admin-sms-refused">
            {answer.refused === "signIn" ? (
              <>
                {tAdmin(locale, "sms.signIn")}{" "}
                <a href="/console/login" className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900">
                  {tAdmin(locale, "sms.signInLink")}
                </a>
              </>
            ) : answer.refused === "forbidden" ? (
              tAdmin(locale, "sms.forbidden")
            ) : (
              tAdmin(locale, "sms.provider", { provider: answer.provider ?? "" })
            )}
          </Notice>
        ) : (
          <Outbox locale={locale} mobile={mobile} messages={answer.messages} />
        )}
      </div>
    </main>
  );
}

function Notice({ children, testId }: { children: React.ReactNode; testId: string }) {
  return (
    <p role="alert" data-testid={testId} className="rounded-xl bg-white px-4 py-4 text-sm text-slate-800 shadow-sm ring-1 ring-slate-200">
      {children}
    </p>
  );
}

function Outbox({ locale, mobile, messages }: { locale: UiLocale; mobile: string; messages: { id: string; mobile: string; text: string; createdAt: number }[] }) {
  const at = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" });
  const ago = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const now = Date.now();
  const relative = (t: number) => {
    const s = Math.round((t - now) / 1000);
    if (Math.abs(s) < 60) return ago.format(s, "second");
    if (Math.abs(s) < 3600) return ago.format(Math.round(s / 60), "minute");
    if (Math.abs(s) < 86_400) return ago.format(Math.round(s / 3600), "hour");
    return ago.format(Math.round(s / 86_400), "day");
  };
  const refreshHref = mobile ? `/admin/sms?mobile=${encodeURIComponent(mobile)}` : "/admin/sms";
  return (
    <section className="rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
      <form method="get" action="/admin/sms" className="flex flex-wrap items-end gap-2 border-b border-slate-200 p-4" data-testid="admin-sms-filter">
        <div className="min-w-0 flex-1 sm:max-w-xs">
          <label htmlFor="admin-sms-mobile" className="mb-1 block text-sm font-medium text-slate-700">
            {tAdmin(locale, "sms.mobile")}
          </label>
          <input
            id="admin-sms-mobile"
            name="mobile"
            type="tel"
            inputMode="tel"
            defaultValue={mobile}
            autoComplete="off"
            className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-base outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
          />
        </div>
        <button
          type="submit"
          className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          {tAdmin(locale, "sms.filter")}
        </button>
        {mobile && (
          <a href="/admin/sms" className="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
            {tAdmin(locale, "sms.showAll")}
          </a>
        )}
        <a href={refreshHref} className="ml-auto rounded-lg px-3 py-2 text-sm font-medium text-indigo-700 hover:bg-indigo-50" data-testid="admin-sms-refresh">
          {tAdmin(locale, "sms.refresh")}
        </a>
      </form>

      {messages.length === 0 ? (
        <p className="px-4 py-8 text-center text-sm text-slate-500" data-testid="admin-sms-empty">
          {mobile ? tAdmin(locale, "sms.emptyFor", { mobile }) : tAdmin(locale, "sms.empty")}
        </p>
      ) : (
        <>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="admin-sms-table">
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  {/* on a phone the time moves under the number, so the text has the width */}
                  <th scope="col" className="hidden whitespace-nowrap px-4 py-2 font-medium sm:table-cell">
                    {tAdmin(locale, "sms.time")}
                  </th>
                  <th scope="col" className="whitespace-nowrap px-4 py-2 font-medium">
                    {tAdmin(locale, "sms.to")}
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    {tAdmin(locale, "sms.text")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {messages.map((m) => (
                  <tr key={m.id} data-testid="admin-sms-row" className="align-top">
                    <td className="hidden whitespace-nowrap px-4 py-3 text-slate-600 sm:table-cell">
                      <time dateTime={new Date(m.createdAt).toISOString()} title={at.format(m.createdAt)}>
                        {relative(m.createdAt)}
                      </time>
                    </td>
                    <td className="whitespace-nowrap px-4 py-3 font-mono text-slate-900">
                      <a href={`/admin/sms?mobile=${encodeURIComponent(m.mobile)}`} className="hover:text-indigo-700 hover:underline">
                        {m.mobile}
                      </a>
                      <time className="mt-0.5 block font-sans text-xs text-slate-500 sm:hidden" dateTime={new Date(m.createdAt).toISOString()}>
                        {relative(m.createdAt)}
                      </time>
                    </td>
                    <td className="min-w-40 px-4 py-3 text-slate-900">{m.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">{tAdmin(locale, "sms.count", { count: String(messages.length) })}</p>
        </>
      )}
    </section>
  );
}
