/**
 * `@quarry/core/chart-render`: charts to SVG and PNG in Node, for exports and server-side previews. Vega runs
 * headless with its expression interpreter (no `eval`, no `new Function`) and a loader that can load
 * nothing; resvg rasterizes. Needs the optional peer dependencies `vega`, `vega-lite`, `vega-interpreter`
 * and `@resvg/resvg-js`.
 * @packageDocumentation
 */

export {
  blockedLoader,
  type ChartFontOptions,
  type ChartSource,
  type RenderChartPngOptions,
  renderChartPng,
  renderChartSvg,
  renderVegaSvg,
} from "./chart/render-chart.js";
