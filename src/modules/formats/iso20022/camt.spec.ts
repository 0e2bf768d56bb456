import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vnd } from '../../../core/money.js';
import { expectXsdValid } from '../../../../test/helpers/xsd.js';
import { collectText } from '../streams.js';
import { camtReturnOf, readCamt, writeCamtReturns, type CamtEntry, type CamtEvent, type CamtHeader } from './camt.js';

async function read(source: Parameters<typeof readCamt>[0]): Promise<{ header: CamtHeader; entries: CamtEntry[] }> {
  const events: CamtEvent[] = [];
  for await (const event of readCamt(source)) events.push(event);
  const first = events[0];
  if (first?.kind !== 'header') throw new Error('no header first');
  return { header: first.header, entries: events.slice(1).map((event) => (event.kind === 'entry' ? event.entry : expect.unreachable())) };
}

/** A camt.052 account report as a bank writes one: returns among other bookings. */
const report = `<?xml version="1.0" encoding="UTF-8"?>
<c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08">
  <c:BkToCstmrAcctRpt>
    <c:GrpHdr><c:MsgId>AGR-RPT-20240712-01</c:MsgId><c:CreDtTm>2024-07-12T17:00:00+07:00</c:CreDtTm></c:GrpHdr>
    <c:Rpt>
      <c:Id>RPT-0712</c:Id>
      <c:Acct><c:Id><c:Othr><c:Id>1200201234567</c:Id></c:Othr></c:Id></c:Acct>
      <c:Ntry><c:Amt Ccy="VND">2500000</c:Amt><c:CdtDbtInd>DBIT</c:CdtDbtInd><c:Sts><c:Cd>BOOK</c:Cd></c:Sts>
        <c:BkTxCd><c:Domn><c:Cd>PMNT</c:Cd><c:Fmly><c:Cd>ICDT</c:Cd><c:SubFmlyCd>ESCT</c:SubFmlyCd></c:Fmly></c:Domn></c:BkTxCd></c:Ntry>
      <c:Ntry><c:Amt Ccy="VND">500000</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Sts><c:Cd>BOOK</c:Cd></c:Sts>
        <c:BookgDt><c:Dt>2024-07-12</c:Dt></c:BookgDt><c:AcctSvcrRef>FT24194RET01</c:AcctSvcrRef>
        <c:BkTxCd><c:Domn><c:Cd>PMNT</c:Cd><c:Fmly><c:Cd>ICDT</c:Cd><c:SubFmlyCd>RRTN</c:SubFmlyCd></c:Fmly></c:Domn></c:BkTxCd>
        <c:NtryDtls><c:TxDtls><c:Refs><c:EndToEndId>SA0000001000000001</c:EndToEndId></c:Refs>
          <c:RtrInf><c:Rsn><c:Cd>MD07</c:Cd></c:Rsn><c:AddtlInf>NGUOI HUONG DA CHET</c:AddtlInf><c:AddtlInf>&amp; GIA DINH BAO</c:AddtlInf></c:RtrInf></c:TxDtls></c:NtryDtls></c:Ntry>
      <c:Ntry><c:Amt Ccy="VND">700000</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Sts><c:Cd>PDNG</c:Cd></c:Sts>
        <c:BkTxCd><c:Domn><c:Cd>PMNT</c:Cd><c:Fmly><c:Cd>ICDT</c:Cd><c:SubFmlyCd>RRTN</c:SubFmlyCd></c:Fmly></c:Domn></c:BkTxCd>
        <c:NtryDtls><c:TxDtls><c:Refs><c:EndToEndId>SA0000001000000002</c:EndToEndId></c:Refs>
          <c:RtrInf><c:Rsn><c:Cd>AC04</c:Cd></c:Rsn></c:RtrInf></c:TxDtls></c:NtryDtls></c:Ntry>
      <c:Ntry><c:Amt Ccy="VND">900000</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Sts><c:Cd>BOOK</c:Cd></c:Sts>
        <c:BkTxCd><c:Domn><c:Cd>PMNT</c:Cd><c:Fmly><c:Cd>ICDT</c:Cd><c:SubFmlyCd>RRTN</c:SubFmlyCd></c:Fmly></c:Domn></c:BkTxCd>
        <c:NtryDtls>
          <c:TxDtls><c:Refs><c:InstrId>SA0000001000000003</c:InstrId><c:EndToEndId>NOTPROVIDED</c:EndToEndId></c:Refs>
            <c:Amt Ccy="VND">400000</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:RtrInf><c:Rsn><c:Prtry>TK_DONG</c:Prtry></c:Rsn></c:RtrInf></c:TxDtls>
          <c:TxDtls><c:Refs><c:EndToEndId>SA0000001000000004</c:EndToEndId></c:Refs>
            <c:Amt Ccy="VND">500000</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd></c:TxDtls>
        </c:NtryDtls></c:Ntry>
      <c:Ntry><c:Amt Ccy="VND">100000000</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Sts><c:Cd>BOOK</c:Cd></c:Sts>
        <c:BkTxCd><c:Domn><c:Cd>PMNT</c:Cd><c:Fmly><c:Cd>RCDT</c:Cd><c:SubFmlyCd>ESCT</c:SubFmlyCd></c:Fmly></c:Domn></c:BkTxCd>
        <c:NtryDtls><c:TxDtls><c:Refs><c:EndToEndId>KBNN-07</c:EndToEndId></c:Refs></c:TxDtls></c:NtryDtls></c:Ntry>
    </c:Rpt>
  </c:BkToCstmrAcctRpt>
</c:Document>
`;

