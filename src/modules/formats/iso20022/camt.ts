import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { vndToString, type AmountVnd } from '../../../core/money.js';
import { FormatError, invalidInput, parseFailed } from '../errors.js';
import { requireIdentifier, requireIsoDate, requireMaxLength, requireOffsetDateTime, requirePattern, requirePositiveAmount } from '../fields.js';
import { renderInChunks, utf8Chunks, type ChunkSource } from '../streams.js';
import { leaf, optionalLeaf, xmlDeclaration } from '../xml.js';

/**
 * ISO 20022 cash-management reports of the 2019 release, read for the returns they carry:
 * camt.052.001.08 account reports (BkToCstmrAcctRpt/Rpt), camt.054.001.08 debit/credit
 * notifications (BkToCstmrDbtCdtNtfctn/Ntfctn) and camt.053 statements (BkToCstmrStmt/Stmt) share
 * the entry structure. A return after success is a booked credit on the paying account whose
 * transaction details name the original payment (Refs/EndToEndId, or InstrId) and carry the
 * return information (RtrInf/Rsn, or the bank transaction code …/RRTN).
 *
 * Streaming: only the entry being read is kept, so a month of account activity reads in flat
 * memory. Namespaces and prefixes are ignored, every value stays a string.
 */

export type CamtKind = 'camt.052' | 'camt.053' | 'camt.054';

export interface CamtHeader {
  kind: CamtKind;
  /** GrpHdr/MsgId: the deduplication key of the report (per provider). */
  messageId: string;
  createdAt: string | null;
}

export interface CamtReturnReason {
  /** Rsn/Cd (ExternalReturnReason1Code), e.g. AC04, MD07. */
  code: string | null;
  proprietary: string | null;
  additionalInfo: string[];
}

/** One transaction of an entry (or the entry itself when it has no details). */
export interface CamtEntry {
  /** Rpt/Id, Ntfctn/Id or Stmt/Id. */
  reportId: string | null;
  /** The account reported on: Acct/Id/IBAN or Acct/Id/Othr/Id. */
  accountId: string | null;
  entryReference: string | null;
  /** TxDtls/Amt, else Ntry/Amt; decimal text as written. */
  amount: string | null;
  currency: string | null;
  /** TxDtls/CdtDbtInd, else Ntry/CdtDbtInd. */
  creditDebit: string | null;
  reversal: boolean;
  /** Ntry/Sts/Cd (BOOK, PDNG, INFO …) or Sts/Prtry. */
  status: string | null;
  bookingDate: string | null;
  accountServicerReference: string | null;
  /** Domain/family/sub-family of the transaction's (else the entry's) bank transaction code, e.g. PMNT/ICDT/RRTN. */
  bankTransactionCode: string | null;
  endToEndId: string | null;
  instructionId: string | null;
  /** Present when the transaction has RtrInf. */
  returnReason: CamtReturnReason | null;
}

export type CamtEvent = { kind: 'header'; header: CamtHeader } | { kind: 'entry'; entry: CamtEntry };

const roots: Readonly<Record<string, { kind: CamtKind; container: string }>> = {
  BkToCstmrAcctRpt: { kind: 'camt.052', container: 'Rpt' },
  BkToCstmrStmt: { kind: 'camt.053', container: 'Stmt' },
  BkToCstmrDbtCdtNtfctn: { kind: 'camt.054', container: 'Ntfctn' },
};

/** ISO 20022's placeholder for an id the initiating party did not give. */
const notProvided = 'NOTPROVIDED';
const maxValueLength = 10_000;

function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(':') + 1);
}

/** The part of an element path below `/marker/`, or null outside it. */
function below(path: string, marker: string): string | null {
  const at = path.lastIndexOf(`/${marker}/`);
  return at < 0 ? null : path.slice(at + marker.length + 2);
}

interface EntryDraft {
  reference: string | null;
  amount: string | null;
  currency: string | null;
  creditDebit: string | null;
  reversal: boolean;
  status: string | null;
  bookingDate: string | null;
  accountServicerReference: string | null;
  domain: string | null;
  family: string | null;
  subFamily: string | null;
  transactions: number;
}

