// The portal's button looks, as class strings (one look per role; a component per button would
// only pass these along).
const base =
  "inline-flex items-center justify-center gap-1.5 rounded-lg text-sm font-medium outline-none transition-colors focus-visible:ring-2 focus-visible:ring-offset-1 disabled:cursor-not-allowed disabled:opacity-50";

export const btn = {
  primary: `${base} bg-indigo-600 px-3.5 py-2 text-white hover:bg-indigo-700 focus-visible:ring-indigo-500`,
  secondary: `${base} bg-white px-3.5 py-2 text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:ring-indigo-500`,
  danger: `${base} bg-red-600 px-3.5 py-2 text-white hover:bg-red-700 focus-visible:ring-red-500`,
  ghost: `${base} px-2.5 py-1.5 text-slate-700 hover:bg-slate-100 focus-visible:ring-indigo-500`,
  /** small row actions in a table */
  row: `${base} px-2.5 py-1.5 text-indigo-700 ring-1 ring-slate-200 hover:bg-indigo-50 focus-visible:ring-indigo-500`,
  rowDanger: `${base} px-2.5 py-1.5 text-red-700 ring-1 ring-slate-200 hover:bg-red-50 focus-visible:ring-red-500`,
  icon: `${base} h-10 w-10 text-slate-700 hover:bg-slate-100 focus-visible:ring-indigo-500`,
};

export const field =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 outline-none placeholder:text-slate-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200 sm:text-sm";

export const label = "mb-1 block text-sm font-medium text-slate-700";
