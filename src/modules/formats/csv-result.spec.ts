import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsvResult, writeBulkCsv, writeCsvResult, type BulkCsvRow, type CsvResultRecord, type ReadCsvResultOptions, type WrittenCsvResult } from './csv-result.js';
import { collectText, type ChunkSource } from './streams.js';
import { vnd } from '../../core/money.js';

async function readAll(source: ChunkSource, options?: ReadCsvResultOptions): Promise<CsvResultRecord[]> {
  const records: CsvResultRecord[] = [];
  for await (const record of readCsvResult(source, options)) records.push(record);
  return records;
}

describe('readCsvResult', () => {
  const vietnamese =
    '\uFEFFMã tham chiếu;Trạng thái;Mã lỗi;Mô tả lỗi;Số tham chiếu ngân hàng;Ngày chi\r\n' +
    '0000000000000001;THANH CONG;;;FT25183ABC001;02/07/2025\r\n' +
    '0000000000000002;THAT BAI;AC04;"Tài khoản đã đóng; liên hệ ""chi nhánh"""\r\n' +
    '\r\n';

  it('matches header names without case, diacritics or spaces, and keeps values as strings', async () => {
    const records = await readAll([vietnamese], { delimiter: ';', columns: { reasonText: 'Mo ta loi' } });
    expect(records).toEqual([
      { line: 2, endToEndId: '0000000000000001', status: 'THANH CONG', reasonCode: null, reasonText: null, bankReference: 'FT25183ABC001', paidDate: '02/07/2025', amountVnd: null },
      { line: 3, endToEndId: '0000000000000002', status: 'THAT BAI', reasonCode: 'AC04', reasonText: 'Tài khoản đã đóng; liên hệ "chi nhánh"', bankReference: null, paidDate: null, amountVnd: null },
    ]);
  });

  it('gives the same records when chunks split characters and lines', async () => {
    const bytes = Buffer.from(vietnamese, 'utf8');
    const pieces = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) => bytes.subarray(i * 3, i * 3 + 3));
    const options = { delimiter: ';', columns: { reasonText: ['MoTaLoi'] } };
    expect(await readAll(pieces, options)).toEqual(await readAll([vietnamese], options));
  });

  it('uses configured header names', async () => {
    const csv = 'REF_NO,RESULT,ERR\nSA1,OK,\nSA2,FAIL,AC01\n';
    const records = await readAll([csv], { columns: { endToEndId: 'ref no', status: 'result', reasonCode: 'err' } });
    expect(records.map((r) => [r.endToEndId, r.status, r.reasonCode])).toEqual([['SA1', 'OK', null], ['SA2', 'FAIL', 'AC01']]);
  });

  it('explains a missing column, a missing reference and broken CSV', async () => {
    await expect(readAll(['Ref,Result\nSA1,OK\n'])).rejects.toThrow(/no column for endToEndId .*found: Ref, Result/);
    await expect(readAll(['Reference,Status\n,OK\n'])).rejects.toThrow(/line 2: reference and status are required/);
    await expect(readAll(['Reference,Status\nSA1,"OK\n'])).rejects.toMatchObject({ code: 'FORMAT_PARSE_FAILED' });
    await expect(readAll([''])).rejects.toThrow(/empty/);
  });

  it('reads an amount column, when the file has one, as written', async () => {
    const records = await readAll(['Mã tham chiếu,Trạng thái,Số tiền\nSA1,ACSC,"1.500.000"\nSA2,ACSC,\n']);
    expect(records.map((r) => [r.endToEndId, r.amountVnd])).toEqual([['SA1', '1.500.000'], ['SA2', null]]);
  });

  it('can skip rows without a reference, such as a total row', async () => {
    const records = await readAll(['Reference,Status\nSA1,OK\n,TONG 1\n'], { skipRowsWithoutReference: true });
    expect(records.map((r) => r.endToEndId)).toEqual(['SA1']);
  });

  it('round-trips writeCsvResult', async () => {
    const input: WrittenCsvResult[] = [
      { endToEndId: 'SA25070100000001', status: 'SUCCESS', reasonCode: null, reasonText: null, bankReference: '0012', paidDate: '2025-07-02' },
      { endToEndId: 'SA25070100000002', status: 'FAILED', reasonCode: 'MD07', reasonText: 'Người hưởng đã mất, "xác minh"', bankReference: null, paidDate: null },
    ];
    const csv = await collectText(writeCsvResult(input, { bom: true }));
    expect(csv.startsWith('\uFEFFMaThamChieu,TrangThai,MaLyDo,LyDo,SoThamChieuNganHang,NgayChi\r\n')).toBe(true);
    const records = await readAll([csv]);
    expect(records.map(({ line: _line, ...rest }) => rest)).toEqual(input.map((record) => ({ ...record, amountVnd: null })));
  });
});

