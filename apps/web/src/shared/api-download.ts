// A file from an API (a workbook, a CSV) saved through the browser's downloads, with the page's session: the bearer
// token renewed once on a 401, a refused renewal ending the session as expired.
import { endSession, freshAccessToken } from './session';

/** Why a file was not saved: the network, or the server's own JSON error `{ code, message, messageEn }`. */
export type DownloadProblem = { kind: 'network' } | { kind: 'server'; status: number; code?: string; message?: string; messageEn?: string };

/** The name the server gave the file (`Content-Disposition: attachment; filename="…"`), else `fallback`. */
export function attachmentName(disposition: string | null, fallback: string): string {
  const name = /filename="([^"]+)"/.exec(disposition ?? '')?.[1];
  return name && /^[\w.-]+$/.test(name) ? name : fallback;
}

/** Hands a blob to the browser's downloads under a name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
    a.remove();
  }, 1000);
}

/** An API request's outcome: its response, the session ended (the sign-in page takes over), or no network. */
export type ApiResponse = { res: Response } | { ended: true } | { network: true };

/**
 * `fetch` with the session's bearer token (headers from `init` kept), renewed once on a 401; a refused renewal ends
 * the session as expired. `init` is called for each attempt (a FormData body is read once per request).
 */
export async function fetchWithSession(url: string, init: () => RequestInit = () => ({})): Promise<ApiResponse> {
  const ask = (token: string) => {
    const base = init();
    return fetch(url, {
      ...base,
      headers: { ...(base.headers as Record<string, string>), authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
  };
  let token = await freshAccessToken();
  if (!token) {
    endSession('expired');
    return { ended: true };
  }
  let res: Response;
  try {
    res = await ask(token);
    // Refused: renewed once and asked again; a refused renewal has ended the session.
    if (res.status === 401 && (token = await freshAccessToken(token))) res = await ask(token);
  } catch {
    return { network: true };
  }
  if (res.status === 401) {
    endSession('expired');
    return { ended: true };
  }
  return { res };
}

/**
 * Fetches `url` (GET, or POST with a JSON body) and saves what comes back. Returns null when saved or when the session
 * has ended (the sign-in page takes over), else the problem to tell the person.
 */
export async function downloadFromApi(url: string, fallbackName: string, body?: unknown): Promise<DownloadProblem | null> {
  const answer = await fetchWithSession(url, () =>
    body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  if ('ended' in answer) return null;
  if ('network' in answer) return { kind: 'network' };
  const { res } = answer;
  if (!res.ok) {
    // The server's error is JSON { code, field, message, messageEn }: its own words, never the raw body.
    const said = (await res.json().catch(() => null)) as { code?: string; message?: string; messageEn?: string } | null;
    return { kind: 'server', status: res.status, code: said?.code, message: said?.message, messageEn: said?.messageEn };
  }
  saveBlob(await res.blob(), attachmentName(res.headers.get('content-disposition'), fallbackName));
  return null;
}
