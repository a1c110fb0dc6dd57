"use client";
// Leaving a signed-in page (the messenger, the console): forget the cookie, and go to its login
// page, which says why you are there ("signed in elsewhere" after -1007).
import { signOut } from "next-auth/react";

export async function leaveSession(loginPath: "/chat/login" | "/console/login", why?: "elsewhere" | "ended") {
  try {
    await signOut({ redirect: false });
  } catch {
    // the cookie may already be gone; the login page is where we go either way
  }
  window.location.replace(why ? `${loginPath}?ended=${why}` : loginPath);
}
