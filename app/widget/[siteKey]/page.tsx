import type { Metadata } from "next";
import { WidgetApp } from "../_components/widget-app";

export const metadata: Metadata = { title: "Chat", robots: { index: false, follow: false } };

/**
 * The shopper's chat, inside the iframe public/embed.js adds to a shop's page. `?origin=` is
 * the host page's origin: the only one we post to and accept messages from. The server only
 * lets the site's allowed origins frame this page (CSP frame-ancestors).
 */
export default async function WidgetPage({
  params,
  searchParams,
}: {
  params: Promise<{ siteKey: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { siteKey } = await params;
  const { origin } = await searchParams;
  return <WidgetApp siteKey={siteKey} hostOrigin={typeof origin === "string" ? origin : null} />;
}
