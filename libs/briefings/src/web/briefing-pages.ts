import { createHash } from 'node:crypto';

import { type Period, periodLabel } from '@council/core';

import { COMMON_JS } from './assets/common-script.js';
import { PRINT_JS } from './assets/print-script.js';
import { PRINT_CSS } from './assets/print-style.js';
import { SCREEN_JS } from './assets/screen-script.js';
import { SCREEN_CSS } from './assets/screen-style.js';

/**
 * The briefing pages' HTML: a shell with no data in it (the period and the
 * language only), the scripts and styles it loads, and the headers every
 * response of these pages carries. The assets are string constants so that
 * they exist wherever the compiled code does (ts-jest, dist/, the image).
 */

export type PageLang = 'vi' | 'en';

export interface Asset {
  body: string;
  contentType: string;
  etag: string;
}

function asset(body: string, contentType: string): Asset {
  return { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

export const ASSETS: ReadonlyMap<string, Asset> = new Map([
  ['common.js', asset(COMMON_JS, 'text/javascript; charset=utf-8')],
  ['screen.js', asset(SCREEN_JS, 'text/javascript; charset=utf-8')],
  ['screen.css', asset(SCREEN_CSS, 'text/css; charset=utf-8')],
  ['print.js', asset(PRINT_JS, 'text/javascript; charset=utf-8')],
  ['print.css', asset(PRINT_CSS, 'text/css; charset=utf-8')],
]);

/** Where the pages load their assets from (absolute: the pages live at two depths). */
export const ASSET_BASE = '/briefing/assets/';

function assetUrl(name: string): string {
  const a = ASSETS.get(name);
  if (!a) throw new Error(`unknown briefing asset ${name}`);
  // The ETag doubles as a version, so a projector never keeps yesterday's script.
  return `${ASSET_BASE}${name}?v=${a.etag.slice(1, 11)}`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function pageLang(value: unknown): PageLang {
  return value === 'en' ? 'en' : 'vi';
}

const HOST_RE = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Only this origin's scripts and styles, no inline code, and connections to
 * this origin only (`'self'` covers ws:/wss: of the same host in CSP 3;
 * older browsers get the explicit ws://host and wss://host too).
 */
export function securityHeaders(host: string | undefined): Record<string, string> {
  const sockets = host && HOST_RE.test(host) ? ` ws://${host} wss://${host}` : '';
  return {
    'Content-Security-Policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      `connect-src 'self'${sockets}`,
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}

function shell(opts: {
  lang: PageLang;
  title: string;
  page: 'screen' | 'print';
  period?: string;
  css: string;
  js: string;
  noscript: string;
}): string {
  const period = opts.period ? ` data-period="${escapeHtml(opts.period)}"` : '';
  return `<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="robots" content="noindex">
<title>${escapeHtml(opts.title)}</title>
<link rel="stylesheet" href="${assetUrl(opts.css)}">
<script src="${assetUrl('common.js')}" defer></script>
<script src="${assetUrl(opts.js)}" defer></script>
</head>
<body class="page-${opts.page}" data-page="${opts.page}" data-lang="${opts.lang}"${period}>
<noscript><p class="noscript">${escapeHtml(opts.noscript)}</p></noscript>
<div id="app" aria-live="polite"></div>
</body>
</html>
`;
}

const NOSCRIPT = 'Trang này cần bật JavaScript. / This page needs JavaScript.';

/** The projector screen of a period. */
export function screenPage(period: Period, lang: PageLang): string {
  const label = periodLabel(period);
  const title = lang === 'en' ? `Council briefing — ${label.en}` : `Giao ban HĐND — ${label.vi}`;
  return shell({ lang, title, page: 'screen', period: period.code, css: 'screen.css', js: 'screen.js', noscript: NOSCRIPT });
}

/** The printable summary of a period (always Vietnamese unless asked otherwise). */
export function printPage(period: Period, lang: PageLang): string {
  const label = periodLabel(period);
  const title = lang === 'en' ? `Briefing summary — ${label.en}` : `Báo cáo số liệu giao ban — ${label.vi}`;
  return shell({ lang, title, page: 'print', period: period.code, css: 'print.css', js: 'print.js', noscript: NOSCRIPT });
}

/** A page for a bad address: plain words, no script. */
export function errorPage(status: number, message: { vi: string; en: string }): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${status === 404 ? 'Không tìm thấy' : 'Địa chỉ không hợp lệ'}</title>
<link rel="stylesheet" href="${assetUrl('screen.css')}">
</head>
<body class="page-error">
<main class="error-page">
<h1>${escapeHtml(message.vi)}</h1>
<p lang="en">${escapeHtml(message.en)}</p>
<p>Ví dụ / for example: <a href="/briefing/2024Q1">/briefing/2024Q1</a> (quý / a quarter), <a href="/briefing/2024">/briefing/2024</a> (năm / a year).</p>
</main>
</body>
</html>
`;
}
