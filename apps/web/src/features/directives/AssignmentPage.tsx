import { useMutation, useQuery } from '@apollo/client/react';
import { ASSIGNMENT_STATUS_LABELS, type AssignmentStatus, canMoveAssignment } from '@council/core/assignment-status.js';
import { LEVEL_LABELS } from '@council/core/levels.js';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Radio, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import {
  AcknowledgeAssignmentDocument,
  type AssignmentStatus as Status,
  InboxAssignmentsDocument,
  UpdateAssignmentDocument,
} from '../../gql/district/graphql';
import { formatDate, formatDateTime } from '../../shared/format';
import { graphqlErrorsOf, type ShownError, shownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { fill, UI } from '../../shared/labels';
import { namesField, serverErrorProps } from '../../shared/server-error';
import { L } from './labels';
import { AssignmentStatusTag, OverdueTag } from './parts';

interface Values {
  status: Status;
  progressPercent: number;
  note?: string;
  completionReason?: string;
}

const FIELDS = ['status', 'progressPercent', 'note', 'completionReason'] as const;
const ORDER: Status[] = ['ACKNOWLEDGED', 'IN_PROGRESS', 'COMPLETED'];

const errorOf = (e: unknown): ShownError => {
  const [first] = graphqlErrorsOf(e);
  return first ? shownError(first) : { code: 'INTERNAL', message: UI.genericError };
};

/** One assignment: the directive, acknowledging it, reporting progress, and every step so far. */
export default function AssignmentPage() {
  const { t } = useLang();
  const { id = '' } = useParams();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [serverError, setServerError] = useState<ShownError | null>(null);
  const { data, loading, error } = useQuery(InboxAssignmentsDocument);
  const [acknowledge, ack] = useMutation(AcknowledgeAssignmentDocument);
  const [update, upd] = useMutation(UpdateAssignmentDocument);
  const status = Form.useWatch('status', form);
  const a = data?.assignments.find((x) => x.id === id);

  if (loading && !data) return <Card loading />;
  if (error || !a)
    return (
      <Space orientation="vertical">
        <Alert type="error" showIcon title={t(error ? 'genericError' : L.assignmentNotFound)} />
        <Link to="/directives">{t('back')}</Link>
      </Space>
    );

  const openChildren = a.children.filter((c) => c.status !== 'COMPLETED').length;
  const choices = ORDER.filter((s) => canMoveAssignment(a.status as AssignmentStatus, s as AssignmentStatus));
  const needsReason = status === 'COMPLETED' && (openChildren > 0 || serverError?.field === 'completionReason');

  const onAcknowledge = async () => {
    setServerError(null);
    try {
      await acknowledge({ variables: { id: a.id } });
      void message.success(t(L.acknowledgedDone));
    } catch (e) {
      setServerError(errorOf(e));
    }
  };

  const onFinish = async (v: Values) => {
    setServerError(null);
    try {
      await update({
        variables: {
          id: a.id,
          status: v.status,
          progressPercent: v.status === 'COMPLETED' ? 100 : v.progressPercent,
          note: v.note?.trim() || null,
          completionReason: v.status === 'COMPLETED' ? v.completionReason?.trim() || null : null,
        },
      });
      form.setFieldsValue({ note: undefined, completionReason: undefined });
      void message.success(t(L.updated));
    } catch (e) {
      setServerError(errorOf(e));
    }
  };

  return (
    <>
      <Link to="/directives">
        <Button size="small">{t('back')}</Button>
      </Link>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 12 }}>
        {a.directive.title}
      </Typography.Title>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'unit', label: t(L.unit), children: `${a.unit.name} · ${t(LEVEL_LABELS[a.unit.level])}` },
          {
            key: 'status',
            label: t('status'),
            children: (
              <Space size={4}>
                <AssignmentStatusTag status={a.status} />
                {a.overdue && <OverdueTag />}
                <span data-testid="assignment-percent">{a.progressPercent}%</span>
              </Space>
            ),
          },
          ...(a.directive.reference ? [{ key: 'ref', label: t(L.reference), children: a.directive.reference }] : []),
          { key: 'from', label: t(L.issuedFrom), children: a.directive.issuedByUnit },
          { key: 'at', label: t(L.issuedAt), children: formatDateTime(a.directive.issuedAt) },
          { key: 'due', label: t(L.dueDate), children: formatDate(a.dueDate) },
          ...(a.children.length ? [{ key: 'open', label: t(L.communes), children: fill(t(L.communesOpen), { n: openChildren }) }] : []),
          { key: 'body', label: t(L.body), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{a.directive.body}</span> },
        ]}
      />
      {serverError && !namesField(serverError, FIELDS) && (
        <Alert type="error" showIcon title={t(serverError.message)} style={{ margin: '16px 0' }} />
      )}
      <Space align="start" wrap size={24} style={{ marginTop: 16, width: '100%' }}>
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t(L.update)}</h2>} style={{ width: 520 }}>
          {a.status === 'PENDING' && (
            <Button type="primary" loading={ack.loading} onClick={() => void onAcknowledge()} style={{ marginBottom: 16 }}>
              {t(L.acknowledge)}
            </Button>
          )}
          {a.status === 'COMPLETED' ? (
            <Typography.Paragraph>{t(L.finished)}</Typography.Paragraph>
          ) : (
            <Form<Values>
              key={a.status}
              form={form}
              layout="vertical"
              initialValues={{ status: choices.includes('IN_PROGRESS') ? 'IN_PROGRESS' : choices[0], progressPercent: a.progressPercent }}
              onFinish={(v) => void onFinish(v)}
              onValuesChange={() => serverError && setServerError(null)}
            >
              <Form.Item name="status" label={t('status')} {...serverErrorProps(serverError, 'status', t)}>
                <Radio.Group
                  optionType="button"
                  options={choices.map((s) => ({ value: s, label: t(ASSIGNMENT_STATUS_LABELS[s as AssignmentStatus]) }))}
                />
              </Form.Item>
              <Form.Item
                name="progressPercent"
                label={`${t(L.percent)} (%)`}
                rules={[{ type: 'integer', min: 0, max: 100, message: '0–100' }]}
                {...serverErrorProps(serverError, 'progressPercent', t)}
              >
                <InputNumber min={0} max={100} precision={0} disabled={status === 'COMPLETED'} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name="note" label={t(L.note)} {...serverErrorProps(serverError, 'note', t)}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              {needsReason && (
                <Form.Item name="completionReason" label={t(L.completionReason)} {...serverErrorProps(serverError, 'completionReason', t)}>
                  <Input.TextArea rows={2} maxLength={2000} />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit" loading={upd.loading}>
                {t(L.save)}
              </Button>
            </Form>
          )}
        </Card>
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t(L.history)}</h2>} style={{ width: 460 }}>
          {a.history.length === 0 ? (
            <Typography.Text type="secondary">{t(L.noHistory)}</Typography.Text>
          ) : (
            <Timeline
              data-testid="assignment-history"
              items={[...a.history].reverse().map((h, i) => ({
                key: i,
                content: (
                  <div>
                    <AssignmentStatusTag status={h.toStatus} /> {h.progressPercent}%
                    <div>
                      <Typography.Text type="secondary">
                        {formatDateTime(h.at)} · {t(L.by)} {h.username}
                      </Typography.Text>
                    </div>
                    {h.note && <div style={{ whiteSpace: 'pre-wrap' }}>{h.note}</div>}
                  </div>
                ),
              }))}
            />
          )}
        </Card>
      </Space>
    </>
  );
}
