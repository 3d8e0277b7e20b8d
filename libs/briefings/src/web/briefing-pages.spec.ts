import { Script } from 'node:vm';

import { parsePeriod } from '@council/core';

import { ASSETS, errorPage, escapeHtml, pageLang, printPage, screenPage, securityHeaders } from './briefing-pages.js';

describe('briefing pages', () => {
  it('serves scripts that parse, and styles, each with a content hash', () => {
    expect([...ASSETS.keys()].sort()).toEqual(['common.js', 'print.css', 'print.js', 'screen.css', 'screen.js']);
    for (const [name, a] of ASSETS) {
      expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      if (name.endsWith('.js')) {
        expect(() => new Script(a.body, { filename: name })).not.toThrow();
        expect(a.contentType).toBe('text/javascript; charset=utf-8');
      } else {
        expect(a.contentType).toBe('text/css; charset=utf-8');
      }
    }
  });

  it('gives the screen a shell with the period and language only, scripts from this origin, no inline code', () => {
    const html = screenPage(parsePeriod('2024Q1'), 'vi');
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('data-period="2024Q1"');
    expect(html).toContain('<title>Giao ban HĐND — Quý I/2024</title>');
    expect(html).toMatch(/<script src="\/briefing\/assets\/common\.js\?v=[\w-]+" defer><\/script>/);
    expect(html).not.toMatch(/<script>|<style>|\sstyle="|\son\w+="/);
    expect(screenPage(parsePeriod('2024'), 'en')).toContain('<title>Council briefing — Year 2024</title>');
    expect(printPage(parsePeriod('2024Q4'), 'vi')).toContain('<title>Báo cáo số liệu giao ban — Quý IV/2024</title>');
  });

  it('takes only vi or en for the language', () => {
    expect(pageLang('en')).toBe('en');
    expect(pageLang('fr')).toBe('vi');
    expect(pageLang(['en', 'en'])).toBe('vi');
    expect(pageLang(undefined)).toBe('vi');
  });

  it('escapes what it echoes', () => {
    expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe('&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
    const html = errorPage(400, { vi: 'Kỳ báo cáo "<b>" không hợp lệ', en: 'Invalid period "<b>"' });
    expect(html).toContain('Kỳ báo cáo &quot;&lt;b&gt;&quot; không hợp lệ');
    expect(html).not.toContain('<b>');
  });

  it('allows only its own scripts, styles and sockets', () => {
    const csp = securityHeaders('127.0.0.1:3001')['Content-Security-Policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:3001 wss://127.0.0.1:3001");
    expect(csp).not.toContain('unsafe');
    // A forged Host header never gets into the policy.
    expect(securityHeaders('evil.example; script-src *')['Content-Security-Policy']).toContain("connect-src 'self';");
    expect(securityHeaders(undefined)['X-Content-Type-Options']).toBe('nosniff');
  });
});
