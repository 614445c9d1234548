/**
 * `@quarry/core/chart`: choosing a Vega-Lite chart for a query result, and checking a chart spec before it
 * is stored or shown. Browser-safe: Vega-Lite (an optional peer dependency) is loaded only when a chart is
 * validated. Rendering to SVG and PNG in Node lives in `@quarry/core/chart-render`.
 * @packageDocumentation
 */

export { type ChartSize, defaultChartSize, vegaLiteSchema } from "./chart/chart-specs.js";
export { type ChartInput, type ChooseChartOptions, chooseChart } from "./chart/choose-chart.js";
export {
  type ChartRole,
  type ColumnRole,
  classifyColumns,
  type TemporalPrecision,
} from "./chart/column-roles.js";
export { columnOfField, escapeField, splitFieldPath } from "./chart/field-path.js";
export { specLimits } from "./chart/spec-safety.js";
export { type ChartValidation, type VegaSpec, validateChart } from "./chart/validate-chart.js";
