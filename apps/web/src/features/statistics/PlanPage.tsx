import { useQuery } from '@apollo/client/react';
import { periodLabel, quarterAt } from '@council/core/period.js';
import { Alert, Progress, Select, Table, Typography } from 'antd';
import { useSearchParams } from 'react-router';

import { CITY } from '../../app/apollo';
import { StatisticsCatalogueDocument, StatisticsPlanDocument } from '../../gql/city/graphql';
import { formatNumber } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { CITY_CODE } from './explorer-state';
import { S } from './labels';
import { FilterBar, QueryErrorAlert } from './parts';

interface PlanRow {
  metric: string;
  target: number;
  actual: number;
  percent: number | null;
}

/** One council's annual targets beside what it did that year (city-api `planVsActual`). */
export default function PlanPage() {
  const { t, lang } = useLang();
  const [params, setParams] = useSearchParams();
  const thisYear = quarterAt(new Date()).year;
  const years = Array.from({ length: thisYear - 2024 + 1 }, (_, i) => thisYear - i);
  const year = years.includes(Number(params.get('y'))) ? Number(params.get('y')) : thisYear;
  const unit = /^\d{2,5}$/.test(params.get('u') ?? '') ? params.get('u')! : CITY_CODE;
  const catalogue = useQuery(StatisticsCatalogueDocument, { ...CITY });
  const districts = catalogue.data?.councilUnits ?? [];
  const { data, error, loading } = useQuery(StatisticsPlanDocument, {
    ...CITY,
    variables: { year, scope: unit, unitLevel: unit === CITY_CODE ? 'CITY' : 'DISTRICT' },
  });
  const names = new Map((catalogue.data?.metrics ?? []).map((m) => [m.code, lang === 'vi' ? m.nameVi : m.nameEn]));
  const rows: PlanRow[] = (data?.planVsActual ?? []).map((r) => ({
    metric: r.metric.code,
    target: r.target,
    actual: r.actual,
    percent: r.percent ?? null,
  }));
  const unitName =
    unit === CITY_CODE ? (catalogue.data?.city?.name ?? t(S.wholeCity)) : (districts.find((d) => d.code === unit)?.name ?? unit);

  return (
    <>
      <FilterBar
        filters={[
          {
            id: 'plan-year',
            label: t(S.year),
            control: (
              <Select
                id="plan-year"
                value={year}
                options={years.map((y) => ({ value: y, label: t(periodLabel({ kind: 'YEAR', code: String(y), year: y })) }))}
                onChange={(y: number) => setParams({ y: String(y), u: unit })}
              />
            ),
          },
          {
            id: 'plan-unit',
            label: t(S.unitLevel),
            control: (
              <Select
                id="plan-unit"
                showSearch={{ optionFilterProp: 'label' }}
                value={unit}
                options={[
                  { value: CITY_CODE, label: catalogue.data?.city?.name ?? t(S.wholeCity) },
                  ...districts.map((d) => ({ value: d.code, label: lang === 'vi' ? d.name : d.nameEn || d.name })),
                ]}
                onChange={(u: string) => setParams({ y: String(year), u })}
              />
            ),
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t(S.plan)} · {unitName} · {t(periodLabel({ kind: 'YEAR', code: String(year), year }))}
      </Typography.Title>
      <QueryErrorAlert error={error} />
      {!loading && !error && rows.length === 0 && <Alert type="info" showIcon title={t(S.noPlans)} />}
      <Table<PlanRow>
        rowKey="metric"
        size="small"
        loading={loading && !data}
        dataSource={rows}
        pagination={false}
        style={rows.length === 0 ? { display: 'none' } : undefined}
        columns={[
          { title: t(S.metrics), key: 'metric', render: (_, r) => names.get(r.metric) ?? r.metric },
          { title: t(S.target), dataIndex: 'target', align: 'right', render: (v: number) => formatNumber(v, lang) },
          { title: t(S.actual), dataIndex: 'actual', align: 'right', render: (v: number) => formatNumber(v, lang) },
          {
            title: t(S.percent),
            dataIndex: 'percent',
            width: 220,
            render: (p: number | null) =>
              p === null ? '–' : <Progress percent={Math.min(100, p)} format={() => `${formatNumber(p, lang)}%`} size="small" />,
          },
        ]}
      />
    </>
  );
}
