import { useMutation } from '@apollo/client/react';
import { Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';

import { AdminResetPasswordDocument } from '../../gql/district/graphql';
import { firstShownError, type ShownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { serverErrorProps } from '../../shared/server-error';
import { L } from './labels';

/** The administrator sets a new password, or leaves it empty and the server generates one. */
export function ResetPasswordDialog({
  username,
  onClose,
  onDone,
}: {
  username: string;
  onClose: () => void;
  onDone: (generatedPassword: string | null) => void;
}) {
  const { t } = useLang();
  const [form] = Form.useForm<{ password?: string }>();
  const [error, setError] = useState<ShownError | null>(null);
  const [reset, { loading }] = useMutation(AdminResetPasswordDocument);
  const onFinish = async ({ password }: { password?: string }) => {
    setError(null);
    try {
      const { data } = await reset({ variables: { username, password: password || null } });
      onDone(data?.resetUserPassword.generatedPassword ?? null);
    } catch (e) {
      setError(firstShownError(e));
    }
  };
  return (
    <Modal
      open
      title={`${t(L.resetPassword)}: ${username}`}
      okText={t(L.resetPassword)}
      cancelText={t('cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={loading}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="reset-password"
        onFinish={(v) => void onFinish(v)}
        onValuesChange={() => error && setError(null)}
      >
        <Form.Item
          name="password"
          label={t(L.password)}
          extra={t(L.passwordHint)}
          // Errors without a field (the account vanished) belong here too: this dialog has one field.
          {...serverErrorProps(error && { ...error, field: 'password' }, 'password', t)}
        >
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A password the server generated, shown this once. */
export function GeneratedPasswordDialog({ username, password, onClose }: { username: string; password: string; onClose: () => void }) {
  const { t } = useLang();
  return (
    <Modal
      open
      title={`${t(L.generatedTitle)}: ${username}`}
      onCancel={onClose}
      onOk={onClose}
      okText={t(L.close)}
      cancelButtonProps={{ style: { display: 'none' } }}
    >
      <Typography.Paragraph>{t(L.generatedBody)}</Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: password }} code data-testid="generated-password" style={{ fontSize: 18 }}>
        {password}
      </Typography.Paragraph>
    </Modal>
  );
}
