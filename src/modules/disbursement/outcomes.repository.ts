import { sql, type SQL } from 'drizzle-orm';
import { vndToString, type AmountVnd } from '../../core/money.js';
import { arrayParam, queryOne, queryRows, type Executor } from '../../db/client.js';
import { cyclesRelation, payableLinesRelation } from '../payroll/payroll.service.js';

/**
 * The SQL of applying provider results to items (outcomes.ts says how): the inbound messages, the
 * chunk's records matched and folded per item in temporary tables (`result_records`,
 * `result_items`, `result_changes`, dropped at commit), the items' update, and the relations of
 * what changed for the ledger and the other modules.
 */
export type ResultStatus = 'ACCEPTED' | 'ON_HOLD' | 'PAID' | 'FAILED' | 'RETURNED';

export interface ResultRecord {
  endToEndId: string;
  status: ResultStatus;
  reasonCode?: string | null;
  reasonText?: string | null;
  /** When the source states the amount, it must equal the item's (else the record is not applied). */
  amountVnd?: AmountVnd | null;
  paidAt?: string | null;
  paidTo?: 'SELF' | 'REPRESENTATIVE' | null;
  receiptNumber?: string | null;
  providerReference?: string | null;
}

export type MessageSource = 'pain002' | 'csv' | 'callback' | 'cash' | 'status-query' | 'camt';

/**
 * What a message may change (issue 18, results only where they belong): the items of the provider
 * it comes from, of its channel group when known; cash payments (TIEN_MAT, TAI_NHA) are settled
 * only where the provider's agent or system speaks. A record outside this is refused on its own
 * with a stable code that says nothing of the item it names.
 */
export interface ResultBinding {
  /** The provider the message comes from (`null` only for a cash confirmation by an administrator: any provider's cash). */
  providerCode: string | null;
  channelGroup: 'BANK' | 'WALLET' | 'CASH' | null;
  /** `allowed`: the provider's agent or system; `refused`: a file of an officer; `only`: a cash confirmation. */
  cash: 'allowed' | 'refused' | 'only';
}

/** The codes of records refused by the binding (in `unmatched`). */
export const bindingRefusals = ['OTHER_PROVIDER', 'OTHER_CHANNEL', 'CASH_AGENT_ONLY', 'NOT_CASH'] as const;

const cashChannels = sql`('TIEN_MAT', 'TAI_NHA')`;

/** The binding's refusals, as branches of the matching CASE (after the unknown id, before anything of the item is compared). */
function bindingBranches(binding: ResultBinding): SQL {
  const branches: SQL[] = [];
  if (binding.providerCode !== null) branches.push(sql`WHEN i.provider_code <> ${binding.providerCode} THEN 'OTHER_PROVIDER'`);
  if (binding.channelGroup !== null) branches.push(sql`WHEN b.channel_group <> ${binding.channelGroup} THEN 'OTHER_CHANNEL'`);
  if (binding.cash === 'refused') branches.push(sql`WHEN i.channel IN ${cashChannels} THEN 'CASH_AGENT_ONLY'`);
  if (binding.cash === 'only') branches.push(sql`WHEN i.channel NOT IN ${cashChannels} THEN 'NOT_CASH'`);
  return sql.join(branches, sql` `);
}

const statusRank: Record<ResultStatus, number> = { ACCEPTED: 1, ON_HOLD: 2, PAID: 3, FAILED: 3, RETURNED: 4 };

/** Records the message; false when it was ingested before. */
export async function insertInboundMessage(executor: Executor, message: { source: MessageSource; messageKey: string; cycleId: number | null }): Promise<boolean> {
  const fresh = await queryOne<{ id: string }>(
    executor,
    sql`INSERT INTO inbound_messages (source, message_key, cycle_id) VALUES (${message.source}, ${message.messageKey}, ${message.cycleId})
        ON CONFLICT (source, message_key) DO NOTHING RETURNING id`,
  );
  return Boolean(fresh);
}

export async function updateMessageSummary(executor: Executor, message: { source: MessageSource; messageKey: string }, summary: Record<string, unknown>): Promise<void> {
  await executor.execute(sql`UPDATE inbound_messages SET summary = ${JSON.stringify(summary)}::jsonb
                             WHERE source = ${message.source} AND message_key = ${message.messageKey}`);
}

