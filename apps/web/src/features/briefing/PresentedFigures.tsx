// "Số liệu tại hội nghị ngày …" beside "Số liệu hiện nay": what the held meeting showed (frozen then) against the live
// figures, changed cells marked with their difference. The comparison is the server's (compareFigures, libs/core: the
// same one the workbook writes); the screen and the print page show it through this one component.
import './presented-figures.css';

import { LEVEL_LABELS } from '@council/core/levels.js';

import type { PresentedFiguresFieldsFragment } from '../../gql/city/graphql';
import { formatDate, formatDateTime, formatNumber, type Lang } from '../../shared/format';
import { metricName, signedChange, t2 } from './briefing-model';
import { B } from './labels';

type Level = PresentedFiguresFieldsFragment['levels'][number];

function Cells({ then, now, changed, lang }: { then: number | null; now: number | null; changed: boolean; lang: Lang }) {
  const cls = changed ? 'changed' : undefined;
  return (
    <>
      <td className={cls}>{then === null ? '–' : formatNumber(then, lang)}</td>
      <td className={cls}>{now === null ? '–' : formatNumber(now, lang)}</td>
      <td className={cls} data-delta={changed ? (now ?? 0) - (then ?? 0) : undefined}>
        {changed ? signedChange((now ?? 0) - (then ?? 0), lang) : ''}
      </td>
    </>
  );
}

export function PresentedFigures({
  presented,
  lang,
  onlyChanged = false,
}: {
  presented: PresentedFiguresFieldsFragment;
  lang: Lang;
  onlyChanged?: boolean;
}) {
  const day = formatDate(presented.meeting.startsAt);
  const levels: Level[] = presented.levels;
  const metrics = levels[0]?.cells.map((c) => c.metric) ?? [];
  const changedMetric = (code: string) => levels.some((l) => l.cells.find((c) => c.metric.code === code)?.changed);
  const rows = onlyChanged ? metrics.filter((m) => changedMetric(m.code)) : metrics;
  return (
    <div className="presented" id="presented-figures" data-changed={presented.changed}>
      <p className="presented-note">
        {t2(B.presentedNote, lang, { d: day, t: formatDateTime(presented.frozenAt), n: formatNumber(presented.changed, lang) })}
      </p>
      <table className="presented-table">
        <thead>
          <tr>
            <th rowSpan={2}>{t2(B.presentedItem, lang)}</th>
            {levels.map((l) => (
              <th key={l.level} colSpan={3}>
                {t2(LEVEL_LABELS[l.level as keyof typeof LEVEL_LABELS], lang)}
              </th>
            ))}
          </tr>
          <tr>
            {levels.map((l) => [
              <th key={`${l.level}p`}>{t2(B.presentedAt, lang, { d: day })}</th>,
              <th key={`${l.level}c`}>{t2(B.presentedNow, lang)}</th>,
              <th key={`${l.level}d`}>±</th>,
            ])}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t2(B.presentedReported, lang)}</th>
            {levels.map((l) => (
              <Cells
                key={l.level}
                then={l.reportedPresented ?? null}
                now={l.reportedCurrent ?? null}
                changed={l.reportedPresented !== l.reportedCurrent}
                lang={lang}
              />
            ))}
          </tr>
          {rows.map((m) => (
            <tr key={m.code} data-metric={m.code}>
              <th scope="row">{metricName(m, lang)}</th>
              {levels.map((l) => {
                const c = l.cells.find((x) => x.metric.code === m.code);
                return (
                  <Cells key={l.level} then={c?.presented ?? null} now={c?.current ?? null} changed={c?.changed ?? false} lang={lang} />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
