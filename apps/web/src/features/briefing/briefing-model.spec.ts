import { changeText, figures, hasPrevious, metricPhrase, periodOf, shortName, signedChange, unitStatus } from './briefing-model';

const RES = { code: 'resolutions.issued', nameVi: 'Nghị quyết ban hành', nameEn: 'Resolutions issued' };
const SURVEYS = { code: 'surveys.x', nameVi: 'Khảo sát khác', nameEn: 'Other surveys' };

describe('the briefing’s figures', () => {
  it('says there is nothing to compare with when the previous period has no figures, never "▲ 9.158"', () => {
    expect(changeText(null, 'vi')).toBe('chưa có số liệu kỳ trước để so sánh');
    expect(changeText(null, 'en')).toBe('no previous figures to compare');
    expect(signedChange(null, 'vi')).toBe('');
    const level = { values: [{ metric: RES, value: 9158 }], changes: [{ metric: RES, value: 9158, previous: null, change: null }] };
    expect(figures(level).get(RES.code)).toMatchObject({ value: 9158, previous: null, change: null });
    expect(hasPrevious(level)).toBe(false);
  });

  it('shows a change with its direction, in 1.236 figures', () => {
    expect(changeText(9158, 'vi')).toBe('▲ 9.158');
    expect(changeText(-3, 'vi')).toBe('▼ 3');
    expect(changeText(0, 'vi')).toBe('= không đổi');
    expect(changeText(0, 'vi', true)).toBe('=');
    expect(signedChange(-1236, 'vi')).toBe('−1.236');
    expect(hasPrevious({ values: [], changes: [{ metric: RES, value: 1, previous: 0, change: 1 }] })).toBe(true);
  });

  it('says counts as the articles do', () => {
    expect(metricPhrase(RES, 'vi')).toBe('nghị quyết');
    expect(metricPhrase(RES, 'en')).toBe('resolutions issued');
    expect(metricPhrase(SURVEYS, 'vi')).toBe('khảo sát khác');
  });

  it('reads the period of the address, or says what is wrong with it', () => {
    expect(periodOf('2024Q1')).toMatchObject({ period: { code: '2024Q1' } });
    expect(periodOf('2024Q5')).toEqual({ error: { vi: expect.stringContaining('2024Q5'), en: expect.stringContaining('2024Q5') } });
  });

  it('names units briefly and tells their status', () => {
    expect(shortName({ name: 'Huyện Quốc Oai', nameEn: 'Quoc Oai District' }, 'vi')).toBe('Quốc Oai');
    expect(shortName({ name: 'Huyện Quốc Oai', nameEn: 'Quoc Oai District' }, 'en')).toBe('Quoc Oai');
    expect(shortName({ name: 'Phường Văn Miếu - Quốc Tử Giám', nameEn: 'Van Mieu - Quoc Tu Giam Ward' }, 'vi')).toBe(
      'Văn Miếu - Quốc Tử Giám',
    );
    expect(shortName({ name: 'Xã Kim Anh', nameEn: 'Kim Anh Commune' }, 'en')).toBe('Kim Anh');
    expect(unitStatus({ reported: false, late: false, unit: { hasCouncil: false } })).toBe('none');
    expect(unitStatus({ reported: true, late: true, unit: { hasCouncil: true } })).toBe('late');
    expect(unitStatus({ reported: false, late: false, unit: { hasCouncil: true } })).toBe('missing');
  });
});
