/**
 * Property-based tests of every parser of what counterparties send us (issue #18, item 7): a
 * provider's CSV result file, a pain.002 status report, G2P Connect callbacks, webhook signature
 * headers, VietQR payloads, financial addresses and amounts. Whatever the input, a parser either
 * answers or throws an `AppError` with a stable code: never a crash with another error (a
 * TypeError would be a 500 and could leave a half-applied file). Round trips check that what we
 * write is read back unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/core/errors.js';
import { parseVnd } from '../src/core/money.js';
import {
  buildVietQr,
  formatG2pAmount,
  parseFinancialAddress,
  parseG2pAmount,
  parseOnDisburse,
  parseOnTxnStatus,
  parseVietQr,
  readCsvResult,
  readPain002,
  signWebhook,
  verifyWebhook,
  writeCsvResult,
  writePain002,
  type CsvResultRecord,
  type Pain002Event,
  type WrittenCsvResult,
} from '../src/modules/formats/index.js';

const runs = { numRuns: 300 };

/** The codes a parser may throw; anything else is a crash. */
const formatCodes = new Set(['FORMAT_PARSE_FAILED', 'FORMAT_INPUT_INVALID', 'FORMAT_CHECKSUM_MISMATCH', 'FORMAT_CONTROL_TOTAL_MISMATCH']);

function expectCodedError(error: unknown): void {
  if (!(error instanceof AppError)) throw new Error(`not a coded error: ${String(error)}`, { cause: error });
  expect(formatCodes).toContain(error.code);
  expect(error.text.vi.length).toBeGreaterThan(0);
  expect(error.text.en.length).toBeGreaterThan(0);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Runs a parser: its answer, or the coded error it threw (checked). */
async function answerOrCodedError<T>(parse: () => Promise<T> | T): Promise<T | AppError> {
  try {
    return await parse();
  } catch (error) {
    expectCodedError(error);
    return error as AppError;
  }
}

/** Bytes cut into chunks at arbitrary places (a multi-byte character may be split). */
function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const positions = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const position of positions) {
    chunks.push(bytes.subarray(start, position));
    start = position;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/** Text that looks like a CSV file: cells with quotes, delimiters, line breaks, Vietnamese, control characters. */
const csvCell = fc.oneof(
  fc.string(),
  fc.constantFrom('"', '""', '"a', 'a"b', ',', ';', '\r\n', '\n', '\r', '\u0000', '\uFEFF', 'Nguyễn Văn A', '1.500.000', '=SUM(A1)'),
);
const csvText = fc
  .array(fc.array(csvCell, { maxLength: 8 }), { maxLength: 12 })
  .chain((rows) =>
    fc.constantFrom(',', ';').map((delimiter) => rows.map((cells) => cells.join(delimiter)).join(fc.sample(fc.constantFrom('\n', '\r\n'), 1)[0])),
  );
const resultHeader = 'MaThamChieu,TrangThai,MaLyDo,LyDo,SoThamChieuNganHang,NgayChi,SoTien\n';

describe('provider CSV result files', () => {
  it('any bytes, in any chunks: records or a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(), { maxLength: 4 }), async (bytes, cuts) => {
        await answerOrCodedError(() => collect(readCsvResult(chunked(bytes, cuts))));
      }),
      runs,
    );
  });

  it('CSV-like text after a valid header: records or a coded error, and every record has a reference and a status', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.boolean(), async (body, skip) => {
        const answer = await answerOrCodedError(() => collect(readCsvResult([resultHeader + body], { skipRowsWithoutReference: skip })));
        if (answer instanceof AppError) return;
        for (const record of answer) {
          expect(record.endToEndId.length).toBeGreaterThan(0);
          expect(record.status.length).toBeGreaterThan(0);
        }
      }),
      runs,
    );
  });

  it('what the simulators write is read back unchanged', async () => {
    const value = fc.option(fc.string({ minLength: 1 }).filter((text) => text.trim() === text && !/^[=+\-@\t\r]/.test(text)), { nil: null });
    const record = fc.record({
      endToEndId: fc.stringMatching(/^[A-Z0-9]{1,35}$/),
      status: fc.constantFrom('ACSC', 'RJCT', 'THANH_CONG', 'THAT_BAI'),
      reasonCode: value,
      reasonText: value,
      bankReference: value,
      paidDate: value,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 20 }), fc.constantFrom(',', ';'), async (records: WrittenCsvResult[], delimiter) => {
        const text = (await collect(writeCsvResult(records, { delimiter }))).join('');
        const read: CsvResultRecord[] = await collect(readCsvResult([text], { delimiter }));
        expect(read.map(({ line: _line, amountVnd: _amount, ...rest }) => rest)).toEqual(records);
      }),
      runs,
    );
  });
});

