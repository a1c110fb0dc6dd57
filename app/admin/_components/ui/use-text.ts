"use client";
// The portal's words in the language of this browser (the same pick as every Parley page), and
// counted words ("1 member", "2 members") by the language's own plural rules.
import { useCallback, useMemo } from "react";
import { useLocale } from "../../../_components/use-locale";
import { tAdmin, type AdminKey } from "../../_i18n";

export type AdminText = (key: AdminKey, vars?: Record<string, string | number>) => string;

/** the counted words: each has a ".one" and an ".other" key */
export type CountedWord = "count.members" | "count.guests";
export type AdminCount = (word: CountedWord, n: number) => string;

export function useText(): [AdminText, ReturnType<typeof useLocale>, AdminCount] {
  const locale = useLocale();
  const tr = useCallback<AdminText>(
    (key, vars) => tAdmin(locale, key, vars && Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === "number" ? v.toLocaleString(locale) : v]))),
    [locale],
  );
  const rules = useMemo(() => new Intl.PluralRules(locale), [locale]);
  const count = useCallback<AdminCount>((word, n) => tr(`${word}.${rules.select(n) === "one" ? "one" : "other"}`, { n }), [tr, rules]);
  return [tr, locale, count];
}
