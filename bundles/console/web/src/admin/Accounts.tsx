import { useState } from 'react';
import { App, Badge, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Row, Select, Space, Statistic, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import type { AdminProps } from './Admin';
import { dateTime } from '../lib/format';
import { ChargesTable, money, PaymentsTable, rate, useTenantNames } from './Billing';
import { errorText } from './forms';
import { useConfirmDanger, useSave } from './hooks';
import { unratedReason } from './logic';

const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'SGD', 'PHP', 'INR', 'GBP'];

/**
 * A company's billing account (账户) — billing staff's: its billing profile (legal name, tax, currency, payment terms),
 * the plans it is subscribed to over time, its one-off fees and discounts, and its balance. The operator picks the
 * company from the list; billing staff, who may not list companies, type its id.
 */
export function Accounts({ session }: AdminProps) {
  const { t } = useTranslation();
  const operator = !!session.user.operator;
  const names = useTenantNames(operator);
  const [tenant, setTenant] = useState<string | undefined>();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Select
          aria-label={t('accounts.company')}
          placeholder={t('accounts.company')}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 360 }}
          value={tenant}
          onChange={setTenant}
          options={names.data ?? []}
        />
        {!operator && (
          // a company not billed yet has no account to pick: its id starts one (its billing profile first)
          <Input.Search aria-label={t('accounts.companyId')} placeholder={t('accounts.companyId')} style={{ width: 280 }} enterButton={t('accounts.open')} onSearch={(v) => setTenant(v.trim() || undefined)} />
        )}
      </Space>
      {tenant ? <Account key={tenant} tenant={tenant} /> : <Empty description={t('accounts.choose')} />}
    </Space>
  );
}

function Account({ tenant }: { tenant: string }) {
  const { t, i18n } = useTranslation();
  const balance = useQuery({ queryKey: ['billing-account', tenant, 'balance'], queryFn: () => unwrap(api.GET('/billing/tenants/{t}/balance', { params: { path: { t: tenant } } })), retry: false });
  const payments = useQuery({ queryKey: ['billing-account', tenant, 'payments'], queryFn: () => unwrap(api.GET('/billing/tenants/{t}/payments', { params: { path: { t: tenant } } })) });
  const b = balance.data;
  const cur = b?.currency ?? 'CNY';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {b && (
        <Space size="large" data-testid="account-balance">
          <Statistic title={t('accounts.invoiced')} value={money(b.invoiced, cur, i18n.language)} />
          <Statistic title={t('accounts.paid')} value={money(b.paid, cur, i18n.language)} />
          <Statistic title={t('accounts.balance')} value={money(b.balance, cur, i18n.language)} />
          <Statistic title={t('accounts.overdue', { n: b.overdueInvoices ?? 0 })} value={money(b.overdue, cur, i18n.language)} />
        </Space>
      )}
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Profile tenant={tenant} />
        </Col>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <Subscriptions tenant={tenant} />
            <Charges tenant={tenant} currency={cur} />
            <Card size="small" title={t('billing.payments')}>
              <PaymentsTable payments={payments.data ?? []} currency={cur} testId="account-payments" />
            </Card>
          </Space>
        </Col>
      </Row>
      <Usage tenant={tenant} currency={cur} />
    </Space>
  );
}

const USAGE_PAGE = 20;

/**
 * A month's calls as billing sees them: the rated ones (rate, billable seconds, amount — what the invoice will sum) and
 * the ones that could not be rated, with why; "Rate again" retries those (after a new rate table, say) and tells how
 * many became rated. Both lists are paged on the server.
 */
