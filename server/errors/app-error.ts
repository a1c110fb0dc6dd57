import { ERROR_TABLE, messageFor, type AppCode, type Locale, type TrpcCode } from "./codes";

/**
 * An error object made without capturing a stack unless `code` is -9000: an expected refusal
 * is an answer, not a fault (see AppError's constructor).
 */
export function stackless<E extends Error>(code: AppCode, make: () => E): E {
  const limit = Error.stackTraceLimit;
  if (code !== -9000) Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The only error services throw. `code` is a seed code; `detail` says in English what
 * exactly was wrong (e.g. which field), for developers — it never carries internals.
 */
export class AppError extends Error {
  readonly code: AppCode;
  readonly detail?: string;
  /** the transport code when the table's is not specific enough (an upload over the limit is -1001 but 413) */
  readonly trpcCode: TrpcCode;
  constructor(code: AppCode, detail?: string, opts: { trpcCode?: TrpcCode } = {}) {
    // An expected refusal (every code but -9000) is an answer, not a fault: it carries no stack.
    // Capturing one — and tRPC reading it, through the source maps — was a tenth of a refused
    // claim's CPU (4,500 "-4001"s of a hot red packet). -9000 keeps its stack for the log.
    // (stackless() above, spelled out: a closure cannot call super.)
    const limit = Error.stackTraceLimit;
    if (code !== -9000) Error.stackTraceLimit = 0;
    try {
      super(detail ? `${messageFor(code)} (${detail})` : messageFor(code));
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = "AppError";
    this.code = code;
    this.detail = detail;
    this.trpcCode = opts.trpcCode ?? ERROR_TABLE[code].trpc;
  }
  /** What a person reads: the table's message in their language, plus the detail if any. */
  localized(locale: Locale): string {
    const base = messageFor(this.code, locale);
    return this.detail ? `${base} (${this.detail})` : base;
  }
}

/** Anything that is not an AppError becomes -9000 and leaks nothing. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError(-9000);
}

/**
 * What the server log may say about an unexpected error: name, message, code and stack frames
 * — never the SQL's parameters or the user's content. drizzle's "Failed query: <sql>\nparams:
 * <values>" message becomes "Failed query" (the cause says what PostgreSQL objected to); driver
 * fields such as `query`, `parameters`/`params`, `detail` and `where` (PostgreSQL quotes the
 * offending input there) are left out; the stack keeps its `at …` lines, not its first line
 * (the message again). The cause chain is described the same way, a few levels deep.
 */
export function describeUnexpected(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { name: typeof err, message: "(not an Error)" };
  const e = err as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { name: e.name, message: withoutQuery(e.message) };
  for (const k of ["code", "severity", "routine", "constraint_name", "table_name", "column_name"]) {
    if (typeof e[k] === "string" || typeof e[k] === "number") out[k] = e[k];
  }
  if (typeof e.stack === "string") out.stack = e.stack.split("\n").filter((l) => /^\s+at /.test(l)).join("\n");
  if (e.cause !== undefined && depth < 3) out.cause = describeUnexpected(e.cause, depth + 1);
  return out;
}

/** drizzle puts the statement and its parameters in the message: keep neither. */
function withoutQuery(message: string): string {
  return message.startsWith("Failed query:") || message.includes("\nparams:") ? "Failed query (statement and parameters withheld)" : message;
}

/** Logs an error that was not an AppError (the caller answers -9000), without the user's content. */
export function logUnexpected(where: string, err: unknown): void {
  console.error(`[${where}] unexpected error`, describeUnexpected(err));
}
