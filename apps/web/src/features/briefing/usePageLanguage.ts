import { useEffect } from 'react';
import { useSearchParams } from 'react-router';

import type { Lang } from '../../shared/format';
import { useLang } from '../../shared/i18n';

/**
 * The briefing pages speak the language of their address: Vietnamese, or English with ?lang=en, whatever this
 * computer last chose elsewhere (a hall's projector opens in Vietnamese). `switchTo` changes both.
 */
export function usePageLanguage(): { lang: Lang; switchTo(lang: Lang): void; query: string } {
  const [params, setParams] = useSearchParams();
  const { lang, setLang } = useLang();
  const wanted: Lang = params.get('lang') === 'en' ? 'en' : 'vi';
  useEffect(() => {
    if (lang !== wanted) setLang(wanted);
    document.documentElement.lang = wanted;
  }, [lang, wanted, setLang]);
  return {
    lang: wanted,
    query: wanted === 'en' ? '?lang=en' : '',
    switchTo: (next) => setParams(next === 'en' ? { lang: 'en' } : {}, { replace: true }),
  };
}
