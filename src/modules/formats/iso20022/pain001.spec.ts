import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { collectText } from '../streams.js';
import { writePain001, type Pain001Header, type Pain001Transaction } from './pain001.js';
import { multiplyVnd, vnd, type AmountVnd } from '../../../core/money.js';
import { expectXsdValid } from '../../../../test/helpers/xsd.js';

const header: Pain001Header = {
  messageId: 'SA-2025-07-HN-000001',
  createdAt: '2025-07-01T08:30:00+07:00',
  initiatingPartyName: 'Sở Lao động – Thương binh và Xã hội Hà Nội',
  debtor: { name: 'Sở LĐTBXH Hà Nội', accountNumber: '1234567890', agentBic: 'BFTVVNVX' },
  requestedExecutionDate: '2025-07-02',
  categoryPurpose: 'SSBE',
  chargeBearer: 'DEBT',
  batches: [{ paymentInfoId: 'SA-2025-07-HN-000001-B01', count: 2, controlSumVnd: vnd(1_250_000n) }],
};

const transactions: Pain001Transaction[] = [
  {
    endToEndId: 'SA25070100000001',
    instructionId: 'SA25070100000001-1',
    amountVnd: vnd(500_000n),
    creditorName: 'Nguyễn Thị Đào',
    creditorAccount: '0011012345678',
    creditorAgentBin: '970403',
    remittance: 'Trợ cấp xã hội T07/2025 mã HS 00000001',
  },
  {
    endToEndId: 'SA25070100000002',
    amountVnd: vnd(750_000n),
    creditorName: 'Đỗ Văn Hùng & Con <Út>',
    creditorAccount: '0000123',
    creditorAgentBin: '970418',
    remittance: 'Trợ cấp xã hội T07/2025',
  },
];

/** Parser set as §2.4 rule 4 recommends: strings only, repeating elements always arrays. */
const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  removeNSPrefix: true,
  isArray: (name) => ['PmtInf', 'CdtTrfTxInf'].includes(name),
});

interface ParsedTx {
  PmtId: { InstrId?: string; EndToEndId: string };
  Amt: { InstdAmt: { '#text': string; '@_Ccy': string } };
  CdtrAgt: { FinInstnId: { ClrSysMmbId: { ClrSysId: { Prtry: string }; MmbId: string } } };
  Cdtr: { Nm: string };
  CdtrAcct: { Id: { Othr: { Id: string } } };
  Purp: { Cd: string };
  RmtInf: { Ustrd: string };
}
interface ParsedBatch {
  PmtInfId: string;
  NbOfTxs: string;
  CtrlSum: string;
  CdtTrfTxInf: ParsedTx[];
  DbtrAgt: { FinInstnId: { BICFI?: string } };
}
interface ParsedDocument {
  Document: {
    CstmrCdtTrfInitn: { GrpHdr: { MsgId: string; NbOfTxs: string; CtrlSum: string; InitgPty: { Nm: string } }; PmtInf: ParsedBatch[] };
  };
}

/** Every document the writer completes is checked against the official pain.001.001.09 XSD. */
async function write(h: Pain001Header, txs: Iterable<Pain001Transaction> | AsyncIterable<Pain001Transaction>, perChunk?: number) {
  const xml = await collectText(writePain001(h, txs, perChunk === undefined ? {} : { transactionsPerChunk: perChunk }));
  await expectXsdValid(xml);
  return xml;
}

function parse(xml: string): ParsedDocument['Document']['CstmrCdtTrfInitn'] {
  expect(xml).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">');
  const doc = parser.parse(xml) as ParsedDocument;
  return doc.Document.CstmrCdtTrfInitn;
}

async function* generate(count: number, batchIndex = 0, amountVnd = vnd(500_000n)): AsyncGenerator<Pain001Transaction> {
  for (let i = 0; i < count; i++) {
    yield {
      batchIndex,
      endToEndId: `SA2507${batchIndex}${String(i).padStart(8, '0')}`,
      amountVnd,
      creditorName: 'Trần Thị Ánh Nguyệt',
      creditorAccount: String(1_000_000 + i).padStart(13, '0'),
      creditorAgentBin: '970405',
      remittance: `Tro cap T07 2025 ma HS ${i}`,
    };
  }
}

