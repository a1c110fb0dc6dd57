import { ERROR_TABLE, messageFor, type AppCode, type Locale, type TrpcCode } from "./codes";

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
    super(detail ? `${messageFor(code)} (${detail})` : messageFor(code));
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
