import type { QuarryApp, RouteContext } from "../route-context.js";

/** To come. */
export function metaRoutes(_app: QuarryApp, _context: RouteContext): void {}