function Usage({ tenant, currency }: { tenant: string; currency: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [period, setPeriod] = useState(() => dayjs().format('YYYY-MM'));
  const [tab, setTab] = useState<'rated' | 'unrated'>('rated');
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState(false);
  const query = { period, offset: (page - 1) * USAGE_PAGE, limit: USAGE_PAGE };
  const rated = useQuery({
    queryKey: ['billing-account', tenant, 'usage', query],
    queryFn: () => unwrap(api.GET('/billing/tenants/{t}/usage', { params: { path: { t: tenant }, query } })),
    enabled: tab === 'rated',
    placeholderData: keepPreviousData,
  });
  const unrated = useQuery({
    queryKey: ['billing-account', tenant, 'unrated', query],
    queryFn: () => unwrap(api.GET('/billing/tenants/{t}/unrated', { params: { path: { t: tenant }, query } })),
    placeholderData: keepPreviousData,
  });
  const rerate = async () => {
    setBusy(true);
    try {
      const r = await unwrap(api.POST('/billing/tenants/{t}/rerate', { params: { path: { t: tenant } } }));
      void message.success(t('accounts.rerated', { n: Number((r as { rated?: number }).rated ?? 0) }));
      await queries.invalidateQueries({ queryKey: ['billing-account', tenant] });
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const pagination = (total: number) => ({ current: page, pageSize: USAGE_PAGE, total, showSizeChanger: false, onChange: setPage });
  const when = (v: string | null | undefined) => (v ? dateTime(v, i18n.language) : '–');
  const unratedTotal = unrated.data?.total ?? 0;
  return (
    <Card
      size="small"
      title={t('accounts.usage')}
      data-testid="account-usage"
      extra={
        <Space wrap>
          <DatePicker
            picker="month"
            aria-label={t('billing.period')}
            allowClear={false}
            value={dayjs(`${period}-01`)}
            onChange={(d) => {
              if (d) {
                setPeriod(d.format('YYYY-MM'));
                setPage(1);
              }
            }}
          />
          <Button onClick={() => void rerate()} loading={busy}>
            {t('accounts.rerate')}
          </Button>
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as 'rated' | 'unrated');
          setPage(1);
        }}
        items={[
          {
            key: 'rated',
            label: t('accounts.rated'),
            children: (
              <Table
                rowKey="cdrId"
                size="small"
                data-testid="usage-table"
                loading={rated.isFetching}
                dataSource={rated.data?.items ?? []}
                pagination={pagination(rated.data?.total ?? 0)}
                columns={[
                  { title: t('accounts.answeredAt'), dataIndex: 'answeredAt', render: when },
                  { title: t('accounts.category'), dataIndex: 'category', render: (v: string) => t(`accounts.categories.${v}`, { defaultValue: v }) },
                  { title: t('accounts.number'), dataIndex: 'number' },
                  { title: t('accounts.prefix'), dataIndex: 'prefix', render: (v: string | null) => v ?? '–' },
                  { title: t('accounts.band'), dataIndex: 'band', render: (v: string | null) => v ?? '–' },
                  { title: t('accounts.billable'), dataIndex: 'billableSeconds', render: (v: number | null) => t('accounts.seconds', { n: v ?? 0 }) },
                  { title: t('accounts.perMinute'), dataIndex: 'perMinute', render: (v: number | null, u) => rate(v, u.currency ?? currency, i18n.language) },
                  { title: t('accounts.amount'), dataIndex: 'amount', render: (v: number | null, u) => money(v, u.currency ?? currency, i18n.language) },
                ]}
              />
            ),
          },
          {
            key: 'unrated',
            label: unratedTotal > 0 ? <Badge count={unratedTotal} offset={[10, 0]} overflowCount={9999}>{t('accounts.unrated')}</Badge> : t('accounts.unrated'),
            children: (
              <Table
                rowKey="cdrId"
                size="small"
                data-testid="unrated-table"
                loading={unrated.isFetching}
                dataSource={unrated.data?.items ?? []}
                pagination={pagination(unratedTotal)}
                columns={[
                  { title: t('accounts.answeredAt'), dataIndex: 'answeredAt', render: when },
                  { title: t('accounts.direction'), dataIndex: 'direction', render: (v: string) => t(`calls.directions.${v}`, { defaultValue: v }) },
                  { title: t('accounts.number'), dataIndex: 'number' },
                  { title: t('accounts.talk'), dataIndex: 'talkMs', render: (v: number | null) => t('accounts.seconds', { n: Math.round((v ?? 0) / 1000) }) },
                  { title: t('accounts.why'), dataIndex: 'reason', render: (v: string) => <Typography.Text type="danger">{unratedReason(v ?? '', t)}</Typography.Text> },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

function Profile({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form);
  const profile = useQuery({ queryKey: ['billing-account', tenant, 'profile'], queryFn: () => unwrap(api.GET('/billing/tenants/{t}/profile', { params: { path: { t: tenant } } })), retry: false });
  if (profile.isLoading) {
    return null;
  }
  const p = profile.data;
  return (
    <Card size="small" title={t('accounts.profile')}>
      <Form
        form={form}
        layout="vertical"
        data-testid="billing-profile"
        initialValues={{ currency: 'CNY', paymentTermsDays: 30, ...Object.fromEntries(Object.entries(p ?? {}).filter(([, v]) => v != null)) }}
        onFinish={(v: Schemas['Profile']) =>
          void save(async () => {
            await unwrap(
              api.PUT('/billing/tenants/{t}/profile', {
                params: { path: { t: tenant } },
                body: {
                  currency: v.currency ?? undefined,
                  legalName: v.legalName ?? undefined,
                  address: v.address || undefined,
                  taxId: v.taxId || undefined,
                  taxName: v.taxName || undefined,
                  taxRate: v.taxRate ?? undefined,
                  email: v.email || undefined,
                  paymentTermsDays: v.paymentTermsDays ?? undefined,
                },
              }),
            );
            void message.success(t('common.saved'));
            await queries.invalidateQueries({ queryKey: ['billing-account', tenant] });
          })
        }
      >
        <Form.Item name="legalName" label={t('accounts.legalName')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="address" label={t('accounts.address')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="currency" label={t('accounts.currency')} rules={[{ required: true, message: t('common.required') }]}>
            <Select style={{ width: 110 }} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item name="taxName" label={t('accounts.taxName')}>
            <Input style={{ width: 120 }} placeholder="VAT / 增值税" />
          </Form.Item>
          <Form.Item name="taxRate" label={t('accounts.taxRate')} extra={t('accounts.taxRateHint')}>
            <InputNumber min={0} max={1} step={0.01} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="taxId" label={t('accounts.taxId')}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="paymentTermsDays" label={t('accounts.terms')}>
            <InputNumber min={0} max={365} />
          </Form.Item>
        </Space>
        <Form.Item name="email" label={t('accounts.email')} rules={[{ type: 'email', message: t('common.badEmail') }]}>
          <Input type="email" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

function Subscriptions({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form, (f) => f[0] === 'plan' || f[0] === 'from');
  const subs = useQuery({ queryKey: ['billing-account', tenant, 'subs'], queryFn: () => unwrap(api.GET('/billing/tenants/{t}/subscriptions', { params: { path: { t: tenant } } })) });
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => unwrap(api.GET('/billing/plans', { params: { query: {} } })) });
  const planKeys = [...new Set((plans.data ?? []).map((p) => p.plan!))].sort();
  return (
    <Card size="small" title={t('accounts.subscriptions')}>
      <Table
        rowKey="id"
        size="small"
        data-testid="subscriptions-table"
        pagination={false}
        dataSource={subs.data ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('accounts.noPlan')}</Typography.Text> }}
        columns={[
          { title: t('accounts.plan'), dataIndex: 'plan' },
          { title: t('accounts.from'), dataIndex: 'from' },
          { title: t('accounts.to'), dataIndex: 'to', render: (v: string | null) => v ?? '–' },
        ]}
      />
      <Form
        form={form}
        layout="inline"
        style={{ marginTop: 12, rowGap: 8 }}
        onFinish={(v: { plan: string; from: string }) =>
          void save(async () => {
            await unwrap(api.POST('/billing/tenants/{t}/subscriptions', { params: { path: { t: tenant } }, body: v }));
            void message.success(t('accounts.subscribed', { plan: v.plan, from: v.from }));
            form.resetFields();
            await queries.invalidateQueries({ queryKey: ['billing-account', tenant] });
          })
        }
      >
        <Form.Item name="plan" label={t('accounts.plan')} rules={[{ required: true, message: t('common.required') }]}>
          <Select style={{ width: 200 }} options={planKeys.map((p) => ({ value: p, label: p }))} />
        </Form.Item>
        <Form.Item name="from" label={t('accounts.from')} rules={[{ required: true, message: t('common.required') }]}>
          <Input type="date" />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          {t('accounts.subscribe')}
        </Button>
      </Form>
    </Card>
  );
}

function Charges({ tenant, currency }: { tenant: string; currency: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const danger = useConfirmDanger();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form, (f) => ['kind', 'description', 'amount', 'percent', 'from', 'to'].includes(String(f[0])));
  const kind = Form.useWatch('kind', form) as string | undefined;
  const charges = useQuery({ queryKey: ['billing-account', tenant, 'charges'], queryFn: () => unwrap(api.GET('/billing/tenants/{t}/charges', { params: { path: { t: tenant } } })) });
  const refresh = () => queries.invalidateQueries({ queryKey: ['billing-account', tenant] });
  return (
    <Card size="small" title={t('accounts.charges')}>
      <ChargesTable
        charges={charges.data ?? []}
        currency={currency}
        testId="charges-table"
        actions={(c) =>
          !c.invoiceId && (
            <Button
              size="small"
              danger
              aria-label={t('accounts.removeCharge', { description: c.description })}
              onClick={() =>
                danger({
                  title: t('accounts.removeCharge', { description: c.description }),
                  work: async () => {
                    await unwrap(api.DELETE('/billing/tenants/{t}/charges/{id}', { params: { path: { t: tenant, id: c.id! } } }));
                    await refresh();
                  },
                })
              }
            >
              {t('common.delete')}
            </Button>
          )
        }
      />
      <Form
        form={form}
        layout="vertical"
        style={{ marginTop: 12 }}
        initialValues={{ kind: 'FEE' }}
        onFinish={(v: { kind: string; description: string; amount?: number; percent?: number; from: string; to?: string }) =>
          void save(async () => {
            await unwrap(
              api.POST('/billing/tenants/{t}/charges', {
                params: { path: { t: tenant } },
                body: {
                  kind: v.kind,
                  description: v.description,
                  ...(v.kind === 'DISCOUNT' ? { percent: v.percent } : { amount: v.amount }),
                  from: v.from,
                  to: v.to || undefined,
                },
              }),
            );
            void message.success(t('common.saved'));
            form.resetFields();
            await refresh();
          })
        }
      >
        <Space wrap align="start">
          <Form.Item name="kind" label={t('accounts.kind')}>
            <Select style={{ width: 140 }} options={['FEE', 'DISCOUNT'].map((k) => ({ value: k, label: t(`accounts.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="description" label={t('accounts.description')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input style={{ width: 240 }} maxLength={200} />
          </Form.Item>
          {kind === 'DISCOUNT' ? (
            <Form.Item name="percent" label={t('accounts.percent')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0} max={100} />
            </Form.Item>
          ) : (
            <Form.Item name="amount" label={t('accounts.amountIn', { currency })} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0} step={100} />
            </Form.Item>
          )}
          <Form.Item name="from" label={t('accounts.from')} rules={[{ required: true, message: t('common.required') }]}>
            <Input type="date" />
          </Form.Item>
          {kind === 'DISCOUNT' && (
            <Form.Item name="to" label={t('accounts.to')}>
              <Input type="date" />
            </Form.Item>
          )}
        </Space>
        <Button htmlType="submit" loading={busy}>
          {t('accounts.addCharge')}
        </Button>
      </Form>
    </Card>
  );
}
