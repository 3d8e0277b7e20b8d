// The printable summary: an A4 document in the form of the council's own (the national motto, the issuing body),
// period, figures by level with the previous period and the change, reporting by district, completeness, directives.
import './briefing-print.css';

import { useQuery } from '@apollo/client/react';
import { LEVEL_LABELS } from '@council/core/levels.js';
import { Button } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { Link } from 'react-router';

import { CITY } from '../../app/apollo';
import {
  BriefingCompletenessDocument,
  type BriefingCompletenessQuery,
  BriefingSummaryDocument,
  type BriefingSummaryFieldsFragment,
} from '../../gql/city/graphql';
import { formatDate, formatDateTime, formatNumber, type Lang } from '../../shared/format';
import { graphqlErrorsOf, shownError } from '../../shared/graphql-errors';
import {
  attendanceOf,
  figures,
  hostName,
  metricName,
  metricPhrase,
  periodText,
  signedChange,
  t2,
  trendOf,
  unitName,
} from './briefing-model';
import { B } from './labels';
import { PresentedFigures } from './PresentedFigures';
import { usePageLanguage } from './usePageLanguage';
import { useRootClass } from './useRootClass';

type Summary = BriefingSummaryFieldsFragment;
type Completeness = BriefingCompletenessQuery['completeness'];
type DirectiveRow = NonNullable<Summary['previousBriefing']>['directives'][number];

