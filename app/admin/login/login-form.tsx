"use client";
// The admin sign-in: mobile + password through next-auth's credentials provider, as the
// console's (its device type, a staff tool's: the account's messenger sessions elsewhere stay),
// then on to the page that sent you here (?next=, only the portal's own paths).
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useEffect, useId, useState, type FormEvent } from "react";
import { SignInCard, SignInNotices, SignInSubmit } from "../../_components/sign-in-parts";
import { LanguageSwitch } from "../_components/admin-shell";
import { safeAdminPath } from "../_components/nav";
import { field, label } from "../_components/ui/buttons";
import { useText } from "../_components/ui/use-text";

export function AdminLoginForm() {
  const [tr] = useText();
  const router = useRouter();
  const params = useSearchParams();
  const next = safeAdminPath(params.get("next"));
  const ended = params.get("ended") === "1";
  const [mobile, setMobile] = useState("");
  const [password, setPassword] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { mobile: useId(), password: useId() };

  useEffect(() => {
    document.title = `${tr("login.title")} · ${tr("shell.docTitle")}`;
  }, [tr]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (submitting) return;
    const m = mobile.trim();
    if (!m || !password) return setError(tr("login.missing"));
    setError(null);
    setSubmitting(true);
    try {
      const res = await signIn("credentials", { mobile: m, password, redirect: false });
      if (!res || res.error || !res.ok) {
        setError(tr(res?.code === "rate_limited" ? "login.tooMany" : "login.wrong"));
        setSubmitting(false);
        return;
      }
      router.replace(next);
      router.refresh();
    } catch {
      setError(tr("login.failed"));
      setSubmitting(false);
    }
  }

  return (
    <div className="min-h-dvh bg-slate-100">
      <SignInCard
        title={tr("login.title")}
        hint={tr("login.hint")}
        after={
          <div className="mt-4 w-56">
            <LanguageSwitch label={tr("shell.language")} />
          </div>
        }
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <div>
            <label htmlFor={ids.mobile} className={label}>
              {tr("login.mobile")}
            </label>
            <input
              id={ids.mobile}
              data-testid="admin-login-mobile"
              type="tel"
              inputMode="tel"
              autoComplete="username"
              required
              autoFocus
              value={mobile}
              onChange={(e) => setMobile(e.target.value)}
              className={`${field} py-2.5`}
            />
          </div>
          <div>
            <label htmlFor={ids.password} className={label}>
              {tr("login.password")}
            </label>
            <input
              id={ids.password}
              data-testid="admin-login-password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              className={`${field} py-2.5`}
            />
          </div>
          <SignInNotices testIdPrefix="admin-login" ended={ended ? tr("login.ended") : null} error={error} />
          <SignInSubmit testId="admin-login-submit" busy={submitting} label={tr("login.submit")} busyLabel={tr("login.submitting")} />
        </form>
      </SignInCard>
    </div>
  );
}
