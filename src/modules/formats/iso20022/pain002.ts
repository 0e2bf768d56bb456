import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { addVnd, vndToString, zeroVnd, type AmountVnd } from '../../../core/money.js';
import { FormatError, invalidInput, parseFailed } from '../errors.js';
import { requireIdentifier, requireMaxLength, requireOffsetDateTime, requirePattern } from '../fields.js';
import { renderInChunks, utf8Chunks, type ChunkSource } from '../streams.js';
import { leaf, optionalLeaf, xmlDeclaration } from '../xml.js';
import type { IsoPaymentStatusCode } from './status.js';

/**
 * ISO 20022 pain.002.001.10 customer payment status reports (PAYMENT-FORMATS §2): a streaming
 * reader for bank reports and a streaming writer for the bank simulator.
 *
 * The reader keeps only the element being read, so memory stays flat for a million lines.
 * Namespaces and prefixes are ignored, every value stays a string (leading zeros survive), and
 * the original-transaction echo (OrgnlTxRef) is skipped.
 */

export interface StatusReason {
  /** Rsn/Cd (ExternalStatusReason1Code), e.g. AC04. */
  code: string | null;
  /** Rsn/Prtry, a bank's own code. */
  proprietary: string | null;
  additionalInfo: string[];
  /** Orgtr/Nm */
  originator: string | null;
}

export interface StatusCount {
  status: string;
  count: string;
  controlSum: string | null;
}

export interface Pain002Header {
  messageId: string;
  createdAt: string | null;
  originalMessageId: string;
  originalMessageNameId: string | null;
  originalCount: string | null;
  originalControlSum: string | null;
  groupStatus: string | null;
  groupReasons: StatusReason[];
  countsPerStatus: StatusCount[];
}

export type Pain002Level = 'transaction' | 'batch' | 'group';

/**
 * One status line. Transaction lines always apply to their transaction. A batch or group line
 * applies to every transaction of that batch / of the original message only when the report has no
 * transaction lines for it (§2.4 rule 2) and its status is not the aggregate PART: then
 * `appliesToAllTransactions` is true. Otherwise it is informational, kept so every reason can be
 * stored with its level (§2.4 rule 3).
 */
export interface Pain002Record {
  level: Pain002Level;
  /** Report MsgId: the dedup key for ingestion (§2.4 rule 1). */
  messageId: string;
  originalMessageId: string;
  /** Null on group lines. */
  originalPaymentInfoId: string | null;
  /** Set on transaction lines only, when the bank echoes it (else match on `originalInstructionId`). */
  originalEndToEndId: string | null;
  originalInstructionId: string | null;
  statusId: string | null;
  /** TxSts, PmtInfSts or GrpSts; null when the bank omitted it. */
  status: string | null;
  /** First reason's Cd, or its Prtry. */
  reasonCode: string | null;
  /** All AddtlInf of all reasons, joined with a space. */
  additionalInfo: string | null;
  reasons: StatusReason[];
  accountServicerReference: string | null;
  appliesToAllTransactions: boolean;
}

export type Pain002Event = { kind: 'header'; header: Pain002Header } | { kind: 'record'; record: Pain002Record };

/** No single value in a status report comes near this; a longer one means a broken or hostile file. */
const maxValueLength = 10_000;

/** §2.4 rule 5: do the per-status counts add up to OrgnlNbOfTxs? Null when either is absent. */
export function countsPerStatusAddUp(header: Pain002Header): boolean | null {
  if (header.countsPerStatus.length === 0 || header.originalCount === null) return null;
  const total = header.countsPerStatus.reduce((sum, entry) => sum + BigInt(entry.count), 0n);
  return total === BigInt(header.originalCount);
}

interface Draft {
  statusId: string | null;
  originalPaymentInfoId: string | null;
  originalEndToEndId: string | null;
  originalInstructionId: string | null;
  status: string | null;
  reasons: StatusReason[];
  accountServicerReference: string | null;
  transactionLines: number;
}

const emptyDraft = (): Draft => ({
  statusId: null,
  originalPaymentInfoId: null,
  originalEndToEndId: null,
  originalInstructionId: null,
  status: null,
  reasons: [],
  accountServicerReference: null,
  transactionLines: 0,
});

/** ISO 20022's placeholder for an end-to-end id the initiating party did not give. */
const notProvided = 'NOTPROVIDED';

const emptyReason = (): StatusReason => ({ code: null, proprietary: null, additionalInfo: [], originator: null });

function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(':') + 1);
}

