// The briefing's routes, outside the shell: /briefing (this quarter), /briefing/<period> (the projector),
// /briefing/<period>/print (the A4 summary). A bad period gets plain words, the server's own.
import './briefing-screen.css';

import { quarterAt } from '@council/core/period.js';
import { Navigate, Route, Routes, useParams, useSearchParams } from 'react-router';

import { useLang } from '../../shared/i18n';
import { periodOf, t2 } from './briefing-model';
import { BriefingPrintPage } from './BriefingPrintPage';
import { BriefingScreenPage } from './BriefingScreenPage';
import { B } from './labels';
import { RequireSignIn } from './RequireSignIn';

function Period({ print }: { print?: boolean }) {
  const { period } = useParams();
  const { lang } = useLang();
  const parsed = periodOf(period);
  if ('error' in parsed)
    return (
      <main className="briefing-error">
        <h1>{t2(parsed.error, lang)}</h1>
        <p>{t2(B.badPeriod, lang)}</p>
      </main>
    );
  const code = parsed.period.code;
  return <RequireSignIn>{print ? <BriefingPrintPage period={code} /> : <BriefingScreenPage period={code} />}</RequireSignIn>;
}

function Current() {
  const [params] = useSearchParams();
  return <Navigate to={`/briefing/${quarterAt(new Date()).code}${params.get('lang') === 'en' ? '?lang=en' : ''}`} replace />;
}

export default function BriefingPage() {
  return (
    <Routes>
      <Route index element={<Current />} />
      <Route path=":period" element={<Period />} />
      <Route path=":period/print" element={<Period print />} />
    </Routes>
  );
}
