import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** seattle-weather.csv from the `vega-datasets` package, whose data files sit beside its JS index. */
export function seattleWeatherCsv(): string {
  const entry = createRequire(import.meta.url).resolve("vega-datasets");
  return join(dirname(dirname(entry)), "data", "seattle-weather.csv");
}
