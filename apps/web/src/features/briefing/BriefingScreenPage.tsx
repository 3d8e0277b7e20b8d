// The projector in the briefing hall: 16:9, read from the back of the room, live. No menu: nobody operates it but
// the clerk at the footer's quiet buttons.
import './briefing-screen.css';

import { LEVEL_LABELS } from '@council/core/levels.js';
import { Button } from 'antd';
import { useEffect, useRef, useState } from 'react';

import type { BriefingSummaryFieldsFragment } from '../../gql/city/graphql';
import { formatClock, formatDate, formatDateTime, formatNumber, type Lang } from '../../shared/format';
import { UI } from '../../shared/labels';
import { signOut } from '../../shared/session';
import { useSession } from '../../shared/useSession';
import {
  attendanceOf,
  changeText,
  figures,
  hasPrevious,
  hostName,
  metricPhrase,
  periodText,
  shortName,
  t2,
  trendOf,
  unitStatus,
} from './briefing-model';
import { downloadWorkbook } from './download-workbook';
import { B } from './labels';
import { MarkHeldButton, mayMarkHeld } from './MarkHeldButton';
import { PresentedFigures } from './PresentedFigures';
import { type FeedMode, useBriefingFeed } from './useBriefingFeed';
import { usePageLanguage } from './usePageLanguage';
import { useRootClass } from './useRootClass';

type Summary = BriefingSummaryFieldsFragment;
type Level = Summary['levels'][number];

const HEADLINE = ['sessions.thematic', 'resolutions.issued'];
const MINOR = ['supervisions.thematic', 'voter_contacts.meetings', 'petitions.received'];
const MARK = { reported: '✓', late: '!', missing: '✗', none: '·' } as const;
const STATUS_LABEL = { reported: B.statusReported, late: B.statusLate, missing: B.statusMissing, none: B.statusNone } as const;

/** A figure that flashes when it differs from what the screen showed before. */
function Num({
  id,
  value,
  shown,
  className = 'n',
  lang,
}: {
  id: string;
  value: number;
  shown: Map<string, number>;
  className?: string;
  lang: Lang;
}) {
  const before = shown.get(id);
  shown.set(id, value);
  return (
    <b className={`${className}${before !== undefined && before !== value ? ' flash' : ''}`} data-key={id}>
      {formatNumber(value, lang)}
    </b>
  );
}

function LevelCard({
  level,
  previousPeriod,
  shown,
  lang,
}: {
  level: Level;
  previousPeriod: string;
  shown: Map<string, number>;
  lang: Lang;
}) {
  const f = figures(level);
  const pct = level.councils ? Math.round((100 * level.reported) / level.councils) : 0;
  const compare = hasPrevious(level);
  const present = HEADLINE.filter((code) => f.has(code));
  return (
    <article className={`level level-${level.level}`} data-level={level.level}>
      <header>
        <div className="level-head">
          <h2>{t2(LEVEL_LABELS[level.level], lang)}</h2>
          <span className={`compare${compare ? '' : ' no-previous'}`}>
            {compare ? `▲▼ ${t2(B.vsPrevious, lang, { p: periodText(previousPeriod, lang) })}` : t2(B.noPrevious, lang)}
          </span>
        </div>
        {level.councils ? (
          <div className="reported">
            <span className="reported-text">
              {t2(B.reported, lang, { n: formatNumber(level.reported, lang), of: formatNumber(level.councils, lang) })}
            </span>
            {level.late > 0 && <span className="late-text"> ({t2(B.reportedLate, lang, { n: formatNumber(level.late, lang) })})</span>}
            <progress className="meter" max={100} value={pct} aria-hidden="true" />
          </div>
        ) : (
          <div className="reported">
            <span className="reported-text">{t2(B.noCouncils, lang)}</span>
          </div>
        )}
      </header>
      {/* "26 kỳ họp chuyên đề, 102 nghị quyết": the article's sentence, one figure a line, numbers large. */}
      <p className="sentence">
        {present.map((code, i) => {
          const x = f.get(code)!;
          const trend = trendOf(x.change);
          return (
            <span key={code} className={`figure ${trend}`} data-delta={compare ? changeText(x.change, lang, true) : undefined}>
              <Num id={`${level.level}:${code}`} value={x.value} shown={shown} className="n big" lang={lang} />{' '}
              {metricPhrase(x.metric, lang) + (i < present.length - 1 ? ', ' : '')}
            </span>
          );
        })}
      </p>
      <ul className="minor">
        {MINOR.filter((code) => f.has(code)).map((code) => {
          const x = f.get(code)!;
          const answered = code === 'petitions.received' ? f.get('petitions.answered') : undefined;
          return (
            <li key={code}>
              <Num id={`${level.level}:${code}`} value={x.value} shown={shown} lang={lang} />{' '}
              <span className="phrase">{metricPhrase(x.metric, lang)}</span>
              {answered && <span className="aside"> ({t2(B.answered, lang, { n: formatNumber(answered.value, lang) })})</span>}{' '}
              {compare && <span className={`delta ${trendOf(x.change)}`}>{changeText(x.change, lang)}</span>}
            </li>
          );
        })}
      </ul>
    </article>
  );
}

