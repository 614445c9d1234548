import type { Principal, Quarry } from "@quarry/core";
import type { Hono } from "hono";
import type { QuarryHandlerOptions, ResolvedLimits } from "./handler-options.js";
import type { ModelOffer } from "./offered-models.js";

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
  /** The models on offer (checked against the pipeline once, when the handler is made). */
  offer: ModelOffer;
}
