import { randomBytes } from 'node:crypto';

/** A fresh nonce per response: base64 of 16 random bytes (CSP level 3 asks for at least 128 bits). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The pages' Content-Security-Policy. Scripts come only from our own origin, with no exception. Ant Design's CSS-in-JS
 * writes `<style>` elements, which carry the per-response nonce (the app hands it to ConfigProvider). `style-src-attr
 * 'unsafe-inline'` is for the `style` attributes that Ant Design (grid gutters, table column widths, tooltips'
 * positions) and ECharts (its canvas container) set from script: attributes cannot carry a nonce, and they cannot
 * run code. The API explorer's editor (GraphiQL's Monaco) runs web workers: Vite bundles them as files of our own
 * (apps/web/src/features/explorer/monaco-workers.ts), so `worker-src 'self'`, no blob: URL.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-elem 'self' 'nonce-${nonce}' 'report-sample'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every page response carries besides the CSP. */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
});

/** Where the server stamps the nonce into index.html; the app reads it from `<meta name="csp-nonce">`. */
export const NONCE_PLACEHOLDER = '__CSP_NONCE__';
