import { QuarryError } from "../errors/quarry-error.js";
import type { LanguageModel } from "../model-provider/language-model.js";

/**
 * The longest model id: a message's `model` field's limit (`limits.nameLength`), restated so the chat
 * client, which lists models, does not load zod with the record schemas.
 */
const maxIdLength = 256;

/** The models turns may run on: every one by id (the default included), and the default's id. */
export interface TurnModels {
  readonly byId: Readonly<Record<string, LanguageModel>>;
  readonly defaultId: string;
}

/** A model as lists of choices show it (`GET /models`, the chat client's `models`). */
export interface ModelChoice {
  /** What `ChatOptions.model` and the HTTP API's `model` field name it by, e.g. `openai:gpt-4.1-mini`. */
  id: string;
  provider: string;
  /** The provider's name of the model, e.g. `gpt-4.1-mini`. */
  model: string;
  /** Whether turns that name no model run on it; exactly one is. */
  default: boolean;
}

function isModel(value: unknown): value is LanguageModel {
  const model = value as Partial<LanguageModel> | null;
  return (
    typeof model === "object" &&
    model !== null &&
    typeof model.doStream === "function" &&
    typeof model.provider === "string" &&
    typeof model.modelId === "string"
  );
}

function checkId(id: string): void {
  if (id.trim() === "" || id.length > maxIdLength) {
    throw new QuarryError(
      "INVALID_INPUT",
      `A model id must be 1 to ${maxIdLength} characters; got ${JSON.stringify(id.slice(0, 40))}.`,
    );
  }
}

/**
 * The models of `createQuarry`: the default `model` and the extra `models` by id. The default's id is its
 * key in `models` when it is there; otherwise `provider:modelId`, listed first. A key that already names
 * `provider:modelId` of the default is taken to be the same model under that id.
 */
export function turnModels(
  model: LanguageModel,
  models: Readonly<Record<string, LanguageModel>> | undefined,
): TurnModels {
  if (!isModel(model)) {
    throw new QuarryError("INVALID_INPUT", "`model` must be a LanguageModel (provider, modelId, doStream).");
  }
  if (models !== undefined && (typeof models !== "object" || models === null || Array.isArray(models))) {
    throw new QuarryError("INVALID_INPUT", "`models` must be an object of language models by id.");
  }
  const given = Object.entries(models ?? {});
  for (const [id, value] of given) {
    checkId(id);
    if (!isModel(value)) {
      throw new QuarryError("INVALID_INPUT", `models[${JSON.stringify(id)}] is not a LanguageModel.`);
    }
  }
  const own = given.find(([, value]) => value === model)?.[0];
  const derived = `${model.provider}:${model.modelId}`.slice(0, maxIdLength);
  const defaultId = own ?? derived;
  const byId =
    own !== undefined || given.some(([id]) => id === derived)
      ? Object.fromEntries(given)
      : Object.fromEntries([[derived, model], ...given]);
  return { byId, defaultId };
}

/**
 * The model a turn runs on: the default when `id` is undefined, else the one it names. An id the pipeline
 * does not have is `INVALID_INPUT`, raised before the turn stores anything.
 */
export function modelOfTurn(
  models: TurnModels,
  fallback: LanguageModel,
  id: string | undefined,
): LanguageModel {
  if (id === undefined) return fallback;
  const chosen = typeof id === "string" && Object.hasOwn(models.byId, id) ? models.byId[id] : undefined;
  if (!chosen) {
    const known = Object.keys(models.byId).map((key) => JSON.stringify(key));
    throw new QuarryError(
      "INVALID_INPUT",
      `No model ${JSON.stringify(String(id).slice(0, 100))}; choose one of ${known.join(", ")}.`,
    );
  }
  return chosen;
}

/** The models as a list of choices, in the pipeline's order, the default marked. */
export function modelChoices(pipeline: {
  readonly models: Readonly<Record<string, LanguageModel>>;
  readonly defaultModelId: string;
}): ModelChoice[] {
  return Object.entries(pipeline.models).map(([id, model]) => ({
    id,
    provider: model.provider,
    model: model.modelId,
    default: id === pipeline.defaultModelId,
  }));
}
