import Markdown, { type MarkdownToJSX } from "markdown-to-jsx";
import { type AnchorHTMLAttributes, type ImgHTMLAttributes, useMemo } from "react";
import { format } from "../strings.js";
import { useStrings } from "../widget-context.js";

import type { TextPartProps } from "./text-part.js";

/**
 * An answer's text as Markdown. Model output can carry text from uploaded documents, so it is untrusted:
 * raw HTML shows as text (never elements), links open in a new tab without the opener, and images show as
 * their description (a remote image would leak to its server that, and what, the user is reading).
 * Loaded on demand by {@link TextPart}: the Markdown parser is the largest part of the widget.
 */
export default function MarkdownView({ text, streaming = false }: TextPartProps) {
  const strings = useStrings();
  const options = useMemo<MarkdownToJSX.Options>(
    () => ({
      disableParsingRawHTML: true,
      optimizeForStreaming: streaming,
      forceBlock: true,
      forceWrapper: true,
      wrapper: "div",
      overrides: {
        a: { component: SafeLink },
        img: {
          component: ({ alt }: ImgHTMLAttributes<HTMLImageElement>) => (
            <span className="quarry-image-omitted">{format(strings.imageOmitted, { alt: alt ?? "" })}</span>
          ),
        },
      },
    }),
    [streaming, strings.imageOmitted],
  );
  return (
    <Markdown className="quarry-markdown" options={options}>
      {text}
    </Markdown>
  );
}

function SafeLink({ href, children, title }: AnchorHTMLAttributes<HTMLAnchorElement>) {
  // The library's sanitizer already dropped script URLs; this keeps only web and mail links.
  if (!href || !/^(https?:|mailto:|#)/i.test(href)) return <span>{children}</span>;
  return (
    <a href={href} title={title} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}
