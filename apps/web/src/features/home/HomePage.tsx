import { useQuery } from '@apollo/client/react';
import { parseQuarter, periodLabel, quarterAt } from '@council/core/period.js';
import { Permission, ROLE_PERMISSIONS } from '@council/core/roles.js';
import { Alert, Button, Card, Col, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router';

import { HomeDocument } from '../../gql/district/graphql';
import { daysUntil, formatDate } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { fill } from '../../shared/labels';
import { StatusTag } from '../../shared/StatusTag';
import { useSession } from '../../shared/useSession';

/** What needs the signed-in person now: this quarter's report, returned reports, open assignments. */
export default function HomePage() {
  const { t } = useLang();
  const { session } = useSession();
  const user = session!.user;
  const current = quarterAt(new Date());
  const { data } = useQuery(HomeDocument, { variables: { unitCode: user.unit.code, period: current.code }, skip: user.role === 'VIEWER' });
  const mine = data?.reports.find((r) => r.period === current.code);
  const returned = (data?.reports ?? []).filter((r) => r.status === 'RETURNED');
  const open = (data?.assignments ?? []).filter((a) => a.status !== 'COMPLETED');
  const overdue = open.filter((a) => a.overdue);
  const days = data ? daysUntil(data.reportingPeriod.dueDate) : 0;

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {user.unit.name}
      </Typography.Title>
      {returned.map((r) => (
        <Alert
          key={r.id}
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${t('returnedBanner')} ${t(periodLabel(parseQuarter(r.period)))}`}
          description={r.reviewComment}
          action={
            <Link to={`/reports/${user.unit.code}/${r.period}`}>
              <Button size="small">{t('open')}</Button>
            </Link>
          }
        />
      ))}
      {/* Those who may read the briefing summary: the city's staff and the projector's viewer account. */}
      {ROLE_PERMISSIONS[user.role].has(Permission.ReadSummaries) && (
        <Card title={t('briefingScreen')} style={{ marginBottom: 16 }}>
          <p>{t('briefingScreenHint')}</p>
          <Link to="/briefing">
            <Button type="primary">{t('openBriefing')}</Button>
          </Link>
        </Card>
      )}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Card title={`${t('thisQuarter')}: ${t(periodLabel(current))}`}>
            <p>
              {t('status')}: <StatusTag status={mine?.status ?? 'NOT_STARTED'} />
            </p>
            {data && (
              <p>
                {t('dueDate')}: <b>{formatDate(data.reportingPeriod.dueDate)}</b>{' '}
                {days >= 0 ? (
                  `(${fill(t('daysLeft'), { n: days })})`
                ) : (
                  <Typography.Text type="danger">({fill(t('daysLate'), { n: -days })})</Typography.Text>
                )}
              </p>
            )}
            <Link to={`/reports/${user.unit.code}/${current.code}`}>
              <Button type="primary">{t('open')}</Button>
            </Link>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('assignments')}>
            <Row gutter={16}>
              <Col span={12}>
                <Statistic title={t('openAssignments')} value={open.length} />
              </Col>
              <Col span={12}>
                <Statistic
                  title={t('overdue')}
                  value={overdue.length}
                  styles={{ content: { color: overdue.length ? '#b71c1c' : undefined } }}
                />
              </Col>
            </Row>
          </Card>
        </Col>
      </Row>
    </>
  );
}
