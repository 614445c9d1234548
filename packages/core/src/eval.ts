/**
 * `@quarry/core/eval`: scores a model on golden questions (Node only). A suite file names its data files
 * and, per case, a question and the gold SQL; `runEval` asks each question through the whole chat pipeline
 * over DuckDB and compares the answer's table with the gold result. Needs `@duckdb/node-api`.
 * @packageDocumentation
 */
export { cellsEqual, relativeTolerance } from "./eval/cell-values.js";
export {
  type ComparedResult,
  type CompareOptions,
  type Comparison,
  compareResults,
} from "./eval/compare-results.js";
export {
  type EvalCase,
  EvalCaseSchema,
  type EvalSuite,
  EvalSuiteSchema,
  loadEvalSuite,
  parseEvalSuite,
} from "./eval/eval-suite.js";
export { goldIsOrdered } from "./eval/gold-order.js";
export { type EvalCaseResult, type EvalReport, type RunEvalOptions, runEval } from "./eval/run-eval.js";
