import type { Db } from "../../db/client";
import type { Bus } from "../bus/bus";
import type { Config } from "../config";

/** What every service needs. Built once in server/runtime.ts; tests build their own. */
export interface Deps {
  db: Db;
  bus: Bus;
  config: Config;
}

/**
 * Who is calling, resolved once per request or per socket (never from ids the browser sends).
 */
export type Principal =
  | {
      kind: "member";
      /**
       * The credential this caller came with (`m<api_tokens.id>`; the console's cookie carries
       * an API token too). Revoking it ends every request and socket that used it.
       */
      sessionId: string;
      userId: number;
      nickname: string;
      avatar: string;
      role: "member" | "admin";
      /** sites where this member is an agent or supervisor */
      agentSites: { siteId: number; role: "agent" | "supervisor" }[];
    }
  | {
      kind: "visitor";
      /** `v<visitor_sessions.id>`: the visitor token this caller came with */
      sessionId: string;
      visitorId: number;
      siteId: number;
      name: string;
      customerId: string | null;
    }
  | {
      /** an anonymous chat-room visitor (chatRoom.visit): may join rooms and read, never write */
      kind: "guest";
      /** `g<uuid>` */
      sessionId: string;
      /** the uuid the browser keeps (seed FZM-UUID), signed into its token */
      guestId: string;
    };

export type MemberPrincipal = Extract<Principal, { kind: "member" }>;
export type VisitorPrincipal = Extract<Principal, { kind: "visitor" }>;
export type GuestPrincipal = Extract<Principal, { kind: "guest" }>;
/** whoever may have written a message: everyone but a chat-room guest */
export type WriterPrincipal = Exclude<Principal, GuestPrincipal>;

export const now = () => Date.now();
