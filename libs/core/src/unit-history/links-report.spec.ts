import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { readHanoiHistoryFiles } from './history-files.js';
import { LINKS_BEGIN, LINKS_END, mergerLinksMarkdown, replaceLinksSection } from './links-report.js';
import { buildHanoiUnitHistory } from './unit-history.js';

const section = mergerLinksMarkdown(buildHanoiUnitHistory(readHanoiHistoryFiles(process.cwd())));

describe('the 2025-01-01 links in data/README.md', () => {
  it('are the ones the data gives (`npm run reorganisation:links -- --write` rewrites them)', () => {
    const readme = readFileSync(join(process.cwd(), 'data', 'README.md'), 'utf8');
    expect(replaceLinksSection(readme, section)).toBe(readme);
  });

  it('list each derived link with its rule, and each missing one with its district and leads', () => {
    expect(section).toContain('Derived (29)');
    expect(section).toContain(
      '| `00220` Phường Phương Liên | Quận Đống Đa | `00226` Phường Phương Liên - Trung Tự (was Phường Trung Tự) | `name-contains-predecessor` |',
    );
    expect(section).toContain(
      '| `10372` Xã Cao Thành | Huyện Ứng Hòa | `10378` Xã Cao Sơn Tiến (was Xã Sơn Công) | `name-joins-predecessor-syllables` |',
    );
    expect(section).toContain('Missing (24)');
    expect(section).toContain('| `00211` Phường Trung Phụng | Quận Đống Đa | — |');
    expect(section).toContain('| `10357` Xã Viên An | Huyện Ứng Hòa | `10363` Xã Hoa Viên |');
  });

  it('replaces only what lies between the markers, and says so when they are missing', () => {
    expect(replaceLinksSection(`a\n${LINKS_BEGIN}\nold\n${LINKS_END}\nb`, 'new')).toBe('a\nnew\nb');
    expect(() => replaceLinksSection('no markers', 'new')).toThrow('data/README.md has no 2025-01-01 links section');
    expect(() => replaceLinksSection(`${LINKS_END}\n${LINKS_BEGIN}`, 'new')).toThrow(/no 2025-01-01 links section/);
  });
});