/** Whether a message of this source and key was ingested (or marked). */
export async function messageIngested(executor: Executor, source: MessageSource, messageKey: string): Promise<boolean> {
  return Boolean(await queryOne(executor, sql`SELECT 1 AS found FROM inbound_messages WHERE source = ${source} AND message_key = ${messageKey}`));
}

/** A marker message (e.g. a bank report's id, its content ingested under its own key), kept if it exists. */
export async function insertMessageMarker(executor: Executor, marker: { source: MessageSource; messageKey: string; cycleId: number; summary: Record<string, unknown> }): Promise<void> {
  await executor.execute(sql`
    INSERT INTO inbound_messages (source, message_key, cycle_id, summary)
    VALUES (${marker.source}, ${marker.messageKey}, ${marker.cycleId}, ${JSON.stringify(marker.summary)}::jsonb)
    ON CONFLICT (source, message_key) DO NOTHING`);
}

/** The chunk's records not applied, with the reason, in the message's order; without `withUnsent` not those to be held. */
export async function listUnmatched(executor: Executor, withUnsent: boolean): Promise<{ endToEndId: string; reason: string }[]> {
  return queryRows<{ endToEndId: string; reason: string }>(
    executor,
    sql`SELECT e2e AS "endToEndId", unmatched AS reason FROM result_records
        WHERE unmatched IS NOT NULL ${withUnsent ? sql`` : sql`AND unmatched <> 'BATCH_NOT_SENT'`} ORDER BY seq`,
  );
}

/**
 * The chunk's records for items whose batch was not handed over yet are held (held_results, one
 * per message and batch, with the binding; their records in held_result_records, in the message's
 * order), to be applied once when the batch is sent; returns how many records were held.
 */
export async function holdUnsentRecords(
  executor: Executor,
  hold: { source: MessageSource; messageKey: string; binding: ResultBinding; heldBy: string },
): Promise<number> {
  const held = await queryOne<{ count: number }>(
    executor,
    sql`WITH groups AS (
          INSERT INTO held_results AS h (cycle_id, batch_id, source, message_key, provider_code, channel_group, cash_rule, record_count, held_by)
          SELECT b.cycle_id, b.id, ${hold.source}, ${hold.messageKey}, b.provider_code, ${hold.binding.channelGroup}::text, ${hold.binding.cash}, count(*), ${hold.heldBy}
          FROM result_records r JOIN disbursement_batches b ON b.id = r.batch_id
          WHERE r.unmatched = 'BATCH_NOT_SENT'
          GROUP BY b.id, b.cycle_id, b.provider_code
          ON CONFLICT (source, message_key, batch_id) DO UPDATE SET record_count = h.record_count + EXCLUDED.record_count
          RETURNING h.id, h.batch_id
        ), kept AS (
          INSERT INTO held_result_records (held_id, end_to_end_id, status, reason_code, reason_text, amount_vnd, paid_at, paid_to, receipt_number, provider_reference)
          SELECT g.id, r.e2e, r.status, r.reason_code, r.reason_text, r.amount_vnd, r.paid_at, r.paid_to, r.receipt, r.provider_ref
          FROM result_records r JOIN groups g ON g.batch_id = r.batch_id
          WHERE r.unmatched = 'BATCH_NOT_SENT' ORDER BY r.seq
          RETURNING 1
        )
        SELECT count(*)::int AS count FROM kept`,
  );
  return held?.count ?? 0;
}

/** Items whose outcome changed in this chunk, per new outcome and reason. */
export async function countChanges(executor: Executor): Promise<{ outcome: string; reason: string | null; count: number }[]> {
  return queryRows<{ outcome: string; reason: string | null; count: number }>(
    executor,
    sql`SELECT outcome, reason_code AS reason, count(*)::int AS count FROM result_changes GROUP BY outcome, reason_code`,
  );
}

/** Matched items and matched records of the chunk. */
export async function countMatched(executor: Executor): Promise<{ items: number; records: number }> {
  const matched = await queryOne<{ items: number; records: number }>(
    executor,
    sql`SELECT (SELECT count(*) FROM result_items)::int AS items, (SELECT count(*) FROM result_records WHERE item_id IS NOT NULL)::int AS records`,
  );
  return matched ?? { items: 0, records: 0 };
}

/**
 * The items that changed in this chunk, with their new state (id, cycle_id, batch_id,
 * provider_code, amount_vnd, end_to_end_id, person_id, province_code, commune_code, outcome,
 * reason_code, is_final): the ledger's movements are driven by it.
 */
export const resultChangesRelation = (): SQL => sql`result_changes`;

