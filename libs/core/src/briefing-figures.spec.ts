import { compareFigures, type FigureTable } from './briefing-figures.js';

const at = (values: Record<string, number>, reported = 30): FigureTable => ({
  levels: [{ level: 'DISTRICT', councils: 30, reported, values }],
});

describe('compareFigures', () => {
  it('marks nothing when the figures are the same', () => {
    const c = compareFigures(at({ 'sessions.thematic': 26 }), at({ 'sessions.thematic': 26 }));
    expect(c.changed).toBe(0);
    expect(c.levels[0].cells).toEqual([
      { level: 'DISTRICT', metric: 'sessions.thematic', presented: 26, current: 26, delta: 0, changed: false },
    ]);
  });

  it('marks a corrected cell with its delta, and a changed count of reports', () => {
    const c = compareFigures(
      at({ 'sessions.thematic': 26, 'resolutions.issued': 102 }, 29),
      at({ 'sessions.thematic': 27, 'resolutions.issued': 102 }),
    );
    expect(c.changed).toBe(2);
    expect(c.levels[0].cells.find((x) => x.metric === 'sessions.thematic')).toMatchObject({
      presented: 26,
      current: 27,
      delta: 1,
      changed: true,
    });
    expect(c.levels[0].cells.find((x) => x.metric === 'resolutions.issued')?.changed).toBe(false);
    expect(c.levels[0].reported).toEqual({ presented: 29, current: 30 });
  });

  it('keeps a metric or level only one side has, the missing side null, in the current order first', () => {
    const c = compareFigures(at({ old: 3 }), {
      levels: [...at({ added: 2 }).levels, { level: 'WARD', councils: 1, reported: 1, values: { added: 1 } }],
    });
    expect(c.levels.map((l) => l.level)).toEqual(['DISTRICT', 'WARD']);
    expect(c.levels[0].cells.map((x) => [x.metric, x.presented, x.current, x.delta])).toEqual([
      ['added', null, 2, 2],
      ['old', 3, null, -3],
    ]);
    expect(c.levels[1].councils).toEqual({ presented: null, current: 1 });
    expect(c.changed).toBe(4);
  });
});
