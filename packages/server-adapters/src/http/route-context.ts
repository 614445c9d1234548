import type { Principal, Quarry } from "@quarry/core";
import type { Hono } from "hono";
import type { QuarryHandlerOptions, ResolvedLimits } from "./handler-options.js";

/** Hono's typing of what the auth middleware leaves for the routes. */
export interface QuarryEnv {
  Variables: { principal: Principal };
}

/** The app routes are registered on. */
export type QuarryApp = Hono<QuarryEnv>;

/** What every route group needs. */
export interface RouteContext {
  quarry: Quarry;
  limits: ResolvedLimits;
  options: QuarryHandlerOptions;
}
