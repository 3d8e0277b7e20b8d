import { downloadFromApi } from '../../shared/api-download';
import type { Lang } from '../../shared/format';
import { t2 } from './briefing-model';
import { B } from './labels';

/**
 * The briefing's workbook (city-api's GET /briefing/<period>/workbook.xlsx through the gateway), saved as
 * giao-ban-<period>.xlsx. Returns what to tell the person when it could not ('' when saved).
 */
export async function downloadWorkbook(period: string, lang: Lang): Promise<string> {
  const problem = await downloadFromApi(`/api/city/briefing/${encodeURIComponent(period)}/workbook.xlsx`, `giao-ban-${period}.xlsx`);
  if (!problem) return '';
  if (problem.kind === 'network') return t2(B.networkError, lang);
  const said = (lang === 'en' ? problem.messageEn : undefined) ?? problem.message;
  return t2(B.excelMissing, lang, { s: said ?? `HTTP ${problem.status}` });
}
