import type { Lang } from '../../shared/format';
import { currentSession, endSession } from '../../shared/session';
import { t2 } from './briefing-model';
import { B } from './labels';

/**
 * The briefing's workbook (city-api's GET /briefing/<period>/workbook.xlsx through the gateway), saved as
 * giao-ban-<period>.xlsx. Returns what to tell the person when it could not ('' when saved).
 */
export async function downloadWorkbook(period: string, lang: Lang): Promise<string> {
  const session = currentSession();
  if (!session) {
    endSession('expired');
    return '';
  }
  let res: Response;
  try {
    res = await fetch(`/api/city/briefing/${encodeURIComponent(period)}/workbook.xlsx`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
      cache: 'no-store',
    });
  } catch {
    return t2(B.networkError, lang);
  }
  if (res.status === 401) {
    endSession('expired');
    return '';
  }
  if (!res.ok) {
    // The server's error is JSON { code, field, message, messageEn }: its own words, never the raw body.
    const body = (await res.json().catch(() => null)) as { message?: string; messageEn?: string } | null;
    const said = (lang === 'en' ? body?.messageEn : undefined) ?? body?.message;
    return t2(B.excelMissing, lang, { s: said ?? `HTTP ${res.status}` });
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `giao-ban-${period}.xlsx`;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
    a.remove();
  }, 1000);
  return '';
}
