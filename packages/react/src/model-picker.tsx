import type { ModelOption } from "@quarry/core/client";
import { useId } from "react";
import { useWidget } from "./widget-context.js";

/** Props of {@link ModelPicker}. */
export interface ModelPickerProps {
  models: readonly ModelOption[];
  value: ModelOption | null;
  onChange(model: ModelOption): void;
}

/** A key that tells models apart across providers. */
export function modelKey(model: ModelOption): string {
  return `${model.provider}/${model.model}`;
}

/** Choosing among the models a server offers; shown only when there is a choice. */
export function ModelPicker({ models, value, onChange }: ModelPickerProps) {
  const { strings } = useWidget();
  const id = useId();
  if (models.length < 2) return null;
  const current = value ?? models.find((model) => model.default) ?? models[0]!;
  return (
    <div className="quarry-model-picker">
      <label htmlFor={id}>{strings.model}</label>
      <select
        id={id}
        value={modelKey(current)}
        onChange={(event) => {
          const chosen = models.find((model) => modelKey(model) === event.target.value);
          if (chosen) onChange(chosen);
        }}
      >
        {models.map((model) => (
          <option key={modelKey(model)} value={modelKey(model)}>
            {model.model} ({model.provider})
          </option>
        ))}
      </select>
    </div>
  );
}