/**
 * The payment news of this chunk (notifications' PaymentFacts): a transfer credited to an account
 * or wallet, cash recorded as paid (told to the person, who may not be the one who took it), and a
 * payment failed or returned for good, with what happens next.
 */
export const paymentNewsOfChanges = (): SQL =>
  sql`(SELECT CASE WHEN c.outcome = 'PAID' AND i.channel IN ${cashChannels} THEN 'payment.cash_paid' WHEN c.outcome = 'PAID' THEN 'payment.credited' ELSE 'payment.failed' END AS purpose,
              c.id AS item_id, c.person_id, c.province_code,
              cyc.month, c.amount_vnd, i.channel, i.provider_code, right(i.account_number, 4) AS account_last4, c.reason_code, i.follow_up,
              (i.paid_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS event_date, NULL::text AS place, NULL::text AS hours
       FROM result_changes c JOIN disbursement_items i ON i.id = c.id JOIN ${cyclesRelation()} cyc ON cyc.id = c.cycle_id
       WHERE (c.outcome = 'PAID' AND (i.account_number IS NOT NULL OR i.channel IN ${cashChannels})) OR (c.is_final AND c.outcome IN ('FAILED', 'RETURNED')))`;

/** The instruments that paid the lines of items failed or returned in this chunk for one of `reasons` (`instrument_id`). */
export const failedInstrumentsRelation = (reasons: readonly string[]): SQL =>
  sql`(SELECT l.instrument_id FROM result_changes c JOIN disbursement_item_lines il ON il.item_id = c.id JOIN ${payableLinesRelation()} l ON l.id = il.line_id
       WHERE c.outcome IN ('FAILED', 'RETURNED') AND c.reason_code = ANY(${arrayParam([...reasons])}::text[]))`;

/** Items of this chunk reported for a deceased beneficiary (MD07): person_id, end_to_end_id, province_code, commune_code. */
export const deathReportsRelation = (): SQL =>
  sql`(SELECT c.person_id, c.end_to_end_id, c.province_code, c.commune_code FROM result_changes c WHERE c.reason_code = 'MD07')`;

/** The columns of a result record as sent to the database, in the order of `result_records`. */
const recordColumns: readonly { name: string; type: string; value: (record: ResultRecord) => unknown }[] = [
  { name: 'e2e', type: 'text', value: (r) => r.endToEndId.trim().toUpperCase() },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'reason_code', type: 'text', value: (r) => r.reasonCode ?? null },
  { name: 'reason_text', type: 'text', value: (r) => r.reasonText?.slice(0, 500) ?? null },
  { name: 'amount_vnd', type: 'bigint', value: (r) => (r.amountVnd === undefined || r.amountVnd === null ? null : vndToString(r.amountVnd)) },
  { name: 'paid_at', type: 'timestamptz', value: (r) => r.paidAt ?? null },
  { name: 'paid_to', type: 'text', value: (r) => r.paidTo ?? null },
  { name: 'receipt', type: 'text', value: (r) => r.receiptNumber ?? null },
  { name: 'provider_ref', type: 'text', value: (r) => r.providerReference ?? null },
];

/**
 * One array per column for unnest; a column with no value in the whole chunk (most of a bank's
 * result file: no amounts, dates, receipts) is sent as one NULL, which unnest pads like a shorter
 * array, instead of 100,000 NULLs to encode here and parse there.
 */
function columnArrays(records: readonly ResultRecord[]): SQL[] {
  return recordColumns.map((column) => {
    const values = records.map(column.value);
    const type = sql.raw(`${column.type}[]`);
    return values.some((value) => value !== null) ? sql`${arrayParam(values)}::${type}` : sql`NULL::${type}`;
  });
}

/**
 * The chunk's records, each matched to its item or given the reason it is not applied (unknown id,
 * outside the message's binding, another cycle, batch not handed over, amount differs), in one
 * statement. The binding is checked before anything else of the item, so a refusal tells nothing
 * about an item of another provider (not its cycle, nor its batch, nor its amount).
 */
