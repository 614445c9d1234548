import { useCallback, useSyncExternalStore } from "react";

const darkQuery = "(prefers-color-scheme: dark)";

/**
 * Whether the widget is dark: as chosen, or for `auto` as the system prefers (following changes). CSS does
 * the styling on its own; this is for charts, whose colours are set in JavaScript.
 */
export function useIsDark(theme: "light" | "dark" | "auto"): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (theme !== "auto" || typeof matchMedia !== "function") return () => {};
      const query = matchMedia(darkQuery);
      query.addEventListener("change", onChange);
      return () => query.removeEventListener("change", onChange);
    },
    [theme],
  );
  const prefersDark = useSyncExternalStore(
    subscribe,
    () => theme === "auto" && typeof matchMedia === "function" && matchMedia(darkQuery).matches,
    () => false,
  );
  return theme === "dark" || prefersDark;
}
