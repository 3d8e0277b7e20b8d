import { useQuery } from '@apollo/client/react';
import { LEVEL_LABELS } from '@council/core/levels.js';
import { parseQuarter, periodLabel, previousQuarter, quarterAt } from '@council/core/period.js';
import { Alert, Card, Col, Form, Row, Select, Statistic, Table, Typography } from 'antd';
import { useSearchParams } from 'react-router';

import { CITY } from '../../app/apollo';
import { StatisticsCatalogueDocument, StatisticsCompletenessDocument } from '../../gql/city/graphql';
import { formatDateTime, formatNumber } from '../../shared/format';
import { graphqlErrorsOf, shownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { CITY_CODE } from './explorer-state';
import { S } from './labels';

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
  const first = graphqlErrorsOf(error)[0];
  const shown = first ? shownError(first) : null;

  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t(S.quarter)} htmlFor="comp-period" style={{ marginBottom: 0 }}>
                <Select
                  id="comp-period"
                  value={period}
                  options={[...new Set([period, ...quarters])].map((q) => ({ value: q, label: t(periodLabel(parseQuarter(q))) }))}
                  onChange={(p: string) => set({ p })}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t(S.level)} htmlFor="comp-level" style={{ marginBottom: 0 }}>
                <Select<Level>
                  id="comp-level"
                  value={level}
                  options={LEVELS.map((l) => ({ value: l, label: t(LEVEL_LABELS[l]) }))}
                  onChange={(l) => set({ l, ...(l === 'CITY' ? { s: CITY_CODE } : {}) })}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t(S.scope)} htmlFor="comp-scope" style={{ marginBottom: 0 }}>
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
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t(S.completeness)} · {t(periodLabel(parseQuarter(period)))} · {t(LEVEL_LABELS[level])}
      </Typography.Title>
      {shown && <Alert type="error" showIcon title={t(shown.code === 'FORBIDDEN' ? S.forbidden : shown.message)} />}
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
