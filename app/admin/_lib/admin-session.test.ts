import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { AdminSession } from "./admin-session";

/** an API error as the tRPC client gives it, with the seed code the server sent */
function apiError(appCode: number, message = `error ${appCode}`) {
  const err = new TRPCClientError(message);
  Object.assign(err, { data: { appCode } });
  return err;
}

const me = { id: "7", name: "Root", avatar: "", account: "13800000000" };
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

describe("AdminSession", () => {
  it("an admin: both questions answered", async () => {
    const s = new AdminSession({ me: async () => me, probeAdmin: async () => ({}), errorText });
    await s.check();
    expect(s.getSnapshot()).toMatchObject({ status: "admin", me });
  });

  it("signed in without admin rights: the server's -3000 says so", async () => {
    const s = new AdminSession({ me: async () => me, probeAdmin: async () => Promise.reject(apiError(-3000)), errorText });
    await s.check();
    expect(s.getSnapshot()).toMatchObject({ status: "forbidden", me });
  });

  it("not signed in: -1003 from either question", async () => {
    const s = new AdminSession({ me: async () => Promise.reject(apiError(-1003)), probeAdmin: async () => Promise.reject(apiError(-1003)), errorText });
    await s.check();
    expect(s.getSnapshot()).toMatchObject({ status: "signIn", ended: false, me: null });
  });

  it("anything else is a failure with the words, and a retry can succeed", async () => {
    let up = false;
    const s = new AdminSession({ me: async () => me, probeAdmin: async () => (up ? {} : Promise.reject(new Error("fetch failed"))), errorText });
    await s.check();
    expect(s.getSnapshot()).toMatchObject({ status: "failed", error: "fetch failed" });
    up = true;
    await s.check();
    expect(s.getSnapshot().status).toBe("admin");
  });

  it("a session that ends while the portal is open sends it to sign-in; other errors do not", async () => {
    const s = new AdminSession({ me: async () => me, probeAdmin: async () => ({}), errorText });
    await s.check();
    s.noteError(apiError(-3000));
    s.noteError(new Error("network"));
    expect(s.getSnapshot().status).toBe("admin");
    s.noteError(apiError(-1003));
    expect(s.getSnapshot()).toMatchObject({ status: "signIn", ended: true });
  });
});
