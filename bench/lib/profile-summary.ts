// `node --import tsx bench/lib/profile-summary.ts <file.cpuprofile> [top]`: where a server's
// CPU went — self time by function and by package/file, from a V8 CPU profile.
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] };
const file = process.argv[2];
const top = Number(process.argv[3] ?? 30);
const prof = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const total = prof.nodes.reduce((a, n) => a + n.hitCount, 0);
const byFn = new Map<string, number>();
const byFile = new Map<string, number>();
for (const n of prof.nodes) {
  const url = n.callFrame.url.replace(/^file:\/\//, "").replace(/.*node_modules\//, "npm:").replace(/.*\/main\//, "");
  const pkg = url.startsWith("npm:") ? url.split("/").slice(0, url.startsWith("npm:@") ? 2 : 1).join("/") : url || `(${n.callFrame.functionName || "native"})`;
  const fn = `${n.callFrame.functionName || "(anonymous)"} ${url}:${n.callFrame.lineNumber + 1}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + n.hitCount);
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + n.hitCount);
}
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
};
show("self time by file / package", byFile);
show("self time by function", byFn);
