import { forwardRef, type ReactNode } from "react";

/** Props of {@link ScrollRegion}. */
export interface ScrollRegionProps {
  label: string;
  className?: string;
  children: ReactNode;
}

/**
 * A named box that scrolls its content (a wide or long table). It is in the tab order because keyboard users
 * can only scroll what they can focus (WCAG 2.1.1). `forwardRef` keeps React 18 hosts working.
 */
export const ScrollRegion = forwardRef<HTMLElement, ScrollRegionProps>(function ScrollRegion(
  { label, className, children },
  ref,
) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard.
    <section ref={ref} className={className} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
});
