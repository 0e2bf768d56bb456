import { describe, expect, it } from 'vitest';
import { vnd } from '../../core/money.js';
import { defaultBulkCsvMapping, writeBulkCsv, type BulkCsvRow } from './csv-result.js';
import { parseFileTemplate, templateCells, writeTemplateCsv, type TemplateRow } from './file-template.js';
import { collectText } from './streams.js';

const row: TemplateRow = {
  endToEndId: 'SA2507000001', accountNumber: '0011001234567', beneficiaryName: 'Nguyễn Thị Đào', fullName: 'Nguyễn Thị Đào', bin: '970436', bankName: 'Vietcombank',
  amountVnd: vnd(1_250_000n), description: 'TRO CAP T07 2025 MA SA2507000001', personalId: '001234567890', phone: '0961234567', representativeName: '=HYPERLINK("x")',
};
const context = { month: '2025-07', date: '2025-07-03' };

describe('file templates', () => {
  it('fills in the defaults and keeps the columns in order', () => {
    const template = parseFileTemplate({ name: 'T', format: 'csv', columns: [{ header: 'Ref', field: 'endToEndId' }, { header: 'Amount', field: 'amountVnd' }] });
    expect(template).toEqual({
      name: 'T', format: 'csv', encoding: 'utf-8-bom', delimiter: ',', header: true, text: 'bank-ascii', totalRow: false, sheetName: 'ChiHo',
      columns: [{ header: 'Ref', field: 'endToEndId' }, { header: 'Amount', field: 'amountVnd' }],
    });
  });

  it('refuses what it cannot write, naming the column', () => {
    const base = { name: 'T', format: 'csv', columns: [{ header: 'Ref', field: 'endToEndId' }, { header: 'Amount', field: 'amountVnd' }] };
    expect(() => parseFileTemplate({ ...base, encoding: 'windows-1258' })).toThrow(expect.objectContaining({ code: 'TEMPLATE_ENCODING_INVALID' }));
    expect(() => parseFileTemplate({ ...base, columns: [...base.columns, { header: 'X', field: 'description', format: 'plain' }] })).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_COLUMN_FORMAT_INVALID', details: expect.objectContaining({ column: 3, field: 'description' }) }),
    );
    expect(() => parseFileTemplate({ ...base, columns: [...base.columns, { header: ' X', field: 'description' }] })).toThrow(expect.objectContaining({ code: 'TEMPLATE_COLUMN_HEADER_INVALID', details: expect.objectContaining({ column: 3 }) }));
    expect(() => parseFileTemplate({ ...base, sheetName: 'a/b' })).toThrow(expect.objectContaining({ code: 'TEMPLATE_VALUE_INVALID' }));
    expect(() => parseFileTemplate({ ...base, format: 'ods' })).toThrow(expect.objectContaining({ code: 'TEMPLATE_FORMAT_INVALID' }));
    expect(() => parseFileTemplate([])).toThrow(expect.objectContaining({ code: 'TEMPLATE_INVALID' }));
  });

  it('renders amounts, dates, months, names and formulas as the columns say', () => {
    const template = parseFileTemplate({
      name: 'T', format: 'csv', text: 'utf8',
      columns: [
        { header: 'STT', field: 'rowNumber' }, { header: 'Ref', field: 'endToEndId' }, { header: 'Tien', field: 'amountVnd', format: 'dot-thousands' },
        { header: 'Ngay', field: 'date', format: 'dd/MM/yyyy' }, { header: 'Thang', field: 'month', format: 'yyyy-MM' }, { header: 'Ten', field: 'beneficiaryName' },
        { header: 'SDT', field: 'phone' }, { header: 'Thay', field: 'representativeName' }, { header: '', field: 'blank' },
      ],
    });
    expect(templateCells(template, row, 7, context).map((cell) => cell.text)).toEqual(['7', 'SA2507000001', '1.250.000', '03/07/2025', '2025-07', 'Nguyễn Thị Đào', '0961234567', '=HYPERLINK("x")', '']);
  });

  it('writes, with the generic template, the same bytes as the canonical bulk CSV', async () => {
    const generic = parseFileTemplate({
      name: 'generic', format: 'csv', encoding: 'utf-8-bom', totalRow: true, columns: defaultBulkCsvMapping.map((entry) => ({ header: entry.column, field: entry.field })),
    });
    const rows: BulkCsvRow[] = [row, { ...row, endToEndId: 'SA2507000002', amountVnd: vnd(500_000n) }];
    const canonical = await collectText(writeBulkCsv(rows, defaultBulkCsvMapping, { bom: true }));
    expect(await collectText(writeTemplateCsv(rows.map((item) => ({ ...item, fullName: item.beneficiaryName })), generic, context))).toBe(canonical);
  });

  it('neutralises formulas in a CSV and leaves out the BOM and header when asked', async () => {
    const template = parseFileTemplate({ name: 'T', format: 'csv', encoding: 'utf-8', header: false, delimiter: '\t', text: 'utf8', columns: [{ header: 'Ref', field: 'endToEndId' }, { header: 'Thay', field: 'representativeName' }, { header: 'Tien', field: 'amountVnd' }] });
    expect(await collectText(writeTemplateCsv([row], template, context))).toBe(`SA2507000001\t"'=HYPERLINK(""x"")"\t1250000\r\n`);
  });
});
