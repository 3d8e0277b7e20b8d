import type { Bilingual } from '@council/core/errors.js';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

import type { Lang } from './format';
import { UI, type UiLabel } from './labels';

const STORAGE_KEY = 'council.lang';

export interface LanguageState {
  lang: Lang;
  setLang(lang: Lang): void;
  /** A catalogue entry or any bilingual label, in the chosen language. */
  t(label: UiLabel | Bilingual): string;
}

const LanguageContext = createContext<LanguageState | null>(null);

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** Vietnamese unless the person switched to English on this computer. */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    document.documentElement.lang = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* private mode: the choice lasts for this page */
    }
  }, []);
  const t = useCallback((label: UiLabel | Bilingual) => (typeof label === 'string' ? UI[label][lang] : label[lang]), [lang]);
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLang(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLang outside LanguageProvider');
  return state;
}
