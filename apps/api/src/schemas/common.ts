/** Schemas shared by every route: ids, the error envelope, list pages and list queries. */
import { z } from 'zod';

export const INT32_MAX = 2_147_483_647;

/** A database id in a URL or a body: a positive 32-bit integer. */
export const Id = z.coerce.number().int().positive().max(INT32_MAX);
export const IdParams = z.object({ id: Id });
/** An id in a JSON body (no coercion from strings). */
export const BodyId = z.number().int().positive().max(INT32_MAX);

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('stable error code, e.g. DRV_API_NOT_FOUND'),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().describe('what is wrong with each request field'),
    }),
  })
  .meta({ id: 'Error' });

/** Error responses to declare on a route. */
export const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
} as const;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item),
  });
}

/** List query parameters: paging, ordering, search, and any `field[__lookup]=value` filter. */
export const ListQuery = z
  .object({
    page: z.string().optional().describe('1-based page number'),
    page_size: z.string().optional().describe('items per page (default 25, at most 200)'),
    order_by: z.string().optional().describe('comma-separated fields, `-` for descending'),
    search: z.string().optional().describe('case-insensitive search over names and descriptions'),
  })
  .catchall(z.union([z.string(), z.array(z.string())]));

/** A JSON object (variables, event data). */
export const JsonObject = z.record(z.string(), z.unknown());

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/**
 * What the caller may do with an object (AWX's `summary_fields.user_capabilities`), so clients can hide
 * what would be refused. The API still checks every request.
 */
export const UserCapabilities = z
  .object({
    edit: z.boolean(),
    delete: z.boolean(),
    /** Job templates: may launch. */
    start: z.boolean().optional(),
    /** Projects, inventories, credentials: may use in a job template. */
    use: z.boolean().optional(),
    /** Projects, inventories: may sync / update. */
    update: z.boolean().optional(),
  })
  .meta({ id: 'UserCapabilities' });
/** An object another one points at, by id and name. */
export const RelatedRef = z.object({ id: z.number(), name: z.string() }).nullable().meta({ id: 'RelatedRef' });
/** What the caller may do, and the names of the objects this one points at (those it has). */
export const SummaryFields = z
  .object({
    user_capabilities: UserCapabilities,
    organization: RelatedRef.optional(),
    project: RelatedRef.optional(),
    inventory: RelatedRef.optional(),
    credential: RelatedRef.optional(),
    scm_credential: RelatedRef.optional(),
    job_template: RelatedRef.optional(),
  })
  .meta({ id: 'SummaryFields' });
