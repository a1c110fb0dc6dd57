"use client";
// The UI language: the one the person picked (kept in localStorage, the same for every Parley
// page in this browser), else the browser's. "en" while rendering on the server.
import { useCallback, useEffect, useSyncExternalStore } from "react";
import { resolveLocale, UI_LOCALES, type UiLocale } from "../_lib/i18n";

const KEY = "parley:locale";
const CHANGED = "parley:localechange";

function subscribe(cb: () => void) {
  window.addEventListener("languagechange", cb);
  window.addEventListener(CHANGED, cb);
  window.addEventListener("storage", cb); // picked in another tab
  return () => {
    window.removeEventListener("languagechange", cb);
    window.removeEventListener(CHANGED, cb);
    window.removeEventListener("storage", cb);
  };
}

function picked(): UiLocale | null {
  try {
    const v = localStorage.getItem(KEY);
    return v && (UI_LOCALES as readonly string[]).includes(v) ? (v as UiLocale) : null;
  } catch {
    return null; // storage blocked
  }
}

export function currentLocale(): UiLocale {
  return picked() ?? resolveLocale(navigator.language);
}

/** pick a language for this browser (null: follow the browser again) */
export function setPickedLocale(locale: UiLocale | null) {
  try {
    if (locale) localStorage.setItem(KEY, locale);
    else localStorage.removeItem(KEY);
  } catch {
    /* storage blocked: the choice lasts until reload */
  }
  window.dispatchEvent(new Event(CHANGED));
}

export function useLocale(): UiLocale {
  const locale = useSyncExternalStore(subscribe, currentLocale, () => "en" as UiLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return locale;
}

/** the language and a way to change it */
export function useLocaleSwitch(): [UiLocale, (l: UiLocale) => void] {
  const locale = useLocale();
  const set = useCallback((l: UiLocale) => setPickedLocale(l), []);
  return [locale, set];
}
