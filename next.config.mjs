/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // the dev-mode "N" badge sits on top of the composers' attach buttons
  devIndicators: false,
  // The API, /ws and the database live in the custom server (server/), not in Next's bundles.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "ioredis", "ws"],
  typescript: { tsconfigPath: "tsconfig.json" },
};

export default nextConfig;