function DistrictChart({ summary, lang }: { summary: Summary; lang: Lang }) {
  const rows = summary.units;
  const reported = rows.filter((r) => r.reported).length;
  // From Q3/2025 the city's units are its 126 communes, with no councils below them: one small tile each, in a grid.
  const communes = rows.length > 0 && rows.every((r) => r.councilsBelow === 0);
  const compact = rows.length > 45;
  const title = summary.host.level === 'DISTRICT' ? B.byCommune : communes ? B.byCityCommune : B.byDistrict;
  return (
    <section id="district-chart" className="panel chart">
      <header>
        <h2>{t2(title, lang)}</h2>
        <span className="chart-total">{rows.length ? `${reported}/${rows.length}` : ''}</span>
      </header>
      <ul className="legend">
        {(['reported', 'late', 'missing'] as const).map((s) => (
          <li key={s} className={`status-${s}`}>
            <span className="mark" aria-hidden="true">
              {MARK[s]}
            </span>
            {t2(STATUS_LABEL[s], lang)}
          </li>
        ))}
        {!communes && (
          <li className="legend-bar">
            <span className="swatch" />
            {t2(B.communes, lang)}
          </li>
        )}
      </ul>
      <div
        className={`bars${compact ? ' compact' : ''}`}
        role="list"
        style={compact ? undefined : { gridTemplateRows: `repeat(${Math.max(1, Math.ceil(rows.length / 3))}, 1fr)` }}
      >
        {rows.map((row) => {
          const status = unitStatus(row);
          const name = shortName(row.unit, lang);
          const below = row.councilsBelow > 0;
          const count = below ? `${row.reportedBelow}/${row.councilsBelow}` : '—';
          return (
            <div
              key={row.unit.code}
              className={`bar-row status-${status}`}
              role="listitem"
              data-unit={row.unit.code}
              title={`${name}: ${t2(STATUS_LABEL[status], lang)}${below ? `; ${t2(B.communes, lang)} ${count}` : ''}`}
            >
              <span className="mark" aria-hidden="true">
                {MARK[status]}
              </span>
              <span className="name">{name}</span>
              {compact ? null : below ? (
                <progress
                  className={`track${row.reportedBelow >= row.councilsBelow ? ' full' : ''}`}
                  max={row.councilsBelow}
                  value={row.reportedBelow}
                  aria-label={`${t2(B.communes, lang)}: ${count}`}
                />
              ) : (
                <span className="track empty" />
              )}
              {!compact && <span className={`count${below ? '' : ' none'}`}>{count}</span>}
            </div>
          );
        })}
      </div>
    </section>
  );
}

