import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { projectRoot } from '@council/database';

/**
 * Which lib may import which. The district side (where councils file) and the city side (where figures are
 * aggregated and briefed) meet only through the messaging contract and the shared libs, so that either side can be
 * deployed, scaled or changed without the other; and `@council/database` is plumbing that depends on no feature (the
 * database CLI, apps/database-cli, is what gathers every lib's entities).
 */
const DISTRICT_SIDE = ['reporting', 'planning', 'admin', 'report-workbooks'];
const CITY_SIDE = ['statistics', 'briefings', 'notifications'];
/** Shared by both sides. Directives span them (the city's directive, the district's assignments), so they are here. */
const SHARED = ['core', 'server', 'auth', 'hierarchy', 'metrics', 'messaging', 'directives'];
/** Reads both sides' tables to check they agree (the worker's reconciliation): it imports neither side's lib, and no lib imports it. */
const BRIDGE = ['sync'];
/** In front of both apps (the web gateway): it may use core only, and no lib uses it. */
const EDGE = ['gateway'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : [],
  );
}

/** lib → the libs its sources import, with one file that does for each. */
function importsByLib(): Map<string, Map<string, string>> {
  const root = projectRoot();
  const out = new Map<string, Map<string, string>>();
  for (const lib of readdirSync(join(root, 'libs'))) {
    const used = new Map<string, string>();
    for (const file of sources(join(root, 'libs', lib, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/from '@council\/([a-z-]+)'/g))
        if (m[1] !== lib && !used.has(m[1])) used.set(m[1], relative(root, file));
    }
    out.set(lib, used);
  }
  return out;
}

function breaches(lib: string, imported: string): boolean {
  if (lib === 'database') return imported !== 'core' && imported !== 'server';
  if (BRIDGE.includes(imported) || EDGE.includes(imported)) return true;
  if (EDGE.includes(lib)) return imported !== 'core';
  if (BRIDGE.includes(lib)) return !SHARED.includes(imported);
  const side = (l: string) => (DISTRICT_SIDE.includes(l) ? 'district' : CITY_SIDE.includes(l) ? 'city' : 'shared');
  // Anyone may use a shared lib; a side's lib is for its own side only.
  return side(imported) !== 'shared' && side(imported) !== side(lib);
}

describe('the boundaries between libs', () => {
  const imports = importsByLib();

  it('knows every lib', () => {
    expect([...imports.keys()].sort()).toEqual(
      [...new Set([...DISTRICT_SIDE, ...CITY_SIDE, ...SHARED, ...BRIDGE, ...EDGE, 'database'])].sort(),
    );
  });

  it('keeps the city side and the district side apart, and the shared libs and @council/database free of features', () => {
    const found: string[] = [];
    for (const [lib, used] of imports) {
      for (const [imported, file] of used) if (breaches(lib, imported)) found.push(`${lib} → ${imported} (${file})`);
    }
    expect(found).toEqual([]);
  });

  it('would see a breach: briefings reading district code is one', () => {
    expect(breaches('briefings', 'reporting')).toBe(true);
    expect(breaches('reporting', 'statistics')).toBe(true);
    expect(breaches('messaging', 'reporting')).toBe(true);
    expect(breaches('database', 'reporting')).toBe(true);
    expect(breaches('briefings', 'directives')).toBe(false);
    expect(breaches('sync', 'statistics')).toBe(true);
    expect(breaches('statistics', 'sync')).toBe(true);
    expect(breaches('sync', 'messaging')).toBe(false);
  });
});
