import type { CompatTable } from "./route-table";

/**
 * Every seed path Parley answers under /api/compat, one table. Later issues add their domains'
 * rows (/room/*, /group/*, /red-packet/*).
 */
export const compatRoutes: CompatTable = {
  "/user/pwdLogin": { procedure: "user.pwdLogin" },
  "/user/tokenLogin": { procedure: "user.tokenLogin" },
};