function Directives({ summary, shown, lang }: { summary: Summary; shown: Map<string, number>; lang: Lang }) {
  const p = summary.directives;
  const host = hostName(summary.host, lang);
  const prev = summary.previousBriefing;
  const meeting = summary.meeting;
  const a = attendanceOf(meeting?.attendance);
  const absent = (meeting?.connectionPoints ?? []).filter((c) => c.status === 'ABSENT').map((c) => shortName(c.unit, lang));
  const segments = [
    ['completed', p.completed, B.completed, 'dir:c'],
    ['inProgress', p.inProgress, B.inProgress, 'dir:i'],
    ['acknowledged', p.acknowledged, B.acknowledged, 'dir:a'],
    ['pending', p.pending, B.pending, 'dir:p'],
  ] as const;
  return (
    <section id="directives" className="panel directives">
      <header>
        <h2>{host ? t2(B.directivesOf, lang, { host }) : t2(B.directives, lang)}</h2>
        <span className="upto">{t2(B.directivesUpTo, lang, { p: periodText(summary.period, lang) })}</span>
      </header>
      {!p.total ? (
        <p className="muted">{t2(B.noDirectives, lang)}</p>
      ) : (
        <>
          <div className="kpi-row">
            <p className="kpi">
              <Num id="dir:completed" value={p.completed} shown={shown} className="n big" lang={lang} />
              <span className="of">/{formatNumber(p.total, lang)}</span> <span className="kpi-word">{t2(B.completedWord, lang)}</span>
            </p>
            <p className={`overdue${p.overdue ? ' has-overdue' : ''}`}>
              {t2(B.overdue, lang)}: <Num id="dir:overdue" value={p.overdue} shown={shown} className="v" lang={lang} />
            </p>
          </div>
          <p className="kpi-sub">{t2(B.tasks, lang, { n: formatNumber(p.total, lang) })}</p>
          <div className="stack" aria-hidden="true">
            {/* Widths from the data: a style attribute, which the policy allows (style-src-attr) and which runs nothing. */}
            {segments.map(([key, n]) =>
              n ? <span key={key} className={`seg seg-${key}`} style={{ width: `${((100 * n) / p.total).toFixed(2)}%` }} /> : null,
            )}
          </div>
          <ul className="dir-legend">
            {segments.map(([key, n, label, id]) => (
              <li key={key} className={`k-${key}`}>
                <span className="swatch" />
                {t2(label, lang)} <Num id={id} value={n} shown={shown} className="v" lang={lang} />
              </li>
            ))}
          </ul>
        </>
      )}
      {prev && (
        <div className="previous" id="previous-briefing">
          <h3>{t2(B.previousBriefing, lang, { p: periodText(prev.meeting.period || summary.previousPeriod, lang) })}</h3>
          <p>
            {t2(B.previousDone, lang, {
              n: formatNumber(prev.completedDirectives, lang),
              of: formatNumber(prev.directives.length || prev.progress.total, lang),
            })}
            {prev.overdueDirectives > 0 && (
              <span className="overdue-inline">, {t2(B.previousOverdue, lang, { n: formatNumber(prev.overdueDirectives, lang) })}</span>
            )}
          </p>
        </div>
      )}
      {a && a.total > 0 && (
        <div className="attendance" id="attendance">
          <p className="attendance-count">
            {t2(B.attendance, lang, { n: formatNumber(a.present, lang), of: formatNumber(a.total, lang) })}
          </p>
          {absent.length > 0 && absent.length <= 8 && <p className="absent">{t2(B.absentPoints, lang, { list: absent.join(', ') })}</p>}
        </div>
      )}
    </section>
  );
}

function pill(mode: FeedMode, lang: Lang): string {
  if (mode === 'live') return `● ${t2(B.live, lang)}`;
  if (mode === 'polling') return `● ${t2(B.polling, lang)}`;
  if (mode === 'offline') return `● ${t2(B.offline, lang)}`;
  return mode === 'connecting' ? t2(B.connecting, lang) : '';
}

/** Seconds to the next reconnection, ticking while the connection is lost. */
function useCountdown(retryAt: number, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return Math.max(0, Math.ceil((retryAt - now) / 1000));
}

