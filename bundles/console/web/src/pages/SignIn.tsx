import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { signIn, type SessionInfo } from '../api/session';
import { LanguageSelect } from '../App';
import type { Language } from '../i18n';

interface Fields {
  login: string;
  password: string;
}

/** Sign-in: errors from the server's {code, message, field} land on the field they name, the others above the form. */
export function SignIn({ expired, onSignedIn }: { expired: boolean; onSignedIn: (s: SessionInfo) => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Fields) => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(v.login, v.password));
    } catch (e) {
      if (e instanceof ApiError && e.field && (e.field === 'login' || e.field === 'password')) {
        form.setFields([{ name: e.field, errors: [e.message] }]);
      } else if (e instanceof ApiError) {
        setError(
          e.code === 'account_locked'
            ? t('signIn.locked')
            : e.status === 429
              ? t('signIn.throttled', { seconds: e.retryAfterSeconds ?? 60 })
              : e.code === 'tenant_not_active'
                ? t('signIn.inactive')
                : e.status === 401
                  ? t('signIn.invalid')
                  : t('error.generic', { message: e.message }),
        );
      } else {
        setError(t('error.generic', { message: String(e) }));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <div>
              <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
                {t('signIn.title')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('signIn.subtitle')}</Typography.Text>
            </div>
            <LanguageSelect value={i18n.language as Language} />
          </div>
          {expired && <Alert type="warning" showIcon title={t('signIn.expired')} />}
          {error && <Alert type="error" showIcon title={error} role="alert" />}
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="login" label={t('signIn.login')} rules={[{ required: true, message: t('signIn.required') }]}>
              <Input autoFocus autoComplete="username" />
            </Form.Item>
            <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.required') }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('signIn.submit')}
            </Button>
          </Form>
        </Space>
      </Card>
    </main>
  );
}
