import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { parse } from 'yaml';
import type { G2pMessageCheck, G2pOperation } from '../../src/simulators/providers/index.js';

/**
 * Checks G2P Connect messages against the published OpenAPI (G2P-Connect/specs, draft branch,
 * disburse core API v1.0.0, CC BY-SA 4.0; ../shared/data/standards/SOURCES.md), so that a test
 * conversation that deviates from the specification fails. The draft's own known defects are
 * patched here, and only here, each by name; the application is never bent to match them.
 */
const specPath = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'standards', 'g2p-connect_disburse_core_api_v1.0.0.yaml');

type Json = Record<string, unknown>;

const at = (root: Json, ...path: string[]): Json => path.reduce<Json>((node, key) => node[key] as Json, root);

/** The draft's defects (SOURCES.md), each patched on a copy of the document. */
export const g2pDraftPatches = {
  /** DisburseRequest.required lists `disburemsents` (a typo): a request with `disbursements` could never be valid. */
  'disburse-request-required-typo': (doc: Json) => {
    const schema = at(doc, 'components', 'schemas', 'DisburseRequest');
    schema.required = (schema.required as string[]).map((name) => (name === 'disburemsents' ? 'disbursements' : name));
  },
  /**
   * The financial-address (and person-id) regex sits in `format`, where it is no format at all,
   * and its own examples (`account:12345@national-bank`) would not match it: moved to `pattern`,
   * with the `type:` prefix the examples use.
   */
  'financial-address-regex-in-format': (doc: Json) => {
    for (const name of ['cdpi_FinancialAddress', 'cdpi_PersonId']) {
      const schema = at(doc, 'components', 'schemas', name);
      delete schema.format;
      schema.pattern = '^([a-zA-Z0-9_-]+:)?[a-zA-Z0-9._-]+@[a-zA-Z0-9.-]+$';
    }
  },
  /** The asynchronous status request's header.action enum is on-disburse/on-search (copied from a callback): its own verb is added. */
  'status-request-action-enum': (doc: Json) => {
    const header = at(doc, 'paths', '/disburse/txn/status', 'post', 'requestBody', 'content', 'application/json', 'schema', 'properties', 'header');
    const action = at((header.allOf as Json[])[1]!, 'properties', 'action');
    action.enum = [...(action.enum as string[]), 'txn/status'];
  },
  /** TxnStatusRequest.attribute_value is a `oneOf` whose TransactionId and correlation_id branches are both plain strings: any string matches two. */
  'attribute-value-one-of': (doc: Json) => {
    const value = at(doc, 'components', 'schemas', 'TxnStatusRequest', 'properties', 'txnstatus_request', 'properties', 'attribute_value');
    value.anyOf = value.oneOf;
    delete value.oneOf;
  },
} as const satisfies Record<string, (doc: Json) => void>;

export type G2pDraftPatch = keyof typeof g2pDraftPatches;
const allPatches = Object.keys(g2pDraftPatches) as G2pDraftPatch[];

const pointer = (...path: string[]) => `g2p#/${path.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

function compile(patches: readonly G2pDraftPatch[]) {
  const doc = parse(readFileSync(specPath, 'utf8')) as Json;
  for (const name of patches) g2pDraftPatches[name](doc);
  // OpenAPI's own words (example, deprecated, x-…) are not JSON Schema keywords: not strict.
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: its function is the default export's default.
  formats.default(ajv);
  ajv.addSchema(doc, 'g2p');
  const cache = new Map<string, ValidateFunction>();
  return (ref: string): ValidateFunction => {
    let validate = cache.get(ref);
    if (!validate) {
      validate = ajv.getSchema(ref);
      if (!validate) throw new Error(`no schema at ${ref}`);
      cache.set(ref, validate);
    }
    return validate;
  };
}

const compiled = new Map<string, ReturnType<typeof compile>>();

function schemaRef(part: 'request' | 'response', operation: G2pOperation, httpStatus: number | null): string {
  if (part === 'request') return pointer('paths', operation, 'post', 'requestBody', 'content', 'application/json', 'schema');
  if (httpStatus === 401 || httpStatus === 403 || httpStatus === 500) return pointer('components', 'responses', 'HttpErrorResponse', 'content', 'application/json', 'schema');
  // The synchronous endpoint answers with the message itself; every other one with an Ack.
  if (operation === '/disburse/sync/txn/status') return pointer('paths', operation, 'post', 'responses', 'default', 'content', 'application/json', 'schema');
  return pointer('components', 'responses', 'Response', 'content', 'application/json', 'schema');
}

/** The schema errors of one message (empty: valid), with the named patches applied (all by default). */
export function g2pSchemaErrors(part: 'request' | 'response', operation: G2pOperation, body: unknown, httpStatus: number | null, patches: readonly G2pDraftPatch[] = allPatches): string[] {
  const key = [...patches].sort().join(',');
  let schemas = compiled.get(key);
  if (!schemas) compiled.set(key, (schemas = compile(patches)));
  const validate = schemas(schemaRef(part, operation, httpStatus));
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'invalid'}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`);
}

export interface G2pConformance {
  /** The simulator's `validate` hook: records and throws on a deviation. */
  check: G2pMessageCheck;
  /** Messages checked, per operation and part (a test can show the conversation was seen). */
  checked: Record<string, number>;
  /** Every deviation seen, also those thrown inside background callback deliveries. */
  violations: string[];
}

export function g2pConformance(): G2pConformance {
  const conformance: G2pConformance = {
    checked: {},
    violations: [],
    check: (part, operation, body, httpStatus) => {
      const name = `${part} ${operation}`;
      conformance.checked[name] = (conformance.checked[name] ?? 0) + 1;
      const errors = g2pSchemaErrors(part, operation, body, httpStatus);
      if (errors.length === 0) return;
      const violation = `${name}${httpStatus === null ? '' : ` (HTTP ${httpStatus})`}: ${errors.join('; ')}`;
      conformance.violations.push(violation);
      throw new Error(violation);
    },
  };
  return conformance;
}
