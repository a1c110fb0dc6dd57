"use client";
// A room's or a person's picture (a Parley upload) or, without one, initials on a steady color.
import { useState } from "react";
import { avatarColor, avatarText, safeUploadUrl } from "../../../_components/chat/format";

const SIZES = { sm: "h-8 w-8 text-xs", md: "h-10 w-10 text-sm", lg: "h-16 w-16 text-xl" } as const;

export function Avatar({ id, name, src, size = "sm", square }: { id: string; name: string; src?: string | null; size?: keyof typeof SIZES; square?: boolean }) {
  const url = safeUploadUrl(src);
  const [broken, setBroken] = useState<string | null>(null);
  const cls = `${SIZES[size]} shrink-0 ${square ? "rounded-lg" : "rounded-full"}`;
  if (url && broken !== url) {
    // eslint-disable-next-line @next/next/no-img-element -- an upload, served by Parley itself
    return <img src={url} alt="" aria-hidden onError={() => setBroken(url)} className={`${cls} bg-slate-200 object-cover`} />;
  }
  return (
    <span aria-hidden className={`${cls} flex items-center justify-center font-semibold ${avatarColor(id)}`}>
      {avatarText(name)}
    </span>
  );
}
