import { z } from "zod";
import { PrincipalIdSchema } from "./common.js";

/**
 * Who is calling: every store call is scoped by it. Records of another user or tenant behave as if they did
 * not exist.
 */
export const PrincipalSchema = z.object({
  userId: PrincipalIdSchema,
  tenantId: PrincipalIdSchema,
});

/** Who is calling. */
export type Principal = z.infer<typeof PrincipalSchema>;
