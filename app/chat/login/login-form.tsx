"use client";
// /chat/login: a mobile number and either its password or an SMS code ("Send code" →
// user.sendSms, then the code). A number without an account gets one when its code is right.
// next-auth's credentials provider (app/_auth/auth.ts) does the sign-in with device "web", so
// this browser tab's session is the member's web session (one per device type).
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { LanguagePicker } from "../_components/language-picker";
import { useLocale } from "../../_components/use-locale";
import { t } from "../../_lib/i18n";
import { createApi, errorText } from "../../_lib/trpc";
import { SignInCard, SignInNotices, SignInSubmit } from "../../_components/sign-in-parts";

type Mode = "password" | "code";

/** how long "Send code" waits before it can be pressed again (the server allows one a minute) */
const RESEND_AFTER_S = 60;

/** `next`: where to go once signed in (a checked path of ours, e.g. the public room that sent the person here) */
export function ChatLoginForm({ next = null }: { next?: string | null } = {}) {
  const locale = useLocale();
  const localeRef = useRef(locale);
  useLayoutEffect(() => {
    localeRef.current = locale;
  });
  const api = useMemo(() => createApi({ getLocale: () => localeRef.current }), []);
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("password");
  const [mobile, setMobile] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [ended, setEnded] = useState<"elsewhere" | "ended" | null>(null);
  const codeInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const why = new URLSearchParams(window.location.search).get("ended");
    if (why === "elsewhere" || why === "ended") setEnded(why);
  }, []);

  useEffect(() => {
    document.title = `${t(locale, "chat.signIn")} · ${t(locale, "chat.docTitle")}`;
  }, [locale]);

  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);

  async function sendCode() {
    const m = mobile.trim();
    if (!m) return setError(t(locale, "chat.mobileFirst"));
    setError(null);
    setSending(true);
    try {
      await api.user.sendSms.mutate({ mobile: m });
      setSentTo(m);
      setWait(RESEND_AFTER_S);
      codeInput.current?.focus();
    } catch (err) {
      setError(errorText(err) || t(locale, "chat.loadFailed")); // the server's words (too often, not a number…)
    } finally {
      setSending(false);
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (submitting) return;
    const m = mobile.trim();
    if (!m) return setError(t(locale, "chat.mobileFirst"));
    setError(null);
    setSubmitting(true);
    try {
      const creds = mode === "password" ? { mobile: m, password } : { mobile: m, code: code.trim() };
      const res = await signIn("credentials", { ...creds, device: "web", redirect: false });
      if (!res || res.error || !res.ok) {
        const why = res?.code;
        setError(
          t(
            locale,
            why === "rate_limited"
              ? "chat.tooManyAttempts"
              : why === "suspended"
                ? "chat.suspended"
                : mode === "code" || why === "code_wrong" || why === "code_expired"
                  ? "chat.badCode"
                  : "chat.badLogin",
          ),
        );
        setSubmitting(false);
        return;
      }
      router.replace(next ?? "/chat");
      router.refresh();
    } catch {
      setError(t(locale, "chat.loadFailed"));
      setSubmitting(false);
    }
  }

  const field =
    "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200";

  return (
    <SignInCard title={t(locale, "chat.signInTitle")} hint={t(locale, "chat.tagline")} after={<div className="mt-4"><LanguagePicker /></div>}>
      <div role="tablist" aria-label={t(locale, "chat.signIn")} className="mb-5 grid grid-cols-2 rounded-lg bg-slate-100 p-1 text-sm font-medium">
        {(["password", "code"] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            data-testid={`chat-login-mode-${m}`}
            onClick={() => {
              setMode(m);
              setError(null);
            }}
            className={`rounded-md px-3 py-1.5 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${mode === m ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
          >
            {t(locale, m === "password" ? "chat.withPassword" : "chat.withCode")}
          </button>
        ))}
      </div>

      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <div>
          <label htmlFor="chat-mobile" className="mb-1 block text-sm font-medium text-slate-700">
            {t(locale, "chat.mobile")}
          </label>
          <input
            id="chat-mobile"
            data-testid="chat-login-mobile"
            name="mobile"
            type="tel"
            inputMode="tel"
            autoComplete="username"
            required
            autoFocus
            value={mobile}
            onChange={(e) => setMobile(e.target.value)}
            className={field}
          />
        </div>

        {mode === "password" ? (
          <div>
            <label htmlFor="chat-password" className="mb-1 block text-sm font-medium text-slate-700">
              {t(locale, "chat.password")}
            </label>
            <input
              id="chat-password"
              data-testid="chat-login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              className={field}
            />
          </div>
        ) : (
          <div>
            <label htmlFor="chat-code" className="mb-1 block text-sm font-medium text-slate-700">
              {t(locale, "chat.code")}
            </label>
            <div className="flex gap-2">
              <input
                ref={codeInput}
                id="chat-code"
                data-testid="chat-login-code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={12}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                className={`${field} min-w-0 flex-1 tracking-widest`}
              />
              <button
                type="button"
                data-testid="chat-login-send-code"
                onClick={() => void sendCode()}
                disabled={sending || wait > 0}
                className="shrink-0 rounded-lg px-3 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:text-slate-400 disabled:ring-slate-200 disabled:hover:bg-transparent"
              >
                {wait > 0 ? t(locale, "chat.resendIn", { s: String(wait) }) : t(locale, "chat.sendCode")}
              </button>
            </div>
            <p className="mt-1.5 text-xs text-slate-500" role="status" data-testid="chat-login-code-status">
              {sentTo ? t(locale, "chat.codeSent", { mobile: sentTo }) : t(locale, "chat.codeHint")}
            </p>
          </div>
        )}

        <SignInNotices testIdPrefix="chat-login" ended={ended ? t(locale, ended === "elsewhere" ? "chat.endedElsewhere" : "chat.sessionEnded") : null} error={error} />
        <SignInSubmit testId="chat-login-submit" busy={submitting} label={t(locale, "chat.signIn")} busyLabel={t(locale, "chat.signingIn")} />
      </form>
    </SignInCard>
  );
}
