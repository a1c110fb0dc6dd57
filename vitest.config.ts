import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["server/**/*.test.ts", "server/**/*.integration-test.ts", "db/**/*.test.ts", "db/**/*.integration-test.ts", "bench/**/*.test.ts", "bench/**/*.integration-test.ts", "app/**/*.test.ts"],
    // Integration files share one PostgreSQL/Redis when their URLs are set; running files one
    // after another keeps migrations and timing simple on a 2-core machine.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
