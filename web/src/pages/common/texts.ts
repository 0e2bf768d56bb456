import { useCallback } from 'react';
import type { Language } from '../../i18n';
import { useI18n } from '../../language';

/**
 * The registry, import, accounts and self-service modules keep their interface text in their own
 * files (a `{vi, en}` pair per key) instead of the shell's i18n.ts; this is the small machinery.
 */
export interface Bilingual {
  vi: string;
  en: string;
}

export type TextParams = Record<string, string | number>;
export type Translate<K extends string> = (key: K, params?: TextParams) => string;

/** "Còn {count} dòng" + {count: 3} → "Còn 3 dòng". */
export function fill(text: string, params?: TextParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A hook over one module's dictionary: `const t = useTexts(); t('list.title', { count })`. */
export function createTexts<K extends string>(dictionary: Record<K, Bilingual>): () => Translate<K> {
  return function useTexts() {
    const { language } = useI18n();
    return useCallback((key: K, params?: TextParams) => fill(dictionary[key][language], params), [language]);
  };
}

/** The name of a code in the interface language; the code itself when this build does not know it. */
export function nameOf(names: Readonly<Record<string, Bilingual>>, code: string, language: Language): string {
  return names[code]?.[language] ?? code;
}
