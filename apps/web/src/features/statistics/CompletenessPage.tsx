import { useQuery } from '@apollo/client/react';
import { LEVEL_LABELS } from '@council/core/levels.js';
import { parseQuarter, periodLabel, previousQuarter, quarterAt } from '@council/core/period.js';
import { Alert, Card, Col, Row, Select, Statistic, Table, Typography } from 'antd';
import { useSearchParams } from 'react-router';

import { CITY } from '../../app/apollo';
import { StatisticsCatalogueDocument, StatisticsCompletenessDocument } from '../../gql/city/graphql';
import { formatDateTime, formatNumber } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { CITY_CODE } from './explorer-state';
import { S } from './labels';
import { FilterBar, QueryErrorAlert } from './parts';

type Level = 'CITY' | 'DISTRICT' | 'WARD';
const LEVELS: Level[] = ['CITY', 'DISTRICT', 'WARD'];

function recentQuarters(): string[] {
  const out: string[] = [];
  for (let q = quarterAt(new Date()); q.year >= 2024; q = previousQuarter(q)) out.push(q.code);
  return out;
}

const validQuarter = (code: string | null) => {
  try {
    return code ? parseQuarter(code).code : null;
  } catch {
    return null;
  }
};

/** Who has reported a quarter, per level: expected, submitted, on time, late, and the councils still missing. */
export default function CompletenessPage() {
  const { t, lang } = useLang();
  const [params, setParams] = useSearchParams();
  const quarters = recentQuarters();
  // Default: the last quarter whose reports are due (the one before the current).
  const period = validQuarter(params.get('p')) ?? previousQuarter(quarterAt(new Date())).code;
  const level: Level = LEVELS.includes(params.get('l') as Level) ? (params.get('l') as Level) : 'DISTRICT';
  const scope = /^\d{2,5}$/.test(params.get('s') ?? '') ? params.get('s')! : CITY_CODE;
  const catalogue = useQuery(StatisticsCatalogueDocument, { ...CITY });
  const { data, previousData, error, loading } = useQuery(StatisticsCompletenessDocument, {
    ...CITY,
    variables: { period, level, scope },
  });
  const c = (data ?? previousData)?.completeness;
  const set = (patch: Record<string, string>) => setParams({ p: period, l: level, s: scope, ...patch });

  return (
    <>
      <FilterBar
        filters={[
          {
            id: 'comp-period',
            label: t(S.quarter),
            control: (
              <Select
                id="comp-period"
                value={period}
                options={[...new Set([period, ...quarters])].map((q) => ({ value: q, label: t(periodLabel(parseQuarter(q))) }))}
                onChange={(p: string) => set({ p })}
              />
            ),
          },
          {
            id: 'comp-level',
            label: t(S.level),
            control: (
              <Select<Level>
                id="comp-level"
                value={level}
                options={LEVELS.map((l) => ({ value: l, label: t(LEVEL_LABELS[l]) }))}
                onChange={(l) => set({ l, ...(l === 'CITY' ? { s: CITY_CODE } : {}) })}
              />
            ),
          },
          {
            id: 'comp-scope',
            label: t(S.scope),
            control: (
              <Select
                id="comp-scope"
                showSearch={{ optionFilterProp: 'label' }}
                value={scope}
                disabled={level === 'CITY'}
                options={[
                  { value: CITY_CODE, label: t(S.wholeCity) },
                  ...(level === 'WARD' ? (catalogue.data?.councilUnits ?? []) : []).map((d) => ({
                    value: d.code,
                    label: lang === 'vi' ? d.name : d.nameEn || d.name,
                  })),
                ]}
                onChange={(s: string) => set({ s })}
              />
            ),
          },
        ]}
      />

      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t(S.completeness)} · {t(periodLabel(parseQuarter(period)))} · {t(LEVEL_LABELS[level])}
      </Typography.Title>
      <QueryErrorAlert error={error} />
      {c && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }} data-testid="completeness-counts">
            {(
              [
                ['expected', S.expected, c.expected],
                ['submitted', S.submitted, c.submitted],
                ['onTime', S.onTime, c.onTime],
                ['late', S.late, c.late],
                ['missing', S.missing, c.missing.length],
              ] as const
            ).map(([key, label, value]) => (
              <Col key={key} xs={12} md={4}>
                <Card size="small">
                  <Statistic
                    title={t(label)}
                    value={value}
                    formatter={(v) => <span data-count={key}>{formatNumber(Number(v), lang)}</span>}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Typography.Text type="secondary">
            {t(S.asOf)}: {formatDateTime(c.asOf)}
          </Typography.Text>
          <Typography.Title level={3} style={{ fontSize: 17, marginTop: 16 }}>
            {t(S.missingList)} ({formatNumber(c.missing.length, lang)})
          </Typography.Title>
          {c.missing.length === 0 ? (
            <Alert type="success" showIcon title={t(S.allReported)} />
          ) : (
            <Table
              rowKey="code"
              size="small"
              loading={loading && !data}
              dataSource={c.missing}
              pagination={c.missing.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              columns={[
                { title: t(S.code), dataIndex: 'code', width: 90 },
                { title: t(S.unitLevel), dataIndex: 'name' },
                { title: t(S.parentUnit), key: 'parent', render: (_, u) => u.parent?.name ?? '–' },
              ]}
            />
          )}
        </>
      )}
    </>
  );
}
