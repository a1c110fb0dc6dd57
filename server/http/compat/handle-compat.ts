// The door for the seed-compatible API: read the JSON body, call the row's tRPC procedure with
// the same context a tRPC request gets (FZM-AUTH-TOKEN / FZM-DEVICE headers included), and answer
// the seed's envelope `{result, message, data}` — result 0, or the seed code of the failure.
// A procedure built with memberDoor (api/trpc.ts) is opened here directly: the same access
// check, input schema and service call, without tRPC's caller.
import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { appRouter } from "../../api/root";
import { createCallerFactory, makeCreateContext, openDoor, type Door } from "../../api/trpc";
import { AppError, logUnexpected } from "../../errors/app-error";
import { pickLocale } from "../../errors/codes";
import type { Deps } from "../../services/deps";
import { compatRoutes } from "./route-table";

export const COMPAT_PREFIX = "/api/compat";
const createCaller = createCallerFactory(appRouter);
/** procedures the compat door opens itself (memberDoor): their rules, without tRPC's caller */
export const compatDoors = new Map<string, Door>(
  Object.entries(appRouter._def.procedures as Record<string, { meta?: { door?: Door } }>).flatMap(([path, p]) => (p.meta?.door ? [[path, p.meta.door] as const] : [])),
);

/** the envelope's message on success, as the seed's examples say it */
const OK_MESSAGE = { en: "OK", "zh-CN": "操作成功", ja: "成功しました" } as const;

export async function handleCompat(deps: Deps, req: IncomingMessage, res: ServerResponse, path: string, readBody: () => Promise<Buffer>) {
  const locale = pickLocale((req.headers["x-parley-locale"] as string) ?? req.headers["accept-language"]);
  const answer = (result: number, message: string, data: unknown) => {
    const text = JSON.stringify({ result, message, data });
    // always 200: the seed's clients read `result`, not the status
    res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  };
  const fail = (err: AppError) => answer(err.code, err.localized(locale), {});
  const route = Object.hasOwn(compatRoutes, path.slice(COMPAT_PREFIX.length)) ? compatRoutes[path.slice(COMPAT_PREFIX.length)] : undefined;
  if (!route) return fail(new AppError(-1001, `no such path ${path.slice(COMPAT_PREFIX.length)}`));
  if (req.method !== "POST") return fail(new AppError(-1001, "the seed API is POST only"));
  let body: Record<string, unknown>;
  try {
    const raw = (await readBody()).toString("utf8").trim();
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new AppError(-1001, "the body must be a JSON object");
    body = parsed as Record<string, unknown>;
  } catch (err) {
    return fail(err instanceof AppError ? err : new AppError(-1001, "the body is not JSON"));
  }
  try {
    const ctx = await makeCreateContext(deps)({ req, res, info: undefined as never });
    const input = route.input ? route.input(body) : body;
    const door = compatDoors.get(route.procedure);
    let data: unknown;
    if (door) data = await openDoor(door, ctx, input);
    else {
      const caller = createCaller(ctx) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
      const [domain, verb] = route.procedure.split(".");
      data = await caller[domain][verb](input);
    }
    return answer(0, OK_MESSAGE[locale], route.output ? route.output(data) : (data ?? {}));
  } catch (err) {
    return fail(compatError(err));
  }
}

/** The same mapping tRPC's error formatter makes: AppError as it is, bad input -1001 / -1002, the rest -9000. */
function compatError(err: unknown): AppError {
  const cause = err instanceof TRPCError ? err.cause : err;
  if (cause instanceof AppError) return cause;
  if (cause instanceof ZodError) {
    const issue = cause.issues[0];
    const missing = issue?.code === "invalid_type" && issue.message.includes("undefined");
    return new AppError(missing ? -1002 : -1001, issue ? `${issue.path.join(".") || "input"}: ${issue.message}` : undefined);
  }
  if (err instanceof TRPCError && err.code === "BAD_REQUEST") return new AppError(-1001);
  logUnexpected("compat", cause ?? err);
  return new AppError(-9000);
}
