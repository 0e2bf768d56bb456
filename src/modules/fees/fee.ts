import { domainError } from '../../core/errors.js';
import { addVnd, vnd, zeroVnd, type AmountVnd } from '../../core/money.js';

/**
 * The fee of one payment (phí dịch vụ chi trả), exactly, in đồng. This is the reference: the
 * set-based SQL of fees.repository.ts (`feeOf`) computes the same on bigint, and
 * test/fees.test.ts checks both agree on random amounts and schedules.
 *
 *   service = round(amount × rate) + fixed, held between min and max (max absent: no cap)
 *   vat     = round(service × vatRate)
 *   fee     = service + vat
 *
 * Rates are integers in millionths (ppm): 0.5 % is 5 000, 10 % VAT is 100 000, so no float is ever
 * involved. Each of the two products is rounded half up to the đồng on its own (x.5 đồng goes up);
 * amounts and rates are never negative, so half up is (n + 500 000) div 1 000 000 in integers.
 * The minimum and maximum hold the fee before VAT (the provider's price), the VAT is added on the
 * held amount. Fees are what the paying agency owes the provider: never deducted from the payment.
 * The SQL multiplies on bigint: an amount up to 9·10^12 đồng a payment (far above any allowance);
 * beyond, the statement fails (bigint out of range) rather than giving a wrong fee.
 */
export interface FeeTerms {
  /** Millionths of the amount (0 … 1 000 000). */
  ratePpm: number;
  fixedVnd: AmountVnd;
  minVnd: AmountVnd;
  /** Null: no maximum. */
  maxVnd: AmountVnd | null;
  /** VAT in millionths of the fee (10 % is 100 000). */
  vatPpm: number;
}

export interface PaymentFee {
  /** Before VAT, held between the minimum and the maximum. */
  serviceVnd: AmountVnd;
  vatVnd: AmountVnd;
  /** service + VAT: what the paying agency pays the provider for this payment. */
  feeVnd: AmountVnd;
}

export const ppm = 1_000_000n;
const half = ppm / 2n;

/** round(value × rate / 1 000 000), half up, for value, rate ≥ 0. */
function ofRate(value: AmountVnd, ratePpm: number): AmountVnd {
  const rate = BigInt(ratePpm);
  return vnd((value * rate + half) / ppm);
}

export function paymentFee(amount: AmountVnd, terms: FeeTerms): PaymentFee {
  if (amount < zeroVnd) throw new Error('a payment amount is never negative');
  let service = addVnd(ofRate(amount, terms.ratePpm), terms.fixedVnd);
  if (terms.maxVnd !== null && service > terms.maxVnd) service = terms.maxVnd;
  if (service < terms.minVnd) service = terms.minVnd;
  const vat = ofRate(service, terms.vatPpm);
  return { serviceVnd: service, vatVnd: vat, feeVnd: addVnd(service, vat) };
}

/** No schedule: no fee. */
export const noFee: PaymentFee = { serviceVnd: zeroVnd, vatVnd: zeroVnd, feeVnd: zeroVnd };

const percentText = /^(\d{1,3})(?:[.,](\d{1,4}))?$/;

/**
 * A percentage as typed ("0.5", "0,05", "10") into millionths, exactly (digit by digit, no float):
 * up to four decimals (0.0001 % is 1 ppm), at most 100 %.
 */
export function parsePercent(text: string, field: string): number {
  const match = percentText.exec(text.trim());
  const value = match ? Number.parseInt(match[1]!, 10) * 10_000 + Number.parseInt((match[2] ?? '').padEnd(4, '0'), 10) : Number.NaN;
  if (!Number.isSafeInteger(value) || value > 1_000_000) {
    throw domainError('PERCENT_INVALID', 400, 'Tỷ lệ phần trăm không hợp lệ (0 đến 100, tối đa 4 chữ số thập phân, ví dụ 0.05)', 'Invalid percentage (0 to 100, at most 4 decimals, e.g. 0.05)', { field, value: text });
  }
  return value;
}

/** Millionths as a percentage for people: 5000 → "0.5", 100000 → "10". */
export function percentOf(ratePpm: number): string {
  const whole = Math.trunc(ratePpm / 10_000);
  const decimals = String(ratePpm % 10_000).padStart(4, '0').replace(/0+$/, '');
  return decimals ? `${whole}.${decimals}` : String(whole);
}
