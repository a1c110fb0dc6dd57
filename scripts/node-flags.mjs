// Node flags Parley's server runs with (`npm start`; `npm run serve` repeats them in package.json).
// --max-semi-space-size=64: a young generation of 64 MB instead of V8's 16 MB. At thousands of
// messages a second a chat server allocates fast and most of it dies young; with the default,
// scavenges of ~10 ms came every ~100 ms and were what pushed ack p99 over 100 ms. Measured
// side by side (npm run bench, bench/README.md): one Parley process passes 13,000 msg/s instead
// of 12,000 with 10-15 % less CPU per message. It costs up to ~100 MB more RSS under load.
// The benchmark runs every server it compares (not only Parley) with these flags.
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=64"];