/** Applies to all unless detailed lines exist or the status is only an aggregate. */
function appliesToAll(status: string | null, transactionLines: number): boolean {
  return status !== null && status !== 'PART' && transactionLines === 0;
}

/**
 * The SAX state machine. It collects the text of the current element, fills the draft of the
 * enclosing group / batch / transaction / reason on close, and queues events as they complete.
 */
class Pain002Collector {
  readonly events: Pain002Event[] = [];
  private readonly stack: string[] = [];
  private text = '';
  private messageId: string | null = null;
  private createdAt: string | null = null;
  private header: Pain002Header | null = null;
  private readonly group = emptyDraft();
  private groupHeader: Omit<Pain002Header, 'messageId' | 'createdAt' | 'groupStatus' | 'groupReasons'> = {
    originalMessageId: '',
    originalMessageNameId: null,
    originalCount: null,
    originalControlSum: null,
    countsPerStatus: [],
  };
  private batch: Draft | null = null;
  private transaction: Draft | null = null;
  private reason: StatusReason | null = null;
  private count: StatusCount | null = null;
  private transactionLines = 0;

  open(tag: SaxesTagPlain): void {
    const name = localName(tag.name);
    const depth = this.stack.length;
    if (depth === 0 && name !== 'Document') throw parseFailed(`pain.002: root element is ${name}, not Document`);
    if (depth === 1 && name !== 'CstmrPmtStsRpt') throw parseFailed(`pain.002: expected CstmrPmtStsRpt, found ${name}`);
    this.stack.push(name);
    this.text = '';
    if (name === 'OrgnlPmtInfAndSts' && depth === 2) this.openBatch();
    else if (name === 'TxInfAndSts' && this.batch) this.transaction = emptyDraft();
    else if (name === 'StsRsnInf') this.reason = emptyReason();
    else if (name === 'NbOfTxsPerSts' && this.parent() === 'OrgnlGrpInfAndSts') this.count = { status: '', count: '', controlSum: null };
  }

  addText(text: string): void {
    this.text += text;
    if (this.text.length > maxValueLength) throw parseFailed(`pain.002: a value is longer than ${maxValueLength} characters`);
  }

  close(): void {
    const name = this.stack[this.stack.length - 1]!;
    const parent = this.parent();
    const value = this.text.trim();
    this.text = '';
    // While a StsRsnInf is open, everything inside it belongs to the reason.
    if (this.reason && name !== 'StsRsnInf') this.readReason(name, parent, value);
    else if (this.transaction && parent === 'TxInfAndSts') this.readLine(this.transaction, name, value);
    else if (this.batch && parent === 'OrgnlPmtInfAndSts') this.readLine(this.batch, name, value);
    else if (parent === 'OrgnlGrpInfAndSts') this.readGroup(name, value);
    else if (parent === 'NbOfTxsPerSts' && this.count) this.readCount(name, value);
    else if (parent === 'GrpHdr') this.readReportHeader(name, value);
    this.closeContainer(name);
    this.stack.pop();
  }

  finish(): void {
    if (!this.header) throw parseFailed('pain.002: OrgnlGrpInfAndSts is missing');
    const { groupStatus, groupReasons } = this.header;
    if (groupStatus !== null || groupReasons.length > 0) this.emit('group', this.group, appliesToAll(groupStatus, this.transactionLines));
  }

  private parent(): string | undefined {
    return this.stack[this.stack.length - 2];
  }

  private openBatch(): void {
    if (!this.header) throw parseFailed('pain.002: OrgnlPmtInfAndSts before OrgnlGrpInfAndSts');
    this.batch = emptyDraft();
  }

  private readReason(name: string, parent: string | undefined, value: string): void {
    const reason = this.reason!;
    if (parent === 'Rsn' && name === 'Cd') reason.code = value;
    else if (parent === 'Rsn' && name === 'Prtry') reason.proprietary = value;
    else if (parent === 'StsRsnInf' && name === 'AddtlInf') reason.additionalInfo.push(value);
    else if (parent === 'Orgtr' && name === 'Nm') reason.originator = value;
  }

  private readLine(draft: Draft, name: string, value: string): void {
    if (name === 'StsId') draft.statusId = value;
    else if (name === 'OrgnlPmtInfId') draft.originalPaymentInfoId = value;
    else if (name === 'OrgnlEndToEndId') draft.originalEndToEndId = value;
    else if (name === 'OrgnlInstrId') draft.originalInstructionId = value;
    else if (name === 'TxSts' || name === 'PmtInfSts') draft.status = value;
    else if (name === 'AcctSvcrRef') draft.accountServicerReference = value;
  }

