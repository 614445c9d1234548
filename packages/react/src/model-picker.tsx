import type { ModelOption } from "@quarry/core/client";
import { useId } from "react";
import { useWidget } from "./widget-context.js";

/** Props of {@link ModelPicker}. */
export interface ModelPickerProps {
  models: readonly ModelOption[];
  /** The chosen model's id; null: the server's default. */
  value: string | null;
  onChange(model: ModelOption): void;
}

/** Choosing among the models a server offers; shown only when there is a choice. */
export function ModelPicker({ models, value, onChange }: ModelPickerProps) {
  const { strings } = useWidget();
  const id = useId();
  if (models.length < 2) return null;
  const current =
    models.find((model) => model.id === value) ?? models.find((model) => model.default) ?? models[0]!;
  return (
    <div className="quarry-model-picker">
      <label htmlFor={id}>{strings.model}</label>
      <select
        id={id}
        value={current.id}
        onChange={(event) => {
          const chosen = models.find((model) => model.id === event.target.value);
          if (chosen) onChange(chosen);
        }}
      >
        {models.map((model) => (
          <option key={model.id} value={model.id}>
            {model.model} ({model.provider})
          </option>
        ))}
      </select>
    </div>
  );
}
