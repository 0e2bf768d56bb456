import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from './api/client';
import { isLanguage, translate, type Language, type MessageKey, type MessageParams } from './i18n';

const storageKey = 'asxh.language';

interface LanguageContextValue {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: MessageParams): string;
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

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => {
    const initial = storedLanguage();
    applyLanguage(initial);
    return initial;
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
    () => ({ language, setLanguage, t: (key, params) => translate(language, key, params) }),
    [language, setLanguage],
  );
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useI18n(): LanguageContextValue {
  const value = useContext(LanguageContext);
  if (!value) throw new Error('useI18n outside LanguageProvider');
  return value;
}
