import fc from 'fast-check';

import { CouncilLevel } from './levels.js';
import {
  catalogueProblems,
  isValidMetricCode,
  METRIC_CATALOGUE,
  METRIC_CODE_PATTERN,
  METRIC_CODES,
  METRIC_GROUP_LABELS,
  METRIC_GROUPS,
  type MetricDefinition,
  metricMap,
} from './metric-catalogue.js';

// API.md's list, in its order: the public contract.
const API_CODES = [
  'sessions.regular',
  'sessions.thematic',
  'sessions.urgent',
  'resolutions.issued',
  'documents.reviewed',
  'questioning.written',
  'questioning.sessions',
  'explanations.sessions',
  'supervisions.thematic',
  'surveys.conducted',
  'voter_contacts.meetings',
  'voter_contacts.thematic',
  'citizen_receptions.sessions',
  'petitions.received',
  'petitions.answered',
  'petitions.resolved',
  'complaints.received',
  'complaints.handled',
  'confidence_votes.persons',
  'briefings.held',
];

const byCode = metricMap();
const get = (code: string): MetricDefinition => {
  const m = byCode.get(code);
  if (!m) throw new Error(`missing ${code}`);
  return m;
};

describe('METRIC_CATALOGUE', () => {
  it('holds exactly the 20 API codes, in order', () => {
    expect(METRIC_CATALOGUE.map((m) => m.code)).toEqual(API_CODES);
    expect(METRIC_CODES).toEqual(API_CODES);
  });

  it('is sound', () => {
    expect(catalogueProblems(METRIC_CATALOGUE)).toEqual([]);
  });

  it('numbers sortOrder in tens, leaving room for added metrics between seeded ones', () => {
    expect(METRIC_CATALOGUE.map((m) => m.sortOrder)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 10));
  });

  it('has strictly increasing sortOrder', () => {
    const orders = METRIC_CATALOGUE.map((m) => m.sortOrder);
    orders.forEach((o, i) => i > 0 && expect(o).toBeGreaterThan(orders[i - 1]!));
  });

  it('names every metric in Vietnamese with diacritics and in English', () => {
    for (const m of METRIC_CATALOGUE) {
      expect(m.nameVi.trim()).toBe(m.nameVi);
      expect(m.nameVi).toMatch(/\P{ASCII}/u); // every seeded name carries Vietnamese letters
      expect(m.nameVi.normalize('NFC')).toBe(m.nameVi); // precomposed, so search and sorting behave
      expect(m.nameEn).toMatch(/^[\x20-\x7E]+$/);
      expect(m.unitVi.length).toBeGreaterThan(0);
      expect(m.unitEn.length).toBeGreaterThan(0);
      expect(METRIC_GROUP_LABELS[m.group]).toBeDefined();
    }
  });

  it('uses the names council documents use', () => {
    expect(get('sessions.regular').nameVi).toBe('Kỳ họp thường lệ');
    expect(get('sessions.urgent').nameVi).toBe('Kỳ họp bất thường');
    expect(get('voter_contacts.thematic').nameVi).toBe('Tiếp xúc cử tri chuyên đề');
    expect(get('complaints.handled').nameVi).toBe('Đơn thư khiếu nại, tố cáo đã xử lý');
    expect(get('confidence_votes.persons').unitVi).toBe('người');
    expect(get('complaints.received').unitVi).toBe('đơn');
  });

  it('applies confidence votes at city and district level only, everything else everywhere', () => {
    expect(get('confidence_votes.persons').levels).toEqual([CouncilLevel.CITY, CouncilLevel.DISTRICT]);
    for (const m of METRIC_CATALOGUE.filter((x) => x.code !== 'confidence_votes.persons')) {
      expect([...m.levels].sort()).toEqual([CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD]);
    }
  });

  it('declares only strict parts: thematic voter contacts of voter contacts', () => {
    const parts = METRIC_CATALOGUE.filter((m) => m.partOf).map((m) => [m.code, m.partOf]);
    expect(parts).toEqual([['voter_contacts.thematic', 'voter_contacts.meetings']]);
    // The backlog makes these not parts (they are warning rules instead).
    expect(get('petitions.answered').partOf).toBeUndefined();
    expect(get('complaints.handled').partOf).toBeUndefined();
  });

  it('groups follow the code prefix families and cover every group', () => {
    expect(new Set(METRIC_CATALOGUE.map((m) => m.group))).toEqual(new Set(METRIC_GROUPS));
    expect(get('explanations.sessions').group).toBe('questioning');
    expect(get('complaints.received').group).toBe('petitions');
    expect(get('citizen_receptions.sessions').group).toBe('voters');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(METRIC_CATALOGUE)).toBe(true);
    expect(Object.isFrozen(METRIC_CATALOGUE[0])).toBe(true);
  });
});

