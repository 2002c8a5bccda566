import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { can } from '../api/session';
import { dateTime } from '../lib/format';
import type { AdminProps } from './Admin';
import { tokenState } from './logic';
import { AA } from './forms';
import { useAllUsers, useConfirmDanger, useSave } from './hooks';

type Token = Schemas['ApiToken'];
const PAGE = 20;

/**
 * API tokens (API 令牌) of the company — its administrator's and integrators': each acts as a user (the caller, or —
 * for whoever manages users — another), for so many days; its secret is shown once, when issued, to copy; after that
 * only its prefix is known. Revoking is asked first and is immediate.
 */
export function Tokens({ session, tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const [issuing, setIssuing] = useState(false);
  const [secret, setSecret] = useState<Schemas['IssuedToken'] | null>(null);
  const users = useAllUsers(tenant, (d) => d.items, can(session, 'users:read'));
  const name = (id: string | null | undefined) => {
    const u = (users.data ?? []).find((x) => x.id === id);
    return (u ? (u.displayName ?? u.username) : null) ?? id ?? '–';
  };
  const list = useQuery({
    queryKey: ['tokens', tenant, page],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/tokens', { params: { path: { tenant }, query: { offset: (page - 1) * PAGE, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['tokens', tenant] });
  const when = (v: string | null | undefined) => (v ? dateTime(v, i18n.language) : '–');
  const now = Date.now();
  const colour = { ACTIVE: AA.green, EXPIRED: undefined, REVOKED: 'red' } as const;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Button type="primary" onClick={() => setIssuing(true)}>
        {t('tokens.issue')}
      </Button>
      <Table<Token>
        rowKey="id"
        data-testid="tokens-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('tokens.none')}</Typography.Text> }}
        columns={[
          { title: t('tokens.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('tokens.prefix'), dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
          { title: t('tokens.actsAs'), dataIndex: 'userId', render: name },
          { title: t('tokens.created'), dataIndex: 'createdAt', render: when },
          { title: t('tokens.expires'), dataIndex: 'expiresAt', render: when },
          { title: t('tokens.lastUsed'), dataIndex: 'lastUsedAt', render: when },
          {
            title: t('tokens.state'),
            key: 's',
            render: (_, x) => {
              const s = tokenState(x, now);
              return <Tag color={colour[s]}>{t(`tokens.states.${s}`)}</Tag>;
            },
          },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, x) =>
              tokenState(x, now) === 'ACTIVE' && (
                <Button
                  size="small"
                  danger
                  aria-label={t('tokens.revokeOne', { name: x.name })}
                  onClick={() =>
                    danger({
                      title: t('tokens.revokeOne', { name: x.name }),
                      content: t('tokens.revokeHint'),
                      okText: t('tokens.revoke'),
                      work: async () => {
                        await unwrap(api.DELETE('/tenants/{tenant}/tokens/{id}', { params: { path: { tenant, id: x.id! } } }));
                        await refresh();
                      },
                    })
                  }
                >
                  {t('tokens.revoke')}
                </Button>
              ),
          },
        ]}
      />
      {issuing && (
        <IssueToken
          tenant={tenant}
          me={session.user.operator ? '' : (session.user.id ?? '')}
          forOthers={can(session, 'users:write')}
          onClose={() => setIssuing(false)}
          onIssued={(s) => {
            setIssuing(false);
            setSecret(s);
            void refresh();
          }}
        />
      )}
      {secret && (
        <Modal
          open
          title={t('tokens.issuedTitle', { name: secret.token?.name })}
          onCancel={() => setSecret(null)}
          footer={
            <Button type="primary" onClick={() => setSecret(null)}>
              {t('tokens.copied')}
            </Button>
          }
        >
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon title={t('tokens.once')} />
            <Typography.Paragraph copyable={{ text: secret.secret ?? '' }} code data-testid="token-secret" style={{ wordBreak: 'break-all' }}>
              {secret.secret}
            </Typography.Paragraph>
            <Typography.Text type="secondary">{t('tokens.howTo')}</Typography.Text>
          </Space>
        </Modal>
      )}
    </Space>
  );
}

function IssueToken({ tenant, me, forOthers, onClose, onIssued }: { tenant: string; me: string; forOthers: boolean; onClose: () => void; onIssued: (s: Schemas['IssuedToken']) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form, (f) => ['name', 'userId', 'ttlDays'].includes(String(f[0])));
  const users = useAllUsers(tenant, (d) => d.items, forOthers);
  return (
    <Modal
      open
      title={t('tokens.issue')}
      okText={t('tokens.issueOk')}
      okButtonProps={{ loading: busy }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ userId: me || undefined, ttlDays: 90 }}
        onFinish={(v: { name: string; userId: string; ttlDays: number }) =>
          void save(async () => onIssued(await unwrap(api.POST('/tenants/{tenant}/tokens', { params: { path: { tenant } }, body: { name: v.name, userId: v.userId, ttlDays: v.ttlDays } }))))
        }
      >
        <Form.Item name="name" label={t('tokens.name')} extra={t('tokens.nameHint')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        {forOthers && (
          <Form.Item name="userId" label={t('tokens.actsAs')} extra={t('tokens.actsAsHint')} rules={me ? [] : [{ required: true, message: t('common.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={(users.data ?? []).map((u) => ({ value: u.id!, label: `${u.displayName ?? u.username} (${u.username})` }))} />
          </Form.Item>
        )}
        <Form.Item name="ttlDays" label={t('tokens.ttlDays')}>
          <InputNumber min={1} max={3650} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