export async function loadRecords(executor: Executor, records: readonly ResultRecord[], cycleId: number | null, binding: ResultBinding): Promise<void> {
  const unmatched = sql`CASE WHEN i.id IS NULL THEN 'UNKNOWN_END_TO_END_ID'
                             ${bindingBranches(binding)}
                             WHEN ${cycleId}::bigint IS NOT NULL AND i.cycle_id <> ${cycleId}::bigint THEN 'OTHER_CYCLE'
                             WHEN b.sent_at IS NULL THEN 'BATCH_NOT_SENT'
                             WHEN t.amount_vnd IS NOT NULL AND t.amount_vnd <> i.amount_vnd THEN 'AMOUNT_MISMATCH' END`;
  const rank = sql.raw(`CASE u.status ${Object.entries(statusRank).map(([status, value]) => `WHEN '${status}' THEN ${value}`).join(' ')} END`);
  await executor.execute(sql`DROP TABLE IF EXISTS result_records`);
  // The lookup is bounded by the chunk's lowest and highest id, as in withinChunk.
  await executor.execute(sql`
    CREATE TEMP TABLE result_records ON COMMIT DROP AS
    WITH t AS MATERIALIZED (
      SELECT (u.seq - 1)::int AS seq, u.e2e, u.status, ${rank} AS rank, u.reason_code, u.reason_text, u.amount_vnd, u.paid_at, u.paid_to, u.receipt, u.provider_ref
      FROM unnest(${sql.join(columnArrays(records), sql`, `)}) WITH ORDINALITY
        AS u(${sql.raw(recordColumns.map((column) => column.name).join(', '))}, seq)
    )
    SELECT t.*, CASE WHEN ${unmatched} IS NULL THEN i.id END AS item_id, ${unmatched} AS unmatched, b.id AS batch_id
    FROM t LEFT JOIN disbursement_items i ON i.end_to_end_id = t.e2e
      AND i.end_to_end_id BETWEEN (SELECT min(e2e) FROM t) AND (SELECT max(e2e) FROM t)
    LEFT JOIN disbursement_batches b ON b.id = i.batch_id`);
}

/**
 * One row per matched item with, for each step of the state machine, the record that drives it:
 * the acknowledgement (highest rank), the hold, the payment or failure (a payment wins), the return
 * — the first such record in the message.
 */
export async function foldRecords(executor: Executor): Promise<void> {
  await executor.execute(sql`DROP TABLE IF EXISTS result_items`);
  const repeated = await queryOne<{ any: boolean }>(
    executor,
    sql`SELECT EXISTS (SELECT 1 FROM result_records WHERE item_id IS NOT NULL GROUP BY item_id HAVING count(*) > 1) AS any`,
  );
  if (!repeated?.any) {
    // One record per item (a result file, a callback): each record is its item's only step, so the
    // fold is a projection — one scan instead of four sorts.
    await executor.execute(sql`
      CREATE TEMP TABLE result_items ON COMMIT DROP AS
      SELECT item_id, provider_ref AS ack_provider_ref,
             status = 'ON_HOLD' AS has_hold, CASE WHEN status = 'ON_HOLD' THEN reason_code END AS hold_reason_code,
             CASE WHEN status = 'ON_HOLD' THEN reason_text END AS hold_reason_text,
             CASE WHEN status IN ('PAID', 'FAILED') THEN status END AS fin_status,
             CASE WHEN status IN ('PAID', 'FAILED') THEN reason_code END AS fin_reason_code,
             CASE WHEN status IN ('PAID', 'FAILED') THEN reason_text END AS fin_reason_text,
             CASE WHEN status IN ('PAID', 'FAILED') THEN paid_at END AS fin_paid_at,
             CASE WHEN status IN ('PAID', 'FAILED') THEN paid_to END AS fin_paid_to,
             CASE WHEN status IN ('PAID', 'FAILED') THEN receipt END AS fin_receipt,
             CASE WHEN status IN ('PAID', 'FAILED') THEN provider_ref END AS fin_provider_ref,
             status = 'RETURNED' AS has_return, CASE WHEN status = 'RETURNED' THEN reason_code END AS ret_reason_code,
             CASE WHEN status = 'RETURNED' THEN reason_text END AS ret_reason_text
      FROM result_records WHERE item_id IS NOT NULL`);
  } else {
    await foldRepeatedRecords(executor);
  }
  // Statistics for the joins with the items: a fresh temporary table has none.
  await executor.execute(sql`ANALYZE result_items`);
}

