import { fileURLToPath } from "node:url";
import { defineMain } from "@storybook/react-vite/node";

const src = (pkg: string) => fileURLToPath(new URL(`../packages/${pkg}/src/`, import.meta.url));

/**
 * Storybook for `<QuarryChat/>`: the stories in `stories/`, built with Vite. Nothing is sent or fetched:
 * telemetry, crash reports and update notices are off (the npm scripts also pass `--disable-telemetry`).
 */
export default defineMain({
  framework: "@storybook/react-vite",
  stories: ["../stories/**/*.stories.tsx"],
  core: {
    disableTelemetry: true,
    enableCrashReports: false,
    disableWhatsNewNotifications: true,
    // project.json is metadata for telemetry; nothing reads it here.
    disableProjectJson: true,
  },
  async viteFinal(config) {
    const { mergeConfig } = await import("vite");
    return mergeConfig(config, {
      resolve: {
        // As in vitest.config.ts: the stories render the workspace packages' source, never a stale build.
        alias: [
          { find: /^@quarry\/core$/, replacement: `${src("core")}index.ts` },
          { find: /^@quarry\/core\/(.*)$/, replacement: `${src("core")}$1.ts` },
          { find: /^@quarry\/react$/, replacement: `${src("react")}index.ts` },
        ],
      },
    });
  },
});