describe('readCamt', () => {
  it('reads a camt.052 report the XSD accepts, and finds the booked returns in it', async () => {
    await expectXsdValid(report);
    const { header, entries } = await read([report]);
    expect(header).toEqual({ kind: 'camt.052', messageId: 'AGR-RPT-20240712-01', createdAt: '2024-07-12T17:00:00+07:00' });
    expect(entries).toHaveLength(6);
    expect(entries.every((entry) => entry.accountId === '1200201234567' && entry.reportId === 'RPT-0712')).toBe(true);
    expect(entries.map(camtReturnOf)).toEqual([
      { kind: 'other', why: 'NOT_A_CREDIT' },
      {
        kind: 'return', endToEndId: 'SA0000001000000001', reasonCode: 'MD07', reasonText: 'NGUOI HUONG DA CHET & GIA DINH BAO', amount: '500000',
        bookingDate: '2024-07-12', accountServicerReference: 'FT24194RET01',
      },
      { kind: 'other', why: 'NOT_BOOKED' },
      // By instruction id (our InstrId is the end-to-end id), the bank's own reason code, the transaction's amount.
      { kind: 'return', endToEndId: 'SA0000001000000003', reasonCode: 'TK_DONG', reasonText: null, amount: '400000', bookingDate: null, accountServicerReference: null },
      // The entry's RRTN code covers its transactions: a return without a stated reason.
      { kind: 'return', endToEndId: 'SA0000001000000004', reasonCode: 'NARR', reasonText: null, amount: '500000', bookingDate: null, accountServicerReference: null },
      { kind: 'other', why: 'NO_RETURN_INFORMATION' },
    ]);
  });

  it('gives the same events however the bytes are split', async () => {
    const bytes = new TextEncoder().encode(report);
    const whole = await read([bytes]);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, index) => bytes.subarray(points[index]!, end));
        expect(await read(chunks)).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('any bytes, or the report with any fragment inside: entries, or FORMAT_PARSE_FAILED and nothing else', async () => {
    const fragment = fc.oneof(
      fc.string(),
      fc.constantFrom('<Ntry>', '</Ntry>', '<TxDtls>', '</TxDtls>', '<CdtDbtInd>CRDT</CdtDbtInd>', '<RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf>', '&bogus;', '<![CDATA[x]]>', '<', '\u0000'),
    );
    const at = report.indexOf('<c:Ntry>');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.array(fragment, { maxLength: 8 }).map((parts) => report.slice(0, at) + parts.join('') + report.slice(at))), async (input) => {
        try {
          await read([input]);
        } catch (error) {
          expect(error).toMatchObject({ code: 'FORMAT_PARSE_FAILED' });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses what is not a cash-management report, with FORMAT_PARSE_FAILED', async () => {
    const failing = (xml: string, message: RegExp) => expect(read([xml])).rejects.toThrow(message);
    await failing('<Document><CstmrPmtStsRpt/></Document>', /expected BkToCstmrAcctRpt/);
    await failing('<Other/>', /root element is Other/);
    await failing('<Document><BkToCstmrAcctRpt><Rpt><Id>1</Id></Rpt></BkToCstmrAcctRpt></Document>', /MsgId is missing/);
    await failing('<Document><BkToCstmrAcctRpt><GrpHdr><MsgId>1</MsgId>', /not well-formed/);
    await failing('<!DOCTYPE d [<!ENTITY x "y">]><Document/>', /DOCTYPE/);
    await expect(read(['<Document><BkToCstmrAcctRpt>'])).rejects.toMatchObject({ code: 'FORMAT_PARSE_FAILED' });
  });
});

describe('writeCamtReturns', () => {
  const returns = [
    { endToEndId: 'SA0000001000000001', amountVnd: vnd(500_000n), reasonCode: 'AC04', additionalInfo: 'TAI KHOAN DA DONG SAU KHI GHI CO', accountServicerReference: 'RT0001' },
    { endToEndId: 'SA0000001000000002', amountVnd: vnd(750_000n), reasonCode: 'MD07' },
  ];

  for (const kind of ['camt.052', 'camt.054'] as const) {
    it(`writes a ${kind} the XSD accepts, read back as the same returns`, async () => {
      const xml = await collectText(
        writeCamtReturns({ kind, messageId: 'RET-00000001', createdAt: '2024-07-12T17:00:00+07:00', reportId: 'RET-00000001', accountNumber: '1200201234567', bookingDate: '2024-07-12', returns }),
      );
      await expectXsdValid(xml);
      const { header, entries } = await read([xml]);
      expect(header).toMatchObject({ kind, messageId: 'RET-00000001' });
      expect(entries.map(camtReturnOf)).toEqual([
        { kind: 'return', endToEndId: 'SA0000001000000001', reasonCode: 'AC04', reasonText: 'TAI KHOAN DA DONG SAU KHI GHI CO', amount: '500000', bookingDate: '2024-07-12', accountServicerReference: 'RT0001' },
        { kind: 'return', endToEndId: 'SA0000001000000002', reasonCode: 'MD07', reasonText: null, amount: '750000', bookingDate: '2024-07-12', accountServicerReference: null },
      ]);
    });
  }

  it('validates its input', async () => {
    const base = { kind: 'camt.054' as const, messageId: 'M', createdAt: '2024-07-12T17:00:00+07:00', reportId: 'R', accountNumber: '1', bookingDate: '2024-07-12' };
    await expect(collectText(writeCamtReturns({ ...base, returns: [{ ...returns[0]!, reasonCode: 'ac04' }] }))).rejects.toThrow(/4-character/);
    await expect(collectText(writeCamtReturns({ ...base, accountNumber: '12-34', returns }))).rejects.toThrow(/accountNumber/);
    await expect(collectText(writeCamtReturns({ ...base, bookingDate: '2024-02-30', returns }))).rejects.toThrow(/bookingDate/);
  });
});
