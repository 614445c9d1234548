import { type ModelChoice, modelChoices, type Quarry, QuarryError } from "@quarry/core";
import type { OfferedModel } from "./handler-options.js";

/** What `GET /models` lists and what a turn may ask for. */
export interface ModelOffer {
  /** The models on offer, in order, exactly one the default. */
  readonly models: readonly ModelChoice[];
  /**
   * The id of the model a turn runs on: the offered default when the request names none. An id that is not
   * on offer is `INVALID_INPUT` (400), before anything is stored.
   */
  modelFor(requested: string | undefined): string;
}

function describeEntry(entry: OfferedModel): string {
  return "id" in entry
    ? JSON.stringify(entry.id)
    : `${JSON.stringify(entry.provider)} ${JSON.stringify(entry.model)}`;
}

/**
 * The models a server offers: every model of the pipeline (`createQuarry`'s `model` and `models`), or the
 * host's narrower `offered` list of them. Each of the host's entries names a pipeline model by `id`, or by
 * `provider` and `model`; one the pipeline has no model for throws `INVALID_INPUT` here, when the handler is
 * made, rather than failing each turn that picks it. The default is the entry marked `default` (the first
 * marked one), else the pipeline's default when it is offered, else the first.
 */
export function offerModels(quarry: Quarry, offered: readonly OfferedModel[] | undefined): ModelOffer {
  const pipeline = modelChoices(quarry);
  let models: ModelChoice[] = pipeline;
  if (offered !== undefined && offered.length > 0) {
    const picked: { choice: ModelChoice; marked: boolean }[] = [];
    for (const entry of offered) {
      const choice = pipeline.find((m) =>
        "id" in entry ? m.id === entry.id : m.provider === entry.provider && m.model === entry.model,
      );
      if (!choice) {
        throw new QuarryError(
          "INVALID_INPUT",
          `The handler's \`models\` offers ${describeEntry(entry)}, which the pipeline has no model for; ` +
            `give it to createQuarry's \`models\` (it has ${pipeline.map((m) => JSON.stringify(m.id)).join(", ")}).`,
        );
      }
      // The same model offered twice is listed once.
      if (!picked.some((p) => p.choice.id === choice.id)) {
        picked.push({ choice, marked: entry.default === true });
      }
    }
    const marked = picked.findIndex((p) => p.marked);
    const pipelineDefault = picked.findIndex((p) => p.choice.default);
    const chosen = marked >= 0 ? marked : Math.max(0, pipelineDefault);
    models = picked.map((p, i) => ({ ...p.choice, default: i === chosen }));
  }
  const defaultId = models.find((m) => m.default)?.id ?? quarry.defaultModelId;
  const ids = new Set(models.map((m) => m.id));
  return {
    models,
    modelFor(requested) {
      if (requested === undefined) return defaultId;
      if (!ids.has(requested)) {
        throw new QuarryError(
          "INVALID_INPUT",
          `No model ${JSON.stringify(requested.slice(0, 100))} is offered here; GET /models lists those that are.`,
        );
      }
      return requested;
    },
  };
}
