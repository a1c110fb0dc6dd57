"use client";
// What every admin page uses: the API (typed by the contract), the session (a -1003 anywhere
// sends the portal to sign-in), the toasts, and `fail` — the words for an error, after telling
// the session about it.
import { createContext, useContext } from "react";
import type { AdminRouter } from "../_lib/admin-api";
import type { AdminSession } from "../_lib/admin-session";
import type { ToastStore } from "../_lib/toasts";

export interface AdminContextValue {
  api: AdminRouter;
  session: AdminSession;
  toasts: ToastStore;
  /** note the error with the session and give the words a person reads */
  fail(err: unknown): string;
}

export const AdminContext = createContext<AdminContextValue | null>(null);

export function useAdmin(): AdminContextValue {
  const v = useContext(AdminContext);
  if (!v) throw new Error("useAdmin outside the admin shell");
  return v;
}