describe('writePain001', () => {
  it('writes a document that parses back with the declared totals', async () => {
    const root = parse(await write(header, transactions));
    expect(root.GrpHdr).toMatchObject({ MsgId: 'SA-2025-07-HN-000001', NbOfTxs: '2', CtrlSum: '1250000' });
    expect(root.GrpHdr.InitgPty.Nm).toBe('SO LAO DONG THUONG BINH VA XA HOI HA NOI');
    const batch = root.PmtInf[0]!;
    expect(batch).toMatchObject({ PmtInfId: 'SA-2025-07-HN-000001-B01', NbOfTxs: '2', CtrlSum: '1250000' });
    expect(batch.DbtrAgt.FinInstnId.BICFI).toBe('BFTVVNVX');
    const [first, second] = batch.CdtTrfTxInf;
    expect(first!.PmtId).toEqual({ InstrId: 'SA25070100000001-1', EndToEndId: 'SA25070100000001' });
    expect(first!.Amt.InstdAmt).toEqual({ '#text': '500000', '@_Ccy': 'VND' });
    expect(first!.CdtrAgt.FinInstnId.ClrSysMmbId).toEqual({ ClrSysId: { Prtry: 'NAPAS' }, MmbId: '970403' });
    expect(first!.Cdtr.Nm).toBe('NGUYEN THI DAO');
    expect(first!.RmtInf.Ustrd).toBe('TRO CAP XA HOI T07/2025 MA HS 00000001');
    expect(first!.Purp.Cd).toBe('SSBE');
    expect(second!.PmtId).toEqual({ EndToEndId: 'SA25070100000002' });
    expect(second!.Cdtr.Nm).toBe('DO VAN HUNG CON UT'); // & < > are outside the bank character set
    expect(second!.CdtrAcct.Id.Othr.Id).toBe('0000123'); // leading zeros survive
  });

  it('keeps Vietnamese and escapes & < > " \' in utf8 mode', async () => {
    const xml = await write({ ...header, characterSet: 'utf8' }, transactions);
    expect(xml).toContain('<Nm>Đỗ Văn Hùng &amp; Con &lt;Út&gt;</Nm>');
    const root = parse(xml);
    expect(root.PmtInf[0]!.CdtTrfTxInf[1]!.Cdtr.Nm).toBe('Đỗ Văn Hùng & Con <Út>');
    const quoted = await write({ ...header, characterSet: 'utf8', batches: [{ paymentInfoId: 'B1', count: 1, controlSumVnd: vnd(1n) }] }, [
      { ...transactions[0]!, amountVnd: vnd(1n), creditorName: `O'Neil "Bé"\u0007` },
    ]);
    expect(quoted).toContain('<Nm>O&apos;Neil &quot;Bé&quot;</Nm>');
  });

  it('writes elements in the §1.1/§1.2 order', async () => {
    const xml = await write({ ...header, ultimateDebtorName: 'Chương trình trợ cấp xã hội' }, transactions);
    const order = (names: string[], text: string) => names.map((name) => text.indexOf(`<${name}>`));
    const increasing = (positions: number[]) => positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!));
    expect(increasing(order(['GrpHdr', 'MsgId', 'CreDtTm', 'NbOfTxs', 'CtrlSum', 'InitgPty', 'PmtInf'], xml))).toBe(true);
    const batch = xml.slice(xml.indexOf('<PmtInf>'));
    const batchOrder = ['PmtInfId', 'PmtMtd', 'BtchBookg', 'NbOfTxs', 'CtrlSum', 'PmtTpInf', 'ReqdExctnDt', 'Dbtr', 'DbtrAcct', 'DbtrAgt', 'UltmtDbtr', 'ChrgBr', 'CdtTrfTxInf'];
    expect(increasing(order(batchOrder, batch))).toBe(true);
    const tx = xml.slice(xml.indexOf('<CdtTrfTxInf>'), xml.indexOf('</CdtTrfTxInf>'));
    expect(increasing(order(['PmtId', 'InstrId', 'EndToEndId', 'Amt', 'CdtrAgt', 'Cdtr', 'CdtrAcct', 'Purp', 'RmtInf'], tx))).toBe(true);
  });

  it('is deterministic and independent of chunk size', async () => {
    const a = await write(header, transactions);
    const b = await write(header, transactions, 1);
    expect(b).toBe(a);
    expect(a.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Document')).toBe(true);
  });

  it('writes several batches with the NAPAS debtor agent', async () => {
    const multi: Pain001Header = {
      ...header,
      debtor: { name: 'KBNN Hà Nội', accountNumber: '9999', agentBin: '970418' },
      batches: [
        { paymentInfoId: 'B01', count: 3, controlSumVnd: vnd(1_500_000n) },
        { paymentInfoId: 'B02', count: 2, controlSumVnd: vnd(2_000_000n) },
      ],
    };
    async function* both() {
      yield* generate(3, 0);
      yield* generate(2, 1, vnd(1_000_000n));
    }
    const root = parse(await write(multi, both(), 2));
    expect(root.GrpHdr).toMatchObject({ NbOfTxs: '5', CtrlSum: '3500000' });
    expect(root.PmtInf.map((b) => [b.PmtInfId, b.CdtTrfTxInf.length])).toEqual([['B01', 3], ['B02', 2]]);
  });

  it('fails when the written totals differ from the declared ones', async () => {
    const declared = (count: number, controlSumVnd: AmountVnd): Pain001Header => ({ ...header, batches: [{ paymentInfoId: 'B01', count, controlSumVnd }] });
    await expect(write(declared(3, vnd(1_250_000n)), transactions)).rejects.toThrow(/declared 3 transactions \/ 1250000 VND, wrote 2 \/ 1250000 VND/);
    await expect(write(declared(2, vnd(1_250_001n)), transactions)).rejects.toMatchObject({ code: 'FORMAT_CONTROL_TOTAL_MISMATCH' });
    await expect(write(declared(1, vnd(500_000n)), transactions)).rejects.toThrow(/wrote 2/);
    await expect(write(header, [])).rejects.toThrow(/wrote 0/);
  });

  it('fails when a declared batch gets no transactions or batches arrive out of order', async () => {
    const two: Pain001Header = {
      ...header,
      batches: [
        { paymentInfoId: 'B01', count: 1, controlSumVnd: vnd(500_000n) },
        { paymentInfoId: 'B02', count: 1, controlSumVnd: vnd(500_000n) },
      ],
    };
    await expect(write(two, generate(1, 1))).rejects.toThrow(/batch B01: declared 1 .* wrote 0/);
    await expect(write(two, generate(1, 0))).rejects.toThrow(/batch B02: declared 1 .* wrote 0/);
    async function* backwards() {
      yield* generate(1, 0);
      yield* generate(1, 1);
      yield* generate(1, 0);
    }
    await expect(write(two, backwards())).rejects.toThrow(/out of order/);
    await expect(write(two, generate(1, 2))).rejects.toThrow(/out of range/);
  });

  it('refuses invalid header and transaction data', async () => {
    await expect(write({ ...header, messageId: 'SA/2025' }, transactions)).rejects.toThrow(/messageId must be 1–35/);
    await expect(write({ ...header, createdAt: '2025-07-01T08:30:00' }, transactions)).rejects.toThrow(/with an offset/);
    await expect(write({ ...header, requestedExecutionDate: '2025-02-30' }, transactions)).rejects.toThrow(/YYYY-MM-DD/);
    await expect(write({ ...header, debtor: { name: 'X', accountNumber: '1', agentBic: 'bftvvnvx' } }, transactions)).rejects.toThrow(/BIC/);
    await expect(write({ ...header, batches: [] }, transactions)).rejects.toThrow(/at least one batch/);
    await expect(write({ ...header, categoryPurpose: 'SALA' as 'GOVT' }, transactions)).rejects.toThrow(/categoryPurpose must be one of GOVT, SSBE/);
    const bad = (change: Partial<Pain001Transaction>) => write(header, [{ ...transactions[0]!, ...change }, transactions[1]!]);
    await expect(bad({ endToEndId: 'SA_1' })).rejects.toThrow(/transactions\[0\]\.endToEndId/);
    await expect(bad({ endToEndId: 'A'.repeat(36) })).rejects.toThrow(/1–35/);
    await expect(bad({ amountVnd: vnd(-1n) })).rejects.toThrow(/transactions\[0\]\.amountVnd must be a positive/);
    await expect(bad({ creditorName: '😀 ;' })).rejects.toThrow(/transactions\[0\]\.creditorName is empty/);
    await expect(bad({ creditorAgentBin: '9704' })).rejects.toThrow(/6-digit/);
    await expect(bad({ creditorAccount: '0011 0123' })).rejects.toThrow(/creditorAccount/);
    await expect(bad({ purpose: 'X' as 'SSBE' })).rejects.toThrow(/transactions\[0\]\.purpose/);
  });

  it('truncates names and remittance to 140 characters', async () => {
    const long = 'Nguyễn '.repeat(40);
    const root = parse(await write(header, [{ ...transactions[0]!, creditorName: long, remittance: long }, transactions[1]!]));
    const tx = root.PmtInf[0]!.CdtTrfTxInf[0]!;
    expect(tx.Cdtr.Nm.length).toBeLessThanOrEqual(140);
    expect(tx.RmtInf.Ustrd.startsWith('NGUYEN NGUYEN')).toBe(true);
  });

  it('streams 100,000 transactions to a null sink in bounded chunks', async () => {
    const count = 100_000;
    const big: Pain001Header = { ...header, batches: [{ paymentInfoId: 'BIG-B01', count, controlSumVnd: multiplyVnd(vnd(500_000n), count) }] };
    let chunks = 0;
    let bytes = 0;
    let written = 0;
    let largestChunk = 0;
    for await (const chunk of writePain001(big, generate(count))) {
      chunks++;
      bytes += Buffer.byteLength(chunk);
      largestChunk = Math.max(largestChunk, chunk.length);
      written += chunk.split('<CdtTrfTxInf>').length - 1;
    }
    expect(written).toBe(count);
    expect(chunks).toBe(count / 1000 + 2); // head, 100 chunks of 1,000, tail
    expect(largestChunk).toBeLessThan(1_000_000); // about 1,000 transactions per chunk, never the whole file
    expect(bytes).toBeGreaterThan(count * 300);
  });
});
