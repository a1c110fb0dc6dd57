"use client";
// The language of every Parley page in this browser (en / 简体中文 / 日本語); starts as the browser's.
import { useId } from "react";
import { useLocaleSwitch } from "../../_components/use-locale";
import { LOCALE_NAMES, t, UI_LOCALES, type UiLocale } from "../../_lib/i18n";

export function LanguagePicker({ className = "" }: { className?: string }) {
  const [locale, setLocale] = useLocaleSwitch();
  const id = useId();
  return (
    <span className={`inline-flex items-center gap-2 text-sm text-slate-600 ${className}`}>
      <label htmlFor={id}>{t(locale, "chat.language")}</label>
      <select
        id={id}
        data-testid="chat-language"
        value={locale}
        onChange={(e) => setLocale(e.target.value as UiLocale)}
        className="rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm text-slate-800 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        {UI_LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