interface TransactionDraft {
  amount: string | null;
  currency: string | null;
  creditDebit: string | null;
  endToEndId: string | null;
  instructionId: string | null;
  accountServicerReference: string | null;
  domain: string | null;
  family: string | null;
  subFamily: string | null;
  returnReason: CamtReturnReason | null;
}

const emptyEntry = (): EntryDraft => ({
  reference: null, amount: null, currency: null, creditDebit: null, reversal: false, status: null, bookingDate: null,
  accountServicerReference: null, domain: null, family: null, subFamily: null, transactions: 0,
});

const emptyTransaction = (): TransactionDraft => ({
  amount: null, currency: null, creditDebit: null, endToEndId: null, instructionId: null, accountServicerReference: null,
  domain: null, family: null, subFamily: null, returnReason: null,
});

function transactionCode(owner: { domain: string | null; family: string | null; subFamily: string | null }): string | null {
  return owner.domain === null ? null : [owner.domain, owner.family, owner.subFamily].filter((part) => part !== null).join('/');
}

/** The SAX state machine: the path of open elements decides where each value goes. */
class CamtCollector {
  readonly events: CamtEvent[] = [];
  private readonly stack: string[] = [];
  private text = '';
  private attributes: Record<string, string> = {};
  private kind: CamtKind | null = null;
  private container = '';
  private messageId: string | null = null;
  private createdAt: string | null = null;
  private headerSent = false;
  private reportId: string | null = null;
  private accountId: string | null = null;
  private entry: EntryDraft | null = null;
  private transaction: TransactionDraft | null = null;

  open(tag: SaxesTagPlain): void {
    const name = localName(tag.name);
    const depth = this.stack.length;
    if (depth === 0 && name !== 'Document') throw parseFailed(`camt: root element is ${name}, not Document`);
    if (depth === 1) {
      const root = roots[name];
      if (!root) throw parseFailed(`camt: expected BkToCstmrAcctRpt, BkToCstmrStmt or BkToCstmrDbtCdtNtfctn, found ${name}`);
      this.kind = root.kind;
      this.container = root.container;
    }
    this.stack.push(name);
    this.text = '';
    this.attributes = tag.attributes;
    if (depth === 2 && name === this.container) this.openReport();
    else if (name === 'Ntry' && depth === 3 && this.parent() === this.container) this.entry = emptyEntry();
    else if (name === 'TxDtls' && this.entry) this.transaction = emptyTransaction();
    else if (name === 'RtrInf' && this.transaction) this.transaction.returnReason = { code: null, proprietary: null, additionalInfo: [] };
  }

  addText(text: string): void {
    this.text += text;
    if (this.text.length > maxValueLength) throw parseFailed(`camt: a value is longer than ${maxValueLength} characters`);
  }

  close(): void {
    const name = this.stack[this.stack.length - 1]!;
    const value = this.text.trim();
    this.text = '';
    const path = this.stack.join('/');
    if (this.transaction) this.readTransaction(this.transaction, below(path, 'TxDtls'), value);
    else if (this.entry) this.readEntry(this.entry, below(path, 'Ntry'), value);
    else this.readOuter(path, name, value);
    if (name === 'TxDtls' && this.transaction) this.closeTransaction();
    else if (name === 'Ntry' && this.entry && this.stack.length === 4) this.closeEntry();
    this.stack.pop();
  }

  finish(): void {
    if (!this.headerSent) throw parseFailed('camt: GrpHdr/MsgId is missing');
  }

  private parent(): string | undefined {
    return this.stack[this.stack.length - 2];
  }

  private openReport(): void {
    this.sendHeader();
    this.reportId = null;
    this.accountId = null;
  }

  private sendHeader(): void {
    if (this.headerSent) return;
    if (this.messageId === null) throw parseFailed('camt: GrpHdr/MsgId is missing');
    this.headerSent = true;
    this.events.push({ kind: 'header', header: { kind: this.kind!, messageId: this.messageId, createdAt: this.createdAt } });
  }

