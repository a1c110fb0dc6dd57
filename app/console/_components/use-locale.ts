"use client";
import { useEffect, useSyncExternalStore } from "react";
import { resolveLocale, type UiLocale } from "../../_lib/i18n";

function subscribe(cb: () => void) {
  window.addEventListener("languagechange", cb);
  return () => window.removeEventListener("languagechange", cb);
}

/** The browser's language as one of the UI locales; "en" while rendering on the server. */
export function useLocale(): UiLocale {
  const locale = useSyncExternalStore(
    subscribe,
    () => resolveLocale(navigator.language),
    () => "en" as UiLocale,
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return locale;
}
