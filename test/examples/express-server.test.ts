/** The Express example (examples/express-server) over real HTTP, answers streamed: see server-example-suite.ts. */
import { describeServerExample } from "./server-example-suite.js";
import { startExpressExample } from "./start-examples.js";

describeServerExample("the Express example", startExpressExample, "sse");