describe('METRIC_GROUP_LABELS', () => {
  it('labels every group in both languages', () => {
    expect(Object.keys(METRIC_GROUP_LABELS).sort()).toEqual([...METRIC_GROUPS].sort());
    expect(METRIC_GROUP_LABELS).toEqual({
      sessions: { vi: 'Kỳ họp', en: 'Sessions' },
      resolutions: { vi: 'Nghị quyết', en: 'Resolutions' },
      documents: { vi: 'Tài liệu kỳ họp', en: 'Session documents' },
      questioning: { vi: 'Chất vấn, giải trình', en: 'Questioning and explanation' },
      supervision: { vi: 'Giám sát, khảo sát', en: 'Supervision and surveys' },
      voters: { vi: 'Tiếp xúc cử tri, tiếp công dân', en: 'Voter contact and citizen reception' },
      petitions: { vi: 'Kiến nghị cử tri, đơn thư', en: 'Voter petitions, complaints and denunciations' },
      confidence: { vi: 'Lấy phiếu tín nhiệm', en: 'Confidence votes' },
      coordination: { vi: 'Giao ban, phối hợp', en: 'Briefings and coordination' },
    });
  });
});

describe('METRIC_CODE_PATTERN', () => {
  it.each(['sessions.regular', 'voter_contacts.thematic', 'a.b', 'a1.b_2.c'])('accepts %s', (c) => {
    expect(isValidMetricCode(c)).toBe(true);
  });

  it('refuses what is not a string, even one that reads as a code', () => {
    expect(isValidMetricCode(['a.b'] as unknown as string)).toBe(false);
  });

  it.each(['sessions', 'Sessions.regular', 'sessions.', '.regular', 'sessions..regular', '1a.b', 'a._b', 'a.b-c', 'a.b ', 'kỳ.họp', ''])(
    'refuses %j',
    (c) => {
      expect(isValidMetricCode(c)).toBe(false);
    },
  );

  it('accepts exactly dotted lowercase segments (property)', () => {
    const segment = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 2, maxLength: 4 }), (segs) => {
        expect(METRIC_CODE_PATTERN.test(segs.join('.'))).toBe(true);
        expect(METRIC_CODE_PATTERN.test(segs.join('.').toUpperCase())).toBe(false);
      }),
    );
  });
});

describe('catalogueProblems', () => {
  const base = (over: Partial<MetricDefinition>): MetricDefinition => ({
    code: 'x.y',
    nameVi: 'Thử',
    nameEn: 'Test',
    group: 'sessions',
    unitVi: 'cuộc',
    unitEn: 'items',
    levels: [CouncilLevel.CITY],
    sortOrder: 1,
    ...over,
  });

  it('finds bad codes, duplicates, missing wholes, level mismatches and cycles', () => {
    expect(catalogueProblems([base({ code: 'Bad' })])).toEqual([expect.stringContaining('does not match')]);
    expect(catalogueProblems([base({}), base({})])).toEqual(['x.y: duplicate code']);
    expect(catalogueProblems([base({ partOf: 'no.such' })])).toEqual(['x.y: partOf unknown metric no.such']);
    expect(
      catalogueProblems([
        base({ code: 'a.whole' }),
        base({ code: 'a.part', partOf: 'a.whole', levels: [CouncilLevel.CITY, CouncilLevel.WARD] }),
      ]),
    ).toEqual(['a.part: applies at WARD where its whole a.whole does not']);
    expect(catalogueProblems([base({ code: 'a.b', partOf: 'a.c' }), base({ code: 'a.c', partOf: 'a.b' })])).toEqual([
      'a.b: partOf cycle',
      'a.c: partOf cycle',
    ]);
    expect(catalogueProblems([base({ code: 'a.b', partOf: 'a.b' })])).toEqual(['a.b: partOf cycle']);
    expect(catalogueProblems([base({ levels: [] })])).toEqual(['x.y: applies at no level']);
    expect(catalogueProblems([base({ nameVi: ' ' })])).toEqual(['x.y: missing name']);
    expect(catalogueProblems([base({ nameEn: '' })])).toEqual(['x.y: missing name']);
    expect(catalogueProblems([base({ nameEn: '  ' })])).toEqual(['x.y: missing name']);
    expect(catalogueProblems([base({ group: 'other' as MetricDefinition['group'] })])).toEqual(['x.y: unknown group other']);
    expect(
      catalogueProblems([
        base({ code: 'a.whole' }),
        base({ code: 'a.part', partOf: 'a.whole', levels: [CouncilLevel.DISTRICT, CouncilLevel.WARD] }),
      ]),
    ).toEqual(['a.part: applies at DISTRICT, WARD where its whole a.whole does not']);
    // A whole whose own whole is missing: reported once, and the walk up stops there.
    expect(catalogueProblems([base({ code: 'a.part', partOf: 'a.whole' }), base({ code: 'a.whole', partOf: 'no.such' })])).toEqual([
      'a.whole: partOf unknown metric no.such',
    ]);
  });

  it('accepts an extended catalogue with a chain of parts', () => {
    const extended = [
      ...METRIC_CATALOGUE,
      base({ code: 'voter_contacts.online', partOf: 'voter_contacts.thematic', levels: [CouncilLevel.WARD], sortOrder: 125 }),
    ];
    expect(catalogueProblems(extended)).toEqual([]);
  });
});
