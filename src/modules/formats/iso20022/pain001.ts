import { addVnd, vndToString, zeroVnd, type AmountVnd } from '../../../core/money.js';
import { FormatError, invalidInput } from '../errors.js';
import {
  bankText,
  requireBin,
  requireIdentifier,
  requireIsoDate,
  requireOffsetDateTime,
  requireOneOf,
  requirePattern,
  requirePositiveAmount,
  type CharacterSet,
} from '../fields.js';
import { renderInChunks } from '../streams.js';
import { leaf, optionalLeaf, xmlDeclaration } from '../xml.js';

/**
 * Streaming writer for ISO 20022 pain.001.001.09 bulk credit transfers (PAYMENT-FORMATS §1).
 *
 * The control totals (NbOfTxs, CtrlSum) come first in the file but are only known for sure once
 * every transaction is written, so the caller declares them up front (from the database) and the
 * writer checks while streaming that what it wrote matches. On a mismatch it throws at the end of
 * the batch and the caller must discard the partial file: a bank would reject it anyway (AM10…AM20).
 *
 * Several batches (PmtInf) per file are supported. They share the debtor, date and category
 * purpose of the header, and transactions must arrive grouped by `batchIndex` in ascending order,
 * because a PmtInf element cannot be reopened once closed.
 *
 * Not checked here: uniqueness of EndToEndId within the file (that needs memory proportional to the
 * file; the database's unique constraint on (channel, E2E) guarantees it, §1.7).
 */

export interface Pain001Batch {
  /** PmtInfId, e.g. `{MsgId}-B01`. */
  paymentInfoId: string;
  /** Declared number of transactions (PmtInf/NbOfTxs), from the database. */
  count: number;
  /** Declared sum (PmtInf/CtrlSum), from the database. */
  controlSumVnd: AmountVnd;
}

/** Debtor agent by BIC, or by NAPAS BIN (ClrSysMmbId); which one is agreed with the bank (§1.4). */
export type Pain001Debtor = { name: string; accountNumber: string } & (
  | { agentBic: string; agentBin?: undefined }
  | { agentBin: string; agentBic?: undefined }
);

const categoryPurposes = ['GOVT', 'SSBE'] as const;
const transactionPurposes = ['SSBE', 'GOVT', 'BENE', 'PENS', 'ALLW'] as const;
const chargeBearers = ['DEBT', 'CRED', 'SHAR', 'SLEV'] as const;
export type CategoryPurpose = (typeof categoryPurposes)[number];
export type TransactionPurpose = (typeof transactionPurposes)[number];
export type ChargeBearer = (typeof chargeBearers)[number];

export interface Pain001Header {
  messageId: string;
  /** ISO date-time with offset, e.g. `2025-07-01T08:30:00+07:00`; passed in so output is deterministic. */
  createdAt: string;
  initiatingPartyName: string;
  debtor: Pain001Debtor;
  /** Programme or agency behind the treasury account (PmtInf/UltmtDbtr/Nm). */
  ultimateDebtorName?: string;
  /** `YYYY-MM-DD` */
  requestedExecutionDate: string;
  categoryPurpose: CategoryPurpose;
  chargeBearer?: ChargeBearer;
  /** One debit entry for the whole batch; default true. */
  batchBooking?: boolean;
  /** Default `bank-ascii`. */
  characterSet?: CharacterSet;
  batches: readonly Pain001Batch[];
}

export interface Pain001Transaction {
  /** Index into `header.batches`; default 0. Must not decrease along the stream. */
  batchIndex?: number;
  endToEndId: string;
  /** Point-to-point id, e.g. `{e2e}-{attempt}`; omitted when absent. */
  instructionId?: string;
  amountVnd: AmountVnd;
  /** Vietnamese Unicode as registered; converted per the character set. */
  creditorName: string;
  creditorAccount: string;
  /** NAPAS BIN of the beneficiary's bank (CdtrAgt/ClrSysMmbId). */
  creditorAgentBin: string;
  /** RmtInf/Ustrd, ≤ 140 after conversion. */
  remittance: string;
  /** Purp/Cd; default SSBE. */
  purpose?: TransactionPurpose;
}

