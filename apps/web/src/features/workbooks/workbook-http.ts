import { attachmentName, fetchWithSession, saveBlob } from '../../shared/api-download';
import type { Lang } from '../../shared/format';
import { fill } from '../../shared/labels';
import { W } from './labels';

/** district-api's report workbooks, through the gateway (libs/report-workbooks). */
const BASE = '/api/district/workbooks/reports';

/** What the server says when it refuses: its code, its words in both languages, and each problem with its cell. */
export interface WorkbookError {
  code: string;
  message: string;
  messageEn?: string;
  problems?: { code: string; sheet?: string; cell?: string; message: string; messageEn: string }[];
}

export type Answer<T> = { ok: true; data: T } | { ok: false; error: WorkbookError } | { ok: false; error: null };

/** A request with the session's token (shared/api-download); a session that ended answers { error: null }. */
async function send<T>(path: string, init: () => RequestInit): Promise<Answer<T> & { res?: Response }> {
  const answer = await fetchWithSession(`${BASE}/${path}`, init);
  if ('ended' in answer) return { ok: false, error: null };
  if ('network' in answer) return { ok: false, error: { code: 'NETWORK', message: W.networkError.vi, messageEn: W.networkError.en } };
  const { res } = answer;
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as WorkbookError | null;
    return { ok: false, error: body ?? { code: `HTTP_${res.status}`, message: `HTTP ${res.status}` } };
  }
  return { ok: true, data: undefined as T, res };
}

/** Saves the template (one unit's, or a district's communes') as the file the server names; '' when saved. */
export async function downloadTemplate(period: string, kind: 'units' | 'districts', code: string, lang: Lang): Promise<string> {
  const answer = await send<void>(`${encodeURIComponent(period)}/${kind}/${encodeURIComponent(code)}.xlsx`, () => ({}));
  if (!answer.ok) {
    if (!answer.error) return '';
    const said = (lang === 'en' ? answer.error.messageEn : undefined) ?? answer.error.message;
    return fill(lang === 'en' ? W.downloadFailed.en : W.downloadFailed.vi, { s: said });
  }
  const res = answer.res!;
  saveBlob(await res.blob(), attachmentName(res.headers.get('content-disposition'), `bao-cao-${code}-${period}.xlsx`));
  return '';
}

/** Sends the file to the dry run or the import (multipart, field `file`) and reads the JSON answer. */
export async function uploadWorkbook<T>(action: 'dry-run' | 'import', period: string, file: File): Promise<Answer<T>> {
  const answer = await send<T>(`${encodeURIComponent(period)}/${action}`, () => {
    const form = new FormData();
    form.append('file', file, file.name);
    return { method: 'POST', body: form };
  });
  if (!answer.ok) return answer;
  return { ok: true, data: (await answer.res!.json()) as T };
}
