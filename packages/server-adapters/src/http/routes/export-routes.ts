import type { QuarryApp, RouteContext } from "../route-context.js";

/** To come. */
export function exportRoutes(_app: QuarryApp, _context: RouteContext): void {}
