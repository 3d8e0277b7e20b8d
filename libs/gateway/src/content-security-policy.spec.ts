import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { contentSecurityPolicy, newNonce, PAGE_SECURITY_HEADERS } from './content-security-policy.js';

describe("the pages' Content-Security-Policy", () => {
  it('allows scripts from our own origin only, and styles with the response nonce', () => {
    const csp = contentSecurityPolicy('abc123');
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe|nonce|\*)/);
    expect(csp).toContain("style-src 'self' 'nonce-abc123'");
    expect(csp).toContain("worker-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('makes a different nonce each time, long enough (128 bits)', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });

  it('is the policy nginx sends in docker/compose.yml, with $request_id as the nonce', () => {
    const conf = readFileSync(join(process.cwd(), 'docker', 'nginx.conf'), 'utf8');
    expect(conf).toContain(`add_header Content-Security-Policy "${contentSecurityPolicy('$request_id')}" always;`);
    for (const [name] of Object.entries(PAGE_SECURITY_HEADERS)) expect(conf.toLowerCase()).toContain(`add_header ${name}`);
  });
});
