import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from './api/client';
import {
  isLanguage,
  labelOf,
  pickText,
  textOf,
  translate,
  type Bilingual,
  type Language,
  type MessageKey,
  type ServerMessage,
  type TextParams,
  type Texts,
} from './i18n';

const storageKey = 'asxh.language';

interface LanguageContextValue {
  language: Language;
  setLanguage(language: Language): void;
  /** The shell's texts (i18n.ts). */
  t(key: MessageKey, params?: TextParams): string;
  /** A pair or a server's two-language answer in the interface language. */
  pick(text: Bilingual | ServerMessage): string;
}

const LanguageContext = createContext<LanguageContextValue | null>(null);

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(storageKey);
    if (isLanguage(value)) return value;
  } catch {
    // Storage can be blocked (private mode, strict policies): Vietnamese is the default anyway.
  }
  return 'vi';
}

/**
 * Applied outside React's render cycle on purpose: child effects (the first /auth/me request)
 * run before a parent's effect, and they must already send the right Accept-Language.
 */
function applyLanguage(language: Language): void {
  setApiLanguage(language);
  dayjs.locale(language);
  document.documentElement.lang = language;
}

/** `initial` is for tests; the app starts in the language last chosen, Vietnamese by default. */
export function LanguageProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [language, setLanguageState] = useState<Language>(() => {
    const first = initial ?? storedLanguage();
    applyLanguage(first);
    return first;
  });

  const setLanguage = useCallback((next: Language) => {
    applyLanguage(next);
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // The choice then lasts for this page only.
    }
    setLanguageState(next);
  }, []);

  const value = useMemo<LanguageContextValue>(
    () => ({ language, setLanguage, t: (key, params) => translate(language, key, params), pick: (text) => pickText(text, language) }),
    [language, setLanguage],
  );
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useI18n(): LanguageContextValue {
  const value = useContext(LanguageContext);
  if (!value) throw new Error('useI18n outside LanguageProvider');
  return value;
}

export type TextFunction<K extends string> = (key: K, params?: TextParams) => string;

/**
 * The hook of one module's dictionary: `export const usePayrollTexts = createTexts(payrollTexts)`,
 * then `const t = usePayrollTexts(); t('cycle.title', { month })`.
 */
export function createTexts<K extends string>(texts: Texts<K>): () => TextFunction<K> {
  return function useTexts() {
    const { language } = useI18n();
    return useCallback((key: K, params?: TextParams) => textOf(texts, key, language, params), [language]);
  };
}

export type LabelFunction = (table: Readonly<Record<string, Bilingual>>, code: string | null | undefined) => string;

/** Names of codes: `const label = useLabel(); label(channelNames, 'TIEN_MAT')`. */
export function useLabel(): LabelFunction {
  const { language } = useI18n();
  return useCallback((table, code) => labelOf(table, code, language), [language]);
}

export interface CodeOption {
  value: string;
  label: string;
}

/** Select or radio options of codes with their names: `options(channels, channelNames)`. */
export function useCodeOptions(): (codes: readonly string[], table: Readonly<Record<string, Bilingual>>) => CodeOption[] {
  const label = useLabel();
  return useCallback((codes, table) => codes.map((code) => ({ value: code, label: label(table, code) })), [label]);
}
