import { DownloadOutlined } from '@ant-design/icons';
import type { WatchQueryFetchPolicy } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { METRIC_GROUP_LABELS, METRIC_GROUPS, type MetricGroup } from '@council/core/metric-catalogue.js';
import { periodLabel, quarterAt, quarterPeriod } from '@council/core/period.js';
import { Alert, App, Button, Card, Col, Form, Row, Segmented, Select, Space, Table, TreeSelect, Typography } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';

import { CITY } from '../../app/apollo';
import { StatisticsCatalogueDocument, StatisticsTableDocument, StatisticsYearsDocument } from '../../gql/city/graphql';
import { formatDateTime, formatNumber } from '../../shared/format';
import { graphqlErrorsOf, shownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { fill } from '../../shared/labels';
import { Loading } from '../../shared/Loading';
import {
  type Basis,
  CITY_CODE,
  defaultPeriods,
  type ExplorerState,
  type PeriodMode,
  pivot,
  type PivotRow,
  readState,
  type RowDim,
  rowsByUnit,
  statisticsQuery,
  viewTitle,
  workbookName,
  writeState,
} from './explorer-state';
import { buildWorkbook, download } from './export-xlsx';
import { S } from './labels';
import { usesPrefetch } from './prefetch';
import { StatisticsExportMenu } from './StatisticsExportMenu';

// The chart's code (ECharts) is fetched from the moment this page's code runs, while the page asks for its figures,
// not after they have arrived.
const chartCode = import('./StatisticsChart');
const StatisticsChart = lazy(() => chartCode);

const NO_ROWS: PivotRow[] = [];

/** The first year the platform holds reports for. */
const FIRST_YEAR = 2024;

function yearsUpToNow(): number[] {
  const last = quarterAt(new Date()).year;
  const out: number[] = [];
  for (let y = last; y >= FIRST_YEAR; y--) out.push(y);
  return out;
}

/** The explorer: periods × metrics × a scope, rows by level, unit or period; a pivot table, a chart, its workbook. */
export default function ExplorerPage() {
  const [params, setParams] = useSearchParams();
  const years = useMemo(yearsUpToNow, []);
  // Without periods in the link: the latest year that has figures.
  const needDefault = !params.get('p');
  const yearsQuery = useQuery(StatisticsYearsDocument, { ...CITY, variables: { periods: years.map(String) }, skip: !needDefault });
  useEffect(() => {
    if (!needDefault || (!yearsQuery.data && !yearsQuery.error)) return;
    const withData = (yearsQuery.data?.statistics.rows ?? []).filter((r) => r.value > 0).map((r) => Number(r.period));
    const year = withData.length ? Math.max(...withData) : years[0];
    setParams(writeState(readState(params, year)), { replace: true });
  }, [needDefault, yearsQuery.data, yearsQuery.error, params, setParams, years]);

  // One state object per link (params is one object per URL): what the table, the chart and the query derive from it
  // is computed again only when the link changes.
  const state = useMemo(() => readState(params, years[0]), [params, years]);
  if (needDefault) return yearsQuery.error ? <ErrorAlert error={yearsQuery.error} /> : <Loading />;
  return <Explorer state={state} years={years} onChange={(s) => setParams(writeState(s))} />;
}

function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useLang();
  const first = graphqlErrorsOf(error)[0];
  const shown = first ? shownError(first) : null;
  const text = shown?.code === 'FORBIDDEN' ? S.forbidden : (shown?.message ?? { vi: t('genericError'), en: t('genericError') });
  return <Alert type="error" showIcon title={t(text)} />;
}