  private readGroup(name: string, value: string): void {
    const header = this.groupHeader;
    if (name === 'OrgnlMsgId') header.originalMessageId = value;
    else if (name === 'OrgnlMsgNmId') header.originalMessageNameId = value;
    else if (name === 'OrgnlNbOfTxs') header.originalCount = value;
    else if (name === 'OrgnlCtrlSum') header.originalControlSum = value;
    else if (name === 'GrpSts') this.group.status = value;
  }

  private readCount(name: string, value: string): void {
    const count = this.count!;
    if (name === 'DtldNbOfTxs') count.count = value;
    else if (name === 'DtldSts') count.status = value;
    else if (name === 'DtldCtrlSum') count.controlSum = value;
  }

  private readReportHeader(name: string, value: string): void {
    if (name === 'MsgId') this.messageId = value;
    else if (name === 'CreDtTm') this.createdAt = value;
  }

  private closeContainer(name: string): void {
    if (name === 'StsRsnInf') this.attachReason();
    else if (name === 'NbOfTxsPerSts' && this.count) {
      this.groupHeader.countsPerStatus.push(this.count);
      this.count = null;
    } else if (name === 'OrgnlGrpInfAndSts') this.emitHeader();
    else if (name === 'TxInfAndSts' && this.transaction) this.closeTransaction(this.transaction);
    else if (name === 'OrgnlPmtInfAndSts' && this.batch) this.closeBatch(this.batch);
  }

  private attachReason(): void {
    const owner = this.transaction ?? this.batch ?? this.group;
    owner.reasons.push(this.reason!);
    this.reason = null;
  }

  private emitHeader(): void {
    if (this.messageId === null) throw parseFailed('pain.002: GrpHdr/MsgId is missing');
    if (this.groupHeader.originalMessageId === '') throw parseFailed('pain.002: OrgnlMsgId is missing');
    this.header = {
      messageId: this.messageId,
      createdAt: this.createdAt,
      ...this.groupHeader,
      groupStatus: this.group.status,
      groupReasons: this.group.reasons,
    };
    this.events.push({ kind: 'header', header: this.header });
  }

  private closeTransaction(draft: Draft): void {
    // Matched on the E2E id (§2.4 rule 2), or else on the instruction id (both are optional in the
    // XSD); ISO's NOTPROVIDED is no id. A line with neither cannot be applied to anything.
    if (draft.originalEndToEndId === notProvided) draft.originalEndToEndId = null;
    if (draft.originalEndToEndId === null && draft.originalInstructionId === null) {
      throw parseFailed('pain.002: a TxInfAndSts has neither OrgnlEndToEndId nor OrgnlInstrId');
    }
    draft.originalPaymentInfoId = this.batch!.originalPaymentInfoId;
    this.batch!.transactionLines++;
    this.transactionLines++;
    this.emit('transaction', draft, true);
    this.transaction = null;
  }

  private closeBatch(draft: Draft): void {
    if (draft.originalPaymentInfoId === null) throw parseFailed('pain.002: an OrgnlPmtInfAndSts has no OrgnlPmtInfId');
    if (draft.status !== null || draft.reasons.length > 0) this.emit('batch', draft, appliesToAll(draft.status, draft.transactionLines));
    this.batch = null;
  }

  private emit(level: Pain002Level, draft: Draft, appliesToAllTransactions: boolean): void {
    const header = this.header!;
    const first = draft.reasons[0];
    const info = draft.reasons.flatMap((reason) => reason.additionalInfo);
    this.events.push({
      kind: 'record',
      record: {
        level,
        messageId: header.messageId,
        originalMessageId: header.originalMessageId,
        originalPaymentInfoId: draft.originalPaymentInfoId,
        originalEndToEndId: draft.originalEndToEndId,
        originalInstructionId: draft.originalInstructionId,
        statusId: draft.statusId,
        status: draft.status,
        reasonCode: first ? (first.code ?? first.proprietary) : null,
        additionalInfo: info.length > 0 ? info.join(' ') : null,
        reasons: draft.reasons,
        accountServicerReference: draft.accountServicerReference,
        appliesToAllTransactions,
      },
    });
  }
}

function createParser(collector: Pain002Collector): SaxesParser {
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => collector.open(tag));
  parser.on('text', (text) => collector.addText(text));
  parser.on('cdata', (text) => collector.addText(text));
  parser.on('closetag', () => collector.close());
  // A DTD could declare entities; status reports never need one, so refuse it outright.
  parser.on('doctype', () => {
    throw parseFailed('pain.002: DOCTYPE is not allowed');
  });
  return parser;
}

