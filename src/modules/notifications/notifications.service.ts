import { smsSenderFromConfig, smsTextLengthMax, type SmsSender } from '../../adapters/notifications/sms.client.js';
import type { AppContext } from '../../app/context.js';
import { domainError, errors, isAppError } from '../../core/errors.js';
import type { Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../access/scope.js';
import { normalizeVietnameseMobile } from '../registry/validation/phone.js';
import { claimPending, countPending, expireStaleNews, insertNotification, recordOutcomes, type PendingRow, type SendOutcome } from './notifications.repository.js';
import { smsFormOf } from './notices.service.js';
import { smsText, type SmsForm } from './templates.js';

export { notificationExists } from './notifications.repository.js';

/**
 * SMS to beneficiaries through a transactional outbox (migrations/0006_accounts.sql): a change
 * writes its message with `enqueueSms` in its own transaction, and the dispatcher sends PENDING
 * rows afterwards. A change is never announced without happening, nor happens unannounced.
 */

export const notificationLimits = {
  /** Rows locked and sent per transaction on PostgreSQL. */
  batchSize: 50,
  /**
   * On PGlite a transaction is exclusive: nothing else runs while a batch is being sent, so
   * batches stay small to keep that pause short.
   */
  batchSizeEmbedded: 10,
  dispatchLimitDefault: 200,
  dispatchLimitMax: 5_000,
  /** A message still failing after this many attempts is given up (FAILED). */
  attemptsMax: 5,
  /** Payment news not sent within this many hours is given up (FAILED, EXPIRED). */
  paymentNewsHoursMax: 72,
  errorLengthMax: 500,
  purposeLengthMax: 60,
  intervalMsMin: 50,
  intervalMsMax: 24 * 3_600_000,
};

// ─── Outbox ───────────────────────────────────────────────────────────────────────────────────────

export interface SmsNotificationInput {
  /** The person's phone; null or empty → nothing is queued (many beneficiaries have none). */
  phone: string | null | undefined;
  body: string;
  /** What the message is about, e.g. `account.verified`, `self_service.code`. */
  purpose: string;
  personId?: number | null;
  entityType?: string | null;
  entityId?: string | number | null;
}

/**
 * Queues one SMS in the caller's transaction and returns its id, or null when there is nothing to
 * send to: no phone, or a number that is not a Vietnamese mobile (a landline cannot receive SMS,
 * and the change it announces must not fail because of it). A bad body or purpose is a bug in
 * the caller and throws.
 */
export async function enqueueSms(executor: Executor, input: SmsNotificationInput): Promise<number | null> {
  if (!input.phone) return null;
  const phone = normalizeVietnameseMobile(input.phone);
  if (phone === null) return null;
  const body = input.body.trim();
  if (body.length === 0 || body.length > smsTextLengthMax) {
    throw domainError('NOTIFICATION_BODY_INVALID', 400, `Nội dung tin nhắn phải có 1–${smsTextLengthMax} ký tự`, `The message must have 1–${smsTextLengthMax} characters`, { length: body.length });
  }
  if (!/^[a-z][a-z0-9_.-]*$/.test(input.purpose) || input.purpose.length > notificationLimits.purposeLengthMax) {
    throw domainError('NOTIFICATION_PURPOSE_INVALID', 400, 'Mục đích tin nhắn không hợp lệ', 'Invalid notification purpose', { purpose: input.purpose });
  }
  return insertNotification(executor, { phone, body, purpose: input.purpose, personId: input.personId ?? null, entityType: input.entityType ?? null,
    entityId: input.entityId === undefined || input.entityId === null ? null : String(input.entityId) });
}

// ─── Dispatch ─────────────────────────────────────────────────────────────────────────────────────

export interface DispatchResult {
  /** false: ASXH_SMS_URL is not set and nothing was sent (messages stay PENDING). */
  configured: boolean;
  sent: number;
  /** Given up in this run: refused by the gateway, or the last allowed attempt failed. */
  failed: number;
  /** Failed in this run and left PENDING for a later attempt. */
  retrying: number;
  /** PENDING after the run. */
  pending: number;
  /** The error that ended the run early (the gateway is down), or null. */
  stoppedBy: string | null;
}

export interface DispatchOptions {
  /** Messages to send at most in this run (bounded). */
  limit?: number;
  /** Defaults to the configured gateway (ASXH_SMS_URL). */
  sender?: SmsSender;
}

/** Sends one message; operating errors become outcomes, bugs still throw. */
async function sendOne(sender: SmsSender, row: PendingRow, form: SmsForm): Promise<SendOutcome & { unavailable: boolean }> {
  try {
    // The outbox id keys the gateway's idempotency: a resend after a lost answer is not a second SMS.
    const { messageId } = await sender.send({ to: row.phone, text: smsText(row.body, form), idempotencyKey: `asxh-notification-${row.id}` });
    return { id: row.id, messageId, error: null, permanent: false, unavailable: false };
  } catch (error) {
    if (!isAppError(error)) throw error;
    const permanent = error.code === 'SMS_REJECTED';
    const reason = `${error.code}: ${error.text.en}${error.details.reason ? ` (${String(error.details.reason)})` : ''}`;
    return { id: row.id, messageId: null, error: reason.slice(0, notificationLimits.errorLengthMax), permanent, unavailable: !permanent };
  }
}

/**
 * One batch in one transaction: lock the oldest PENDING rows that no other dispatcher holds
 * (FOR UPDATE SKIP LOCKED, so concurrent dispatchers share the queue without sending a message
 * twice), send them in id order, record every outcome set-based, commit. A gateway outage stops
 * the batch at the first failure: the rest keep their attempts for when it is back.
 */
async function dispatchBatch(ctx: AppContext, sender: SmsSender, size: number, form: SmsForm) {
  return ctx.db.orm.transaction(async (tx) => {
    const rows = await claimPending(tx, size);
    const outcomes: SendOutcome[] = [];
    let stoppedBy: string | null = null;
    for (const row of rows) {
      const outcome = await sendOne(sender, row, form);
      outcomes.push(outcome);
      if (outcome.unavailable) {
        stoppedBy = 'SMS_UNAVAILABLE';
        break;
      }
    }
    const statuses = await recordOutcomes(tx, outcomes, ctx.now(), notificationLimits.attemptsMax);
    const count = (status: string) => statuses.find((row) => row.status === status)?.count ?? 0;
    return { claimed: rows.length, sent: count('SENT'), failed: count('FAILED'), retrying: count('PENDING'), stoppedBy };
  });
}

/**
 * Sends up to `limit` PENDING messages through the SMS gateway. Without a configured gateway it
 * sends nothing and reports how many wait, so messages queued on an installation without SMS are
 * delivered once one is configured.
 */
export async function dispatchNotifications(ctx: AppContext, options: DispatchOptions = {}): Promise<DispatchResult> {
  const sender = options.sender ?? smsSenderFromConfig(ctx.config);
  if (!sender) return { configured: false, sent: 0, failed: 0, retrying: 0, pending: await countPending(ctx.db.orm), stoppedBy: null };
  const limit = Math.max(1, Math.min(options.limit ?? notificationLimits.dispatchLimitDefault, notificationLimits.dispatchLimitMax));
  const batchSize = ctx.db.kind === 'pglite' ? notificationLimits.batchSizeEmbedded : notificationLimits.batchSize;
  const result: DispatchResult = { configured: true, sent: 0, failed: 0, retrying: 0, pending: 0, stoppedBy: null };
  const form = smsFormOf(ctx);
  // Payment news that could not go out in time is not sent days late (it would mislead). Once per
  // run and committed on its own: a batch's transaction then locks only the rows it claimed, and
  // another server's dispatcher never waits for it (SKIP LOCKED passes them by).
  await expireStaleNews(ctx.db.orm, 'payment.', new Date(ctx.now().getTime() - notificationLimits.paymentNewsHoursMax * 3_600_000));
  let handled = 0;
  while (handled < limit) {
    const size = Math.min(batchSize, limit - handled);
    const batch = await dispatchBatch(ctx, sender, size, form);
    handled += batch.claimed;
    result.sent += batch.sent;
    result.failed += batch.failed;
    result.retrying += batch.retrying;
    result.stoppedBy = batch.stoppedBy;
    // A short batch means the queue is empty (or the rest is locked by another dispatcher).
    if (batch.stoppedBy || batch.claimed < size) break;
  }
  result.pending = await countPending(ctx.db.orm);
  return result;
}

/**
 * `asxh notifications send` and the admin endpoint: a dispatch run started by a person, recorded
 * in the audit trail (the timer's runs are not: they would flood it).
 */
export async function sendNotifications(ctx: AppContext, actor: Actor, options: Pick<DispatchOptions, 'limit'> = {}): Promise<DispatchResult> {
  // Sending to every pending beneficiary is an installation-wide action: no role table entry fits.
  if (actor.role !== 'admin') throw errors.forbidden({ permission: 'notifications.dispatch' });
  const result = await dispatchNotifications(ctx, options);
  await ctx.db.orm.transaction((tx) => recordAudit(tx, actor, { action: 'notifications.dispatched', entityType: 'notifications', after: result }));
  return result;
}

export interface DispatcherOptions {
  intervalMs: number;
  limit?: number;
  /** Where failures of a run go (the run is retried at the next tick); stderr by default. */
  onError?: (error: unknown) => void;
}

function reportToStderr(error: unknown): void {
  process.stderr.write(`notifications: dispatch failed: ${error instanceof Error ? error.message : String(error)}\n`);
}

/**
 * Runs `dispatchNotifications` every `intervalMs` for the server. Runs never overlap (the next is
 * scheduled when the previous ends), failures are reported and never become unhandled
 * rejections, and the timer does not keep the process alive. The returned `stop()` cancels the
 * timer and resolves once a run in progress has finished, so the database can then be closed.
 */
export function startNotificationDispatcher(ctx: AppContext, options: DispatcherOptions): () => Promise<void> {
  const intervalMs = Math.max(notificationLimits.intervalMsMin, Math.min(options.intervalMs, notificationLimits.intervalMsMax));
  const onError = options.onError ?? reportToStderr;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  const report = (error: unknown) => {
    try {
      onError(error);
    } catch {
      // A failing error handler must not stop the dispatcher.
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  function tick() {
    running = dispatchNotifications(ctx, { limit: options.limit })
      .then(() => undefined, report)
      .finally(() => {
        running = null;
        schedule();
      });
  }

  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