export interface Pain001WriteOptions {
  /** Transactions joined into one yielded string; larger is faster, smaller uses less memory. */
  transactionsPerChunk?: number;
}

export interface Pain001Totals {
  count: number;
  controlSumVnd: AmountVnd;
}

const namespace = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';
const maxTextLength = 140;
const accountPattern = /^[A-Za-z0-9]{1,34}$/; // GenericAccountIdentification1/Id is Max34Text
const bicPattern = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

function accountXml(accountNumber: string, field: string): string {
  const account = requirePattern(accountNumber, accountPattern, field, 'must be 1–34 letters or digits');
  return `<Id><Othr>${leaf('Id', account)}</Othr></Id>`;
}

/** Financial institution by BIC, or by NAPAS BIN as a proprietary clearing-system member id. */
function agentXml(agent: { bic: string } | { bin: string }): string {
  if ('bic' in agent) return `<FinInstnId>${leaf('BICFI', agent.bic)}</FinInstnId>`;
  return `<FinInstnId><ClrSysMmbId><ClrSysId><Prtry>NAPAS</Prtry></ClrSysId>${leaf('MmbId', agent.bin)}</ClrSysMmbId></FinInstnId>`;
}

function debtorAgent(debtor: Pain001Debtor): { bic: string } | { bin: string } {
  if (debtor.agentBic !== undefined) {
    return { bic: requirePattern(debtor.agentBic, bicPattern, 'debtor.agentBic', 'must be an 8 or 11 character BIC') };
  }
  return { bin: requireBin(debtor.agentBin, 'debtor.agentBin') };
}

function sumTotals(batches: readonly Pain001Batch[]): Pain001Totals {
  let count = 0;
  let controlSumVnd = zeroVnd;
  for (const batch of batches) {
    count += batch.count;
    controlSumVnd = addVnd(controlSumVnd, batch.controlSumVnd);
  }
  return { count, controlSumVnd };
}

function checkBatches(batches: readonly Pain001Batch[]): void {
  if (batches.length === 0) throw invalidInput('a pain.001 needs at least one batch');
  const ids = new Set<string>();
  batches.forEach((batch, index) => {
    requireIdentifier(batch.paymentInfoId, `batches[${index}].paymentInfoId`);
    if (ids.has(batch.paymentInfoId)) throw invalidInput(`duplicate paymentInfoId ${batch.paymentInfoId} (DU02)`);
    ids.add(batch.paymentInfoId);
    if (!Number.isSafeInteger(batch.count) || batch.count < 1) throw invalidInput(`batches[${index}].count must be a positive integer`);
    requirePositiveAmount(batch.controlSumVnd, `batches[${index}].controlSumVnd`);
  });
}

/** Everything in the header, validated and rendered once; the per-batch parts reuse it. */
interface PreparedHeader {
  groupHeaderXml: string;
  /** PmtInf children after CtrlSum and before the transactions (PmtTpInf … ChrgBr). */
  paymentInfoTailXml: string;
  batchBooking: boolean;
  characterSet: CharacterSet;
  batches: readonly Pain001Batch[];
}

