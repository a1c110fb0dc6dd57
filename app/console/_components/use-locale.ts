"use client";
// The console speaks the language of the browser, or the one picked on another Parley page
// (app/_components/use-locale.ts).
export { useLocale } from "../../_components/use-locale";
