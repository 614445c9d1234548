import type { QuarryApp, RouteContext } from "../route-context.js";

/** To come. */
export function datasetRoutes(_app: QuarryApp, _context: RouteContext): void {}