const SUMMARY_METRICS = [
  'sessions.thematic',
  'resolutions.issued',
  'supervisions.thematic',
  'voter_contacts.meetings',
  'petitions.received',
];

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function DirectiveTable({ list, lang }: { list: DirectiveRow[]; lang: Lang }) {
  return (
    <table className="dirs">
      <thead>
        <tr>
          {[B.no, B.dirContent, B.due, B.completed, B.overdue].map((h) => (
            <th key={h.vi}>{t2(h, lang)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {list.map((d, i) => (
          <tr key={d.id}>
            <td className="num">{i + 1}</td>
            <td>{(d.reference ? `${d.reference} — ` : '') + d.title}</td>
            <td className="num">{formatDate(d.dueDate)}</td>
            <td className="num">
              {d.progress.total ? `${formatNumber(d.progress.completed, lang)}/${formatNumber(d.progress.total, lang)}` : ''}
            </td>
            <td className={`num${d.progress.overdue ? ' missing' : ''}`}>{formatNumber(d.progress.overdue, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The names of those that have not filed: communes grouped under their district. */
function MissingNames({ c, level, lang }: { c: Completeness; level: string; lang: Lang }) {
  if (!c.missing.length) return <p>{t2(B.allIn, lang)}</p>;
  if (level !== 'WARD')
    return (
      <p>
        <span className="label">{t2(B.missingList, lang)} </span>
        {c.missing.map((u) => u.name).join(', ')}.
      </p>
    );
  const groups = new Map<string, { name: string; units: string[] }>();
  for (const u of c.missing) {
    const key = u.parent?.code ?? '';
    if (!groups.has(key)) groups.set(key, { name: u.parent?.name ?? '', units: [] });
    groups.get(key)!.units.push(u.name);
  }
  return (
    <div>
      <p className="label">{t2(B.missingList, lang)}</p>
      <ul className="missing-list">
        {[...groups.keys()].sort().map((k) => {
          const g = groups.get(k)!;
          return (
            <li key={k}>
              <b>{`${g.name} (${formatNumber(g.units.length, lang)}): `}</b>
              {g.units.join(', ')}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Completeness({ s, comp, lang }: { s: Summary; comp: Record<string, Completeness | undefined>; lang: Lang }) {
  const quarter = /Q/.test(s.period);
  return (
    <div className="completeness">
      {!quarter && <p className="note">{t2(B.yearNote, lang)}</p>}
      {s.levels
        .filter((l) => l.level !== 'CITY' || l.reported < l.councils)
        .map((l) => {
          const c = comp[l.level];
          const detail = c
            ? t2(B.compDetail, lang, { onTime: formatNumber(c.onTime, lang), late: formatNumber(c.late, lang) })
            : l.late
              ? t2(B.compDetail, lang, { onTime: formatNumber(l.reported - l.late, lang), late: formatNumber(l.late, lang) })
              : '';
          const notIn = s.units.filter((u) => !u.reported && u.unit.hasCouncil);
          const gaps = s.units.filter((u) => u.councilsBelow > u.reportedBelow);
          return (
            <div key={l.level}>
              <p className="strong">
                {t2(B.compLine, lang, {
                  level: t2(LEVEL_LABELS[l.level], lang),
                  n: formatNumber(c ? c.submitted : l.reported, lang),
                  of: formatNumber(c ? c.expected : l.councils, lang),
                })}
                {detail}
              </p>
              {c ? (
                <MissingNames c={c} level={l.level} lang={lang} />
              ) : l.level === 'DISTRICT' ? (
                notIn.length ? (
                  <p>
                    <span className="label">{t2(B.missingList, lang)} </span>
                    {notIn.map((u) => unitName(u.unit, lang)).join(', ')}.
                  </p>
                ) : (
                  <p>{t2(B.allIn, lang)}</p>
                )
              ) : l.level === 'WARD' ? (
                gaps.length ? (
                  <>
                    <p>
                      <span className="label">{t2(B.communesMissingBy, lang)} </span>
                      {gaps
                        .map(
                          (u) =>
                            `${unitName(u.unit, lang)}: ${formatNumber(u.councilsBelow - u.reportedBelow, lang)}/${formatNumber(u.councilsBelow, lang)}`,
                        )
                        .join('; ')}
                      .
                    </p>
                    <p className="note">{t2(B.communesNames, lang)}</p>
                  </>
                ) : (
                  <p>{t2(B.allIn, lang)}</p>
                )
              ) : null}
            </div>
          );
        })}
    </div>
  );
}

function Document({ s, comp, lang }: { s: Summary; comp: Record<string, Completeness | undefined>; lang: Lang }) {
  const host = hostName(s.host, lang);
  const hostUpper = unitName(s.host, lang).toLocaleUpperCase('vi');
  const label = periodText(s.period, lang);
  const levels = s.levels;
  const byLevel = levels.map(figures);
  const order = levels[0]?.changes.map((c) => c.metric) ?? [];
  const totals = {
    own: s.units.filter((u) => u.reported).length,
    below: s.units.reduce((a, u) => a + u.councilsBelow, 0),
    reportedBelow: s.units.reduce((a, u) => a + u.reportedBelow, 0),
    open: s.units.reduce((a, u) => a + u.openAssignments, 0),
    overdue: s.units.reduce((a, u) => a + u.overdueAssignments, 0),
  };
  const p = s.directives;
  const prev = s.previousBriefing;
  const mt = s.meeting;
  const a = attendanceOf(mt?.attendance);
  const absent = (mt?.connectionPoints ?? []).filter((c) => c.status === 'ABSENT');
  const facts = [
    mt?.startsAt && t2(B.at, lang, { t: formatDateTime(mt.startsAt) }),
    mt?.location && t2(B.where, lang, { w: mt.location }),
    a && a.total > 0 && t2(B.attendancePrint, lang, { n: formatNumber(a.present, lang), of: formatNumber(a.total, lang) }),
  ].filter(Boolean);
  const n = (v: number) => formatNumber(v, lang);

  return (
    <>
      <header className="doc-head">
        <div className="org">
          <div>{t2(B.org1, lang)}</div>
          <div className="strong">{hostUpper}</div>
          <div className="strong underline">{t2(B.org3, lang)}</div>
        </div>
        <div className="nation">
          <div className="strong">{t2(B.nation1, lang)}</div>
          <div className="strong underline">{t2(B.nation2, lang)}</div>
        </div>
      </header>
      <h1>{t2(B.docTitle, lang)}</h1>
      <p className="lead">{t2(B.lead, lang, { host, p: label })}</p>
      <p className="meta">
        {t2(B.periodLine, lang, { p: label, prev: periodText(s.previousPeriod, lang) })}
        <br />
        {t2(B.asOf, lang, { t: formatDateTime(s.asOf) })} · {t2(B.printedAt, lang, { t: formatDateTime(new Date()) })}
      </p>

      <Section title={t2(B.s1, lang)}>
        <div className="summary">
          {levels.map((l, i) => {
            const f = byLevel[i];
            const parts = SUMMARY_METRICS.filter((c) => f.has(c)).map(
              (c) => `${n(f.get(c)!.value)} ${metricPhrase(f.get(c)!.metric, lang)}`,
            );
            return (
              <p key={l.level}>
                {t2(B.summaryLine, lang, {
                  level: t2(LEVEL_LABELS[l.level], lang),
                  figures: parts.join(', '),
                  n: n(l.reported),
                  of: n(l.councils),
                })}
              </p>
            );
          })}
        </div>
      </Section>

      <Section title={t2(B.s2, lang)}>
        <table className="figures">
          <thead>
            <tr>
              <th rowSpan={2} className="metric-col">
                {t2(B.metric, lang)}
              </th>
              {levels.map((l) => (
                <th key={l.level} colSpan={3}>
                  {t2(LEVEL_LABELS[l.level], lang)}
                </th>
              ))}
            </tr>
            <tr>{levels.map((l) => [B.now, B.prev, B.change].map((h) => <th key={`${l.level}${h.vi}`}>{t2(h, lang)}</th>))}</tr>
          </thead>
          <tbody>
            <tr className="reported-row">
              <td className="metric-col strong">{t2(B.reportedRow, lang)}</td>
              {levels.map((l) => (
                <td key={l.level} className="num strong" colSpan={3}>
                  {`${n(l.reported)}/${n(l.councils)}`}
                </td>
              ))}
            </tr>
            {order.map((metric) => (
              <tr key={metric.code}>
                <td className="metric-col">{metricName(metric, lang)}</td>
                {byLevel.map((f, i) => {
                  const x = f.get(metric.code);
                  return [
                    <td key={`${i}v`} className="num strong">
                      {x ? n(x.value) : ''}
                    </td>,
                    <td key={`${i}p`} className="num">
                      {x && x.previous !== null ? n(x.previous) : ''}
                    </td>,
                    <td key={`${i}c`} className={`num ${trendOf(x?.change ?? null)}`}>
                      {x ? signedChange(x.change, lang) : ''}
                    </td>,
                  ];
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {levels.some((l) => l.changes.every((c) => c.previous === null)) && (
          <p className="note">
            {levels
              .filter((l) => l.changes.every((c) => c.previous === null))
              .map((l) => `${t2(LEVEL_LABELS[l.level], lang)}: ${t2(B.noPrevious, lang)}`)
              .join('; ')}
            .
          </p>
        )}
      </Section>

      <Section title={t2(B.s3, lang)}>
        <table className="units">
          <thead>
            <tr>
              {[B.no, B.unit, B.own, B.communes, B.open, B.overdue].map((h) => (
                <th key={h.vi}>{t2(h, lang)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {s.units.map((u, i) => (
              <tr key={u.unit.code}>
                <td className="num">{i + 1}</td>
                <td>{unitName(u.unit, lang)}</td>
                <td className={u.reported ? (u.late ? 'late' : 'ok') : 'missing'}>
                  {t2(u.reported ? (u.late ? B.statusLate : B.filed) : u.unit.hasCouncil ? B.notFiled : B.statusNone, lang)}
                </td>
                <td className="num">{u.councilsBelow ? `${n(u.reportedBelow)}/${n(u.councilsBelow)}` : '—'}</td>
                <td className="num">{n(u.openAssignments)}</td>
                <td className={`num${u.overdueAssignments ? ' missing' : ''}`}>{n(u.overdueAssignments)}</td>
              </tr>
            ))}
            <tr className="total-row">
              <td />
              <td className="strong">{t2(B.total, lang)}</td>
              <td className="strong">{`${n(totals.own)}/${n(s.units.length)}`}</td>
              <td className="num strong">{`${n(totals.reportedBelow)}/${n(totals.below)}`}</td>
              <td className="num strong">{n(totals.open)}</td>
              <td className="num strong">{n(totals.overdue)}</td>
            </tr>
          </tbody>
        </table>
      </Section>

      <Section title={t2(B.s4, lang)}>
        <Completeness s={s} comp={comp} lang={lang} />
      </Section>

      {s.presented && (
        <Section title={t2(B.presentedSection, lang)}>
          <PresentedFigures presented={s.presented} lang={lang} />
        </Section>
      )}

      <Section title={t2(B.s5, lang)}>
        <div className="directives">
          <h3>{t2(B.dirCity, lang, { host })}</h3>
          <p>
            {p.total
              ? t2(B.dirLine, lang, {
                  total: n(p.total),
                  completed: n(p.completed),
                  inProgress: n(p.inProgress),
                  acknowledged: n(p.acknowledged),
                  pending: n(p.pending),
                  overdue: n(p.overdue),
                })
              : t2(B.noDirectives, lang)}
          </p>
          {prev && (
            <>
              <h3>{t2(B.prevTitle, lang, { p: periodText(prev.meeting.period || s.previousPeriod, lang) })}</h3>
              <p>
                {t2(B.prevLine, lang, {
                  done: n(prev.completedDirectives),
                  of: n(prev.directives.length || prev.progress.total),
                  overdue: n(prev.overdueDirectives),
                })}
              </p>
              {prev.directives.length > 0 && <DirectiveTable list={prev.directives} lang={lang} />}
            </>
          )}
          {mt && (
            <>
              <h3>{t2(B.meetingTitle, lang) + (mt.title ? `: ${mt.title}` : '')}</h3>
              {facts.length > 0 && <p>{facts.join(' · ')}</p>}
              {absent.length > 0 && (
                <p>
                  <span className="label">{t2(B.absent, lang)} </span>
                  {absent.map((c) => unitName(c.unit, lang)).join(', ')}.
                </p>
              )}
              {mt.agenda.length > 0 && (
                <>
                  <p className="label">{t2(B.agenda, lang)}</p>
                  <ol className="agenda">
                    {mt.agenda.map((item) => (
                      <li key={item.position}>
                        {item.title}
                        {item.presenter && <span className="presenter"> ({unitName(item.presenter, lang)})</span>}
                      </li>
                    ))}
                  </ol>
                </>
              )}
              {mt.conclusions.length > 0 && (
                <>
                  <p className="label">{t2(B.conclusions, lang)}</p>
                  <ol className="conclusions">
                    {mt.conclusions.map((c) => (
                      <li key={c.position}>{c.text}</li>
                    ))}
                  </ol>
                </>
              )}
              {mt.directives.length > 0 && (
                <>
                  <p className="label">{t2(B.newDirectives, lang)}</p>
                  <DirectiveTable list={mt.directives} lang={lang} />
                </>
              )}
            </>
          )}
        </div>
      </Section>
      <p className="source">{t2(B.source, lang)}</p>
    </>
  );
}

export function BriefingPrintPage({ period }: { period: string }) {
  const { lang, query } = usePageLanguage();
  useRootClass('briefing-paper');
  const quarter = /Q/.test(period);
  const summary = useQuery(BriefingSummaryDocument, { ...CITY, variables: { period }, fetchPolicy: 'network-only' });
  // A viewer may not read completeness: the document then falls back on the summary's counts.
  const district = useQuery(BriefingCompletenessDocument, { ...CITY, variables: { period, level: 'DISTRICT' }, skip: !quarter });
  const ward = useQuery(BriefingCompletenessDocument, { ...CITY, variables: { period, level: 'WARD' }, skip: !quarter });
  const waiting = summary.loading || district.loading || ward.loading;
  const s = summary.data?.briefingSummary;
  const errors = graphqlErrorsOf(summary.error);
  const refused = errors.some((e) => e.extensions?.code === 'FORBIDDEN');
  // The server's own words when it answered; otherwise it could not be reached.
  const failure = errors.length ? shownError(errors[0]).message : B.networkError;
  useEffect(() => {
    document.title = `${t2(B.docTitle, lang)} — ${periodText(period, lang)}`;
  }, [lang, period]);

  return (
    <div className="briefing-print">
      <div className="toolbar">
        <Button type="primary" id="print-button" onClick={() => window.print()}>
          {t2(B.printButton, lang)}
        </Button>
        <Link to={`/briefing/${period}${query}`}>{t2(B.back, lang)}</Link>
        <span className="toolbar-status" role="status">
          {waiting ? t2(B.loading, lang) : refused ? t2(B.notAllowed, lang) : summary.error ? t2(failure, lang) : ''}
        </span>
      </div>
      <main>
        <article className="sheet" id="document" data-ready={s && !waiting ? '' : undefined}>
          {s && !waiting ? (
            <Document s={s} comp={{ DISTRICT: district.data?.completeness, WARD: ward.data?.completeness }} lang={lang} />
          ) : (
            <p className="loading">{t2(B.loading, lang)}</p>
          )}
        </article>
      </main>
    </div>
  );
}
