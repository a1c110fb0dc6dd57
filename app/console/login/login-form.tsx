"use client";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useEffect, useState, type FormEvent } from "react";
import { t } from "../../_lib/i18n";
import { useLocale } from "../_components/use-locale";

export function LoginForm() {
  const locale = useLocale();
  const router = useRouter();
  const [mobile, setMobile] = useState("");
  const [password, setPassword] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // why the console sent us here (its session ended while it was open)
  const [ended, setEnded] = useState<"elsewhere" | "ended" | null>(null);
  useEffect(() => {
    const why = new URLSearchParams(window.location.search).get("ended");
    if (why === "elsewhere" || why === "ended") setEnded(why);
  }, []);

  useEffect(() => {
    document.title = `${t(locale, "console.signIn")} · ${t(locale, "console.docTitle")}`;
  }, [locale]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (submitting) return;
    setError(null);
    setSubmitting(true);
    try {
      const res = await signIn("credentials", { mobile: mobile.trim(), password, redirect: false });
      if (!res || res.error || !res.ok) {
        setError(t(locale, res?.code === "rate_limited" ? "console.tooManyAttempts" : "console.badLogin"));
        setSubmitting(false);
        return;
      }
      router.replace("/console");
      router.refresh();
    } catch {
      setError(t(locale, "console.loadFailed"));
      setSubmitting(false);
    }
  }

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <div className="mb-6 flex items-center gap-3">
          <span aria-hidden className="flex h-10 w-10 items-center justify-center rounded-xl bg-indigo-600 text-lg font-bold text-white">
            P
          </span>
          <div>
            <h1 className="text-lg font-semibold leading-tight">{t(locale, "console.title")}</h1>
            <p className="text-sm text-slate-500">{t(locale, "console.signInHint")}</p>
          </div>
        </div>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <div>
            <label htmlFor="console-mobile" className="mb-1 block text-sm font-medium text-slate-700">
              {t(locale, "console.mobile")}
            </label>
            <input
              id="console-mobile"
              data-testid="console-login-mobile"
              name="mobile"
              type="tel"
              inputMode="tel"
              autoComplete="username"
              required
              autoFocus
              value={mobile}
              onChange={(e) => setMobile(e.target.value)}
              className="block w-full rounded-lg border border-slate-300 px-3 py-2.5 text-base outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
            />
          </div>
          <div>
            <label htmlFor="console-password" className="mb-1 block text-sm font-medium text-slate-700">
              {t(locale, "console.password")}
            </label>
            <input
              id="console-password"
              data-testid="console-login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              className="block w-full rounded-lg border border-slate-300 px-3 py-2.5 text-base outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
            />
          </div>
          {ended && !error && (
            <p role="status" data-testid="console-login-ended" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200">
              {t(locale, ended === "elsewhere" ? "console.endedElsewhere" : "console.sessionEnded")}
            </p>
          )}
          {error && (
            <p role="alert" data-testid="console-login-error" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
              {error}
            </p>
          )}
          <button
            type="submit"
            data-testid="console-login-submit"
            disabled={submitting}
            className="w-full rounded-lg bg-indigo-600 px-4 py-2.5 text-base font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60"
          >
            {submitting ? t(locale, "console.signingIn") : t(locale, "console.signIn")}
          </button>
        </form>
      </div>
    </main>
  );
}
