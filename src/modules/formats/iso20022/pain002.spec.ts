import { describe, expect, it } from 'vitest';
import { collectText } from '../streams.js';
import {
  countsPerStatusAddUp,
  pain002ForBatch,
  readPain002,
  writePain002,
  type Pain002Event,
  type Pain002Header,
  type Pain002Record,
  type Pain002TransactionInput,
} from './pain002.js';
import { multiplyVnd, vnd } from '../../../core/money.js';
import { expectXsdValid } from '../../../../test/helpers/xsd.js';

// The synthetic example of PAYMENT-FORMATS §2.1, verbatim.
const example = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>BANKSTS-20250702-0001</MsgId><CreDtTm>2025-07-02T10:15:00+07:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>SA-2025-07-HN-000001</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>
      <OrgnlNbOfTxs>3</OrgnlNbOfTxs><OrgnlCtrlSum>1750000</OrgnlCtrlSum>
      <GrpSts>PART</GrpSts>
      <NbOfTxsPerSts><DtldNbOfTxs>1</DtldNbOfTxs><DtldSts>ACSC</DtldSts><DtldCtrlSum>500000</DtldCtrlSum></NbOfTxsPerSts>
      <NbOfTxsPerSts><DtldNbOfTxs>2</DtldNbOfTxs><DtldSts>RJCT</DtldSts><DtldCtrlSum>1250000</DtldCtrlSum></NbOfTxsPerSts>
    </OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>SA-2025-07-HN-000001-B01</OrgnlPmtInfId><PmtInfSts>PART</PmtInfSts>
      <TxInfAndSts><OrgnlEndToEndId>SA25070100000001</OrgnlEndToEndId><TxSts>ACSC</TxSts><AcctSvcrRef>FT25183ABC001</AcctSvcrRef></TxInfAndSts>
      <TxInfAndSts><OrgnlEndToEndId>SA25070100000002</OrgnlEndToEndId><TxSts>RJCT</TxSts>
        <StsRsnInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>TAI KHOAN DA DONG</AddtlInf></StsRsnInf></TxInfAndSts>
      <TxInfAndSts><OrgnlEndToEndId>SA25070100000003</OrgnlEndToEndId><TxSts>RJCT</TxSts>
        <StsRsnInf><Rsn><Cd>MD07</Cd></Rsn></StsRsnInf></TxInfAndSts>
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>`;

async function read(source: Parameters<typeof readPain002>[0]): Promise<{ header: Pain002Header; records: Pain002Record[] }> {
  const events: Pain002Event[] = [];
  for await (const event of readPain002(source)) events.push(event);
  const first = events[0];
  if (first?.kind !== 'header') throw new Error('the header must come first');
  const records = events.slice(1).map((event) => {
    if (event.kind !== 'record') throw new Error('only one header');
    return event.record;
  });
  return { header: first.header, records };
}

const report = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>` +
  `<GrpHdr><MsgId>R1</MsgId><CreDtTm>2025-07-02T10:15:00+07:00</CreDtTm></GrpHdr>${body}</CstmrPmtStsRpt></Document>`;

