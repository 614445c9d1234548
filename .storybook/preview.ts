import type { Preview } from "@storybook/react-vite";

/** The widget brings its own styles; stories fill the frame (each story's component sizes itself). */
const preview: Preview = {
  parameters: {
    layout: "fullscreen",
    controls: { expanded: true },
  },
};

export default preview;
