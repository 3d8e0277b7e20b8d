import { useMutation } from '@apollo/client/react';
import { Form, Input, Modal, Typography } from 'antd';

import { AdminResetPasswordDocument } from '../../gql/district/graphql';
import { FormDialog, useDialogSubmit } from '../../shared/FormDialog';
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
  const [reset, { loading }] = useMutation(AdminResetPasswordDocument);
  const { error, onFinish, clear } = useDialogSubmit(async ({ password }: { password?: string }) => {
    const { data } = await reset({ variables: { username, password: password || null } });
    onDone(data?.resetUserPassword.generatedPassword ?? null);
  });
  // Errors without a field (the account vanished) belong beside the password too: this dialog has one field.
  const shown = error && { ...error, field: 'password' };
  return (
    <FormDialog
      title={`${t(L.resetPassword)}: ${username}`}
      okText={t(L.resetPassword)}
      form={form}
      loading={loading}
      error={shown}
      fields={['password']}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" name="reset-password" onFinish={onFinish} onValuesChange={clear}>
        <Form.Item name="password" label={t(L.password)} extra={t(L.passwordHint)} {...serverErrorProps(shown, 'password', t)}>
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
      </Form>
    </FormDialog>
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