const pain002 = (transactions: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-01-05T10:00:00+07:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>O1</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId></OrgnlGrpInfAndSts>
<OrgnlPmtInfAndSts><OrgnlPmtInfId>B1</OrgnlPmtInfId>${transactions}</OrgnlPmtInfAndSts>
</CstmrPmtStsRpt></Document>`;
const xmlFragment = fc.oneof(
  fc.string(),
  fc.constantFrom('<TxInfAndSts>', '</TxInfAndSts>', '<OrgnlEndToEndId>E1</OrgnlEndToEndId>', '<TxSts>ACSC</TxSts>', '<TxSts>RJCT</TxSts>',
    '<StsRsnInf><Rsn><Cd>AC01</Cd></Rsn></StsRsnInf>', '<![CDATA[x]]>', '&amp;', '&bogus;', '<!DOCTYPE x [<!ENTITY e "e">]>', '<', '>', '\u0000'),
);

describe('pain.002 status reports', () => {
  it('any bytes: events or a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(), { maxLength: 3 }), async (bytes, cuts) => {
        await answerOrCodedError(() => collect(readPain002(chunked(bytes, cuts))));
      }),
      runs,
    );
  });

  it('a valid report with arbitrary fragments inside: events or a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(xmlFragment, { maxLength: 10 }), fc.array(fc.nat(), { maxLength: 3 }), async (fragments, cuts) => {
        const bytes = new TextEncoder().encode(pain002(fragments.join('')));
        await answerOrCodedError(() => collect(readPain002(chunked(bytes, cuts))));
      }),
      runs,
    );
  });

  it('a report we write is read back with the same transactions, whatever the chunking', async () => {
    const transaction = fc.record({
      endToEndId: fc.stringMatching(/^[A-Z0-9]{1,35}$/),
      status: fc.constantFrom('ACSC' as const, 'RJCT' as const, 'PDNG' as const),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(transaction, { selector: (tx) => tx.endToEndId, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 5 }), async (transactions, cuts) => {
        const text = (
          await collect(
            writePain002({
              messageId: 'M1',
              createdAt: '2026-01-05T10:00:00+07:00',
              originalMessageId: 'O1',
              batches: [{ originalPaymentInfoId: 'B1', transactions: transactions.map((tx) => (tx.status === 'RJCT' ? { ...tx, reasonCode: 'AC01' } : tx)) }],
            }),
          )
        ).join('');
        const events: Pain002Event[] = await collect(readPain002(chunked(new TextEncoder().encode(text), cuts)));
        const records = events.flatMap((event) => (event.kind === 'record' && event.record.level === 'transaction' ? [event.record] : []));
        expect(records.map((record) => [record.originalEndToEndId, record.status])).toEqual(transactions.map((tx) => [tx.endToEndId, tx.status]));
      }),
      runs,
    );
  });
});

const header = {
  version: '1.0.0',
  message_id: 'M1',
  message_ts: '2026-01-05T10:00:00+07:00',
  action: 'on-disburse',
  status: 'succ',
  sender_id: 'wallet',
  receiver_id: 'asxh',
};
const statusItem = { reference_id: 'E1', timestamp: '2026-01-05T10:00:00+07:00', status: 'succ', amount: '1500000' };

/** A valid callback with one field replaced by an arbitrary JSON value (the shapes a counterparty gets wrong). */
function mutated(body: Record<string, unknown>, path: readonly string[], value: unknown): unknown {
  const copy = structuredClone(body);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) return copy;
    node = next as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
  return copy;
}

describe('G2P Connect callbacks', () => {
  const onDisburse = { header, message: { transaction_id: 'T1', disbursements_status: [statusItem] } };
  const onStatus = {
    header: { ...header, action: 'txn/on-status' },
    message: { txnstatus_response: { txn_status: { transaction_id: 'T1', disbursements_status: [statusItem] } } },
  };
  const paths = fc.constantFrom(
    ['header'], ['header', 'status'], ['header', 'action'], ['header', 'total_count'], ['message'], ['message', 'transaction_id'],
    ['message', 'disbursements_status'], ['message', 'txnstatus_response'], ['message', 'txnstatus_response', 'txn_status'],
  );

  it('any JSON value: a result or a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        await answerOrCodedError(() => parseOnDisburse(body));
        await answerOrCodedError(() => parseOnTxnStatus(body));
      }),
      runs,
    );
  });

  it('a valid callback with one part replaced: a result or a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(paths, fc.oneof(fc.jsonValue(), fc.anything()), async (path, value) => {
        await answerOrCodedError(() => parseOnDisburse(mutated(onDisburse, path, value)));
        await answerOrCodedError(() => parseOnTxnStatus(mutated(onStatus, path, value)));
      }),
      runs,
    );
  });

  it('an item with arbitrary fields: a result with whole đồng or a coded error', async () => {
    const item = fc.record(
      { reference_id: fc.oneof(fc.string(), fc.jsonValue()), timestamp: fc.string(), status: fc.oneof(fc.constantFrom('rcvd', 'pdng', 'succ', 'rjct'), fc.string()), amount: fc.oneof(fc.string(), fc.jsonValue()), status_reason_message: fc.oneof(fc.string(), fc.constant(null)) },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 5 }), async (items) => {
        const answer = await answerOrCodedError(() => parseOnDisburse({ header, message: { transaction_id: 'T1', disbursements_status: items } }));
        if (answer instanceof AppError) return;
        for (const status of answer.statuses) if (status.amountVnd !== null) expect(typeof status.amountVnd).toBe('bigint');
      }),
      runs,
    );
  });

  it('amounts: whole đồng round trip; anything else a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2_000_000_000 }), fc.string(), async (amount, text) => {
        const amountVnd = parseVnd(amount);
        expect(parseG2pAmount(formatG2pAmount(amountVnd))).toBe(amountVnd);
        await answerOrCodedError(() => parseG2pAmount(text));
        await answerOrCodedError(() => parseFinancialAddress(text));
      }),
      runs,
    );
  });
});

describe('webhook signature headers', () => {
  it('any header, any body: a verdict, never an exception; only the right signature is valid', () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array({ maxLength: 200 }), fc.string({ minLength: 1 }), (headerText, body, secret) => {
        const nowSeconds = 1_767_225_600;
        const verdict = verifyWebhook(secret, body, headerText, { nowSeconds });
        if (verdict.valid) expect(headerText).toContain(signWebhook(secret, body, verdict.timestampSeconds).split('v1=')[1]!);
        expect(verifyWebhook(secret, body, signWebhook(secret, body, nowSeconds), { nowSeconds }).valid).toBe(true);
        expect(verifyWebhook(`${secret}x`, body, signWebhook(secret, body, nowSeconds), { nowSeconds }).valid).toBe(false);
      }),
      runs,
    );
  });
});

describe('VietQR payloads', () => {
  it('any text: data or a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[0-9A-Z]{0,80}$/)), async (text) => {
        await answerOrCodedError(() => parseVietQr(text));
      }),
      runs,
    );
  });

  it('a payload we build is parsed back; one changed character is refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[0-9]{6,19}$/),
        fc.option(fc.integer({ min: 1, max: 50_000_000 }), { nil: undefined }),
        fc.nat(),
        async (accountNumber, amount, position) => {
          const payload = buildVietQr({ bin: '970436', accountNumber, amountVnd: amount === undefined ? undefined : parseVnd(amount) });
          const data = parseVietQr(payload);
          expect(data.accountNumber).toBe(accountNumber);
          expect(data.amountVnd).toBe(amount === undefined ? null : parseVnd(amount));
          const at = position % payload.length;
          const changed = payload.slice(0, at) + (payload[at] === '0' ? '1' : '0') + payload.slice(at + 1);
          const answer = await answerOrCodedError(() => parseVietQr(changed));
          expect(answer).toBeInstanceOf(AppError);
        },
      ),
      runs,
    );
  });
});