  private readOuter(path: string, name: string, value: string): void {
    const inGroupHeader = this.stack.length === 4 && this.stack[2] === 'GrpHdr';
    if (inGroupHeader && name === 'MsgId') this.messageId = value;
    else if (inGroupHeader && name === 'CreDtTm') this.createdAt = value;
    else if (this.stack.length === 4 && this.stack[2] === this.container && name === 'Id') this.reportId = value;
    else if (path.endsWith(`${this.container}/Acct/Id/IBAN`) || path.endsWith(`${this.container}/Acct/Id/Othr/Id`)) this.accountId = value;
  }

  private readEntry(entry: EntryDraft, tail: string | null, value: string): void {
    if (tail === 'NtryRef') entry.reference = value;
    else if (tail === 'Amt') {
      entry.amount = value;
      entry.currency = this.attributes['Ccy'] ?? null;
    } else if (tail === 'CdtDbtInd') entry.creditDebit = value;
    else if (tail === 'RvslInd') entry.reversal = value === 'true' || value === '1';
    else if (tail === 'Sts/Cd' || tail === 'Sts/Prtry' || (tail === 'Sts' && value !== '')) entry.status = value;
    else if (tail === 'BookgDt/Dt' || tail === 'BookgDt/DtTm') entry.bookingDate = value;
    else if (tail === 'AcctSvcrRef') entry.accountServicerReference = value;
    else if (tail === 'BkTxCd/Domn/Cd') entry.domain = value;
    else if (tail === 'BkTxCd/Domn/Fmly/Cd') entry.family = value;
    else if (tail === 'BkTxCd/Domn/Fmly/SubFmlyCd') entry.subFamily = value;
  }

  private readTransaction(tx: TransactionDraft, tail: string | null, value: string): void {
    if (tail === 'Refs/EndToEndId') tx.endToEndId = value === notProvided ? null : value;
    else if (tail === 'Refs/InstrId') tx.instructionId = value === notProvided ? null : value;
    else if (tail === 'Refs/AcctSvcrRef') tx.accountServicerReference = value;
    else if (tail === 'Amt') {
      tx.amount = value;
      tx.currency = this.attributes['Ccy'] ?? null;
    } else if (tail === 'CdtDbtInd') tx.creditDebit = value;
    else if (tail === 'BkTxCd/Domn/Cd') tx.domain = value;
    else if (tail === 'BkTxCd/Domn/Fmly/Cd') tx.family = value;
    else if (tail === 'BkTxCd/Domn/Fmly/SubFmlyCd') tx.subFamily = value;
    else if (tail === 'RtrInf/Rsn/Cd' && tx.returnReason) tx.returnReason.code = value;
    else if (tail === 'RtrInf/Rsn/Prtry' && tx.returnReason) tx.returnReason.proprietary = value;
    else if (tail === 'RtrInf/AddtlInf' && tx.returnReason) tx.returnReason.additionalInfo.push(value);
  }

  private closeTransaction(): void {
    const entry = this.entry!;
    const tx = this.transaction!;
    entry.transactions++;
    this.emit(entry, tx);
    this.transaction = null;
  }

  private closeEntry(): void {
    const entry = this.entry!;
    // An entry without details is reported as it is: it names no payment, so it is no return.
    if (entry.transactions === 0) this.emit(entry, null);
    this.entry = null;
  }

  private emit(entry: EntryDraft, tx: TransactionDraft | null): void {
    // The transaction's own amount when it has one; the entry's when it is the entry's only one.
    const ownAmount = tx?.amount ?? null;
    const amount = ownAmount ?? (tx === null || entry.transactions === 1 ? entry.amount : null);
    this.events.push({
      kind: 'entry',
      entry: {
        reportId: this.reportId,
        accountId: this.accountId,
        entryReference: entry.reference,
        amount,
        currency: ownAmount !== null ? tx!.currency : amount !== null ? entry.currency : null,
        creditDebit: tx?.creditDebit ?? entry.creditDebit,
        reversal: entry.reversal,
        status: entry.status,
        bookingDate: entry.bookingDate,
        accountServicerReference: tx?.accountServicerReference ?? entry.accountServicerReference,
        bankTransactionCode: (tx && transactionCode(tx)) ?? transactionCode(entry),
        endToEndId: tx?.endToEndId ?? null,
        instructionId: tx?.instructionId ?? null,
        returnReason: tx?.returnReason ?? null,
      },
    });
  }
}