/**
 * Runs one parser step. saxes reports XML errors as plain Errors; they become parse failures.
 * Errors of the source itself (I/O) are not caught here and keep their meaning.
 */
function step(action: () => void): void {
  try {
    action();
  } catch (error) {
    if (error instanceof FormatError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw parseFailed(`pain.002 is not well-formed XML: ${message}`);
  }
}

/**
 * Reads a pain.002.001.10 report from a stream of chunks. Yields the header first (when
 * OrgnlGrpInfAndSts closes), then one record per transaction line, a batch record when each
 * batch closes, and the group record at the end. Throws `FormatError` on malformed input; records
 * yielded before the error were valid, and ingestion is idempotent, so the caller may keep them.
 */
export async function* readPain002(source: ChunkSource): AsyncGenerator<Pain002Event> {
  const collector = new Pain002Collector();
  const parser = createParser(collector);
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

// ---------------------------------------------------------------------------------------------
// Writer (bank simulator)

export type IsoTransactionStatusCode = Exclude<IsoPaymentStatusCode, 'PART'>;

export interface Pain002Reason {
  code: string;
  /** Max105Text */
  additionalInfo?: string;
}

/** A transaction line names its payment by end-to-end id, instruction id, or both (at least one). */
export interface Pain002TransactionInput {
  endToEndId?: string;
  instructionId?: string;
  status: IsoTransactionStatusCode;
  reasonCode?: string;
  additionalInfo?: string;
  accountServicerReference?: string;
}

export interface Pain002BatchInput {
  originalPaymentInfoId: string;
  status?: IsoPaymentStatusCode;
  reason?: Pain002Reason;
  /** Omit (or leave empty) for a batch-level status that applies to every transaction. */
  transactions?: AsyncIterable<Pain002TransactionInput> | Iterable<Pain002TransactionInput>;
}

export interface Pain002Input {
  messageId: string;
  createdAt: string;
  originalMessageId: string;
  /** Default `pain.001.001.09`. */
  originalMessageNameId?: string;
  originalCount?: number;
  originalControlSumVnd?: AmountVnd;
  groupStatus?: IsoPaymentStatusCode;
  groupReason?: Pain002Reason;
  countsPerStatus?: readonly { status: IsoPaymentStatusCode; count: number; controlSumVnd?: AmountVnd }[];
  batches: readonly Pain002BatchInput[];
}

const namespace = 'urn:iso:std:iso:20022:tech:xsd:pain.002.001.10';

/** A child line of OrgnlGrpInfAndSts / OrgnlPmtInfAndSts; nothing for an absent optional element. */
function childLine(xml: string): string {
  return xml === '' ? '' : `      ${xml}\n`;
}

function reasonXml(reason: Pain002Reason | undefined): string {
  if (!reason) return '';
  const code = requirePattern(reason.code, /^[A-Z0-9]{4}$/, 'reason code', 'must be a 4-character ISO reason code');
  const info = reason.additionalInfo === undefined ? undefined : requireMaxLength(reason.additionalInfo, 105, 'additionalInfo');
  return `<StsRsnInf><Rsn>${leaf('Cd', code)}</Rsn>${optionalLeaf('AddtlInf', info)}</StsRsnInf>`;
}

function countXml(entry: NonNullable<Pain002Input['countsPerStatus']>[number]): string {
  return `<NbOfTxsPerSts>${leaf('DtldNbOfTxs', String(entry.count))}${leaf('DtldSts', entry.status)}${optionalLeaf('DtldCtrlSum', entry.controlSumVnd === undefined ? undefined : vndToString(entry.controlSumVnd))}</NbOfTxsPerSts>`;
}

function groupXml(input: Pain002Input): string {
  return (
    '    <OrgnlGrpInfAndSts>\n' +
    childLine(leaf('OrgnlMsgId', requireIdentifier(input.originalMessageId, 'originalMessageId'))) +
    childLine(leaf('OrgnlMsgNmId', input.originalMessageNameId ?? 'pain.001.001.09')) +
    childLine(optionalLeaf('OrgnlNbOfTxs', input.originalCount?.toString())) +
    childLine(optionalLeaf('OrgnlCtrlSum', input.originalControlSumVnd === undefined ? undefined : vndToString(input.originalControlSumVnd))) +
    childLine(optionalLeaf('GrpSts', input.groupStatus)) +
    childLine(reasonXml(input.groupReason)) +
    (input.countsPerStatus ?? []).map((entry) => childLine(countXml(entry))).join('') +
    '    </OrgnlGrpInfAndSts>\n'
  );
}

function transactionStatusXml(tx: Pain002TransactionInput, position: number): string {
  if (tx.endToEndId === undefined && tx.instructionId === undefined) throw invalidInput(`transactions[${position}] needs an endToEndId or an instructionId`);
  const endToEndId = tx.endToEndId === undefined ? undefined : requireIdentifier(tx.endToEndId, `transactions[${position}].endToEndId`);
  const instructionId = tx.instructionId === undefined ? undefined : requireIdentifier(tx.instructionId, `transactions[${position}].instructionId`);
  if (tx.reasonCode === undefined && tx.additionalInfo !== undefined) throw invalidInput('additionalInfo needs a reasonCode (use NARR)');
  const reason = tx.reasonCode === undefined ? undefined : { code: tx.reasonCode, additionalInfo: tx.additionalInfo };
  return (
    '      <TxInfAndSts>' +
    optionalLeaf('OrgnlInstrId', instructionId) +
    optionalLeaf('OrgnlEndToEndId', endToEndId) +
    leaf('TxSts', tx.status) +
    reasonXml(reason) +
    optionalLeaf('AcctSvcrRef', tx.accountServicerReference) +
    '</TxInfAndSts>\n'
  );
}

async function* batchXml(batch: Pain002BatchInput): AsyncGenerator<string> {
  yield '    <OrgnlPmtInfAndSts>\n' +
    childLine(leaf('OrgnlPmtInfId', requireIdentifier(batch.originalPaymentInfoId, 'originalPaymentInfoId'))) +
    childLine(optionalLeaf('PmtInfSts', batch.status)) +
    childLine(reasonXml(batch.reason));
  if (batch.transactions) yield* renderInChunks(batch.transactions, transactionStatusXml);
  yield '    </OrgnlPmtInfAndSts>\n';
}

/** Writes a pain.002.001.10 report as string chunks; transactions are streamed, 1,000 per chunk. */
export async function* writePain002(input: Pain002Input): AsyncGenerator<string> {
  requireIdentifier(input.messageId, 'messageId');
  requireOffsetDateTime(input.createdAt, 'createdAt');
  yield `${xmlDeclaration}<Document xmlns="${namespace}">\n  <CstmrPmtStsRpt>\n` +
    `    <GrpHdr>${leaf('MsgId', input.messageId)}${leaf('CreDtTm', input.createdAt)}</GrpHdr>\n` +
    groupXml(input);
  for (const batch of input.batches) yield* batchXml(batch);
  yield '  </CstmrPmtStsRpt>\n</Document>\n';
}

/**
 * The simulator's common case: one batch with per-transaction results. Derives GrpSts/PmtInfSts
 * (the shared status, or PART when they differ) and NbOfTxsPerSts the way a bank would.
 */
export function pain002ForBatch(input: {
  messageId: string;
  createdAt: string;
  originalMessageId: string;
  originalPaymentInfoId: string;
  results: readonly (Pain002TransactionInput & { amountVnd?: AmountVnd })[];
}): Pain002Input {
  const perStatus = new Map<IsoTransactionStatusCode, { count: number; controlSumVnd: AmountVnd }>();
  for (const result of input.results) {
    const entry = perStatus.get(result.status) ?? { count: 0, controlSumVnd: zeroVnd };
    entry.count++;
    entry.controlSumVnd = addVnd(entry.controlSumVnd, result.amountVnd ?? zeroVnd);
    perStatus.set(result.status, entry);
  }
  const statuses = [...perStatus.keys()];
  const shared: IsoPaymentStatusCode | undefined = statuses.length === 1 ? statuses[0] : statuses.length > 1 ? 'PART' : undefined;
  const withAmounts = input.results.every((result) => result.amountVnd !== undefined);
  return {
    messageId: input.messageId,
    createdAt: input.createdAt,
    originalMessageId: input.originalMessageId,
    originalCount: input.results.length,
    ...(shared === undefined ? {} : { groupStatus: shared }),
    countsPerStatus: [...perStatus].map(([status, entry]) => ({ status, count: entry.count, ...(withAmounts ? { controlSumVnd: entry.controlSumVnd } : {}) })),
    batches: [{ originalPaymentInfoId: input.originalPaymentInfoId, ...(shared === undefined ? {} : { status: shared }), transactions: input.results }],
  };
}
