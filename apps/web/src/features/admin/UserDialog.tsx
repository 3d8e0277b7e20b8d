import { useMutation } from '@apollo/client/react';
import { ROLE_LABELS } from '@council/core/user-rules.js';
import { Form, Input, Select } from 'antd';

import { AdminCreateUserDocument, AdminUpdateUserDocument, type AdminUserFieldsFragment, type Role } from '../../gql/district/graphql';
import { FormDialog, useDialogSubmit } from '../../shared/FormDialog';
import { useLang } from '../../shared/i18n';
import { serverErrorProps } from '../../shared/server-error';
import { L } from './labels';
import { UnitTreeSelect } from './UnitTreeSelect';

interface Values {
  username: string;
  displayName?: string;
  email?: string;
  role: Role;
  unitCode?: string;
  password?: string;
}

const FIELDS = ['username', 'displayName', 'email', 'role', 'unitCode', 'password'] as const;
export const ROLES: readonly Role[] = ['CITY_ADMIN', 'CITY_STAFF', 'DISTRICT_STAFF', 'WARD_STAFF', 'VIEWER'];
const levelOf = (role: Role | undefined) => (role === 'DISTRICT_STAFF' ? 'DISTRICT' : role === 'WARD_STAFF' ? 'WARD' : null);

/** Create a user (`user` absent) or change one's display name, role and unit; the server's errors beside their fields. */
export function UserDialog({
  user,
  onClose,
  onDone,
}: {
  user: AdminUserFieldsFragment | null;
  onClose: () => void;
  onDone: (result: { username: string; generatedPassword: string | null }) => void;
}) {
  const { t } = useLang();
  const [form] = Form.useForm<Values>();
  const [create, creating] = useMutation(AdminCreateUserDocument);
  const [update, updating] = useMutation(AdminUpdateUserDocument);
  const role = Form.useWatch('role', form);
  const level = levelOf(role);

  const {
    error: serverError,
    onFinish,
    clear,
  } = useDialogSubmit(async (v: Values) => {
    const unitCode = level ? (v.unitCode ?? null) : null;
    if (user) {
      await update({
        variables: {
          username: user.username,
          input: { displayName: v.displayName?.trim() ?? '', email: v.email?.trim() ?? '', role: v.role, unitCode },
        },
      });
      onDone({ username: user.username, generatedPassword: null });
    } else {
      const { data } = await create({
        variables: {
          input: {
            username: v.username.trim(),
            displayName: v.displayName?.trim() || null,
            email: v.email?.trim() || null,
            role: v.role,
            unitCode,
            password: v.password || null,
          },
        },
      });
      onDone({ username: data!.createUser.user.username, generatedPassword: data!.createUser.generatedPassword ?? null });
    }
  });

  return (
    <FormDialog
      title={t(user ? L.editUser : L.newUser)}
      okText={t(L.save)}
      form={form}
      loading={creating.loading || updating.loading}
      error={serverError}
      fields={FIELDS}
      onClose={onClose}
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="user"
        initialValues={
          user
            ? {
                username: user.username,
                displayName: user.displayName ?? '',
                email: user.email ?? '',
                role: user.role,
                unitCode: user.unit.level === 'CITY' ? undefined : user.unit.code,
              }
            : { role: 'WARD_STAFF' }
        }
        onFinish={onFinish}
        onValuesChange={(changed: Partial<Values>) => {
          clear();
          // Another role needs another kind of unit: the one picked no longer fits.
          if ('role' in changed && levelOf(changed.role) !== level) form.setFieldValue('unitCode', undefined);
        }}
        requiredMark
      >
        <Form.Item
          name="username"
          label={t(L.username)}
          rules={[{ required: true, whitespace: true, message: t('required') }]}
          {...serverErrorProps(serverError, 'username', t)}
        >
          <Input disabled={!!user} autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item name="displayName" label={t(L.displayName)} {...serverErrorProps(serverError, 'displayName', t)}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="email" label={t(L.email)} {...serverErrorProps(serverError, 'email', t)}>
          <Input type="email" maxLength={320} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t(L.role)}
          rules={[{ required: true, message: t('required') }]}
          {...serverErrorProps(serverError, 'role', t)}
        >
          <Select options={ROLES.map((r) => ({ value: r, label: t(ROLE_LABELS[r]) }))} />
        </Form.Item>
        <Form.Item
          name="unitCode"
          label={t(L.unit)}
          extra={t(L.unitHint)}
          rules={level ? [{ required: true, message: t('required') }] : []}
          {...serverErrorProps(serverError, 'unitCode', t)}
        >
          <UnitTreeSelect
            pick={level ? [level] : []}
            disabled={!level}
            placeholder={level ? t(L.unit) : t(L.cityUnit)}
            openDistrict={user?.unit.level === 'WARD' ? user.unit.parent?.code : null}
          />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t(L.password)} extra={t(L.passwordHint)} {...serverErrorProps(serverError, 'password', t)}>
            <Input.Password autoComplete="new-password" maxLength={200} />
          </Form.Item>
        )}
      </Form>
    </FormDialog>
  );
}
