// A form in a dialog whose server refusals show beside their fields (administration, directives…).
import { Alert, type FormInstance, Modal } from 'antd';
import { type ReactNode, useState } from 'react';

import { firstShownError, type ShownError } from './graphql-errors';
import { useLang } from './i18n';
import { namesField } from './server-error';

/**
 * What a dialog's form does on submit: `submit`'s refusal kept as `error` (shown beside the field it names, through
 * serverErrorProps, or above the form), cleared when the form is submitted again or `clear` is called (on a change).
 */
export function useDialogSubmit<V>(submit: (values: V) => Promise<void>) {
  const [error, setError] = useState<ShownError | null>(null);
  const onFinish = (values: V) => {
    setError(null);
    submit(values).catch((e: unknown) => setError(firstShownError(e)));
  };
  return { error, onFinish, clear: () => error && setError(null) };
}

/**
 * The dialog around a form: OK submits it, Cancel closes; a refusal that names none of `fields` is shown above it.
 * The form itself (its items, rules, `onFinish`) is the caller's.
 */
export function FormDialog({
  title,
  okText,
  form,
  loading,
  error,
  fields,
  onClose,
  width,
  children,
}: {
  title: ReactNode;
  okText: string;
  form: FormInstance;
  loading: boolean;
  error: ShownError | null;
  fields: readonly string[];
  onClose: () => void;
  width?: number;
  children: ReactNode;
}) {
  const { t } = useLang();
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={loading}
      destroyOnHidden
      width={width}
    >
      {error && !namesField(error, fields) && <Alert type="error" showIcon title={t(error.message)} style={{ marginBottom: 16 }} />}
      {children}
    </Modal>
  );
}
