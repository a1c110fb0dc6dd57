"use client";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useEffect, useState, type FormEvent } from "react";
import { t } from "../../_lib/i18n";
import { useLocale } from "../_components/use-locale";
import { SignInCard, SignInNotices, SignInSubmit } from "../../_components/sign-in-parts";

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
        setError(t(locale, res?.code === "rate_limited" ? "console.tooManyAttempts" : res?.code === "suspended" ? "console.suspended" : "console.badLogin"));
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
    <SignInCard title={t(locale, "console.title")} hint={t(locale, "console.signInHint")}>
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
        <SignInNotices testIdPrefix="console-login" ended={ended ? t(locale, ended === "elsewhere" ? "console.endedElsewhere" : "console.sessionEnded") : null} error={error} />
        <SignInSubmit testId="console-login-submit" busy={submitting} label={t(locale, "console.signIn")} busyLabel={t(locale, "console.signingIn")} />
      </form>
    </SignInCard>
  );
}
