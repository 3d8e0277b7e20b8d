import { useMutation, useQuery } from '@apollo/client/react';
import { dayBefore } from '@council/core/period.js';
import { Alert, App as AntApp, Button, Flex, Form, InputNumber, Select, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';

import { type AdminCouncilTermFieldsFragment, AdminCouncilTermsDocument, AdminSetCouncilTermDocument } from '../../gql/district/graphql';
import { DayPicker } from '../../shared/DayPicker';
import { formatDate } from '../../shared/format';
import { FormDialog, useDialogSubmit } from '../../shared/FormDialog';
import { firstShownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { serverErrorProps } from '../../shared/server-error';
import { useSession } from '../../shared/useSession';
import { L } from './labels';
import { UnitTreeSelect } from './UnitTreeSelect';

type Term = AdminCouncilTermFieldsFragment;

interface Values {
  termCode: string;
  number?: number | null;
  validFrom: Dayjs;
  /** The term's last day, as people say it ("đến hết ngày 30/06/2025"); the API's end is the day after. */
  lastDay?: Dayjs | null;
}

const FIELDS = ['termCode', 'number', 'validFrom', 'validTo'] as const;
const iso = (d: Dayjs) => d.format('YYYY-MM-DD');

/**
 * One council's term, new (`term` absent: a term of the city's not yet recorded for this council, its dates
 * proposed) or corrected. The server's refusal (an overlap, a council that did not exist that day) beside its field.
 */
function TermDialog({
  unit,
  term,
  choices,
  onClose,
}: {
  unit: { code: string; name: string };
  term: Term | null;
  choices: readonly Term[];
  onClose: () => void;
}) {
  const { t } = useLang();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [save, { loading }] = useMutation(AdminSetCouncilTermDocument, { refetchQueries: [AdminCouncilTermsDocument] });
  const initial = term ?? choices[0];

  const {
    error: serverError,
    onFinish,
    clear,
  } = useDialogSubmit(async (v: Values) => {
    await save({
      variables: {
        input: {
          unitCode: unit.code,
          termCode: v.termCode,
          number: v.number ?? null,
          validFrom: iso(v.validFrom),
          validTo: v.lastDay ? iso(v.lastDay.add(1, 'day')) : null,
        },
      },
    });
    void message.success(t(L.termSaved));
    onClose();
  });

  return (
    <FormDialog
      title={`${t(term ? L.editTerm : L.newTerm)} — ${unit.name}`}
      okText={t(L.save)}
      form={form}
      loading={loading}
      error={serverError}
      fields={FIELDS}
      onClose={onClose}
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="council-term"
        initialValues={{
          termCode: initial?.code,
          number: term?.number ?? null,
          validFrom: initial ? dayjs(initial.validFrom) : undefined,
          lastDay: initial?.validTo ? dayjs(dayBefore(initial.validTo)) : null,
        }}
        onFinish={onFinish}
        onValuesChange={(changed: Partial<Values>) => {
          clear();
          // Another term: its dates as the city's, to correct from there.
          const picked = changed.termCode && choices.find((c) => c.code === changed.termCode);
          if (picked)
            form.setFieldsValue({ validFrom: dayjs(picked.validFrom), lastDay: picked.validTo ? dayjs(dayBefore(picked.validTo)) : null });
        }}
        requiredMark
      >
        <Form.Item
          name="termCode"
          label={t(L.term)}
          rules={[{ required: true, message: t('required') }]}
          {...serverErrorProps(serverError, 'termCode', t)}
        >
          <Select disabled={!!term} options={(term ? [term] : choices).map((c) => ({ value: c.code, label: c.code }))} />
        </Form.Item>
        <Form.Item name="number" label={t(L.termNumber)} extra={t(L.termNumberHint)} {...serverErrorProps(serverError, 'number', t)}>
          <InputNumber min={1} max={99} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Flex gap={16}>
          <Form.Item
            name="validFrom"
            label={t(L.termFrom)}
            rules={[{ required: true, message: t('required') }]}
            {...serverErrorProps(serverError, 'validFrom', t)}
          >
            <DayPicker allowClear={false} />
          </Form.Item>
          <Form.Item
            name="lastDay"
            label={t(L.termLastDay)}
            extra={t(L.termLastDayHint)}
            dependencies={['validFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, last: Dayjs | null) =>
                  !last || !getFieldValue('validFrom') || !last.isBefore(getFieldValue('validFrom'), 'day')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t(L.termEndBeforeStart))),
              }),
            ]}
            // The API's `validTo` is the day after the last: its refusal belongs here.
            {...serverErrorProps(serverError, 'validTo', t)}
          >
            <DayPicker />
          </Form.Item>
        </Flex>
      </Form>
    </FormDialog>
  );
}

/** A council's terms (nhiệm kỳ, khóa, dates): the city's own or a district's or commune's, picked from the tree. */
export default function TermsAdminPage() {
  const { t, lang } = useLang();
  const city = useSession().session!.user.unit;
  const [code, setCode] = useState(city.code);
  const [editing, setEditing] = useState<Term | 'new' | null>(null);
  const terms = useQuery(AdminCouncilTermsDocument, { variables: { code, cityCode: city.code } });
  const unit = terms.data?.councilUnit;
  const own = unit?.terms ?? [];
  // A council's terms follow the city's: the ones this council has not recorded can be added.
  const missing = (terms.data?.city?.terms ?? []).filter((c) => !own.some((o) => o.code === c.code));

  return (
    <>
      <Typography.Paragraph type="secondary">{t(L.termsHint)}</Typography.Paragraph>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 16 }}>
        <Typography.Text>{t(L.council)}</Typography.Text>
        <UnitTreeSelect
          ariaLabel={t(L.council)}
          root={{ code: city.code, name: city.name }}
          pick={['DISTRICT', 'WARD']}
          value={code}
          onChange={(c) => setCode(c ?? city.code)}
        />
        <Button disabled={!unit || missing.length === 0} onClick={() => setEditing('new')}>
          {t(L.newTerm)}
        </Button>
      </Flex>
      {terms.error && <Alert type="error" showIcon title={t(firstShownError(terms.error).message)} />}
      <Table<Term>
        rowKey="code"
        pagination={false}
        loading={terms.loading}
        dataSource={own}
        locale={{ emptyText: t(L.noTerms) }}
        columns={[
          { title: t(L.term), key: 'name', render: (_, term) => (lang === 'vi' ? term.name : term.nameEn) },
          { title: t(L.termFrom), key: 'from', render: (_, term) => formatDate(term.validFrom) },
          {
            title: t(L.termLastDay),
            key: 'to',
            render: (_, term) => (term.validTo ? formatDate(dayBefore(term.validTo)) : t(L.termRunning)),
          },
          {
            title: t(L.actions),
            key: 'edit',
            width: 120,
            render: (_, term) => (
              <Button size="small" onClick={() => setEditing(term)} aria-label={`${t(L.edit)} ${term.code}`}>
                {t(L.edit)}
              </Button>
            ),
          },
        ]}
      />
      {editing && unit && (
        <TermDialog
          unit={unit}
          term={editing === 'new' ? null : editing}
          choices={editing === 'new' ? missing : []}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
