"use client";
// A person's picture (a Parley upload) or, without one, their initials on a steady color.
import { useState } from "react";
import { avatarColor, avatarText, safeUploadUrl } from "../../_components/chat/format";

const SIZES = { sm: "h-8 w-8 text-xs", md: "h-11 w-11 text-sm", lg: "h-20 w-20 text-2xl" } as const;

export function Avatar({ id, name, src, size = "md", label }: { id: string; name: string; src?: string | null; size?: keyof typeof SIZES; label?: string }) {
  const url = safeUploadUrl(src);
  const [broken, setBroken] = useState<string | null>(null);
  const cls = `${SIZES[size]} shrink-0 rounded-full`;
  if (url && broken !== url) {
    // eslint-disable-next-line @next/next/no-img-element -- an upload, served by Parley itself
    return <img src={url} alt={label ?? ""} aria-hidden={label ? undefined : true} onError={() => setBroken(url)} className={`${cls} bg-slate-200 object-cover`} />;
  }
  return (
    <span role={label ? "img" : undefined} aria-label={label} aria-hidden={label ? undefined : true} className={`${cls} flex items-center justify-center font-semibold ${avatarColor(id)}`}>
      {avatarText(name)}
    </span>
  );
}
