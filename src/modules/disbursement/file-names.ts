import type { FileFormat } from './files.service.js';

/**
 * A payment file's name: the month, the locality (the commune, or the province of a province
 * cycle), the programme when the cycle is one programme's, the provider and the round, e.g.
 * `chi-tra-2026-12-23293-970405-dot1.xml`. A cycle is one per month, locality and programme and a
 * batch one per provider and round of its cycle, so two batches' files never share a name; the
 * cash list (signatures) and the bulk XLSX of one cash batch differ by `-ky-nhan`.
 */
export function batchFileName(
  cycle: { month: string; provinceCode: string; communeCode: string | null; programme: string | null },
  batch: { providerCode: string; round: number },
  format: FileFormat,
): string {
  const extension = format === 'pain001' ? 'xml' : format === 'csv' ? 'csv' : 'xlsx';
  const parts = ['chi-tra', cycle.month, cycle.communeCode ?? cycle.provinceCode, ...(cycle.programme ? [cycle.programme.toLowerCase()] : []), batch.providerCode.toLowerCase(), `dot${batch.round}`];
  if (format === 'cash-list') parts.push('ky-nhan');
  return `${parts.join('-').replace(/[^a-z0-9-]/gi, '')}.${extension}`;
}
