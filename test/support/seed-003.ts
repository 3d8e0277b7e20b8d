/**
 * Seed 003 (Hội nghị giao ban quý I/2024): HĐND thành phố 1 kỳ họp chuyên đề
 * and 20 nghị quyết; HĐND cấp huyện 26 and 102; HĐND cấp xã 111 and 202 —
 * spread over real councils, as the tests file them through district-api.
 */
export const SEED_003_DISTRICTS = [
  '001',
  '002',
  '003',
  '004',
  '005',
  '006',
  '007',
  '008',
  '009',
  '016',
  '017',
  '018',
  '019',
  '020',
  '250',
  '268',
  '269',
  '271',
  '272',
  '273',
];
export const SEED_003_WARDS = [
  '00454',
  '00457',
  '00460',
  '00463',
  '00466',
  '00469',
  '00472',
  '00475',
  '00478',
  '00481',
  '00484',
  '00487',
  '00490',
  '00493',
  '00496',
  '00499',
  '00502',
  '00505',
  '00508',
  '00511',
  '00514',
  '00517',
  '00520',
  '00523',
  '00526',
  '00529',
  '00532',
  '00535',
  '00538',
  '00541',
  '00544',
  '00547',
  '00550',
  '00553',
  '00556',
  '00559',
  '00562',
  '00565',
  '00568',
  '00571',
];

/** What the city's statistics show of seed 003 for Q1/2024, by level and metric (`LEVEL metric` → value). */
export const SEED_003_BY_LEVEL: Readonly<Record<string, number>> = {
  'CITY sessions.thematic': 1,
  'CITY resolutions.issued': 20,
  'DISTRICT sessions.thematic': 26,
  'DISTRICT resolutions.issued': 102,
  'WARD sessions.thematic': 111,
  'WARD resolutions.issued': 202,
};

/** n spread over k parts as evenly as whole numbers allow. */
export function spread(total: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(total / k) + (i < total % k ? 1 : 0));
}

export interface Seed003Filing {
  unitCode: string;
  level: 'CITY' | 'DISTRICT' | 'WARD';
  /** Position within its level (a seed for further figures). */
  index: number;
  thematic: number;
  resolutions: number;
}

/** The city's filing, then the districts', then the communes'. */
export function seed003Filings(): Seed003Filing[] {
  const dT = spread(26, SEED_003_DISTRICTS.length);
  const dR = spread(102, SEED_003_DISTRICTS.length);
  const wT = spread(111, SEED_003_WARDS.length);
  const wR = spread(202, SEED_003_WARDS.length);
  return [
    { unitCode: '01', level: 'CITY', index: 0, thematic: 1, resolutions: 20 },
    ...SEED_003_DISTRICTS.map((unitCode, i) => ({ unitCode, level: 'DISTRICT' as const, index: i, thematic: dT[i], resolutions: dR[i] })),
    ...SEED_003_WARDS.map((unitCode, i) => ({ unitCode, level: 'WARD' as const, index: i, thematic: wT[i], resolutions: wR[i] })),
  ];
}

/** The report a seed-003 filing submits for Q1/2024 (`submitReport`'s input). */
export function seed003Input(f: Seed003Filing): { unitCode: string; period: string; values: { metric: string; value: number }[] } {
  return {
    unitCode: f.unitCode,
    period: '2024Q1',
    values: [
      { metric: 'sessions.thematic', value: f.thematic },
      { metric: 'resolutions.issued', value: f.resolutions },
    ],
  };
}
