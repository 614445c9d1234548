/** The Hono example (examples/hono-server) over real HTTP, answers as JSON: see server-example-suite.ts. */
import { describeServerExample } from "./server-example-suite.js";
import { startHonoExample } from "./start-examples.js";

describeServerExample("the Hono example", startHonoExample, "json");