export function BriefingScreenPage({ period }: { period: string }) {
  const { lang, switchTo, query } = usePageLanguage();
  const feed = useBriefingFeed(period);
  const shown = useRef(new Map<string, number>()).current;
  const [toast, setToast] = useState('');
  const [downloading, setDownloading] = useState(false);
  const [asPresented, setAsPresented] = useState(false);
  // The meeting this screen marked held, until the feed brings the summary that says so.
  const [marked, setMarked] = useState<{ id: string; heldAt: string } | null>(null);
  const { session } = useSession();
  useRootClass('briefing-projector');
  const s = feed.summary;
  const meeting = s?.meeting ?? null;
  const heldAt = meeting ? (meeting.heldAt ?? (marked?.id === meeting.id ? marked.heldAt : null)) : null;
  const offline = feed.mode === 'offline';
  const seconds = useCountdown(feed.retryAt, offline);
  const host = hostName(s?.host, lang);
  const title = `${host ? t2(B.titleOf, lang, { host }) : t2(B.title, lang)} — ${periodText(period, lang)}`;
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(''), 8000);
    return () => clearTimeout(timer);
  }, [toast]);

  const meetingFacts = [s?.meeting?.location, s?.meeting?.startsAt && formatDateTime(s.meeting.startsAt)].filter(Boolean).join(' · ');
  const excel = async () => {
    setDownloading(true);
    setToast(await downloadWorkbook(period, lang));
    setDownloading(false);
  };

  return (
    <div className="briefing-screen">
      <header className="top">
        <div className="emblem" aria-hidden="true">
          <span>HĐND</span>
        </div>
        <div className="titles">
          <h1 id="briefing-title" className="title">
            {title}
          </h1>
          <p className="subtitle">
            <span id="meeting-info">{meetingFacts ? `${meetingFacts} · ` : ''}</span>
            {heldAt && (
              <>
                <span id="meeting-held" className="held">
                  {t2(B.heldOn, lang, { d: formatDate(heldAt) })}
                </span>
                {' · '}
              </>
            )}
            <span id="as-of">{s ? t2(B.asOf, lang, { t: formatDateTime(s.asOf) }) : ''}</span>
          </p>
        </div>
        <div className="status">
          <span id="connection-state" className={`pill pill-${feed.mode}`}>
            {pill(feed.mode, lang)}
          </span>
          <span id="updated-at" className="updated">
            {feed.receivedAt ? t2(B.updatedAt, lang, { t: formatClock(s?.computedAt ?? feed.receivedAt) }) : ''}
          </span>
        </div>
      </header>
      {offline && (
        <div id="connection-banner" className="banner" role="alert">
          <strong id="banner-text">{t2(B.lost, lang)}</strong>{' '}
          <span className="banner-retry">{seconds > 0 ? `(${t2(B.retryIn, lang, { s: seconds })})` : ''}</span>
          <span className="banner-stale" id="banner-stale">
            {s ? t2(B.stale, lang, { t: formatClock(s.computedAt) }) : ''}
          </span>
        </div>
      )}
      <main id="board" className={`board${offline && s ? ' stale' : ''}`}>
        {feed.mode === 'forbidden' ? (
          <p className="loading" role="alert">
            {t2(B.notAllowed, lang)}
          </p>
        ) : !s ? (
          <p className="loading">{t2(B.loading, lang)}</p>
        ) : asPresented && s.presented ? (
          <section className="panel presented-panel">
            <PresentedFigures presented={s.presented} lang={lang} />
          </section>
        ) : (
          <>
            <section id="levels" className="levels">
              {s.levels.map((level) => (
                <LevelCard key={level.level} level={level} previousPeriod={s.previousPeriod} shown={shown} lang={lang} />
              ))}
              {/* A level the previous period had (the districts until 30/06/2025): said to have ended, not compared. */}
              {s.endedLevels.map((ended) => (
                <article key={ended.level} className={`level ended level-${ended.level}`} data-level={ended.level} data-ended="true">
                  <header>
                    <h2>{t2(LEVEL_LABELS[ended.level], lang)}</h2>
                  </header>
                  <p className="ended-text">
                    {t2(B.endedLevel, lang, { n: formatNumber(ended.councils, lang), d: formatDate(ended.endedOn) })}
                  </p>
                </article>
              ))}
            </section>
            <div className="lower">
              <DistrictChart summary={s} lang={lang} />
              <Directives summary={s} shown={shown} lang={lang} />
            </div>
          </>
        )}
      </main>
      <footer className="bottom">
        <span className="toast" role="status">
          {toast || (feed.problem ? t2(feed.problem, lang) : '')}
        </span>
        <div className="actions">
          {s?.meeting && !heldAt && mayMarkHeld(session?.user, s.host) && (
            <MarkHeldButton summary={s} lang={lang} onMarked={setMarked} onProblem={setToast} />
          )}
          {s?.presented && (
            <Button size="small" className="presented-toggle" aria-pressed={asPresented} onClick={() => setAsPresented(!asPresented)}>
              {asPresented ? t2(B.currentToggle, lang) : t2(B.presentedToggle, lang, { d: formatDate(s.presented.meeting.startsAt) })}
            </Button>
          )}
          <Button size="small" className="lang" onClick={() => switchTo(lang === 'vi' ? 'en' : 'vi')}>
            {t2(UI.language, lang)}
          </Button>
          <Button size="small" className="print" href={`/briefing/${period}/print${query}`} target="_blank" rel="noopener">
            {t2(B.print, lang)}
          </Button>
          <Button size="small" className="excel" loading={downloading} onClick={() => void excel()}>
            {t2(B.excel, lang)}
          </Button>
          <Button size="small" className="signout" onClick={() => signOut()}>
            {t2(UI.signOut, lang)}
          </Button>
        </div>
      </footer>
    </div>
  );
}
