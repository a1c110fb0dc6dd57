import { ERROR_TABLE, messageFor, type AppCode, type Locale } from "./codes";

/**
 * The only error services throw. `code` is a seed code; `detail` says in English what
 * exactly was wrong (e.g. which field), for developers — it never carries internals.
 */
export class AppError extends Error {
  readonly code: AppCode;
  readonly detail?: string;
  constructor(code: AppCode, detail?: string) {
    super(detail ? `${messageFor(code)} (${detail})` : messageFor(code));
    this.name = "AppError";
    this.code = code;
    this.detail = detail;
  }
  get trpcCode() {
    return ERROR_TABLE[this.code].trpc;
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
