// The seed-compatible HTTP API (SPEC "API surfaces"): `POST /api/compat/<seed path>` answers as
// seed 004 documents it. Each row only names the tRPC procedure that does the work and, where the
// seed's field names differ from Parley's, how the body and the answer are renamed — so every
// rule (validation, rate limits, permissions) is the procedure's, written once.

/** One seed path. `procedure` is a tRPC path ("friend.add"); the seed's body goes in as its input. */
export interface CompatRoute {
  procedure: string;
  /** seed body → procedure input (default: the body as it is) */
  input?: (body: Record<string, unknown>) => unknown;
  /** procedure output → the seed's `data` (default: as it is) */
  output?: (data: unknown) => unknown;
}

export type CompatTable = Record<string, CompatRoute>;

/** The seed paths Parley implements. Each domain keeps its rows beside its router. */
export { compatRoutes } from "./routes";
