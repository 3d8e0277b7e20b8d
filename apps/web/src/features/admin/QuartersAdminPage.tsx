import { useMutation, useQuery } from '@apollo/client/react';
import { App as AntApp, Button, Flex, Form, Select, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';

import { AdminQuartersDocument, type AdminQuartersQuery, AdminSetDeadlineDocument } from '../../gql/district/graphql';
import { DayPicker } from '../../shared/DayPicker';
import { formatDate, vietnamToday } from '../../shared/format';
import { firstShownError, type ShownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { serverErrorProps } from '../../shared/server-error';
import { L } from './labels';

type Quarter = AdminQuartersQuery['reportingPeriods'][number];

/** One quarter's deadline, edited in place; the server's refusal (before the quarter ends…) shown beside the date. */
function DeadlineEditor({ quarter }: { quarter: Quarter }) {
  const { t } = useLang();
  const { message } = AntApp.useApp();
  const [value, setValue] = useState<Dayjs | null>(dayjs(quarter.dueDate));
  const [error, setError] = useState<ShownError | null>(null);
  const [save, { loading }] = useMutation(AdminSetDeadlineDocument, { refetchQueries: [AdminQuartersDocument] });
  const changed = value !== null && value.format('YYYY-MM-DD') !== quarter.dueDate;
  const onSave = async () => {
    setError(null);
    try {
      await save({ variables: { period: quarter.period, dueDate: value!.format('YYYY-MM-DD') } });
      void message.success(t(L.deadlineSaved));
    } catch (e) {
      setError(firstShownError(e));
    }
  };
  return (
    <Form layout="inline" name={`deadline-${quarter.period}`} onFinish={() => void onSave()}>
      <Form.Item {...serverErrorProps(error, 'dueDate', t)} style={{ marginBottom: 0 }}>
        <DayPicker
          aria-label={`${t(L.dueDate)} ${quarter.period}`}
          data-period={quarter.period}
          allowClear={false}
          value={value}
          onChange={(d) => {
            setValue(d);
            setError(null);
          }}
        />
      </Form.Item>
      <Button htmlType="submit" type="primary" disabled={!changed} loading={loading} aria-label={`${t(L.save)} ${quarter.period}`}>
        {t(L.save)}
      </Button>
    </Form>
  );
}

/** The quarters of a year with their deadlines (the city's, or the default), each editable. */
export default function QuartersAdminPage() {
  const { t, lang } = useLang();
  const thisYear = Number(vietnamToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const quarters = useQuery(AdminQuartersDocument, { variables: { year } });
  return (
    <>
      <Flex gap={12} align="center" style={{ marginBottom: 16 }}>
        <Typography.Text>{t(L.year)}</Typography.Text>
        <Select
          aria-label={t(L.year)}
          value={year}
          onChange={setYear}
          style={{ width: 120 }}
          options={[thisYear - 2, thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
        />
      </Flex>
      <Typography.Paragraph type="secondary">{t(L.quartersHint)}</Typography.Paragraph>
      <Table<Quarter>
        rowKey="period"
        pagination={false}
        loading={quarters.loading}
        dataSource={quarters.data?.reportingPeriods ?? []}
        columns={[
          { title: t(L.quarter), key: 'label', render: (_, q) => (lang === 'vi' ? q.label : q.labelEn) },
          {
            title: t(L.dueDate),
            key: 'due',
            render: (_, q) => (
              <span data-due={q.period}>
                {formatDate(q.dueDate)}{' '}
                {q.dueDate === q.defaultDueDate ? <Tag>{t(L.defaultDue)}</Tag> : <Tag color="blue">{t(L.customDue)}</Tag>}
              </span>
            ),
          },
          { title: t(L.actions), key: 'edit', render: (_, q) => <DeadlineEditor key={q.dueDate} quarter={q} /> },
        ]}
      />
    </>
  );
}
