// tRPC setup: one context per request, a ladder of procedures that narrow it, and one
// error formatter that turns every failure into the seed's appCode + a readable message.
import { initTRPC, TRPCError } from "@trpc/server";
import type { CreateHTTPContextOptions } from "@trpc/server/adapters/standalone";
import { ZodError, type z } from "zod";
import { bearerOf, clientIp, principalFromRequest } from "../auth/request-principal";
import { AppError, logUnexpected, stackless } from "../errors/app-error";
import { pickLocale, type Locale } from "../errors/codes";
import type { Deps, MemberPrincipal, Principal, VisitorPrincipal } from "../services/deps";
import { requireAgent } from "../services/support/access";
import { guestOf, isGuestUuid } from "../services/room/guest";
import { takeLoginToken, takeToken } from "../rate-limit";

export interface Context {
  deps: Deps;
  principal: Principal | null;
  locale: Locale;
  ip: string;
  bearer: string | null;
  /** the seed's `FZM-DEVICE` header as sent (parseDevice says which device type it names) */
  device: string | null;
}

export function makeCreateContext(deps: Deps) {
  return async ({ req }: CreateHTTPContextOptions): Promise<Context> => {
    // the compat API's chat-room guests name themselves with the seed's FZM-UUID header (reads only)
    const uuid = req.headers["fzm-uuid"];
    const principal = (await principalFromRequest(deps, req)) ?? (typeof uuid === "string" && isGuestUuid(uuid.toLowerCase()) ? guestOf(uuid.toLowerCase()) : null);
    const locale = pickLocale((req.headers["x-parley-locale"] as string) ?? req.headers["accept-language"]);
    const device = req.headers["fzm-device"];
    return { deps, principal, locale, ip: clientIp(req), bearer: bearerOf(req), device: typeof device === "string" ? device : null };
  };
}

/**
 * A member's procedure the compat API may open without tRPC's caller (memberDoor): its input
 * schema and service call, written once — tRPC builds the procedure from it, and the compat
 * door finds it in the procedure's meta and takes the same steps (member check, schema, call).
 */
export interface Door {
  input: z.ZodType;
  run(ctx: Context & { principal: MemberPrincipal }, input: never): Promise<unknown>;
}

const t = initTRPC.context<Context>().meta<{ door?: Door }>().create({
  errorFormatter({ shape, error, ctx }) {
    const locale = ctx?.locale ?? "en";
    const cause = error.cause;
    let app: AppError;
    if (cause instanceof AppError) app = cause;
    else if (cause instanceof ZodError || error.code === "BAD_REQUEST" || error.code === "PARSE_ERROR") {
      const issue = cause instanceof ZodError ? cause.issues[0] : undefined;
      const missing = issue?.code === "invalid_type" && issue.message.includes("undefined");
      app = new AppError(missing ? -1002 : -1001, issue ? `${issue.path.join(".") || "input"}: ${issue.message}` : undefined);
    } else if (error.code === "NOT_FOUND") app = new AppError(-1001, "no such procedure");
    // a chunked body past PARLEY_BODY_MAX_BYTES (the adapter's maxBodySize): 413, like the plain routes
    else if (error.code === "PAYLOAD_TOO_LARGE") app = new AppError(-1001, "the request body is too large", { trpcCode: "PAYLOAD_TOO_LARGE" });
    else app = new AppError(-9000);
    return {
      ...shape,
      message: app.localized(locale),
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, appCode: app.code, path: shape.data.path },
    };
  },
});

/** Services throw AppError; this maps it onto the tRPC code its table entry names. Anything else leaks nothing. */
const errorConversion = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok) {
    const cause = res.error.cause;
    if (cause instanceof AppError) {
      // an expected refusal needs no stack (AppError's constructor says why); -9000 keeps one
      throw stackless(cause.code, () => new TRPCError({ code: cause.trpcCode, message: cause.message, cause }));
    }
    if (!(cause instanceof ZodError) && res.error.code === "INTERNAL_SERVER_ERROR") {
      logUnexpected("trpc", res.error.cause ?? res.error);
    }
  }
  return res;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorConversion);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.principal) throw new AppError(-1003, "sign in or send a valid token");
  return next({ ctx: { ...ctx, principal: ctx.principal } });
});

/**
 * A member (agents and admins are members too). authedProcedure's check and this one in one
 * middleware: every tRPC middleware level copies the call's options and context, and the
 * members' procedures are the busiest (a hot red packet's claims).
 */
export const memberProcedure = publicProcedure.use(({ ctx, next }) => {
  // tRPC merges this into the context
  return next({ ctx: { principal: memberOf(ctx.principal) } });
});

/** the caller as a member, or why not: -1003 nobody (or a chat-room guest), -2008 a visitor */
function memberOf(principal: Principal | null): MemberPrincipal {
  if (!principal) throw new AppError(-1003, "sign in or send a valid token");
  if (principal.kind !== "member") throw new AppError(principal.kind === "guest" ? -1003 : -2008);
  return principal;
}

/**
 * A member's mutation that the compat API opens directly (Door): for the seed's hottest path —
 * a red packet's claims, thousands at once — tRPC's caller (a copy of the call's options per
 * middleware level, and two TRPCErrors per refusal) was a fifth of the server's CPU per claim.
 */
export function memberDoor<S extends z.ZodType, O>(input: S, run: (ctx: Context & { principal: MemberPrincipal }, input: z.output<S>) => Promise<O>) {
  const door: Door = { input, run: run as Door["run"] };
  return memberProcedure
    .meta({ door })
    .input(input)
    .mutation(({ ctx, input: parsed }) => run(ctx, parsed as z.output<S>));
}

/** what the procedure built from `door` does with this context and raw input: the same checks, in the same order, then its service */
export function openDoor(door: Door, ctx: Context, rawInput: unknown): Promise<unknown> {
  const principal = memberOf(ctx.principal);
  return door.run({ ...ctx, principal }, door.input.parse(rawInput) as never);
}

export const agentProcedure = memberProcedure.use(({ ctx, next }) => {
  return next({ ctx: { ...ctx, principal: requireAgent(ctx.principal) } });
});

/** the platform's operators (users.role = 'admin'); anyone else -3000 */
export const adminProcedure = memberProcedure.use(({ ctx, next }) => {
  if (ctx.principal.role !== "admin") throw new AppError(-3000, "this needs an admin account");
  return next();
});

export const visitorProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.principal.kind !== "visitor") throw new AppError(-1003, "this needs a visitor token");
  return next({ ctx: { ...ctx, principal: ctx.principal as VisitorPrincipal } });
});

/** A per-IP limit for procedures anyone may call (starting widget sessions). */
export function rateLimited(bucket: string, perMinute: number) {
  return publicProcedure.use(({ ctx, next }) => {
    if (!takeToken(`${bucket}:${ctx.ip}`, perMinute, perMinute / 60_000)) throw new AppError(-1012);
    return next();
  });
}

/** Procedures that check a password: the per-IP guess limit they share with the console's sign-in. */
export const loginProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!takeLoginToken(ctx.ip)) throw new AppError(-1012, "too many sign-in attempts from this address; wait a minute");
  return next();
});