function Explorer({ state, years, onChange }: { state: ExplorerState; years: number[]; onChange(s: ExplorerState): void }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const query = useMemo(() => statisticsQuery(state), [state]);
  // Opened from a link: the first answers are those the app asked for as it started (prefetch.ts), read from the cache
  // or joined in flight rather than asked again; every later view asks the server as usual.
  // (One options object for the page's life: Apollo applies options that differ from the last render's again.)
  const [policy] = useState(() => ({
    fetchPolicy: (usesPrefetch(query) ? 'cache-first' : 'cache-and-network') as WatchQueryFetchPolicy,
    nextFetchPolicy: (): WatchQueryFetchPolicy => 'cache-and-network',
  }));
  const catalogue = useQuery(StatisticsCatalogueDocument, { ...CITY, ...policy });
  const ready = state.metrics.length > 0 && state.periods.length > 0;
  const table = useQuery(StatisticsTableDocument, { ...CITY, ...policy, variables: { query }, skip: !ready });
  const [exporting, setExporting] = useState(false);
  // When the figures are there to render (bench/web.mjs: how much of the wait is before them, how much after). In the
  // render itself, once per answer: an effect would run after the chart's own, which draws them.
  useMemo(() => table.data && performance.mark('statistics:data'), [table.data]);

  const metrics = useMemo(() => catalogue.data?.metrics ?? [], [catalogue.data]);
  const metricName = useMemo(() => {
    const byCode = new Map(metrics.map((m) => [m.code, m]));
    return (code: string) => {
      const m = byCode.get(code);
      return m ? (lang === 'vi' ? m.nameVi : m.nameEn) : code;
    };
  }, [metrics, lang]);
  const city = catalogue.data?.city;
  const districts = useMemo(() => catalogue.data?.councilUnits ?? [], [catalogue.data]);
  const scopeName = useMemo(() => {
    if (state.scope === CITY_CODE) return { vi: city?.name ?? 'Thành phố Hà Nội', en: city?.nameEn ?? 'Hanoi' };
    const d = districts.find((u) => u.code === state.scope);
    return { vi: d?.name ?? state.scope, en: d?.nameEn ?? d?.name ?? state.scope };
  }, [state.scope, city, districts]);

  // What the answer says about this very state (a stale answer while the next loads is not drawn as the new view).
  const answer = table.data && !table.loading ? table.data.statistics : table.previousData?.statistics;
  const data = useMemo(() => pivot(state, answer?.rows ?? []), [state, answer]);
  const title = t(viewTitle(state, scopeName));
  const rowLabel = (row: PivotRow) => t(row.label);
  // The chart's input changes only with the figures, the metric names or the language: each change is one drawing,
  // and the figures are drawn once the names are there (not with codes, then again with names).
  const named = Boolean(catalogue.data || catalogue.error);
  const chartRows = named ? data.rows : NO_ROWS;
  const categories = useMemo(() => chartRows.map((r) => t(r.label)), [chartRows, t]);
  const series = useMemo(
    () => state.metrics.map((m) => ({ name: metricName(m), values: chartRows.map((r) => r.values[m] ?? 0) })),
    [state.metrics, metricName, chartRows],
  );
  const labelHeader = t(state.rows === 'LEVEL' ? S.level : state.rows === 'PERIOD' ? S.quarter : S.unitLevel);

  const set = (patch: Partial<ExplorerState>) => onChange({ ...state, ...patch });
  // The pickers' options are made once per catalogue and language: new ones on each render would have Ant Design's
  // selects rebuild their option maps every time the page renders.
  const quarterOptions = useMemo(
    () =>
      years.flatMap((y) =>
        [4, 3, 2, 1]
          .map((q) => quarterPeriod(y, q))
          .filter((q) => q.year < quarterAt(new Date()).year || q.quarter <= quarterAt(new Date()).quarter)
          .map((q) => ({ value: q.code, label: t(periodLabel(q)) })),
      ),
    [years, t],
  );
  const yearOptions = useMemo(
    () => years.map((y) => ({ value: String(y), label: t(periodLabel({ kind: 'YEAR', code: String(y), year: y })) })),
    [years, t],
  );
  const metricTree = useMemo(
    () =>
      METRIC_GROUPS.map((g: MetricGroup) => ({
        value: `group:${g}`,
        title: t(METRIC_GROUP_LABELS[g]),
        selectable: false,
        checkable: false,
        children: metrics.filter((m) => m.group === g).map((m) => ({ value: m.code, title: lang === 'vi' ? m.nameVi : m.nameEn })),
      })).filter((g) => g.children.length),
    [metrics, lang, t],
  );
  const scopeOptions = useMemo(
    () => [
      { value: CITY_CODE, label: t(S.wholeCity) },
      ...districts.map((d) => ({ value: d.code, label: lang === 'vi' ? d.name : d.nameEn || d.name })),
    ],
    [districts, lang, t],
  );

  // The terms city-api records for the city's council ("Nhiệm kỳ 2021–2026, khóa XVI"), newest first.
  const termOptions = useMemo(
    () => [...(city?.terms ?? [])].reverse().map((term) => ({ value: term.code, label: lang === 'vi' ? term.name : term.nameEn })),
    [city, lang],
  );

  const setMode = (mode: PeriodMode) => {
    // The year on screen carries over: a term's code starts with "NK", its first year after.
    const first = state.periods[0] ?? '';
    const year = Number(first.startsWith('NK') ? first.slice(2, 6) : first.slice(0, 4)) || years[0];
    const periods = defaultPeriods(mode, year);
    if (mode === 'term' && termOptions.length && !termOptions.some((o) => o.value === periods[0])) periods[0] = termOptions[0].value;
    set({ mode, periods });
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      const blob = await buildWorkbook({
        title: `${t(S.title)} — ${title}`,
        subtitle: `${t(S.metrics)}: ${state.metrics.map(metricName).join('; ')}`,
        asOf: answer?.asOf ?? null,
        asOfLabel: t(S.asOf),
        labelHeader,
        codeHeader: state.rows === 'DISTRICT' || state.rows === 'WARD' ? t(S.code) : null,
        metricNames: state.metrics.map(metricName),
        totalLabel: t(S.total),
        sheetName: t(S.title),
        pivot: data,
        rowLabel,
      });
      download(blob, workbookName(state));
    } catch {
      void message.error(t(S.exportFailed));
    } finally {
      setExporting(false);
    }
  };

  const byUnit = rowsByUnit(state);
  const notComparable = byUnit && state.basis === 'CURRENT_UNITS' ? (answer?.notComparable ?? []) : [];
  const numberCell = (rowKey: string, metric: string) => (v: number) => (
    <span data-cell={`${rowKey}|${metric}`}>{formatNumber(v, lang)}</span>
  );
  const columns = [
    ...(byUnit ? [{ title: t(S.code), dataIndex: 'code', key: 'code', width: 80 }] : []),
    { title: labelHeader, key: 'label', render: (_: unknown, row: PivotRow) => rowLabel(row) },
    ...state.metrics.map((m) => ({
      title: metricName(m),
      key: m,
      align: 'right' as const,
      render: (_: unknown, row: PivotRow) => numberCell(row.code ?? row.key, m)(row.values[m] ?? 0),
    })),
  ];

  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item label={t(S.periods)} htmlFor="stat-periods" style={{ marginBottom: 12 }}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Segmented<PeriodMode>
                    aria-label={t(S.periods)}
                    value={state.mode}
                    onChange={setMode}
                    options={[
                      { value: 'year', label: t(S.byYear) },
                      { value: 'quarter', label: t(S.byQuarter) },
                      { value: 'range', label: t(S.byRange) },
                      { value: 'term', label: t(S.byTerm) },
                    ]}
                  />
                  {state.mode === 'year' && (
                    <Select
                      id="stat-periods"
                      mode="multiple"
                      style={{ width: '100%' }}
                      value={state.periods}
                      options={yearOptions}
                      onChange={(v: string[]) => v.length && set({ periods: v })}
                    />
                  )}
                  {state.mode === 'quarter' && (
                    <Select
                      id="stat-periods"
                      mode="multiple"
                      style={{ width: '100%' }}
                      value={state.periods}
                      options={quarterOptions}
                      onChange={(v: string[]) => v.length && set({ periods: v })}
                    />
                  )}
                  {state.mode === 'term' && (
                    <Select
                      id="stat-periods"
                      style={{ width: '100%' }}
                      value={state.periods[0]}
                      options={termOptions}
                      onChange={(v: string) => set({ periods: [v] })}
                    />
                  )}
                  {state.mode === 'range' && (
                    <Space wrap>
                      <Select
                        id="stat-periods"
                        aria-label={t(S.from)}
                        style={{ width: 150 }}
                        value={state.periods[0]}
                        options={quarterOptions}
                        onChange={(v: string) => set({ periods: [v, state.periods[1]] })}
                      />
                      <span aria-hidden>–</span>
                      <Select
                        aria-label={t(S.to)}
                        style={{ width: 150 }}
                        value={state.periods[1]}
                        options={quarterOptions}
                        onChange={(v: string) => set({ periods: [state.periods[0], v] })}
                      />
                    </Space>
                  )}
                </Space>
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item label={t(S.metrics)} htmlFor="stat-metrics" style={{ marginBottom: 12 }}>
                <TreeSelect
                  id="stat-metrics"
                  multiple
                  treeCheckable
                  showCheckedStrategy={TreeSelect.SHOW_CHILD}
                  treeDefaultExpandAll
                  style={{ width: '100%' }}
                  value={state.metrics}
                  treeData={metricTree}
                  maxTagCount="responsive"
                  loading={catalogue.loading}
                  onChange={(v: string[]) => v.length && set({ metrics: v.filter((c) => !c.startsWith('group:')) })}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={4}>
              <Form.Item label={t(S.scope)} htmlFor="stat-scope" style={{ marginBottom: 12 }}>
                <Select
                  id="stat-scope"
                  showSearch={{ optionFilterProp: 'label' }}
                  style={{ width: '100%' }}
                  value={state.scope}
                  options={scopeOptions}
                  onChange={(scope: string) => set({ scope, rows: scope !== CITY_CODE && state.rows === 'DISTRICT' ? 'WARD' : state.rows })}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={4}>
              <Form.Item label={t(S.rows)} htmlFor="stat-rows" style={{ marginBottom: byUnit ? 8 : 12 }}>
                <Select<RowDim>
                  id="stat-rows"
                  style={{ width: '100%' }}
                  value={state.rows}
                  options={[
                    { value: 'LEVEL', label: t(S.rowsLevel) },
                    { value: 'DISTRICT', label: t(S.rowsDistrict) },
                    { value: 'WARD', label: t(S.rowsWard) },
                    { value: 'PERIOD', label: t(S.rowsPeriod) },
                  ]}
                  onChange={(rows) => set({ rows })}
                />
              </Form.Item>
              {byUnit && (
                <Form.Item label={t(S.basis)} htmlFor="stat-basis" tooltip={t(S.basisHelp)} style={{ marginBottom: 12 }}>
                  <Select<Basis>
                    id="stat-basis"
                    style={{ width: '100%' }}
                    value={state.basis}
                    options={[
                      { value: 'AS_REPORTED', label: t(S.basisAsReported) },
                      { value: 'CURRENT_UNITS', label: t(S.basisCurrentUnits) },
                    ]}
                    onChange={(basis) => set({ basis })}
                  />
                </Form.Item>
              )}
            </Col>
          </Row>
        </Form>
      </Card>

      <Space align="center" style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <div>
          <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="statistics-title">
            {title}
          </Typography.Title>
          {answer && (
            <Typography.Text type="secondary">
              {t(S.asOf)}: {formatDateTime(answer.asOf)}
            </Typography.Text>
          )}
        </div>
        <StatisticsExportMenu query={query} disabled={!answer || table.loading}>
          <Button icon={<DownloadOutlined />} onClick={() => void exportXlsx()} loading={exporting} disabled={!answer || table.loading}>
            {t(S.exportXlsx)}
          </Button>
        </StatisticsExportMenu>
      </Space>

      {table.error && <ErrorAlert error={table.error} />}
      {notComparable.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="not-comparable"
          title={fill(t(S.notComparable), { n: formatNumber(notComparable.length, lang) })}
          description={
            // A long list scrolls: focusable, so a keyboard can scroll it too.
            <ul tabIndex={0} style={{ margin: 0, paddingInlineStart: 20, maxHeight: 160, overflowY: 'auto' }}>
              {notComparable.map((n) => (
                <li key={`${n.unit.code}|${n.period}`}>{lang === 'vi' ? n.reason : n.reasonEn}</li>
              ))}
            </ul>
          }
        />
      )}
      {!state.metrics.length && <Alert type="info" showIcon title={t(S.noMetrics)} />}

      <Card size="small" style={{ marginBottom: 16 }}>
        <Suspense fallback={<div style={{ height: 420 }} />}>
          <StatisticsChart
            kind={state.rows === 'PERIOD' ? 'line' : 'bar'}
            categories={categories}
            series={series}
            label={`${t(S.chart)}: ${title}`}
            lang={lang}
          />
        </Suspense>
      </Card>

      <Table<PivotRow>
        aria-label={`${t(S.table)}: ${title}`}
        data-testid="statistics-table"
        rowKey="key"
        size="small"
        loading={table.loading && !answer}
        dataSource={data.rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        summary={() =>
          data.rows.length ? (
            <Table.Summary fixed>
              <Table.Summary.Row>
                {byUnit && <Table.Summary.Cell index={0} />}
                <Table.Summary.Cell index={byUnit ? 1 : 0}>
                  <b>{t(S.total)}</b>
                </Table.Summary.Cell>
                {state.metrics.map((m, i) => (
                  <Table.Summary.Cell key={m} index={(byUnit ? 2 : 1) + i} align="right">
                    <b>{numberCell('total', m)(data.totals[m] ?? 0)}</b>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
    </>
  );
}
