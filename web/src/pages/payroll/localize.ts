import { useCallback } from 'react';
import type { Language } from '../../i18n';
import { useI18n } from '../../language';

/**
 * Module-local texts: each module (payroll, disbursement, campaign, dashboard, reports) keeps its
 * strings beside its code as {vi, en} pairs, so the shell dictionary (i18n.ts) stays small and two
 * engineers never edit the same file. Vietnamese is the reference text; English follows it.
 */
export interface Bilingual {
  vi: string;
  en: string;
}

export type TextParams = Record<string, string | number>;

export function fillText(text: string, params?: TextParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type TextFunction<K extends string> = (key: K, params?: TextParams) => string;

/** Builds the hook of one module: `const t = usePayrollText(); t('cycle.submit')`. */
export function createTexts<K extends string>(dictionary: Record<K, Bilingual>): () => TextFunction<K> {
  return function useTexts() {
    const { language } = useI18n();
    return useCallback((key: K, params?: TextParams) => fillText(dictionary[key][language], params), [language]);
  };
}

/** The text of a code in a label table (status, channel, reason…), or the code itself when unknown. */
export function labelOf(table: Readonly<Record<string, Bilingual>>, code: string | null | undefined, language: Language): string {
  if (code === null || code === undefined || code === '') return '';
  const entry = Object.hasOwn(table, code) ? table[code] : undefined;
  return entry ? entry[language] : code;
}

/** `const label = useLabel(); label(channelNames, 'TIEN_MAT')`. */
export function useLabel(): (table: Readonly<Record<string, Bilingual>>, code: string | null | undefined) => string {
  const { language } = useI18n();
  return useCallback((table, code) => labelOf(table, code, language), [language]);
}