function step(action: () => void): void {
  try {
    action();
  } catch (error) {
    if (error instanceof FormatError) throw error;
    throw parseFailed(`camt is not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Reads a camt.052 / camt.053 / camt.054 document from a stream of chunks: the header first, then
 * one event per transaction detail (or per entry without details). Throws `FormatError` on
 * malformed input.
 */
export async function* readCamt(source: ChunkSource): AsyncGenerator<CamtEvent> {
  const collector = new CamtCollector();
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => collector.open(tag));
  parser.on('text', (text) => collector.addText(text));
  parser.on('cdata', (text) => collector.addText(text));
  parser.on('closetag', () => collector.close());
  // A DTD could declare entities; bank reports never need one.
  parser.on('doctype', () => {
    throw parseFailed('camt: DOCTYPE is not allowed');
  });
  for await (const text of utf8Chunks(source)) {
    step(() => parser.write(text));
    yield* collector.events.splice(0);
  }
  step(() => {
    parser.close();
    collector.finish();
  });
  yield* collector.events.splice(0);
}

/** Why an entry is not a return of one of our payments (it is then only counted). */
export type CamtNotAReturn = 'NOT_A_CREDIT' | 'NOT_BOOKED' | 'NO_RETURN_INFORMATION' | 'NO_PAYMENT_REFERENCE' | 'NOT_VND';

export type CamtReading =
  | { kind: 'return'; endToEndId: string; reasonCode: string; reasonText: string | null; amount: string | null; bookingDate: string | null; accountServicerReference: string | null }
  | { kind: 'other'; why: CamtNotAReturn };

/**
 * A return is a booked credit (only booked money has come back: a pending entry may still be
 * undone) that carries return information (RtrInf, or the bank transaction code's RRTN
 * sub-family) and names the payment: by end-to-end id, or else by instruction id (our pain.001
 * writes InstrId = EndToEndId). Without a reason code the return is NARR (a person classifies it).
 */
export function camtReturnOf(entry: CamtEntry): CamtReading {
  if (entry.creditDebit !== 'CRDT') return { kind: 'other', why: 'NOT_A_CREDIT' };
  if (entry.status !== 'BOOK') return { kind: 'other', why: 'NOT_BOOKED' };
  if (entry.returnReason === null && !/\/RRTN$/.test(entry.bankTransactionCode ?? '')) return { kind: 'other', why: 'NO_RETURN_INFORMATION' };
  const endToEndId = entry.endToEndId ?? entry.instructionId;
  if (endToEndId === null) return { kind: 'other', why: 'NO_PAYMENT_REFERENCE' };
  if (entry.amount !== null && entry.currency !== 'VND') return { kind: 'other', why: 'NOT_VND' };
  const reason = entry.returnReason;
  const info = reason?.additionalInfo ?? [];
  return {
    kind: 'return',
    endToEndId,
    reasonCode: reason?.code ?? reason?.proprietary ?? 'NARR',
    reasonText: info.length > 0 ? info.join(' ') : null,
    amount: entry.amount,
    bookingDate: entry.bookingDate,
    accountServicerReference: entry.accountServicerReference,
  };
}

// ---------------------------------------------------------------------------------------------
// Writer (bank simulator): returns after success as a camt.052 report or a camt.054 notification.

export interface CamtReturnInput {
  endToEndId: string;
  /** Default: the end-to-end id (as our pain.001 writes it). */
  instructionId?: string;
  amountVnd: AmountVnd;
  /** ExternalReturnReason1Code, e.g. AC04, MD07. */
  reasonCode: string;
  /** Max105Text */
  additionalInfo?: string;
  accountServicerReference?: string;
}

export interface CamtReturnsInput {
  kind: 'camt.052' | 'camt.054';
  messageId: string;
  createdAt: string;
  /** Rpt/Id or Ntfctn/Id */
  reportId: string;
  /** The paying (debtor) account the money came back to. */
  accountNumber: string;
  /** `YYYY-MM-DD` */
  bookingDate: string;
  returns: AsyncIterable<CamtReturnInput> | Iterable<CamtReturnInput>;
}

const writers = {
  'camt.052': { namespace: 'urn:iso:std:iso:20022:tech:xsd:camt.052.001.08', root: 'BkToCstmrAcctRpt', container: 'Rpt' },
  'camt.054': { namespace: 'urn:iso:std:iso:20022:tech:xsd:camt.054.001.08', root: 'BkToCstmrDbtCdtNtfctn', container: 'Ntfctn' },
} as const;

/** Payments / issued credit transfers / reversal due to a return (ISO bank transaction codes). */
const returnTransactionCode = '<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>RRTN</SubFmlyCd></Fmly></Domn></BkTxCd>';

function returnEntryXml(bookingDate: string) {
  return (item: CamtReturnInput, position: number): string => {
    const at = `returns[${position}]`;
    const endToEndId = requireIdentifier(item.endToEndId, `${at}.endToEndId`);
    const instructionId = requireIdentifier(item.instructionId ?? item.endToEndId, `${at}.instructionId`);
    const amount = vndToString(requirePositiveAmount(item.amountVnd, `${at}.amountVnd`));
    const code = requirePattern(item.reasonCode, /^[A-Z0-9]{4}$/, `${at}.reasonCode`, 'must be a 4-character ISO reason code');
    const info = item.additionalInfo === undefined ? undefined : requireMaxLength(item.additionalInfo, 105, `${at}.additionalInfo`);
    const reference = item.accountServicerReference;
    return (
      '      <Ntry>' +
      `<Amt Ccy="VND">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
      `<BookgDt>${leaf('Dt', bookingDate)}</BookgDt>${optionalLeaf('AcctSvcrRef', reference)}${returnTransactionCode}` +
      '<NtryDtls><TxDtls>' +
      `<Refs>${optionalLeaf('AcctSvcrRef', reference)}${leaf('InstrId', instructionId)}${leaf('EndToEndId', endToEndId)}</Refs>` +
      `<Amt Ccy="VND">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>` +
      `<RtrInf><Rsn>${leaf('Cd', code)}</Rsn>${optionalLeaf('AddtlInf', info)}</RtrInf>` +
      '</TxDtls></NtryDtls>' +
      '</Ntry>\n'
    );
  };
}