describe('writeBulkCsv', () => {
  const rows: BulkCsvRow[] = [
    {
      endToEndId: 'SA25070100000001',
      accountNumber: '0011012345678',
      beneficiaryName: 'Nguyễn Thị Đào',
      bin: '970403',
      bankName: 'Sacombank',
      amountVnd: vnd(500_000n),
      description: 'Trợ cấp xã hội T07/2025, mã HS 00000001',
    },
    {
      endToEndId: 'SA25070100000002',
      accountNumber: '0000123456',
      beneficiaryName: '-Lê Văn Tám',
      bin: '970405',
      amountVnd: vnd(750_000n),
      description: '+1 tháng',
      personalId: '001234567890',
    },
  ];

  it('writes the §5.2 canonical file with a total row', async () => {
    const csv = await collectText(writeBulkCsv(rows));
    expect(csv.split('\r\n')).toEqual([
      'STT,MaThamChieu,SoTaiKhoan,TenNguoiHuong,MaNganHang,TenNganHang,SoTien,NoiDung',
      '1,SA25070100000001,0011012345678,NGUYEN THI DAO,970403,SACOMBANK,500000,"TRO CAP XA HOI T07/2025, MA HS 00000001"',
      "2,SA25070100000002,0000123456,'-LE VAN TAM,970405,,750000,'+1 THANG",
      '2,TONG CONG,,,,,1250000,',
      '',
    ]);
  });

  it('keeps Vietnamese in utf8 mode and neutralises formulas', async () => {
    const formula = { ...rows[0]!, description: '=HYPERLINK("http://x","bấm")' };
    const csv = await collectText(writeBulkCsv([formula], undefined, { characterSet: 'utf8', bom: true, totalRow: false }));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [, line] = parse(csv, { bom: true }) as string[][];
    expect(line![3]).toBe('Nguyễn Thị Đào');
    expect(line![7]).toBe(`'=HYPERLINK("http://x","bấm")`);
  });

  it('follows a bank mapping: names, order, subset, delimiter, Excel text identifiers', async () => {
    const mapping = [
      { column: 'So TK', field: 'accountNumber' },
      { column: 'So tien', field: 'amountVnd' },
      { column: 'Ma GD', field: 'endToEndId' },
      { column: 'CCCD', field: 'personalId' },
    ] as const;
    const csv = await collectText(writeBulkCsv(rows, mapping, { delimiter: ';', identifierStyle: 'excel-text' }));
    const lines = parse(csv, { delimiter: ';' }) as string[][];
    expect(lines).toEqual([
      ['So TK', 'So tien', 'Ma GD', 'CCCD'],
      ['="0011012345678"', '500000', '="SA25070100000001"', ''],
      ['="0000123456"', '750000', '="SA25070100000002"', '="001234567890"'],
      ['TONG CONG', '1250000', '', ''], // label in the first text column
    ]);
  });

  it('refuses bad rows and mappings', async () => {
    const bad = (change: Partial<BulkCsvRow>) => collectText(writeBulkCsv([{ ...rows[0]!, ...change }]));
    await expect(bad({ accountNumber: '00110-12' })).rejects.toThrow(/rows\[0\]\.accountNumber must be 6–19 digits/);
    await expect(bad({ accountNumber: '12345' })).rejects.toThrow(/6–19 digits/);
    await expect(bad({ amountVnd: vnd(0n) })).rejects.toThrow(/positive/);
    await expect(bad({ beneficiaryName: '@@' })).rejects.toThrow(/beneficiaryName is empty/);
    await expect(bad({ bin: '97' })).rejects.toThrow(/BIN/);
    await expect(collectText(writeBulkCsv(rows, [{ column: 'X', field: 'endToEndId' }]))).rejects.toThrow(/endToEndId and amountVnd/);
    const withId = [{ column: 'E', field: 'endToEndId' }, { column: 'A', field: 'amountVnd' }, { column: 'C', field: 'personalId' }] as const;
    await expect(collectText(writeBulkCsv([{ ...rows[0]!, personalId: '12345' }], withId))).rejects.toThrow(/9 or 12 digits/);
  });

  it('streams 100,000 rows', async () => {
    async function* many(): AsyncGenerator<BulkCsvRow> {
      for (let i = 0; i < 100_000; i++) yield { ...rows[0]!, endToEndId: `SA${String(i).padStart(14, '0')}` };
    }
    let lines = 0;
    let last = '';
    for await (const chunk of writeBulkCsv(many())) {
      lines += chunk.split('\r\n').length - 1;
      last = chunk;
    }
    expect(lines).toBe(100_002);
    expect(last).toBe('100000,TONG CONG,,,,,50000000000,\r\n');
  });
});
