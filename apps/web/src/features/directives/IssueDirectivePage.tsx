import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Alert, App as AntApp, Button, Form, Input, Select, Space, Switch, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { CITY } from '../../app/apollo';
import {
  DirectiveBriefingMeetingsDocument,
  DirectiveListDocument,
  DirectiveTargetUnitsDocument,
  IssueDirectiveDocument,
} from '../../gql/city/graphql';
import { DayPicker } from '../../shared/DayPicker';
import { formatDate, vietnamToday } from '../../shared/format';
import { graphqlErrorsOf, type ShownError, shownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { UI } from '../../shared/labels';
import { namesField, serverErrorProps } from '../../shared/server-error';
import { useSession } from '../../shared/useSession';
import { L } from './labels';

interface Values {
  title: string;
  body: string;
  reference?: string;
  targetUnitCodes?: string[];
  cascadeToWards: boolean;
  issuedOn: Dayjs;
  dueDate?: Dayjs;
  briefingMeetingId?: string;
  briefingConclusionId?: string;
}

interface TreeNode {
  value: string;
  title: string;
  isLeaf: boolean;
  children?: TreeNode[];
}

const FIELDS = [
  'title',
  'body',
  'reference',
  'targetUnitCodes',
  'issuedOn',
  'dueDate',
  'briefingMeetingId',
  'briefingConclusionId',
] as const;

/**
 * The city's form: what, to whom, by when, and on which day (today, or an earlier document's). Whom it can go to is
 * what stood below the issuer that day: districts, or communes picked under their district, until 30/06/2025; the
 * city's communes from 01/07/2025.
 */
export default function IssueDirectivePage() {
  const { t } = useLang();
  const { session } = useSession();
  const client = useApolloClient();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [serverError, setServerError] = useState<ShownError | null>(null);
  const [wards, setWards] = useState<Record<string, TreeNode[]>>({});
  const today = vietnamToday();
  const issuedOnValue: Dayjs | undefined = Form.useWatch('issuedOn', form);
  const issuedOn = issuedOnValue?.format('YYYY-MM-DD') ?? today;
  const children = useQuery(DirectiveTargetUnitsDocument, {
    ...CITY,
    variables: { parentCode: session!.user.unit.code, asOf: issuedOn },
  });
  const meetings = useQuery(DirectiveBriefingMeetingsDocument, { ...CITY, variables: { hostUnitCode: session!.user.unit.code } });
  const [issue, { loading: issuing }] = useMutation(IssueDirectiveDocument, {
    ...CITY,
    refetchQueries: [{ query: DirectiveListDocument, ...CITY }],
  });
  const meetingId = Form.useWatch('briefingMeetingId', form);

  const treeData: TreeNode[] = (children.data?.councilUnits ?? [])
    .filter((u) => u.hasCouncil)
    .map((u) =>
      u.level === 'DISTRICT'
        ? { value: u.code, title: u.name, isLeaf: false, children: wards[`${u.code}@${issuedOn}`] }
        : { value: u.code, title: u.name, isLeaf: true },
    );

  // Passing it on to communes means something only while there are districts below (until 30/06/2025).
  const hasDistricts = treeData.some((n) => !n.isLeaf);

  // A district's communes are fetched when it is first opened: the city had hundreds.
  const loadWards = async (node: { value?: string | number }) => {
    const code = String(node.value);
    const key = `${code}@${issuedOn}`;
    if (wards[key]) return;
    const { data } = await client.query({ query: DirectiveTargetUnitsDocument, ...CITY, variables: { parentCode: code, asOf: issuedOn } });
    const list = (data?.councilUnits ?? []).filter((w) => w.hasCouncil).map((w) => ({ value: w.code, title: w.name, isLeaf: true }));
    setWards((prev) => ({ ...prev, [key]: list }));
  };

  const meeting = meetings.data?.briefingMeetings.find((m) => m.id === meetingId);

  const onFinish = async (values: Values) => {
    setServerError(null);
    try {
      const { data } = await issue({
        variables: {
          input: {
            title: values.title.trim(),
            body: values.body.trim(),
            reference: values.reference?.trim() || null,
            targetUnitCodes: values.targetUnitCodes?.length ? values.targetUnitCodes : null,
            cascadeToWards: hasDistricts && values.cascadeToWards,
            dueDate: values.dueDate!.format('YYYY-MM-DD'),
            // Today is the server's default: sent only for an earlier document.
            issuedOn: issuedOn === today ? null : issuedOn,
            briefingMeetingId: values.briefingMeetingId ?? null,
            briefingConclusionId: values.briefingConclusionId ?? null,
          },
        },
      });
      void message.success(t(L.issued));
      if (data) void navigate(`/directives/${data.issueDirective.id}`);
    } catch (e) {
      const [first] = graphqlErrorsOf(e);
      setServerError(first ? shownError(first) : { code: 'INTERNAL', message: UI.genericError });
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t(L.issue)}
      </Typography.Title>
      {serverError && !namesField(serverError, FIELDS) && (
        <Alert type="error" showIcon title={t(serverError.message)} style={{ marginBottom: 16 }} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 760 }}
        initialValues={{ cascadeToWards: true, issuedOn: dayjs(today) }}
        onFinish={(v) => void onFinish(v)}
        onValuesChange={(changed: Partial<Values>) => {
          if (serverError) setServerError(null);
          // Another day, other units: what was picked may not stand then.
          if ('issuedOn' in changed) form.setFieldValue('targetUnitCodes', undefined);
        }}
        requiredMark
      >
        <Form.Item
          name="title"
          label={t(L.title)}
          rules={[{ required: true, whitespace: true, message: t('required') }]}
          {...serverErrorProps(serverError, 'title', t)}
        >
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="reference" label={t(L.reference)} extra={t(L.referenceHint)} {...serverErrorProps(serverError, 'reference', t)}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="body"
          label={t(L.body)}
          rules={[{ required: true, whitespace: true, message: t('required') }]}
          {...serverErrorProps(serverError, 'body', t)}
        >
          <Input.TextArea rows={5} />
        </Form.Item>
        <Form.Item
          name="issuedOn"
          label={t(L.issuedOn)}
          extra={t(L.issuedOnHint)}
          rules={[{ required: true, message: t('required') }]}
          {...serverErrorProps(serverError, 'issuedOn', t)}
        >
          <DayPicker allowClear={false} to={today} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name="targetUnitCodes"
          label={t(L.targets)}
          extra={t(L.targetsHint)}
          {...serverErrorProps(serverError, 'targetUnitCodes', t)}
        >
          <TreeSelect
            multiple
            showSearch
            allowClear
            treeNodeFilterProp="title"
            treeData={treeData}
            loadData={loadWards}
            loading={children.loading}
            placeholder={t(L.targets)}
            styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
          />
        </Form.Item>
        {hasDistricts && (
          <Form.Item name="cascadeToWards" label={t(L.cascade)} extra={t(L.cascadeHint)} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        <Form.Item
          name="dueDate"
          label={t(L.dueDate)}
          rules={[{ required: true, message: t('required') }]}
          {...serverErrorProps(serverError, 'dueDate', t)}
        >
          <DayPicker from={issuedOn} style={{ width: 200 }} />
        </Form.Item>
        {(meetings.data?.briefingMeetings.length ?? 0) > 0 && (
          <Space align="start" wrap>
            <Form.Item
              name="briefingMeetingId"
              label={t(L.briefing)}
              extra={t(L.briefingHint)}
              {...serverErrorProps(serverError, 'briefingMeetingId', t)}
            >
              <Select
                allowClear
                style={{ width: 360 }}
                onChange={() => form.setFieldValue('briefingConclusionId', undefined)}
                options={meetings.data!.briefingMeetings.map((m) => ({
                  value: m.id,
                  label: `${m.title} (${formatDate(m.startsAt)})`,
                }))}
              />
            </Form.Item>
            {meeting && meeting.conclusions.length > 0 && (
              <Form.Item name="briefingConclusionId" label={t(L.conclusion)} {...serverErrorProps(serverError, 'briefingConclusionId', t)}>
                <Select
                  allowClear
                  style={{ width: 360 }}
                  options={meeting.conclusions.map((c) => ({ value: c.id, label: `${c.position}. ${c.text}` }))}
                />
              </Form.Item>
            )}
          </Space>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={issuing}>
            {t(L.issue)}
          </Button>
          <Link to="/directives">
            <Button>{t('cancel')}</Button>
          </Link>
        </Space>
      </Form>
    </>
  );
}