describe('readPain002', () => {
  it('reads the §2.1 example', async () => {
    const { header, records } = await read([example]);
    expect(header).toEqual({
      messageId: 'BANKSTS-20250702-0001',
      createdAt: '2025-07-02T10:15:00+07:00',
      originalMessageId: 'SA-2025-07-HN-000001',
      originalMessageNameId: 'pain.001.001.09',
      originalCount: '3',
      originalControlSum: '1750000',
      groupStatus: 'PART',
      groupReasons: [],
      countsPerStatus: [
        { status: 'ACSC', count: '1', controlSum: '500000' },
        { status: 'RJCT', count: '2', controlSum: '1250000' },
      ],
    });
    expect(countsPerStatusAddUp(header)).toBe(true);
    expect(records.map((r) => [r.level, r.originalEndToEndId, r.status, r.reasonCode, r.appliesToAllTransactions])).toEqual([
      ['transaction', 'SA25070100000001', 'ACSC', null, true],
      ['transaction', 'SA25070100000002', 'RJCT', 'AC04', true],
      ['transaction', 'SA25070100000003', 'RJCT', 'MD07', true],
      ['batch', null, 'PART', null, false],
      ['group', null, 'PART', null, false],
    ]);
    expect(records[0]).toMatchObject({ accountServicerReference: 'FT25183ABC001', originalPaymentInfoId: 'SA-2025-07-HN-000001-B01', messageId: 'BANKSTS-20250702-0001' });
    expect(records[1]).toMatchObject({ additionalInfo: 'TAI KHOAN DA DONG', reasons: [{ code: 'AC04', proprietary: null, additionalInfo: ['TAI KHOAN DA DONG'], originator: null }] });
  });

  it('applies a group status to all transactions when there are no transaction lines', async () => {
    const xml = report(
      '<OrgnlGrpInfAndSts><OrgnlMsgId>SA-1</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>RJCT</GrpSts>' +
        '<StsRsnInf><Orgtr><Nm>BANK X</Nm></Orgtr><Rsn><Cd>AM10</Cd></Rsn><AddtlInf>CTRL SUM</AddtlInf><AddtlInf>MISMATCH</AddtlInf></StsRsnInf></OrgnlGrpInfAndSts>',
    );
    const { header, records } = await read([xml]);
    expect(header.groupReasons).toEqual([{ code: 'AM10', proprietary: null, additionalInfo: ['CTRL SUM', 'MISMATCH'], originator: 'BANK X' }]);
    expect(countsPerStatusAddUp(header)).toBeNull();
    expect(records).toEqual([
      expect.objectContaining({ level: 'group', status: 'RJCT', reasonCode: 'AM10', additionalInfo: 'CTRL SUM MISMATCH', appliesToAllTransactions: true, originalPaymentInfoId: null }),
    ]);
  });

  it('applies a batch status to its transactions only when the batch has no lines', async () => {
    const xml = report(
      '<OrgnlGrpInfAndSts><OrgnlMsgId>SA-1</OrgnlMsgId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>' +
        '<OrgnlPmtInfAndSts><OrgnlPmtInfId>SA-1-B01</OrgnlPmtInfId><PmtInfSts>ACSP</PmtInfSts></OrgnlPmtInfAndSts>' +
        '<OrgnlPmtInfAndSts><OrgnlPmtInfId>SA-1-B02</OrgnlPmtInfId><PmtInfSts>RJCT</PmtInfSts><StsRsnInf><Rsn><Prtry>X99</Prtry></Rsn></StsRsnInf>' +
        '<TxInfAndSts><OrgnlEndToEndId>000123</OrgnlEndToEndId><TxSts>RJCT</TxSts></TxInfAndSts></OrgnlPmtInfAndSts>',
    );
    const { records } = await read([xml]);
    expect(records.map((r) => [r.level, r.originalPaymentInfoId, r.originalEndToEndId, r.status, r.reasonCode, r.appliesToAllTransactions])).toEqual([
      ['batch', 'SA-1-B01', null, 'ACSP', null, true],
      ['transaction', 'SA-1-B02', '000123', 'RJCT', null, true], // leading zeros kept
      ['batch', 'SA-1-B02', null, 'RJCT', 'X99', false],
      ['group', null, null, 'PART', null, false],
    ]);
  });

  it('ignores namespace prefixes, the OrgnlTxRef echo, and decodes entities', async () => {
    const xml =
      '<?xml version="1.0"?><p:Document xmlns:p="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><p:CstmrPmtStsRpt>' +
      '<p:GrpHdr><p:MsgId>R2</p:MsgId></p:GrpHdr><p:OrgnlGrpInfAndSts><p:OrgnlMsgId>SA-2</p:OrgnlMsgId></p:OrgnlGrpInfAndSts>' +
      '<p:OrgnlPmtInfAndSts><p:OrgnlPmtInfId>B</p:OrgnlPmtInfId><p:TxInfAndSts><p:StsId>S1</p:StsId><p:OrgnlInstrId>I1</p:OrgnlInstrId>' +
      '<p:OrgnlEndToEndId>E1</p:OrgnlEndToEndId><p:TxSts>RJCT</p:TxSts><p:StsRsnInf><p:Rsn><p:Cd>NARR</p:Cd></p:Rsn>' +
      '<p:AddtlInf>SAI TEN &amp; SO TK &lt;X&gt;</p:AddtlInf></p:StsRsnInf>' +
      '<p:OrgnlTxRef><p:Amt><p:InstdAmt Ccy="VND">500000</p:InstdAmt></p:Amt><p:Cdtr><p:Nm>NGUYEN VAN A</p:Nm></p:Cdtr></p:OrgnlTxRef>' +
      '</p:TxInfAndSts></p:OrgnlPmtInfAndSts></p:CstmrPmtStsRpt></p:Document>';
    const { header, records } = await read([xml]);
    expect(header).toMatchObject({ messageId: 'R2', createdAt: null, originalMessageId: 'SA-2', groupStatus: null });
    expect(records).toEqual([
      expect.objectContaining({ statusId: 'S1', originalInstructionId: 'I1', originalEndToEndId: 'E1', reasonCode: 'NARR', additionalInfo: 'SAI TEN & SO TK <X>' }),
    ]);
  });

  it('copes with chunks that split tags and multi-byte characters', async () => {
    const withVietnamese = example.replace('TAI KHOAN DA DONG', 'Tài khoản đã đóng');
    const bytes = Buffer.from(`\uFEFF${withVietnamese}`, 'utf8');
    const oneByteChunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    const whole = await read([withVietnamese]);
    const split = await read(oneByteChunks);
    expect(split).toEqual(whole);
    expect(split.records[1]!.additionalInfo).toBe('Tài khoản đã đóng');
  });

  it('is an example the pain.002.001.10 XSD accepts', async () => {
    await expectXsdValid(example);
  });

  it('names a transaction by OrgnlInstrId when the bank gives no end-to-end id (or NOTPROVIDED)', async () => {
    const xml = report(
      '<OrgnlGrpInfAndSts><OrgnlMsgId>A</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId></OrgnlGrpInfAndSts>' +
        '<OrgnlPmtInfAndSts><OrgnlPmtInfId>B</OrgnlPmtInfId>' +
        '<TxInfAndSts><OrgnlInstrId>SA1</OrgnlInstrId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC01</Cd></Rsn></StsRsnInf></TxInfAndSts>' +
        '<TxInfAndSts><OrgnlInstrId>SA2</OrgnlInstrId><OrgnlEndToEndId>NOTPROVIDED</OrgnlEndToEndId><TxSts>ACCC</TxSts></TxInfAndSts>' +
        '</OrgnlPmtInfAndSts>',
    );
    await expectXsdValid(xml);
    const { records } = await read([xml]);
    expect(records.map((r) => [r.originalEndToEndId, r.originalInstructionId, r.status, r.reasonCode])).toEqual([
      [null, 'SA1', 'RJCT', 'AC01'],
      [null, 'SA2', 'ACCC', null],
    ]);
  });

  it('rejects malformed reports with FORMAT_PARSE_FAILED', async () => {
    const failing = async (xml: string, message: RegExp) => {
      await expect(read([xml])).rejects.toMatchObject({ code: 'FORMAT_PARSE_FAILED' });
      await expect(read([xml])).rejects.toThrow(message);
    };
    await failing('<Document><CstmrCdtTrfInitn/></Document>', /expected CstmrPmtStsRpt/);
    await failing('<Other/>', /root element is Other/);
    await failing(report('<OrgnlGrpInfAndSts><GrpSts>RJCT</GrpSts></OrgnlGrpInfAndSts>'), /OrgnlMsgId is missing/);
    await failing(report(''), /OrgnlGrpInfAndSts is missing/);
    await failing(report('<OrgnlGrpInfAndSts><OrgnlMsgId>A</OrgnlMsgId></OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><OrgnlPmtInfId>B</OrgnlPmtInfId><TxInfAndSts><TxSts>ACSC</TxSts></TxInfAndSts></OrgnlPmtInfAndSts>'), /neither OrgnlEndToEndId nor OrgnlInstrId/);
    await failing(report('<OrgnlGrpInfAndSts><OrgnlMsgId>A</OrgnlMsgId>'), /not well-formed/);
    await failing('<!DOCTYPE d [<!ENTITY x "y">]><Document/>', /DOCTYPE/);
    await failing(report(`<OrgnlGrpInfAndSts><OrgnlMsgId>${'A'.repeat(10_001)}</OrgnlMsgId></OrgnlGrpInfAndSts>`), /longer than 10000/);
    await expect(read([Uint8Array.of(0x3c, 0xff, 0xfe)])).rejects.toThrow(/not valid UTF-8/);
  });
});

