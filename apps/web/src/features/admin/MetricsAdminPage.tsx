import { useMutation, useQuery } from '@apollo/client/react';
import type { CouncilLevel } from '@council/core/levels.js';
import { LEVEL_LABELS } from '@council/core/levels.js';
import { METRIC_GROUP_LABELS, METRIC_GROUPS, type MetricGroup } from '@council/core/metric-catalogue.js';
import { App as AntApp, Button, Checkbox, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';

import { AdminAddMetricDocument, AdminMetricsDocument, type AdminMetricsQuery } from '../../gql/district/graphql';
import { FormDialog, useDialogSubmit } from '../../shared/FormDialog';
import { useLang } from '../../shared/i18n';
import { serverErrorProps } from '../../shared/server-error';
import { L, LEVEL_SHORT } from './labels';

type Metric = AdminMetricsQuery['metrics'][number];
interface Values {
  code: string;
  nameVi: string;
  nameEn: string;
  group: MetricGroup;
  unitVi: string;
  levels: CouncilLevel[];
  partOf?: string;
}
const FIELDS = ['code', 'nameVi', 'nameEn', 'group', 'unitVi', 'levels', 'partOf'] as const;
const LEVELS = ['CITY', 'DISTRICT', 'WARD'] as CouncilLevel[];

function AddMetricDialog({ metrics, onClose, onDone }: { metrics: readonly Metric[]; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useLang();
  const [form] = Form.useForm<Values>();
  const [add, { loading }] = useMutation(AdminAddMetricDocument, { refetchQueries: [AdminMetricsDocument] });
  const required = [{ required: true, whitespace: true, message: t('required') }];
  const { error, onFinish, clear } = useDialogSubmit(async (v: Values) => {
    await add({ variables: { input: { ...v, code: v.code.trim(), partOf: v.partOf ?? null } } });
    onDone();
  });
  return (
    <FormDialog
      title={t(L.newMetric)}
      okText={t(L.save)}
      form={form}
      loading={loading}
      error={error}
      fields={FIELDS}
      onClose={onClose}
      width={620}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="metric"
        initialValues={{ levels: LEVELS }}
        onFinish={onFinish}
        onValuesChange={clear}
        requiredMark
      >
        <Form.Item name="code" label={t(L.code)} extra={t(L.codeHint)} rules={required} {...serverErrorProps(error, 'code', t)}>
          <Input maxLength={80} autoComplete="off" />
        </Form.Item>
        <Form.Item name="nameVi" label={t(L.nameVi)} rules={required} {...serverErrorProps(error, 'nameVi', t)}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="nameEn" label={t(L.nameEn)} rules={required} {...serverErrorProps(error, 'nameEn', t)}>
          <Input maxLength={200} />
        </Form.Item>
        <Flex gap={16}>
          <Form.Item
            name="group"
            label={t(L.group)}
            rules={[{ required: true, message: t('required') }]}
            style={{ flex: 1 }}
            {...serverErrorProps(error, 'group', t)}
          >
            <Select options={METRIC_GROUPS.map((g) => ({ value: g, label: t(METRIC_GROUP_LABELS[g]) }))} />
          </Form.Item>
          <Form.Item
            name="unitVi"
            label={t(L.unitVi)}
            extra={t(L.unitViHint)}
            rules={required}
            style={{ flex: 1 }}
            {...serverErrorProps(error, 'unitVi', t)}
          >
            <Input maxLength={40} />
          </Form.Item>
        </Flex>
        <Form.Item
          name="levels"
          label={t(L.levels)}
          rules={[{ required: true, message: t('required') }]}
          {...serverErrorProps(error, 'levels', t)}
        >
          <Checkbox.Group options={LEVELS.map((l) => ({ value: l, label: t(LEVEL_LABELS[l]) }))} />
        </Form.Item>
        <Form.Item name="partOf" label={t(L.partOf)} extra={t(L.partOfHint)} {...serverErrorProps(error, 'partOf', t)}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={metrics.map((m) => ({ value: m.code, label: `${lang === 'vi' ? m.nameVi : m.nameEn} (${m.code})` }))}
          />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

/** The catalogue as the report form groups it; administrators add metrics here. */
export default function MetricsAdminPage() {
  const { t, lang } = useLang();
  const { message } = AntApp.useApp();
  const [adding, setAdding] = useState(false);
  const metrics = useQuery(AdminMetricsDocument);
  const list = metrics.data?.metrics ?? [];
  const rows = METRIC_GROUPS.flatMap((g) => list.filter((m) => m.group === g));
  const name = (code: string | null | undefined) => {
    const m = list.find((x) => x.code === code);
    return m ? (lang === 'vi' ? m.nameVi : m.nameEn) : code;
  };
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t(L.metricsHint)}
        </Typography.Paragraph>
        <Button type="primary" onClick={() => setAdding(true)}>
          {t(L.newMetric)}
        </Button>
      </Flex>
      <Table<Metric>
        rowKey="code"
        size="small"
        loading={metrics.loading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t(L.group), dataIndex: 'group', render: (g: MetricGroup) => t(METRIC_GROUP_LABELS[g] ?? { vi: g, en: g }) },
          {
            title: t(L.code),
            dataIndex: 'code',
            render: (c: string) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                {c}
              </Typography.Text>
            ),
          },
          { title: lang === 'vi' ? t(L.nameVi) : t(L.nameEn), key: 'name', render: (_, m) => (lang === 'vi' ? m.nameVi : m.nameEn) },
          { title: t(L.unitVi), dataIndex: 'unitVi' },
          {
            title: t(L.levels),
            dataIndex: 'levels',
            render: (levels: CouncilLevel[]) => levels.map((l) => <Tag key={l}>{t(LEVEL_SHORT[l])}</Tag>),
          },
          { title: t(L.partOf), dataIndex: 'partOf', render: (p: string | null) => (p ? name(p) : '') },
        ]}
      />
      {adding && (
        <AddMetricDialog
          metrics={list}
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            void message.success(t(L.metricAdded));
          }}
        />
      )}
    </>
  );
}
