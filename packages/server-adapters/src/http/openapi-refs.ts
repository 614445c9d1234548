import type { OpenApiObject } from "./openapi-document.js";

/** A `$ref` to a named component schema. */
export const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A required JSON body of a named schema. */
export const jsonBody = (name: string): OpenApiObject => ({
  required: true,
  content: { "application/json": { schema: schema(name) } },
});

/** A JSON response of a named schema. */
export const json = (name: string, description: string): OpenApiObject => ({
  description,
  content: { "application/json": { schema: schema(name) } },
});
