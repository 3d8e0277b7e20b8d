import { useQuery } from '@apollo/client/react';
import { periodLabel } from '@council/core/period.js';
import { Alert, Card, Col, Row, Select, Space, Statistic, Table, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';

import { ReviewQuarterDocument } from '../../gql/district/graphql';
import { daysUntil, formatDate, formatDateTime, formatNumber } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { fill } from '../../shared/labels';
import { LateTag, StatusTag } from '../../shared/StatusTag';
import { ReopenRequestsCard } from '../closing/ReopenRequestsCard';
import { REVIEW } from './labels';
import {
  chosenQuarter,
  type CommuneRow,
  communeRows,
  completenessOf,
  groupCounts,
  pickerQuarters,
  REVIEW_GROUPS,
  type ReviewGroup,
} from './review-groups';

const isGroup = (v: string | null): v is ReviewGroup => REVIEW_GROUPS.includes(v as ReviewGroup);

/** The district's communes for the chosen quarter, in four groups, with the district's completeness above. */
export function ReviewListPage({ district }: { district: string }) {
  const { t, lang } = useLang();
  const [params, setParams] = useSearchParams();
  const now = useMemo(() => new Date(), []);
  const quarter = chosenQuarter(params.get('period'), now);
  const groupParam = params.get('group');
  const { data, loading, error } = useQuery(ReviewQuarterDocument, { variables: { district, period: quarter.code } });

  const rows = useMemo(() => (data ? communeRows(data.councilUnits, data.reports) : []), [data]);
  const counts = groupCounts(rows);
  const totals = completenessOf(rows);
  // Without a group asked for, the one with work in it: what waits for review first.
  const group: ReviewGroup = isGroup(groupParam) ? groupParam : counts.waiting > 0 || !data ? 'waiting' : 'missing';
  const dueDate = data?.reportingPeriod.dueDate ?? null;
  const overdueDays = dueDate ? -daysUntil(dueDate, now) : 0;

  const choose = (next: { period?: string; group?: ReviewGroup }) =>
    setParams((p) => {
      const out = new URLSearchParams(p);
      if (next.period) {
        out.set('period', next.period);
        out.delete('group');
      }
      if (next.group) out.set('group', next.group);
      return out;
    });

  const reportLink = (row: CommuneRow) => `/review/${row.code}/${quarter.code}`;
  const columns = [
    { title: t(REVIEW.commune), dataIndex: 'name', render: (name: string, row: CommuneRow) => <Link to={reportLink(row)}>{name}</Link> },
    { title: t(REVIEW.code), dataIndex: 'code', width: 90 },
    {
      title: t('status'),
      key: 'status',
      render: (_: unknown, row: CommuneRow) => (
        <Space size={4} wrap>
          <StatusTag status={row.status} />
          {row.report?.late && row.group !== 'missing' && <LateTag />}
        </Space>
      ),
    },
    {
      title: t('version'),
      key: 'version',
      width: 100,
      render: (_: unknown, row: CommuneRow) => (row.report?.version ? row.report.version : '–'),
    },
    {
      title: t('submittedAt'),
      key: 'submittedAt',
      render: (_: unknown, row: CommuneRow) => {
        if (row.group === 'missing')
          return overdueDays > 0 ? (
            <span style={{ color: '#a8071a' }}>{fill(t('daysLate'), { n: formatNumber(overdueDays, lang) })}</span>
          ) : (
            '–'
          );
        return formatDateTime(row.report?.submittedAt);
      },
    },
    {
      title: '',
      key: 'open',
      width: 170,
      render: (_: unknown, row: CommuneRow) =>
        row.group === 'missing' && !row.report ? null : (
          <Link to={reportLink(row)} aria-label={`${t(row.group === 'waiting' ? REVIEW.review : REVIEW.view)}: ${row.name}`}>
            {t(row.group === 'waiting' ? REVIEW.review : REVIEW.view)}
          </Link>
        ),
    },
  ];

  const stat = (label: string, value: number, testId: string, tone?: 'danger' | 'success') => (
    <Col xs={12} md={6}>
      <Card size="small">
        <Statistic
          title={label}
          value={value}
          formatter={(v) => <span data-testid={testId}>{formatNumber(Number(v), lang)}</span>}
          styles={{ content: { color: tone === 'danger' && value > 0 ? '#a8071a' : tone === 'success' ? '#135200' : undefined } }}
        />
      </Card>
    </Col>
  );

  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('review')} · {data?.councilUnit?.name ?? ''}
        </Typography.Title>
        <Space>
          <label htmlFor="review-quarter">{t(REVIEW.quarter)}</label>
          <Select
            id="review-quarter"
            style={{ width: 150 }}
            value={quarter.code}
            options={pickerQuarters(now, quarter).map((q) => ({ value: q.code, label: t(periodLabel(q)) }))}
            onChange={(period: string) => choose({ period })}
          />
        </Space>
      </Space>
      {error && <Alert type="error" showIcon title={t('genericError')} style={{ marginBottom: 12 }} />}
      <ReopenRequestsCard reportLink={(unit, period) => `/review/${unit}/${period}`} />

      <section aria-labelledby="review-completeness">
        <Typography.Title level={2} id="review-completeness" style={{ fontSize: 18 }}>
          {t(REVIEW.completeness)} · {t(periodLabel(quarter))}
          {dueDate && (
            <Typography.Text type="secondary" style={{ fontSize: 15, fontWeight: 'normal' }}>
              {' '}
              · {t('dueDate')}: <span data-testid="due-date">{formatDate(dueDate)}</span>
            </Typography.Text>
          )}
        </Typography.Title>
        <Row gutter={[12, 12]} data-testid="completeness">
          {stat(t(REVIEW.expected), totals.expected, 'expected')}
          {stat(t(REVIEW.submittedCount), totals.submitted, 'submitted')}
          {stat(t(REVIEW.onTime), totals.onTime, 'on-time', 'success')}
          {stat(t(REVIEW.lateCount), totals.late, 'late', 'danger')}
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t(REVIEW.completenessNote)}
        </Typography.Paragraph>
      </section>

      <Tabs
        activeKey={group}
        onChange={(key) => choose({ group: key as ReviewGroup })}
        aria-label={t(REVIEW.groupsLabel)}
        items={REVIEW_GROUPS.map((g) => ({
          key: g,
          label: `${t(REVIEW[g])} (${formatNumber(counts[g], lang)})`,
          children: (
            <Table<CommuneRow>
              rowKey="code"
              size="middle"
              loading={loading && !data}
              dataSource={rows.filter((r) => r.group === g)}
              columns={columns}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
              locale={{ emptyText: t(REVIEW.noneInGroup) }}
              data-testid={`group-${g}`}
            />
          ),
        }))}
      />
    </>
  );
}
