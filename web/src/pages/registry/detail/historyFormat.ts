import { formatDate, formatMonth } from '../../../format';
import { labelOf, type Bilingual, type Language } from '../../../i18n';
import {
  categoryNames,
  channelNames,
  enrolmentStatusNames,
  historyFieldNames,
  holderKindNames,
  programmeNames,
  proposalStatusNames,
  representativeKindNames,
  reviewKindNames,
  reviewStatusNames,
  statusReasonNames,
  verificationNames,
} from '../../common/codes';
import type { HistoryEntry } from '../../common/types';

/**
 * Turns a history entry's before/after JSON into readable field changes: "Trạng thái: Đang hưởng →
 * Thôi hưởng". Codes get their names, dates and months the Vietnamese formats, and personal IDs and
 * account numbers are masked for roles that see only the last 4 digits.
 */
export interface FieldChange {
  key: string;
  label: string;
  /** Absent when the entry records only the new value (a creation). */
  before?: string;
  after?: string;
}

export interface FormatOptions {
  language: Language;
  /** Whether the role may see full IDs and account numbers. */
  sensitive: boolean;
  providerName(code: string): string;
  empty: string;
  yes: string;
  no: string;
}

/** Keys that are bookkeeping, not something a person changed. */
const hiddenKeys = new Set(['runId', 'inquiry', 'enrolmentId']);
const sensitiveKeys = new Set(['personalId', 'accountNumber', 'legacyId']);
const fieldOrder: ReadonlyMap<string, number> = new Map(Object.keys(historyFieldNames).map((key, index) => [key, index]));

const codeNames: Record<string, readonly Record<string, Bilingual>[]> = {
  status: [enrolmentStatusNames, reviewStatusNames, proposalStatusNames],
  statusReason: [statusReasonNames],
  reason: [statusReasonNames],
  category: [categoryNames],
  programme: [programmeNames],
  channel: [channelNames],
  kind: [representativeKindNames, reviewKindNames],
  holderKind: [holderKindNames],
  verification: [verificationNames],
};

function mask(value: string): string {
  return value.length <= 4 ? value : '•'.repeat(value.length - 4) + value.slice(-4);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function fieldName(key: string, language: Language): string {
  return labelOf(historyFieldNames, key, language);
}

const sexNames: Record<string, Bilingual> = { M: { vi: 'Nam', en: 'Male' }, F: { vi: 'Nữ', en: 'Female' } };

export function formatHistoryValue(key: string, value: unknown, options: FormatOptions): string {
  if (value === null || value === undefined || value === '') return options.empty;
  if (typeof value === 'boolean') return value ? options.yes : options.no;
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([inner]) => !hiddenKeys.has(inner))
      .map(([inner, innerValue]) => `${fieldName(inner, options.language)}: ${formatHistoryValue(inner, innerValue, options)}`)
      .join('; ');
  }
  const text = String(value);
  if (sensitiveKeys.has(key)) return options.sensitive ? text : mask(text);
  if (key === 'sex') return labelOf(sexNames, text === 'F' ? 'F' : 'M', options.language);
  if (key === 'providerCode') return options.providerName(text);
  for (const names of codeNames[key] ?? []) {
    if (Object.hasOwn(names, text)) return labelOf(names, text, options.language);
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && text.length <= 10) return formatDate(text);
  if (/^\d{4}-\d{2}$/.test(text)) return formatMonth(text);
  return text;
}

export function changesOf(entry: HistoryEntry, options: FormatOptions): FieldChange[] {
  const before = entry.before ?? null;
  const after = entry.after ?? null;
  // Known fields in a fixed, readable order (name before ID before dates…), unknown ones after.
  const rank = (key: string) => (fieldOrder.has(key) ? fieldOrder.get(key)! : fieldOrder.size);
  const keys = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])].filter((key) => !hiddenKeys.has(key)).sort((a, b) => rank(a) - rank(b));
  const changes: FieldChange[] = [];
  for (const key of keys) {
    const old = before?.[key];
    const next = after?.[key];
    if (before && after && same(old, next)) continue;
    if (!before && (next === null || next === undefined || next === '')) continue;
    changes.push({
      key,
      label: fieldName(key, options.language),
      before: before && key in before ? formatHistoryValue(key, old, options) : undefined,
      after: after && key in after ? formatHistoryValue(key, next, options) : undefined,
    });
  }
  return changes;
}
