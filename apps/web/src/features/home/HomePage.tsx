import { useQuery } from '@apollo/client/react';
import { parseQuarter, periodLabel, previousQuarter, quarterAt } from '@council/core/period.js';
import { Permission, ROLE_PERMISSIONS } from '@council/core/roles.js';
import { Alert, Button, Card, Col, List, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router';

import { CITY } from '../../app/apollo';
import { HomeCityDocument } from '../../gql/city/graphql';
import { HomeDocument, ReviewQuarterDocument } from '../../gql/district/graphql';
import { daysUntil, formatDate, formatNumber } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { fill } from '../../shared/labels';
import type { SessionUser } from '../../shared/session';
import { StatusTag } from '../../shared/StatusTag';
import { useSession } from '../../shared/useSession';
import { communeRows, groupCounts } from '../review/review-groups';
import { HOME } from './labels';

const FILING_ROLES = ['CITY_STAFF', 'CITY_ADMIN', 'DISTRICT_STAFF', 'WARD_STAFF'];
const CITY_ROLES = ['CITY_STAFF', 'CITY_ADMIN'];

/** What needs the signed-in person now; each role sees its own cards. */
export default function HomePage() {
  const { t } = useLang();
  const { session } = useSession();
  const user = session!.user;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {user.unit.name}
      </Typography.Title>
      {user.role === 'VIEWER' && <Alert type="info" showIcon title={t(HOME.viewerWelcome)} style={{ marginBottom: 16 }} />}
      {/* Those who may read the briefing summary: the city's staff and the projector's viewer account. */}
      {ROLE_PERMISSIONS[user.role].has(Permission.ReadSummaries) && (
        <Card title={t('briefingScreen')} style={{ marginBottom: 16 }} data-testid="home-briefing">
          <p>{t('briefingScreenHint')}</p>
          <Link to="/briefing">
            <Button type="primary">{t('openBriefing')}</Button>
          </Link>
        </Card>
      )}
      {CITY_ROLES.includes(user.role) && <CityCards />}
      {user.role === 'DISTRICT_STAFF' && <DistrictCards district={user.unit.code} />}
      {FILING_ROLES.includes(user.role) && <FilingCards user={user} />}
    </>
  );
}

/** A clerk's own council: this quarter's report and its due date, returned reports, assignments new and overdue. */
function FilingCards({ user }: { user: SessionUser }) {
  const { t } = useLang();
  const current = quarterAt(new Date());
  const { data } = useQuery(HomeDocument, { variables: { unitCode: user.unit.code, period: current.code } });
  const mine = data?.reports.find((r) => r.period === current.code);
  const returned = (data?.reports ?? []).filter((r) => r.status === 'RETURNED');
  // The council's own assignments: a district's inbox also holds its communes'.
  const own = (data?.assignments ?? []).filter((a) => a.unit.code === user.unit.code);
  const open = own.filter((a) => a.status !== 'COMPLETED');
  const fresh = own.filter((a) => a.status === 'PENDING');
  const overdue = open.filter((a) => a.overdue);
  const days = data ? daysUntil(data.reportingPeriod.dueDate) : 0;

  return (
    <>
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
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={12}>
          <Card title={`${t('thisQuarter')}: ${t(periodLabel(current))}`} data-testid="home-quarter">
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
          <Card title={t('assignments')} data-testid="home-assignments">
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
            <Typography.Title level={2} style={{ fontSize: 15, marginTop: 12 }}>
              {t(HOME.newAssignments)}
            </Typography.Title>
            <List
              size="small"
              dataSource={fresh}
              locale={{ emptyText: <Typography.Text type="secondary">{t(HOME.noNewAssignments)}</Typography.Text> }}
              renderItem={(a) => (
                <List.Item>
                  <Link to={`/directives/assignments/${a.id}`}>{a.directive.title}</Link>
                  <span>
                    {t('dueDate')}: {formatDate(a.dueDate)}
                  </span>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** A district: its communes' reports for the last ended quarter, missing and waiting for review. */
function DistrictCards({ district }: { district: string }) {
  const { t, lang } = useLang();
  const quarter = previousQuarter(quarterAt(new Date()));
  const { data } = useQuery(ReviewQuarterDocument, { variables: { district, period: quarter.code } });
  const counts = data ? groupCounts(communeRows(data.councilUnits, data.reports)) : null;
  const link = (group: string) => `/review?period=${quarter.code}&group=${group}`;
  return (
    <Card title={`${t(HOME.communesQuarter)} · ${t(periodLabel(quarter))}`} style={{ marginBottom: 16 }} data-testid="home-district">
      <Row gutter={16}>
        {(['missing', 'waiting'] as const).map((group) => (
          <Col key={group} xs={12} md={6}>
            <Link to={link(group)}>
              <Statistic
                title={t(HOME[group])}
                value={counts ? formatNumber(counts[group], lang) : '–'}
                styles={{ content: { color: group === 'missing' && counts?.missing ? '#b71c1c' : undefined } }}
              />
            </Link>
          </Col>
        ))}
        <Col xs={24} md={12} style={{ alignSelf: 'center' }}>
          <Link to={link('waiting')}>
            <Button type="primary">{t(HOME.review)}</Button>
          </Link>
        </Col>
      </Row>
    </Card>
  );
}

/** The city: how many councils have reported the last ended quarter, per level, and the overdue directives. */
function CityCards() {
  const { t, lang } = useLang();
  const quarter = previousQuarter(quarterAt(new Date()));
  const { data } = useQuery(HomeCityDocument, { ...CITY, variables: { period: quarter.code } });
  const levels = [
    ['districts', 'DISTRICT', data?.districts],
    ['communes', 'WARD', data?.communes],
  ] as const;
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} md={12}>
        <Card title={`${t(HOME.cityQuarter)} · ${t(periodLabel(quarter))}`} data-testid="home-city">
          <Row gutter={16}>
            {levels.map(([key, level, c]) => (
              <Col key={key} span={12}>
                <Statistic
                  title={t(HOME[key])}
                  value={
                    c
                      ? fill(t(HOME.submittedOf), { submitted: formatNumber(c.submitted, lang), expected: formatNumber(c.expected, lang) })
                      : '–'
                  }
                />
                <Link to={`/statistics/completeness?p=${quarter.code}&l=${level}`}>{t(HOME.seeMissing)}</Link>
              </Col>
            ))}
          </Row>
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card title={t(HOME.overdueDirectives)} data-testid="home-overdue-directives">
          <List
            size="small"
            dataSource={data?.directives ?? []}
            locale={{ emptyText: <Typography.Text type="secondary">{t(HOME.noOverdueDirectives)}</Typography.Text> }}
            renderItem={(d) => (
              <List.Item>
                <Link to={`/directives/${d.id}`}>{d.title}</Link>
                <Typography.Text type="danger">{fill(t(HOME.overdueUnits), { n: formatNumber(d.progress.overdue, lang) })}</Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
