import { CouncilLevel } from '@council/core/levels.js';
import { METRIC_CATALOGUE, metricMap } from '@council/core/metric-catalogue.js';
import { Severity } from '@council/core/validation/finding.js';

import {
  checkForm,
  emptyForm,
  fieldKeyOf,
  findingsByField,
  formFromReport,
  newIdempotencyKey,
  readLocalCopy,
  sameFindings,
  sameForm,
  toInput,
  versionDiff,
  writeLocalCopy,
} from './report-form-state';

const ORDER = METRIC_CATALOGUE.map((m) => m.code);

describe('the report form state', () => {
  it('sends only the boxes filled in, in catalogue order, and blank narrative as null', () => {
    const form = { ...emptyForm(), values: { 'voter_contacts.thematic': 3, 'sessions.regular': 1, 'petitions.received': null }, highlights: '  ' };
    const input = toInput('00457', '2024Q1', form, ORDER);
    expect(input.values).toEqual([
      { metric: 'sessions.regular', value: 1 },
      { metric: 'voter_contacts.thematic', value: 3 },
    ]);
    expect(input.highlights).toBeNull();
  });

  it("places libs/core's findings beside the field they concern", () => {
    const form = { ...emptyForm(), values: { 'voter_contacts.meetings': 2, 'voter_contacts.thematic': 5 } };
    const input = toInput('00457', '2024Q1', form, ORDER);
    const findings = checkForm(input, CouncilLevel.WARD, metricMap(), new Date('2024-04-02T00:00:00Z'));
    const byField = findingsByField(findings, input);
    const part = byField.get('metric:voter_contacts.thematic') ?? [];
    expect(part.map((f) => [f.rule, f.severity])).toContainEqual(['PART_EXCEEDS_WHOLE', 'ERROR']);
  });

  it('reads server error paths with or without the input head', () => {
    const input = toInput('00457', '2024Q1', { ...emptyForm(), values: { 'sessions.regular': 1, 'sessions.thematic': 2 } }, ORDER);
    expect(fieldKeyOf('input.values[1].value', input)).toBe('metric:sessions.thematic');
    expect(fieldKeyOf('values[0].value', input)).toBe('metric:sessions.regular');
    expect(fieldKeyOf('input.highlights', input)).toBe('highlights');
    expect(fieldKeyOf('input.unitCode', input)).toBe('report');
    expect(fieldKeyOf(undefined, input, 'petitions.received')).toBe('metric:petitions.received');
  });

  it('round-trips a report and notices a change', () => {
    const form = formFromReport({ values: [{ value: 4, metric: { code: 'sessions.regular' } }], highlights: 'Tốt', proposals: null });
    expect(sameForm(form, { ...emptyForm(), values: { 'sessions.regular': 4 }, highlights: 'Tốt' })).toBe(true);
    expect(sameForm(form, { ...form, values: { 'sessions.regular': 5 } })).toBe(false);
    expect(sameForm(form, { ...form, values: { ...form.values, 'sessions.thematic': null } })).toBe(true);
  });

  it('has nothing unsent once the server answers a corrected submission, whatever the report held that the form does not send', () => {
    // A commune's report filed elsewhere (an import, another client) with a metric of another level: 0 confidence votes.
    const wardOrder = METRIC_CATALOGUE.filter((m) => m.levels.includes(CouncilLevel.WARD)).map((m) => m.code);
    expect(wardOrder).not.toContain('confidence_votes.persons');
    const filed = formFromReport({
      values: [
        { value: 3, metric: { code: 'resolutions.issued' } },
        { value: 0, metric: { code: 'confidence_votes.persons' } },
      ],
      highlights: 'Tốt',
    });
    // Corrected in the form (a figure, and blanks typed in a narrative box), submitted: the server's answer.
    const corrected = { ...filed, values: { ...filed.values, 'resolutions.issued': 4 }, proposals: '   ' };
    const sent = toInput('00457', '2024Q1', corrected, wardOrder);
    expect(sent.values).toEqual([{ metric: 'resolutions.issued', value: 4 }]);
    expect(sent.proposals).toBeNull();
    const answer = formFromReport({ ...sent, values: sent.values.map((v) => ({ value: v.value, metric: { code: v.metric } })) });
    expect(sameForm(corrected, answer, wardOrder)).toBe(true);
    // Before it was sent, the correction was unsent; a figure of the form still counts, a hidden one does not.
    expect(sameForm(corrected, filed, wardOrder)).toBe(false);
    expect(sameForm({ ...answer, values: { ...answer.values, 'confidence_votes.persons': 5 } }, answer, wardOrder)).toBe(true);
    expect(sameForm({ ...answer, highlights: 'Tốt hơn' }, answer, wardOrder)).toBe(false);
  });

  it('keeps a copy in storage and survives a broken one', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    writeLocalCopy(storage, 'k', { form: { ...emptyForm(), highlights: 'x' }, keptAt: '2024-04-02T00:00:00Z' });
    expect(readLocalCopy(storage, 'k')?.form.highlights).toBe('x');
    store.set('k', '{not json');
    expect(readLocalCopy(storage, 'k')).toBeNull();
  });

  it('makes distinct version-4 idempotency keys', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });

  it('lists the metrics whose values differ between two versions', () => {
    const v1 = [{ value: 1, metric: { code: 'sessions.regular' } }, { value: 2, metric: { code: 'sessions.thematic' } }];
    const v2 = [{ value: 1, metric: { code: 'sessions.regular' } }, { value: 3, metric: { code: 'sessions.thematic' } }];
    expect(versionDiff(v1, v2, ORDER)).toEqual([{ metric: 'sessions.thematic', before: 2, after: 3 }]);
  });

  it('compares findings by what they say, so a field whose findings did not change is not drawn again', () => {
    const warn = { severity: Severity.WARNING, message: 'Lớn hơn', messageEn: 'Larger' };
    expect(sameFindings([warn], [{ ...warn }])).toBe(true);
    expect(sameFindings(undefined, [])).toBe(true);
    expect(sameFindings([warn], [{ ...warn, severity: Severity.ERROR }])).toBe(false);
    expect(sameFindings([warn], [{ ...warn, messageEn: 'Greater' }])).toBe(false);
    expect(sameFindings([warn], [warn, warn])).toBe(false);
    expect(sameFindings(undefined, [warn])).toBe(false);
  });
});
