import { describe, expect, it } from 'vitest';
import { batchFileName } from '../src/modules/disbursement/file-names.js';

/** Issue 22, item 7: payment files are named by month, locality and provider; two never share a name. */
describe('payment file names', () => {
  const commune = { month: '2026-12', provinceCode: '51', communeCode: '23293', programme: null };
  it('names a commune cycle’s file by month, commune, provider and round', () => {
    expect(batchFileName(commune, { providerCode: '970405', round: 1 }, 'pain001')).toBe('chi-tra-2026-12-23293-970405-dot1.xml');
    expect(batchFileName(commune, { providerCode: '971005', round: 1 }, 'csv')).toBe('chi-tra-2026-12-23293-971005-dot1.csv');
  });
  it('names a province cycle by the province, a programme’s cycle by its programme, a later round by its number', () => {
    expect(batchFileName({ ...commune, communeCode: null }, { providerCode: '970405', round: 1 }, 'xlsx')).toBe('chi-tra-2026-12-51-970405-dot1.xlsx');
    expect(batchFileName({ ...commune, programme: 'NCC' }, { providerCode: 'VNPOST', round: 2 }, 'csv')).toBe('chi-tra-2026-12-23293-ncc-vnpost-dot2.csv');
  });
  it('gives the cash list and the bulk XLSX of one cash batch different names', () => {
    const cash = { providerCode: 'VNPOST', round: 1 };
    expect(batchFileName(commune, cash, 'cash-list')).toBe('chi-tra-2026-12-23293-vnpost-dot1-ky-nhan.xlsx');
    expect(batchFileName(commune, cash, 'xlsx')).toBe('chi-tra-2026-12-23293-vnpost-dot1.xlsx');
  });
});