/** Several records for some item (e.g. "accepted", then "paid", then "returned" in one message). */
async function foldRepeatedRecords(executor: Executor): Promise<void> {
  await executor.execute(sql`
    CREATE TEMP TABLE result_items ON COMMIT DROP AS
    SELECT ack.item_id, ack.provider_ref AS ack_provider_ref,
           hold.item_id IS NOT NULL AS has_hold, hold.reason_code AS hold_reason_code, hold.reason_text AS hold_reason_text,
           fin.status AS fin_status, fin.reason_code AS fin_reason_code, fin.reason_text AS fin_reason_text, fin.paid_at AS fin_paid_at,
           fin.paid_to AS fin_paid_to, fin.receipt AS fin_receipt, fin.provider_ref AS fin_provider_ref,
           ret.item_id IS NOT NULL AS has_return, ret.reason_code AS ret_reason_code, ret.reason_text AS ret_reason_text
    FROM (SELECT DISTINCT ON (item_id) item_id, provider_ref FROM result_records WHERE item_id IS NOT NULL ORDER BY item_id, rank DESC, seq) ack
    LEFT JOIN (SELECT DISTINCT ON (item_id) * FROM result_records WHERE item_id IS NOT NULL AND status = 'ON_HOLD' ORDER BY item_id, seq) hold
      ON hold.item_id = ack.item_id
    LEFT JOIN (SELECT DISTINCT ON (item_id) * FROM result_records WHERE item_id IS NOT NULL AND status IN ('PAID', 'FAILED') ORDER BY item_id, (status = 'PAID') DESC, seq) fin
      ON fin.item_id = ack.item_id
    LEFT JOIN (SELECT DISTINCT ON (item_id) * FROM result_records WHERE item_id IS NOT NULL AND status = 'RETURNED' ORDER BY item_id, seq) ret
      ON ret.item_id = ack.item_id`);
}

/**
 * `alias.id` between the chunk's lowest and highest item id: result files list their items in
 * order, and a merge join would otherwise read the items' index from its start for every chunk.
 */
const withinChunk = (alias: 'i') => sql`${sql.raw(alias)}.id BETWEEN (SELECT min(item_id) FROM result_items) AND (SELECT max(item_id) FROM result_items)`;

/**
 * Applies the folded records to the items, each step against the item's current row (so a
 * concurrent writer's change is respected, as it was with one statement per step):
 *   holds    NONE → ON_HOLD
 *   settles  NONE | ON_HOLD → PAID | FAILED (final)
 *   returns  PAID → RETURNED
 * Every record acknowledges its item. The rows whose outcome changed are kept, with their new
 * state, in result_changes; items only acknowledged are written last.
 */
