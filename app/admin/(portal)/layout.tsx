// Every admin page sits in this frame (the navigation, the session check, toasts). The check
// itself asks the server in the browser (app/admin/_components/admin-shell.tsx): who may see
// these pages is the server's answer, never this file's.
import type { Metadata, Viewport } from "next";
import { AdminShell } from "../_components/admin-shell";

export const metadata: Metadata = { title: "Parley admin", robots: { index: false, follow: false } };
export const viewport: Viewport = { width: "device-width", initialScale: 1, viewportFit: "cover", themeColor: "#4f46e5" };

export default function AdminLayout({ children }: { children: React.ReactNode }) {
  return <AdminShell>{children}</AdminShell>;
}