function prepareHeader(header: Pain001Header): PreparedHeader {
  const characterSet = header.characterSet ?? 'bank-ascii';
  const text = (value: string, field: string) => bankText(value, field, characterSet, maxTextLength);
  requireIdentifier(header.messageId, 'messageId');
  requireOffsetDateTime(header.createdAt, 'createdAt');
  requireIsoDate(header.requestedExecutionDate, 'requestedExecutionDate');
  checkBatches(header.batches);
  const totals = sumTotals(header.batches);
  const groupHeaderXml =
    '    <GrpHdr>\n' +
    `      ${leaf('MsgId', header.messageId)}\n` +
    `      ${leaf('CreDtTm', header.createdAt)}\n` +
    `      ${leaf('NbOfTxs', String(totals.count))}\n` +
    `      ${leaf('CtrlSum', vndToString(totals.controlSumVnd))}\n` +
    `      <InitgPty>${leaf('Nm', text(header.initiatingPartyName, 'initiatingPartyName'))}</InitgPty>\n` +
    '    </GrpHdr>\n';
  const ultimateDebtor =
    header.ultimateDebtorName === undefined ? '' : `<UltmtDbtr>${leaf('Nm', text(header.ultimateDebtorName, 'ultimateDebtorName'))}</UltmtDbtr>`;
  const paymentInfoTailXml =
    `      <PmtTpInf><CtgyPurp>${leaf('Cd', requireOneOf(header.categoryPurpose, categoryPurposes, 'categoryPurpose'))}</CtgyPurp></PmtTpInf>\n` +
    `      <ReqdExctnDt>${leaf('Dt', header.requestedExecutionDate)}</ReqdExctnDt>\n` +
    `      <Dbtr>${leaf('Nm', text(header.debtor.name, 'debtor.name'))}</Dbtr>\n` +
    `      <DbtrAcct>${accountXml(header.debtor.accountNumber, 'debtor.accountNumber')}</DbtrAcct>\n` +
    `      <DbtrAgt>${agentXml(debtorAgent(header.debtor))}</DbtrAgt>\n` +
    (ultimateDebtor ? `      ${ultimateDebtor}\n` : '') +
    (header.chargeBearer ? `      ${leaf('ChrgBr', requireOneOf(header.chargeBearer, chargeBearers, 'chargeBearer'))}\n` : '');
  return { groupHeaderXml, paymentInfoTailXml, batchBooking: header.batchBooking ?? true, characterSet, batches: header.batches };
}

function paymentInfoOpenXml(prepared: PreparedHeader, batch: Pain001Batch): string {
  return (
    '    <PmtInf>\n' +
    `      ${leaf('PmtInfId', batch.paymentInfoId)}\n` +
    '      <PmtMtd>TRF</PmtMtd>\n' +
    `      ${leaf('BtchBookg', String(prepared.batchBooking))}\n` +
    `      ${leaf('NbOfTxs', String(batch.count))}\n` +
    `      ${leaf('CtrlSum', vndToString(batch.controlSumVnd))}\n` +
    prepared.paymentInfoTailXml
  );
}

/** One CdtTrfTxInf on one line (greppable, countable), in CreditTransferTransaction34 order. */
function transactionXml(tx: Pain001Transaction, position: number, characterSet: CharacterSet): string {
  const at = `transactions[${position}]`;
  const endToEndId = requireIdentifier(tx.endToEndId, `${at}.endToEndId`);
  const instructionId = tx.instructionId === undefined ? undefined : requireIdentifier(tx.instructionId, `${at}.instructionId`);
  const amountVnd = requirePositiveAmount(tx.amountVnd, `${at}.amountVnd`);
  const bin = requireBin(tx.creditorAgentBin, `${at}.creditorAgentBin`);
  const text = (value: string, field: string) => bankText(value, field, characterSet, maxTextLength);
  return (
    '      <CdtTrfTxInf>' +
    `<PmtId>${optionalLeaf('InstrId', instructionId)}${leaf('EndToEndId', endToEndId)}</PmtId>` +
    `<Amt><InstdAmt Ccy="VND">${vndToString(amountVnd)}</InstdAmt></Amt>` +
    `<CdtrAgt>${agentXml({ bin })}</CdtrAgt>` +
    `<Cdtr>${leaf('Nm', text(tx.creditorName, `${at}.creditorName`))}</Cdtr>` +
    `<CdtrAcct>${accountXml(tx.creditorAccount, `${at}.creditorAccount`)}</CdtrAcct>` +
    `<Purp>${leaf('Cd', requireOneOf(tx.purpose ?? 'SSBE', transactionPurposes, `${at}.purpose`))}</Purp>` +
    `<RmtInf>${leaf('Ustrd', text(tx.remittance, `${at}.remittance`))}</RmtInf>` +
    '</CdtTrfTxInf>\n'
  );
}

