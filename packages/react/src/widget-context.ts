import { createContext, useContext } from "react";
import { defaultStrings, type QuarryStrings } from "./strings.js";
import type { QuarryChatActions } from "./use-quarry-chat.js";

/** What every part of the widget needs and would otherwise pass down through each level. */
export interface WidgetContextValue {
  strings: QuarryStrings;
  actions: QuarryChatActions;
  /** A turn is streaming: edits, regenerations and new questions wait. */
  busy: boolean;
  /** The theme in effect (for charts, which cannot read CSS variables). */
  dark: boolean;
  /** Puts a question into the box for the user to send or change (it replaces what was there). */
  compose(text: string): void;
}

/** @internal */
export const WidgetContext = createContext<WidgetContextValue | null>(null);

/** @internal The widget's context; parts rendered outside `<QuarryChat/>` get the default strings only. */
export function useWidget(): WidgetContextValue {
  const value = useContext(WidgetContext);
  if (!value) throw new Error("Quarry components render inside <QuarryChat/>.");
  return value;
}

/** @internal The strings in effect, also outside the widget (parts can render on their own). */
export function useStrings(): QuarryStrings {
  return useContext(WidgetContext)?.strings ?? defaultStrings;
}

/** @internal Whether the dark theme is in effect (for charts, which cannot read CSS variables). */
export function useDarkTheme(): boolean {
  return useContext(WidgetContext)?.dark ?? false;
}
