import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

/**
 * Validation of our ISO 20022 messages against the official XSDs of ../shared/data/standards
 * (beside the repository, as on every developer's machine and in CI), with libxml2 compiled to
 * WebAssembly: nothing to install from the system.
 *
 * camt.054 has no XSD there; its documents are validated against the camt.052.001.08 schema after
 * renaming the notification's elements to the report's (same 2019 release, same types), which
 * checks everything but the root's name and namespace.
 */
export type IsoSchema = 'pain.001.001.09' | 'pain.002.001.10' | 'camt.052.001.08';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const standardsDir = join(repoRoot, '..', 'shared', 'data', 'standards');

const schemas = new Map<IsoSchema, string>();
function schemaText(schema: IsoSchema): string {
  let text = schemas.get(schema);
  if (text === undefined) {
    text = readFileSync(join(standardsDir, `${schema}.xsd`), 'utf8');
    schemas.set(schema, text);
  }
  return text;
}

/** Documents larger than this need more than xmllint-wasm's default 32 MiB. */
const maxMemoryPages = 16_384; // 1 GiB of 64 KiB pages

/** The XSD's error messages for the document; empty when it is valid. */
export async function xsdErrors(schema: IsoSchema, xml: string | Buffer): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: 'message.xml', contents: typeof xml === 'string' ? xml : xml.toString('utf8') },
    schema: { fileName: `${schema}.xsd`, contents: schemaText(schema) },
    maxMemoryPages,
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage || error.message);
}

function schemaOf(xml: string): IsoSchema | 'camt.054.001.08' {
  const namespace = /xmlns(?::\w+)?="urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3}\.\d{3}\.\d{2})"/.exec(xml.slice(0, 4096))?.[1];
  if (namespace === 'pain.001.001.09' || namespace === 'pain.002.001.10' || namespace === 'camt.052.001.08' || namespace === 'camt.054.001.08') return namespace;
  throw new Error(`no XSD for the document's namespace ${namespace ?? '(none)'}`);
}

/** camt.054 → camt.052 element names (BankToCustomerDebitCreditNotificationV08 ≙ BankToCustomerAccountReportV08). */
function camt054AsCamt052(xml: string): string {
  return xml
    .replace('urn:iso:std:iso:20022:tech:xsd:camt.054.001.08', 'urn:iso:std:iso:20022:tech:xsd:camt.052.001.08')
    .replace(/<(\/?)((?:\w+:)?)BkToCstmrDbtCdtNtfctn>/g, '<$1$2BkToCstmrAcctRpt>')
    .replace(/<(\/?)((?:\w+:)?)Ntfctn>/g, '<$1$2Rpt>');
}

/**
 * Throws with the XSD's messages unless the document is valid against the schema its namespace
 * names (pain.001.001.09, pain.002.001.10, camt.052.001.08, camt.054.001.08 as said above).
 */
export async function expectXsdValid(xml: string | Buffer): Promise<void> {
  const text = typeof xml === 'string' ? xml : xml.toString('utf8');
  const schema = schemaOf(text);
  const errors = schema === 'camt.054.001.08' ? await xsdErrors('camt.052.001.08', camt054AsCamt052(text)) : await xsdErrors(schema, text);
  if (errors.length > 0) throw new Error(`${schema} not valid against its XSD:\n${errors.slice(0, 20).join('\n')}`);
}