function controlMismatch(batch: Pain001Batch, written: Pain001Totals): FormatError {
  return new FormatError(
    'FORMAT_CONTROL_TOTAL_MISMATCH',
    `batch ${batch.paymentInfoId}: declared ${batch.count} transactions / ${batch.controlSumVnd} VND, ` +
      `wrote ${written.count} / ${written.controlSumVnd} VND; discard the file`,
    { paymentInfoId: batch.paymentInfoId, declaredCount: batch.count, declaredSumVnd: vndToString(batch.controlSumVnd), writtenCount: written.count, writtenSumVnd: vndToString(written.controlSumVnd) },
  );
}

/**
 * Tracks which PmtInf is open and what was written into it, and produces the XML that opens and
 * closes batches, so the generator below only moves chunks around.
 */
class BatchCursor {
  private openIndex = -1;
  private written: Pain001Totals = { count: 0, controlSumVnd: zeroVnd };

  constructor(private readonly prepared: PreparedHeader) {}

  /** XML needed before a transaction of batch `index` (closing and opening PmtInf as needed). */
  enter(index: number, position: number): string {
    if (index === this.openIndex) return '';
    const batches = this.prepared.batches;
    if (!Number.isSafeInteger(index) || index < this.openIndex || index >= batches.length) {
      throw invalidInput(`transactions[${position}].batchIndex ${index} is out of order or out of range (batches arrive in ascending order)`);
    }
    let xml = this.closeOpen();
    // A batch that gets no transactions between the open one and `index` fails its declared count.
    for (let skipped = this.openIndex + 1; skipped < index; skipped++) this.check(batches[skipped]!, { count: 0, controlSumVnd: zeroVnd });
    this.openIndex = index;
    this.written = { count: 0, controlSumVnd: zeroVnd };
    xml += paymentInfoOpenXml(this.prepared, batches[index]!);
    return xml;
  }

  add(amountVnd: AmountVnd): void {
    const batch = this.prepared.batches[this.openIndex]!;
    this.written.count++;
    this.written.controlSumVnd = addVnd(this.written.controlSumVnd, amountVnd);
    // Fail early on overflow; a shortfall can only be seen when the batch closes.
    if (this.written.count > batch.count) throw controlMismatch(batch, this.written);
  }

  /** Closes the last batch and checks that no declared batch was left out. */
  finish(): string {
    const xml = this.closeOpen();
    const batches = this.prepared.batches;
    for (let rest = this.openIndex + 1; rest < batches.length; rest++) this.check(batches[rest]!, { count: 0, controlSumVnd: zeroVnd });
    return xml;
  }

  private closeOpen(): string {
    if (this.openIndex < 0) return '';
    this.check(this.prepared.batches[this.openIndex]!, this.written);
    return '    </PmtInf>\n';
  }

  private check(batch: Pain001Batch, written: Pain001Totals): void {
    if (written.count !== batch.count || written.controlSumVnd !== batch.controlSumVnd) throw controlMismatch(batch, written);
  }
}

/**
 * Writes a pain.001.001.09 document as string chunks (UTF-8 when written to a stream). Same input
 * → identical bytes. Throws `FormatError` on invalid data or on a control-total mismatch; the
 * chunks already yielded must then be discarded.
 *
 * Usage: `await pipeline(Readable.from(writePain001(header, rows)), createWriteStream(path))`.
 */
export async function* writePain001(
  header: Pain001Header,
  transactions: AsyncIterable<Pain001Transaction> | Iterable<Pain001Transaction>,
  options: Pain001WriteOptions = {},
): AsyncGenerator<string, Pain001Totals> {
  const prepared = prepareHeader(header);
  const cursor = new BatchCursor(prepared);
  yield `${xmlDeclaration}<Document xmlns="${namespace}">\n  <CstmrCdtTrfInitn>\n${prepared.groupHeaderXml}`;
  const render = (tx: Pain001Transaction, position: number): string => {
    const xml = cursor.enter(tx.batchIndex ?? 0, position) + transactionXml(tx, position, prepared.characterSet);
    cursor.add(tx.amountVnd);
    return xml;
  };
  yield* renderInChunks(transactions, render, options.transactionsPerChunk);
  yield `${cursor.finish()}  </CstmrCdtTrfInitn>\n</Document>\n`;
  return sumTotals(prepared.batches);
}
