import { useMutation, useQuery } from '@apollo/client/react';
import { METRIC_GROUP_LABELS, METRIC_GROUPS } from '@council/core/metric-catalogue.js';
import { parseQuarter, periodLabel } from '@council/core/period.js';
import { NARRATIVE_FIELDS, NARRATIVE_LABELS } from '@council/core/validation/report-rules.js';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { DecideReportDocument, type ReviewDecision, ReviewedReportDocument } from '../../gql/district/graphql';
import { formatDate, formatDateTime, formatNumber } from '../../shared/format';
import { graphqlErrorsOf, isNetworkFailure, shownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { Loading } from '../../shared/Loading';
import { LateTag, StatusTag } from '../../shared/StatusTag';
import { ClosurePanel } from '../closing/ClosurePanel';
import { REVIEW } from './labels';
import { changedValues, groupOf } from './review-groups';

/** One commune's report for the quarter, as the district reviews it: values, narrative, findings, versions, decision. */
export function ReviewReportPage() {
  const { unitCode = '', period = '' } = useParams();
  const { t, lang } = useLang();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const quarter = useMemo(() => {
    try {
      return parseQuarter(period);
    } catch {
      return null;
    }
  }, [period]);
  const { data, loading, error, refetch } = useQuery(ReviewedReportDocument, {
    variables: { unitCode, period },
    fetchPolicy: 'network-only',
    skip: !quarter,
  });
  const [decide, deciding] = useMutation(DecideReportDocument);
  const [decision, setDecision] = useState<ReviewDecision | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);

  const backTo = `/review?period=${period}`;
  if (!quarter) return <Alert type="error" showIcon title={t('notFound')} />;
  if (loading && !data) return <Loading />;
  if (error || !data) return <Alert type="error" showIcon title={t('genericError')} />;

  const report = data.report;
  const name = data.councilUnit?.name ?? unitCode;
  const metricName = new Map(data.metrics.map((m) => [m.code, lang === 'vi' ? m.nameVi : m.nameEn]));
  const values = new Map((report?.values ?? []).map((v) => [v.metric.code, v.value]));

  const header = (
    <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('reports')} {t(periodLabel(quarter))} · {name}
      </Typography.Title>
      <Link to={backTo}>← {t(REVIEW.backToList)}</Link>
    </Space>
  );
  if (!report || report.status === 'DRAFT')
    return (
      <>
        {header}
        <Alert type="info" showIcon style={{ marginTop: 16 }} title={t(REVIEW.noReport)} />
      </>
    );

  const open = (d: ReviewDecision) => {
    setDecision(d);
    setComment('');
    setCommentError(null);
  };

  const send = async () => {
    if (!decision) return;
    const text = comment.trim();
    if (!text) {
      setCommentError(t(REVIEW.commentRequired));
      return;
    }
    try {
      const res = await decide({ variables: { id: report.id, decision, comment: text } });
      const reviewed = res.data!.reviewReport;
      setDecision(null);
      void message.success(t(decision === 'ACCEPT' ? REVIEW.acceptedDone : REVIEW.returnedDone));
      // The report moves to its group: the list opens there.
      void navigate(`${backTo}&group=${groupOf(reviewed)}`);
    } catch (e) {
      if (isNetworkFailure(e)) {
        setCommentError(t(REVIEW.offline));
        return;
      }
      const errors = graphqlErrorsOf(e).map(shownError);
      setCommentError(errors.length ? errors.map((x) => x.message[lang]).join(' · ') : t('genericError'));
    }
  };

  // A closed quarter with no reopening in force: the server would refuse the review (PERIOD_CLOSED).
  const reviewable = report.status === 'SUBMITTED' && report.closure.writable;
  const versions = report.versions;

  return (
    <div style={{ maxWidth: 1100 }}>
      {header}
      <Descriptions size="small" style={{ margin: '12px 0' }} column={{ xs: 1, md: 3 }} data-testid="report-summary">
        <Descriptions.Item label={t('status')}>
          <StatusTag status={report.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('version')}>{report.version || '–'}</Descriptions.Item>
        <Descriptions.Item label={t('dueDate')}>{formatDate(report.dueDate)}</Descriptions.Item>
        <Descriptions.Item label={t('submittedAt')}>
          {formatDateTime(report.submittedAt)}
          {report.late && (
            <>
              {' '}
              <LateTag />
            </>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('submittedBy')}>{report.submittedBy ?? '–'}</Descriptions.Item>
      </Descriptions>

      {report.reviewComment && (
        <Alert
          type={report.status === 'RETURNED' ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          title={`${t(REVIEW.lastReview)} (${report.reviewedBy ?? ''}, ${formatDateTime(report.reviewedAt)})`}
          description={<span data-testid="review-comment">{report.reviewComment}</span>}
        />
      )}

      <ClosurePanel report={report} side="reviewer" onChanged={() => void refetch()} />

      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" disabled={!reviewable} onClick={() => open('ACCEPT')}>
          {t(REVIEW.accept)}
        </Button>
        <Button disabled={!reviewable} onClick={() => open('RETURN')}>
          {t(REVIEW.return)}
        </Button>
        {report.status !== 'SUBMITTED' && <Typography.Text type="secondary">{t(REVIEW.notReviewable)}</Typography.Text>}
      </Space>

      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t(REVIEW.values)}
      </Typography.Title>
      {METRIC_GROUPS.map((group) => {
        const inGroup = data.metrics.filter((m) => m.group === group && values.has(m.code));
        if (!inGroup.length) return null;
        return (
          <Card key={group} size="small" title={t(METRIC_GROUP_LABELS[group])} style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              {inGroup.map((m) => (
                <Descriptions.Item key={m.code} label={metricName.get(m.code)}>
                  <span data-metric={m.code}>{formatNumber(values.get(m.code), lang)}</span>
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
        );
      })}

      <Card size="small" title={t('narrative')} style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={1} bordered>
          {NARRATIVE_FIELDS.map((field) => (
            <Descriptions.Item key={field} label={t(NARRATIVE_LABELS[field])}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{report[field] || t(REVIEW.empty)}</span>
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>

      <Card size="small" title={t(REVIEW.findings)} style={{ marginBottom: 12 }} data-testid="findings">
        {report.findings.length ? (
          <List
            size="small"
            dataSource={report.findings}
            renderItem={(f) => (
              <List.Item>
                <Space align="start">
                  <Tag color={f.severity === 'ERROR' ? 'red' : '#874d00'}>{t(f.severity === 'ERROR' ? REVIEW.error : REVIEW.warning)}</Tag>
                  <span>
                    {f.metric && <b>{metricName.get(f.metric) ?? f.metric}: </b>}
                    {lang === 'vi' ? f.message : f.messageEn}
                  </span>
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Typography.Text type="secondary">{t(REVIEW.noFindings)}</Typography.Text>
        )}
      </Card>

      <Card size="small" title={t('history')} style={{ marginBottom: 12 }}>
        {versions.length ? (
          <Table
            size="small"
            rowKey="version"
            pagination={false}
            dataSource={[...versions].reverse()}
            data-testid="version-history"
            columns={[
              { title: t('version'), dataIndex: 'version', width: 90 },
              {
                title: t('submittedAt'),
                dataIndex: 'submittedAt',
                render: (v: string, row) => (
                  <>
                    {formatDateTime(v)}
                    {row.late && (
                      <>
                        {' '}
                        <LateTag />
                      </>
                    )}
                  </>
                ),
              },
              { title: t('submittedBy'), dataIndex: 'submittedBy' },
              {
                title: t(REVIEW.changes),
                key: 'changes',
                render: (_, row) => {
                  const before = versions.find((v) => v.version === row.version - 1);
                  if (!before) return <Typography.Text type="secondary">{t(REVIEW.firstVersion)}</Typography.Text>;
                  const changes = changedValues(before.values, row.values);
                  if (!changes.length) return <Typography.Text type="secondary">{t(REVIEW.noChanges)}</Typography.Text>;
                  return changes.map((c) => (
                    <div key={c.metric}>
                      {metricName.get(c.metric) ?? c.metric}: {formatNumber(c.before, lang)} → <b>{formatNumber(c.after, lang)}</b>
                    </div>
                  ));
                },
              },
            ]}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Card>

      <Modal
        open={decision !== null}
        title={`${t(decision === 'ACCEPT' ? REVIEW.acceptTitle : REVIEW.returnTitle)} · ${name}`}
        onCancel={() => setDecision(null)}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => setDecision(null)}>
            {t('cancel')}
          </Button>,
          <Button key="ok" type="primary" loading={deciding.loading} onClick={() => void send()}>
            {t(decision === 'ACCEPT' ? REVIEW.accept : REVIEW.return)}
          </Button>,
        ]}
      >
        <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
          <Form.Item
            label={t(REVIEW.comment)}
            htmlFor="review-comment"
            required
            validateStatus={commentError ? 'error' : undefined}
            help={
              commentError ? (
                <span id="review-comment-error" data-testid="comment-error" role="alert">
                  {commentError}
                </span>
              ) : undefined
            }
          >
            <Input.TextArea
              id="review-comment"
              autoFocus
              rows={4}
              maxLength={5000}
              value={comment}
              aria-required
              aria-invalid={commentError ? true : undefined}
              aria-describedby={commentError ? 'review-comment-error' : undefined}
              placeholder={t(decision === 'ACCEPT' ? REVIEW.commentPlaceholderAccept : REVIEW.commentPlaceholderReturn)}
              onChange={(e) => {
                setComment(e.target.value);
                if (commentError) setCommentError(null);
              }}
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