describe('writePain002', () => {
  const results: Pain002TransactionInput[] = [
    { endToEndId: 'SA25070100000001', status: 'ACSC', accountServicerReference: 'FT001' },
    { endToEndId: 'SA25070100000002', status: 'RJCT', reasonCode: 'AC04', additionalInfo: 'Tài khoản đã đóng & <hủy>' },
    { endToEndId: 'SA25070100000003', status: 'RJCT', reasonCode: 'MD07', instructionId: 'SA25070100000003-2' },
  ];

  it('round-trips through readPain002', async () => {
    const input = pain002ForBatch({
      messageId: 'SIM-20250702-0001',
      createdAt: '2025-07-02T10:15:00+07:00',
      originalMessageId: 'SA-2025-07-HN-000001',
      originalPaymentInfoId: 'SA-2025-07-HN-000001-B01',
      results: results.map((r, i) => ({ ...r, amountVnd: multiplyVnd(vnd(100_000n), i + 1) })),
    });
    const xml = await collectText(writePain002(input));
    await expectXsdValid(xml);
    const { header, records } = await read([xml]);
    expect(header).toMatchObject({ messageId: 'SIM-20250702-0001', originalMessageId: 'SA-2025-07-HN-000001', originalCount: '3', groupStatus: 'PART' });
    expect(header.countsPerStatus).toEqual([
      { status: 'ACSC', count: '1', controlSum: '100000' },
      { status: 'RJCT', count: '2', controlSum: '500000' },
    ]);
    expect(countsPerStatusAddUp(header)).toBe(true);
    const lines = records.filter((r) => r.level === 'transaction');
    expect(lines.map((r) => [r.originalEndToEndId, r.status, r.reasonCode, r.additionalInfo, r.accountServicerReference, r.originalInstructionId])).toEqual([
      ['SA25070100000001', 'ACSC', null, null, 'FT001', null],
      ['SA25070100000002', 'RJCT', 'AC04', 'Tài khoản đã đóng & <hủy>', null, null],
      ['SA25070100000003', 'RJCT', 'MD07', null, null, 'SA25070100000003-2'],
    ]);
  });

  it('writes a group-level rejection without lines, which then applies to everything', async () => {
    const xml = await collectText(
      writePain002({
        messageId: 'SIM-2',
        createdAt: '2025-07-02T10:15:00+07:00',
        originalMessageId: 'SA-1',
        groupStatus: 'RJCT',
        groupReason: { code: 'FF01', additionalInfo: 'Schema validation failed' },
        batches: [],
      }),
    );
    const { records } = await read([xml]);
    expect(records).toEqual([expect.objectContaining({ level: 'group', status: 'RJCT', reasonCode: 'FF01', appliesToAllTransactions: true })]);
  });

  it('derives a shared status for a uniform batch', () => {
    const input = pain002ForBatch({ messageId: 'M', createdAt: '2025-07-02T10:15:00Z', originalMessageId: 'O', originalPaymentInfoId: 'B', results: [results[0]!] });
    expect(input).toMatchObject({ groupStatus: 'ACSC', countsPerStatus: [{ status: 'ACSC', count: 1 }], batches: [{ status: 'ACSC' }] });
    expect(input.countsPerStatus![0]).not.toHaveProperty('controlSumVnd');
  });

  it('validates simulator input', async () => {
    const base = { messageId: 'M', createdAt: '2025-07-02T10:15:00+07:00', originalMessageId: 'O', batches: [] };
    await expect(collectText(writePain002({ ...base, messageId: 'M 1' }))).rejects.toThrow(/messageId/);
    await expect(collectText(writePain002({ ...base, groupReason: { code: 'ac04' } }))).rejects.toThrow(/4-character ISO reason code/);
    await expect(collectText(writePain002({ ...base, groupReason: { code: 'NARR', additionalInfo: 'x'.repeat(106) } }))).rejects.toThrow(/105/);
    const tx = (t: Pain002TransactionInput) => collectText(writePain002({ ...base, batches: [{ originalPaymentInfoId: 'B', transactions: [t] }] }));
    await expect(tx({ endToEndId: 'E', status: 'RJCT', additionalInfo: 'why' })).rejects.toThrow(/needs a reasonCode/);
    await expect(tx({ status: 'RJCT' })).rejects.toThrow(/needs an endToEndId or an instructionId/);
    const byInstruction = await tx({ instructionId: 'I1', status: 'ACWP', reasonCode: 'AC06' });
    await expectXsdValid(byInstruction);
    expect((await read([byInstruction])).records[0]).toMatchObject({ originalEndToEndId: null, originalInstructionId: 'I1', status: 'ACWP' });
  });

  it('streams 100,000 lines from the writer straight into the reader', async () => {
    const count = 100_000;
    async function* lines(): AsyncGenerator<Pain002TransactionInput> {
      for (let i = 0; i < count; i++) {
        yield i % 10 === 0
          ? { endToEndId: `SA${String(i).padStart(14, '0')}`, status: 'RJCT', reasonCode: 'AC01' }
          : { endToEndId: `SA${String(i).padStart(14, '0')}`, status: 'ACSC', accountServicerReference: `FT${i}` };
      }
    }
    const xml = writePain002({
      messageId: 'BIG',
      createdAt: '2025-07-02T10:15:00+07:00',
      originalMessageId: 'SA-BIG',
      groupStatus: 'PART',
      batches: [{ originalPaymentInfoId: 'SA-BIG-B01', status: 'PART', transactions: lines() }],
    });
    let transactions = 0;
    let rejected = 0;
    let lastId = '';
    for await (const event of readPain002(xml)) {
      if (event.kind !== 'record' || event.record.level !== 'transaction') continue;
      transactions++;
      if (event.record.status === 'RJCT') rejected++;
      lastId = event.record.originalEndToEndId!;
    }
    expect(transactions).toBe(count);
    expect(rejected).toBe(count / 10);
    expect(lastId).toBe(`SA${String(count - 1).padStart(14, '0')}`);
  });
});