export async function updateItems(executor: Executor, failurePolicy: string): Promise<void> {
  const holds = sql`(r.has_hold AND i.outcome = 'NONE')`;
  const settles = sql`(r.fin_status IS NOT NULL AND i.outcome IN ('NONE', 'ON_HOLD'))`;
  const returns = sql`(r.has_return AND i.outcome = 'PAID')`;
  const acknowledgedReference = sql`CASE WHEN i.transmission <> 'ACKNOWLEDGED' THEN COALESCE(r.ack_provider_ref, i.provider_reference) ELSE i.provider_reference END`;
  const changedColumns = sql`i.id, i.cycle_id, i.batch_id, i.provider_code, i.amount_vnd, i.end_to_end_id, i.person_id, i.province_code, i.commune_code,
    i.outcome, i.reason_code, i.is_final`;
  await executor.execute(sql`DROP TABLE IF EXISTS result_changes`);
  await executor.execute(sql`
    CREATE TEMP TABLE result_changes (id bigint, cycle_id bigint, batch_id bigint, provider_code text, amount_vnd bigint, end_to_end_id text,
      person_id bigint, province_code text, commune_code text, outcome text, reason_code text, is_final boolean) ON COMMIT DROP`);
  await executor.execute(sql`
    WITH changed AS (
      UPDATE disbursement_items i SET
        outcome = CASE WHEN ${returns} THEN 'RETURNED' WHEN ${settles} THEN r.fin_status ELSE 'ON_HOLD' END,
        is_final = i.is_final OR ${settles},
        transmission = 'ACKNOWLEDGED',
        reason_code = CASE WHEN ${returns} THEN COALESCE(r.ret_reason_code, 'NARR') WHEN NOT ${settles} THEN r.hold_reason_code
                           WHEN r.fin_status = 'FAILED' THEN COALESCE(r.fin_reason_code, 'NARR') END,
        reason_text = CASE WHEN ${returns} THEN r.ret_reason_text WHEN NOT ${settles} THEN r.hold_reason_text
                           WHEN r.fin_status = 'FAILED' THEN r.fin_reason_text END,
        paid_at = CASE WHEN NOT ${settles} THEN i.paid_at WHEN r.fin_status = 'PAID' THEN COALESCE(r.fin_paid_at, now()) END,
        paid_to = CASE WHEN NOT ${settles} THEN i.paid_to WHEN r.fin_status = 'PAID' THEN COALESCE(r.fin_paid_to, CASE WHEN i.representative_name IS NULL THEN 'SELF' END) END,
        receipt_number = CASE WHEN ${settles} THEN r.fin_receipt ELSE i.receipt_number END,
        provider_reference = CASE WHEN ${settles} THEN COALESCE(r.fin_provider_ref, ${acknowledgedReference}) ELSE ${acknowledgedReference} END,
        follow_up = CASE WHEN ${returns} THEN ${failurePolicy} WHEN NOT ${settles} THEN i.follow_up WHEN r.fin_status = 'FAILED' THEN ${failurePolicy} END,
        updated_at = now()
      FROM result_items r
      WHERE i.id = r.item_id AND ${withinChunk('i')} AND (${holds} OR ${settles} OR ${returns})
      RETURNING ${changedColumns}
    )
    INSERT INTO result_changes SELECT * FROM changed`);
  // Statistics for the joins below (a fresh temporary table has none).
  await executor.execute(sql`ANALYZE result_changes`);
  // Paid and returned in the same message: the second step on its own (the trigger allows no
  // NONE → RETURNED). Driven by the rows just paid, never by the items' outcome index, whose
  // statistics still say nothing is paid.
  await executor.execute(sql`
    WITH returned AS (
      UPDATE disbursement_items i SET outcome = 'RETURNED', reason_code = COALESCE(r.ret_reason_code, 'NARR'), reason_text = r.ret_reason_text,
        follow_up = ${failurePolicy}, updated_at = now()
      FROM result_changes c JOIN result_items r ON r.item_id = c.id
      WHERE i.id = c.id AND c.outcome = 'PAID' AND r.has_return
      RETURNING ${changedColumns}
    ), paid_first AS (
      DELETE FROM result_changes c USING returned WHERE c.id = returned.id
    )
    INSERT INTO result_changes SELECT * FROM returned`);
  // Acknowledgement alone is progress, not an outcome: it does not count as "applied".
  await executor.execute(sql`
    UPDATE disbursement_items i SET transmission = 'ACKNOWLEDGED', provider_reference = COALESCE(r.ack_provider_ref, i.provider_reference), updated_at = now()
    FROM result_items r
    WHERE i.id = r.item_id AND ${withinChunk('i')} AND i.transmission <> 'ACKNOWLEDGED' AND NOT EXISTS (SELECT 1 FROM result_changes c WHERE c.id = r.item_id)`);
}

/**
 * A final result that contradicts the item's final outcome (e.g. "failed" for an item paid), and a
 * return of an item not paid (nothing can come back of a payment not made: the bank's report and
 * ours disagree), are kept for review. The new state of changed items is in result_changes; the
 * others are read.
 */
export async function findConflicts(executor: Executor): Promise<{ endToEndId: string; reason: string }[]> {
  const state = (alias: 'c' | 'i') => sql.raw(alias);
  const returnBeforePayment = (alias: 'c' | 'i') => sql`(r.status = 'RETURNED' AND NOT ${state(alias)}.is_final)`;
  const contradicts = (alias: 'c' | 'i') => sql`((${state(alias)}.is_final AND r.rank >= 3 AND r.status <> ${state(alias)}.outcome
    AND NOT (${state(alias)}.outcome = 'RETURNED' AND r.status = 'PAID')) OR ${returnBeforePayment(alias)})`;
  const reason = (alias: 'c' | 'i') =>
    sql`CASE WHEN ${returnBeforePayment(alias)} THEN 'RETURN_BEFORE_PAYMENT' ELSE 'ALREADY_' || ${state(alias)}.outcome || '_REPORTED_' || r.status END`;
  return queryRows(
    executor,
    sql`SELECT r.e2e AS "endToEndId", ${reason('c')} AS reason
        FROM result_records r JOIN result_changes c ON c.id = r.item_id
        WHERE ${contradicts('c')}
        UNION
        SELECT r.e2e, ${reason('i')}
        FROM result_records r JOIN disbursement_items i ON i.id = r.item_id AND ${withinChunk('i')}
        WHERE NOT EXISTS (SELECT 1 FROM result_changes c WHERE c.id = r.item_id) AND ${contradicts('i')}
        ORDER BY 1`,
  );
}
