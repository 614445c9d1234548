import { lazy, Suspense } from "react";

/** Props of {@link TextPart}. */
export interface TextPartProps {
  text: string;
  /** The text is still arriving: unfinished Markdown syntax is held back instead of flashing. */
  streaming?: boolean;
}

// The Markdown parser is about half of the widget's code, so it loads after the first paint; until it
// has, the text shows as it is (as text, so nothing in it is ever interpreted).
const MarkdownView = lazy(() => import("./markdown-view.js"));

/** An answer's text: safe Markdown (see `markdown-view.tsx`), plain text until the parser has loaded. */
export function TextPart(props: TextPartProps) {
  return (
    <Suspense fallback={<div className="quarry-markdown quarry-markdown-plain">{props.text}</div>}>
      <MarkdownView {...props} />
    </Suspense>
  );
}