/** Writes the returns as one account report or notification, one booked credit entry per return. */
export async function* writeCamtReturns(input: CamtReturnsInput): AsyncGenerator<string> {
  const writer = writers[input.kind];
  if (!writer) throw invalidInput(`unknown camt kind ${String(input.kind)}`);
  requireIdentifier(input.messageId, 'messageId');
  requireIdentifier(input.reportId, 'reportId');
  requireOffsetDateTime(input.createdAt, 'createdAt');
  requireIsoDate(input.bookingDate, 'bookingDate');
  const account = requirePattern(input.accountNumber, /^[A-Za-z0-9]{1,34}$/, 'accountNumber', 'must be 1–34 letters or digits');
  yield `${xmlDeclaration}<Document xmlns="${writer.namespace}">\n  <${writer.root}>\n` +
    `    <GrpHdr>${leaf('MsgId', input.messageId)}${leaf('CreDtTm', input.createdAt)}</GrpHdr>\n` +
    `    <${writer.container}>${leaf('Id', input.reportId)}${leaf('CreDtTm', input.createdAt)}<Acct><Id><Othr>${leaf('Id', account)}</Othr></Id></Acct>\n`;
  yield* renderInChunks(input.returns, returnEntryXml(input.bookingDate));
  yield `    </${writer.container}>\n  </${writer.root}>\n</Document>\n`;
}
