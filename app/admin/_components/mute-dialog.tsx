"use client";
// Muting someone, everywhere or in one room: 10 minutes, 1 hour, 1 day or a custom time, and
// lifting a mute that is running. The dialog only asks; the page calls the server (user.muted,
// chatRoom.mute, report.act) and the server's words show here when it refuses.
import { useId, useState } from "react";
import { DURATION_UNITS, durationOf, isMutedAt, MUTE_PRESETS, type DurationChoice, type DurationUnit } from "../_lib/durations";
import { formatDateTime, formatDuration, formatRemaining } from "../_lib/format";
import { btn, field } from "./ui/buttons";
import { Dialog } from "./ui/dialog";
import { useText } from "./ui/use-text";

export interface MuteTarget {
  name: string;
  /** what the mute covers, in words ("everywhere", "in Lobby") */
  scope: string;
  /** the mute running now (0 / null: none) */
  mutedUntil: number | null | undefined;
}

export function MuteDialog(p: {
  open: boolean;
  target: MuteTarget | null;
  /** mute for ms; resolves when done, rejects with the server's words */
  onMute(ms: number): Promise<void>;
  /** lift the running mute; omitted where lifting is not offered (a report's action) */
  onLift?(): Promise<void>;
  onClose(): void;
  /** the confirm button's words for a duration (default "Mute for {duration}") */
  confirmLabel?(duration: string): string;
  testId?: string;
}) {
  const [tr, locale] = useText();
  const testId = p.testId ?? "admin-mute-dialog";
  const [choice, setChoice] = useState<DurationChoice>({ kind: "preset", preset: "1h" });
  const [amount, setAmount] = useState("30");
  const [unit, setUnit] = useState<DurationUnit>("minutes");
  const [busy, setBusy] = useState<"mute" | "lift" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = useId();
  const now = Date.now();
  const t = p.target;
  const effective: DurationChoice = choice.kind === "custom" ? { kind: "custom", amount, unit } : choice;
  const d = durationOf(effective);
  const muted = t && isMutedAt(t.mutedUntil, now);

  async function run(what: "mute" | "lift") {
    if (busy) return;
    if (what === "mute" && !d.ok) return;
    setBusy(what);
    setError(null);
    try {
      if (what === "mute" && d.ok) await p.onMute(d.ms);
      else await p.onLift?.();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(null);
      return;
    }
    setBusy(null);
  }

  const durationWords = d.ok ? formatDuration(d.ms, locale) : "";
  const invalid = !d.ok && choice.kind === "custom" ? tr(d.why === "tooLong" ? "mute.tooLong" : "mute.invalid") : null;

  return (
    <Dialog
      open={p.open && !!t}
      onClose={p.onClose}
      title={t ? tr("mute.title", { name: t.name }) : ""}
      description={t?.scope}
      closeLabel={tr("common.close")}
      testId={testId}
      busy={!!busy}
      footer={
        <>
          <button type="button" onClick={p.onClose} disabled={!!busy} className={btn.secondary} data-testid={`${testId}-cancel`}>
            {tr("common.cancel")}
          </button>
          <button type="button" onClick={() => void run("mute")} disabled={!!busy || !d.ok} className={btn.primary} data-testid={`${testId}-confirm`}>
            {busy === "mute" ? tr("common.saving") : d.ok ? (p.confirmLabel ?? ((w: string) => tr("mute.confirm", { duration: w })))(durationWords) : tr("mute.confirmPlain")}
          </button>
        </>
      }
    >
      <div className="space-y-4 px-5 py-4">
        {muted && t?.mutedUntil ? (
          <div className="flex flex-wrap items-center gap-3 rounded-lg bg-amber-50 px-3 py-2.5 text-sm text-amber-900 ring-1 ring-amber-200" data-testid={`${testId}-current`}>
            <p className="min-w-0 flex-1">
              {tr("mute.currently", { time: formatDateTime(t.mutedUntil, locale), left: formatRemaining(t.mutedUntil, now, locale) })}
            </p>
            {p.onLift && (
              <button type="button" onClick={() => void run("lift")} disabled={!!busy} className={btn.secondary} data-testid={`${testId}-lift`}>
                {busy === "lift" ? tr("common.saving") : tr("mute.lift")}
              </button>
            )}
          </div>
        ) : null}

        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-700">{muted ? tr("mute.howLongNew") : tr("mute.howLong")}</legend>
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            {MUTE_PRESETS.map((pr, i) => (
              <Choice key={pr.key} name={name} checked={choice.kind === "preset" && choice.preset === pr.key} onPick={() => setChoice({ kind: "preset", preset: pr.key })} testId={`${testId}-${pr.key}`} autoFocus={i === 1}>
                {formatDuration(pr.ms, locale)}
              </Choice>
            ))}
            <Choice name={name} checked={choice.kind === "custom"} onPick={() => setChoice({ kind: "custom", amount, unit })} testId={`${testId}-custom`}>
              {tr("mute.custom")}
            </Choice>
          </div>
        </fieldset>

        {choice.kind === "custom" && (
          <div>
            <div className="flex gap-2">
              <label className="sr-only" htmlFor={`${name}-amount`}>
                {tr("mute.amount")}
              </label>
              <input
                id={`${name}-amount`}
                inputMode="numeric"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                aria-invalid={!!invalid}
                data-testid={`${testId}-amount`}
                className={`${field} w-28`}
              />
              <label className="sr-only" htmlFor={`${name}-unit`}>
                {tr("mute.unit")}
              </label>
              <select id={`${name}-unit`} value={unit} onChange={(e) => setUnit(e.target.value as DurationUnit)} data-testid={`${testId}-unit`} className={`${field} w-auto`}>
                {DURATION_UNITS.map((u) => (
                  <option key={u} value={u}>
                    {tr(`mute.unit.${u}`)}
                  </option>
                ))}
              </select>
            </div>
            {invalid && (
              <p className="mt-1.5 text-sm text-red-700" data-testid={`${testId}-invalid`}>
                {invalid}
              </p>
            )}
          </div>
        )}

        {error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200" data-testid={`${testId}-error`}>
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}

function Choice(p: { name: string; checked: boolean; onPick(): void; testId: string; children: React.ReactNode; autoFocus?: boolean }) {
  return (
    <label
      className={`flex cursor-pointer items-center justify-center rounded-lg px-3 py-2 text-center text-sm font-medium ring-1 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500 ${
        p.checked ? "bg-indigo-50 text-indigo-800 ring-indigo-300" : "bg-white text-slate-700 ring-slate-200 hover:bg-slate-50"
      }`}
    >
      <input type="radio" name={p.name} checked={p.checked} onChange={p.onPick} className="sr-only" data-testid={p.testId} data-autofocus={p.autoFocus || undefined} />
      {p.children}
    </label>
  );
}
