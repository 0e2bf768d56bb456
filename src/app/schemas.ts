import { Type, type Static, type TSchema } from 'typebox';

/**
 * Building blocks of the response schemas that every route declares (`*.schemas.ts` beside each
 * `*.routes.ts`; test/route-schemas.test.ts fails for a route without one). The schema decides
 * what leaves the server: Fastify's serializer writes only the properties an object schema names,
 * so an object carrying people never has `additionalProperties` open.
 */

/**
 * An amount of money in đồng sent as a JSON integer number (most amounts). The one place that
 * says how money travels as a number: change it here when the money type changes.
 */
export function Money(options: { description?: string } = {}) {
  return Type.Integer({ description: 'Amount in đồng (integer)', ...options });
}

/**
 * An amount of money in đồng sent as decimal text, where a field has always been text (the
 * expected and actual amounts of the ledger check). The one place that says how money travels as
 * text.
 */
export function MoneyText(options: { description?: string } = {}) {
  return Type.String({ pattern: '^-?\\d+$', description: 'Amount in đồng as decimal text', ...options });
}

/**
 * The value or null. A scalar becomes `type: [t, 'null']`, which the serializer writes directly
 * (a union would be tried branch by branch for each of thousands of rows).
 */
export function Nullable<T extends TSchema>(schema: T) {
  const type = (schema as { type?: unknown }).type;
  if (typeof type === 'string' && type !== 'object' && type !== 'array') return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'] });
  return Type.Unsafe<Static<T> | null>(Type.Union([schema, Type.Null()]));
}

/**
 * A value passed through as stored (JSON from the database: audited before and after, details);
 * the description says what it is. The route-schema test accepts an empty schema only with one.
 */
export function FreeJson(description: string) {
  return Type.Unknown({ description });
}

/**
 * The success answer of a file download (XLSX, PDF, XML, CSV streamed as an attachment): its media
 * types, each with a binary body. This is the marker test/route-schemas.test.ts accepts for a body
 * that is not JSON; the serializer never touches a stream, and the OpenAPI document shows the types.
 */
export function fileResponse(description: string, ...mediaTypes: readonly string[]) {
  return {
    description,
    content: Object.fromEntries(mediaTypes.map((mediaType) => [mediaType, { schema: { type: 'string', format: 'binary' } }])),
  } as unknown as TSchema;
}

export const mediaTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  xml: 'application/xml',
  csv: 'text/csv',
} as const;
