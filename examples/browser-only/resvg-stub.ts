// Stands in for @resvg/resvg-js (a native Node addon) in the browser bundle: Quarry imports it only to turn a
// chart into PNG, which a page cannot do this way. SVG downloads and every other export still work.
export function renderAsync(): Promise<never> {
  return Promise.reject(new Error("PNG export is not available in the browser; download the chart as SVG."));
}
