import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Statistic,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Present, type Schemas } from '../api/client';
import { useServerSort, useTenants } from './hooks';
import type { AdminProps } from './Admin';
import { AA, errorText, showOnField } from './forms';
import { dateTime } from '../lib/format';

type Invoice = Present<Schemas['Invoice'], 'id' | 'tenantId' | 'status' | 'currency'>;
type Run = Schemas['RunStatus'];
const PAGE = 20;

/** Money as the invoice's currency shows it, in the reader's language (amounts come as exact decimals). */
export function money(amount: number | null | undefined, currency: string, locale: string): string {
  if (amount == null) {
    return '–';
  }
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
}

/** A per-minute rate: as many decimals as it has (0.065 is not 0.07), at least the currency's own. */
export function rate(amount: number | null | undefined, currency: string, locale: string): string {
  if (amount == null) {
    return '–';
  }
  return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 6 }).format(amount);
}

/** Last month, the usual period to bill. */
export function lastMonth(now = dayjs()): string {
  return now.subtract(1, 'month').format('YYYY-MM');
}

/**
 * The companies to choose from: the operator lists them all; the billing staff (who may not list tenants) the companies
 * with a billing account.
 */
export function useTenantNames(operator: boolean) {
  const tenants = useTenants(operator, (d) => d.items.map((x) => ({ value: x.id!, label: `${x.displayName} (${x.id})` })));
  const accounts = useQuery({
    queryKey: ['billing-accounts'],
    enabled: !operator,
    queryFn: () => unwrap(api.GET('/billing/accounts')),
    select: (d) => d.map((a) => ({ value: a.tenantId!, label: `${a.legalName ?? a.displayName ?? a.tenantId} (${a.tenantId})` })),
  });
  return operator ? tenants : accounts;
}

/**
 * The billing run (出账): a period and the companies (all by default); Preview shows each company's invoice as it would
 * be, with warnings (unrated calls) and the companies skipped; Run creates the drafts on the server, its progress
 * shown live; the period's drafts are then reviewed, issued (numbered, PDF, sent) or discarded with a reason.
 */
export function BillingRuns({ session }: AdminProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [period, setPeriod] = useState(lastMonth());
  const [tenants, setTenants] = useState<string[]>([]);
  const [preview, setPreview] = useState<Schemas['Preview'] | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [busy, setBusy] = useState<'preview' | 'run' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Invoice | null>(null);
  const operator = !!session.user.operator;
  const names = useTenantNames(operator);
  const drafts = useQuery({
    queryKey: ['invoices', 'DRAFT', period],
    queryFn: () => unwrap(api.GET('/billing/invoices', { params: { query: { status: 'DRAFT', period, limit: 200 } } })),
  });
  const body = { period, tenants: tenants.length ? tenants : undefined };

  const doPreview = async () => {
    setBusy('preview');
    setError(null);
    try {
      setPreview(await unwrap(api.POST('/billing/preview', { body })));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const doRun = async () => {
    setBusy('run');
    setError(null);
    try {
      let r = await unwrap(api.POST('/billing/runs', { body }));
      setRun(r);
      void queries.invalidateQueries({ queryKey: ['billing-runs'] });
      // the run goes on on the server: its progress until it has finished
      while (r.state === 'RUNNING' || r.state === 'QUEUED') {
        await new Promise((ok) => setTimeout(ok, 300));
        r = await unwrap(api.GET('/billing/runs/{id}', { params: { path: { id: r.id! } } }));
        setRun(r);
      }
      await queries.invalidateQueries({ queryKey: ['invoices'] });
      await queries.invalidateQueries({ queryKey: ['billing-runs'] });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      void message.success(done);
      await queries.invalidateQueries({ queryKey: ['invoices'] });
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small">
        <Space wrap align="end">
          <Form.Item label={t('billing.period')} style={{ marginBottom: 0 }}>
            <DatePicker
              picker="month"
              aria-label={t('billing.period')}
              allowClear={false}
              value={dayjs(`${period}-01`)}
              onChange={(d) => d && setPeriod(d.format('YYYY-MM'))}
            />
          </Form.Item>
          <Form.Item label={t('billing.tenants')} style={{ marginBottom: 0 }}>
            <Select
              mode="multiple"
              allowClear
              aria-label={t('billing.tenants')}
              placeholder={t('billing.allTenants')}
              style={{ minWidth: 320 }}
              value={tenants}
              onChange={setTenants}
              optionFilterProp="label"
              options={names.data ?? []}
            />
          </Form.Item>
          <Button loading={busy === 'preview'} onClick={() => void doPreview()}>
            {t('billing.preview')}
          </Button>
          <Button type="primary" loading={busy === 'run'} onClick={() => void doRun()}>
            {t('billing.run')}
          </Button>
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={error} data-testid="billing-error" />}
      {run && (
        <Card size="small" title={t('billing.runTitle', { period: run.period })} data-testid="billing-run">
          <Progress
            percent={run.total ? Math.round(((run.done ?? 0) / run.total) * 100) : run.state === 'RUNNING' ? 0 : 100}
            status={run.state === 'FAILED' ? 'exception' : run.state === 'RUNNING' ? 'active' : 'success'}
            aria-label={t('billing.progress')}
          />
          <Typography.Text>
            {t('billing.runFigures', { done: run.done ?? 0, total: run.total ?? 0, created: run.created ?? 0, existing: run.existing ?? 0 })}
          </Typography.Text>
          {(run.failures ?? []).map((f) => (
            <Alert key={f} type="error" showIcon title={f} style={{ marginTop: 8 }} />
          ))}
        </Card>
      )}
      {preview && (
        <Card size="small" title={t('billing.previewTitle', { period: preview.period })} data-testid="billing-preview">
          {(preview.warnings ?? []).map((w) => (
            <Alert key={w} type="warning" showIcon title={w} style={{ marginBottom: 8 }} />
          ))}
          {(preview.skipped ?? []).length > 0 && <Typography.Paragraph type="secondary">{t('billing.skipped', { list: (preview.skipped ?? []).join(', ') })}</Typography.Paragraph>}
          <InvoiceTable invoices={(preview.invoices ?? []) as Invoice[]} onOpen={setOpen} />
        </Card>
      )}
      <Card size="small" title={t('billing.drafts', { period })}>
        <InvoiceTable
          invoices={(drafts.data?.items ?? []) as Invoice[]}
          testId="billing-drafts"
          onOpen={setOpen}
          actions={(inv) => (
            <Space>
              <Button
                size="small"
                type="primary"
                onClick={() => void act(() => unwrap(api.POST('/billing/invoices/{id}/issue', { params: { path: { id: inv.id } } })), t('billing.issued', { name: inv.tenantName }))}
                aria-label={t('billing.issueOne', { name: inv.tenantName })}
              >
                {t('billing.issue')}
              </Button>
              <DiscardButton invoice={inv} onDone={() => void queries.invalidateQueries({ queryKey: ['invoices'] })} />
            </Space>
          )}
        />
      </Card>
      <EarlierRuns />
      {open && <InvoiceDetail invoice={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}

function DiscardButton({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <>
      <Button size="small" danger onClick={() => setOpen(true)} aria-label={t('billing.discardOne', { name: invoice.tenantName })}>
        {t('billing.discard')}
      </Button>
      {open && (
        <Modal
          open
          title={t('billing.discardOne', { name: invoice.tenantName })}
          okText={t('billing.discard')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onOk={() => form.submit()}
          onCancel={() => setOpen(false)}
        >
          <Form
            form={form}
            layout="vertical"
            onFinish={async ({ reason }) => {
              try {
                await unwrap(api.POST('/billing/invoices/{id}/discard', { params: { path: { id: invoice.id } }, body: { reason } }));
                setOpen(false);
                onDone();
              } catch (e) {
                if (!showOnField(form, e)) {
                  void message.error(errorText(e));
                }
              }
            }}
          >
            <Form.Item name="reason" label={t('tenants.reason')} rules={[{ required: true, message: t('common.required') }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}

function InvoiceTable({
  invoices,
  onOpen,
  actions,
  testId,
  pagination,
  loading,
  order,
}: {
  invoices: Invoice[];
  onOpen: (i: Invoice) => void;
  actions?: (i: Invoice) => React.ReactNode;
  testId?: string;
  pagination?: object | false;
  loading?: boolean;
  /** the server's order, for a list paged on the server: its columns sort by clicking their headers */
  order?: ReturnType<typeof useServerSort>;
}) {
  const { t, i18n } = useTranslation();
  const col = (key: string) => (order ? order.sortable(key) : { key });
  return (
    <Table<Invoice>
      rowKey={(i) => i.id ?? `${i.tenantId}-${i.period}`}
      size="small"
      data-testid={testId}
      loading={loading}
      dataSource={invoices}
      pagination={pagination ?? { pageSize: PAGE, hideOnSinglePage: true }}
      onChange={order?.onChange}
      columns={[
        {
          title: t('billing.tenant'),
          ...col('tenant'),
          render: (_, i) => (
            <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(i)} aria-label={t('billing.openOne', { name: i.tenantName ?? i.tenantId, number: i.number ?? '' })}>
              {i.tenantName ?? i.tenantId}
            </Button>
          ),
        },
        { title: t('billing.number'), dataIndex: 'number', ...col('number'), render: (v: string | null) => v ?? t('billing.draft') },
        { title: t('billing.periodCol'), dataIndex: 'period', ...col('period') },
        { title: t('billing.statusCol'), ...col('status'), render: (_, i) => <Tag>{t(`billing.status.${i.status}`, { defaultValue: i.status })}</Tag> },
        { title: t('billing.total'), ...col('total'), align: 'right', render: (_, i) => money(i.total, i.currency, i18n.language) },
        { title: t('billing.balance'), key: 'balance', align: 'right', render: (_, i) => money(i.balance, i.currency, i18n.language) },
        { title: t('billing.due'), dataIndex: 'dueOn', ...col('due'), render: (v: string | null) => v ?? '–' },
        ...(actions ? [{ title: t('common.actions'), key: 'actions', render: (_: unknown, i: Invoice) => actions(i) }] : []),
      ]}
    />
  );
}

/** An invoice's lines and figures; its PDF opened in the browser; payments and credit notes for issued ones. */
/**
 * An invoice opened: its figures, lines and PDF. Billing staff record payments and credit notes on it; a company
 * ({@code tenant}) reads its own.
 */
function InvoiceDetail({ invoice, tenant, onClose }: { invoice: Invoice; tenant?: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [paying, setPaying] = useState(false);
  const [crediting, setCrediting] = useState(false);
  const full = useQuery({
    queryKey: ['invoice', tenant, invoice.id],
    queryFn: async () =>
      (tenant
        ? await unwrap(api.GET('/tenants/{tenant}/invoices/{id}', { params: { path: { tenant, id: invoice.id } } }))
        : await unwrap(api.GET('/billing/invoices/{id}', { params: { path: { id: invoice.id } } }))) as Invoice,
    enabled: !!invoice.id,
    initialData: invoice.lines ? invoice : undefined,
  });
  const inv = full.data ?? invoice;
  const m = (v: number | null | undefined) => money(v, inv.currency, i18n.language);
  const done = () => {
    void full.refetch();
    void queries.invalidateQueries({ queryKey: ['invoices'] });
  };
  return (
    <Drawer
      open
      size={820}
      title={t('billing.invoiceTitle', { name: inv.tenantName ?? inv.tenantId, number: inv.number ?? t('billing.draft') })}
      onClose={onClose}
      extra={
        <Space>
          {inv.id && (
            <Button
              href={tenant ? `/api/v1/tenants/${encodeURIComponent(tenant)}/invoices/${encodeURIComponent(inv.id)}/pdf` : `/api/v1/billing/invoices/${encodeURIComponent(inv.id)}/pdf`}
              target="_blank"
              data-testid="invoice-pdf"
            >
              {t('billing.pdf')}
            </Button>
          )}
          {!tenant && inv.status === 'ISSUED' && inv.kind !== 'CREDIT_NOTE' && (
            <>
              <Button onClick={() => setPaying(true)}>{t('billing.recordPayment')}</Button>
              <Button onClick={() => setCrediting(true)}>{t('billing.creditNote')}</Button>
            </>
          )}
        </Space>
      }
    >
      <Descriptions size="small" bordered column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('billing.periodCol')}>
          {inv.periodFrom} – {inv.periodTo}
        </Descriptions.Item>
        <Descriptions.Item label={t('billing.statusCol')}>{t(`billing.status.${inv.status}`, { defaultValue: inv.status })}</Descriptions.Item>
        <Descriptions.Item label={t('billing.net')}>{m(inv.net)}</Descriptions.Item>
        <Descriptions.Item label={t('billing.tax')}>{m(inv.tax)}</Descriptions.Item>
        <Descriptions.Item label={t('billing.total')}>{m(inv.total)}</Descriptions.Item>
        <Descriptions.Item label={t('billing.balance')}>{m(inv.balance)}</Descriptions.Item>
        <Descriptions.Item label={t('billing.paid')}>{m(inv.paid)}</Descriptions.Item>
        <Descriptions.Item label={t('billing.credited')}>{m(inv.credited)}</Descriptions.Item>
      </Descriptions>
      {(inv.unratedCalls ?? 0) > 0 && <Alert type="warning" showIcon title={t('billing.unrated', { n: inv.unratedCalls })} style={{ marginBottom: 16 }} />}
      <Table
        size="small"
        rowKey="no"
        data-testid="invoice-lines"
        dataSource={inv.lines ?? []}
        pagination={false}
        columns={[
          { title: t('billing.section'), dataIndex: 'section', render: (v: string) => t(`billing.sectionName.${v}`, { defaultValue: v }) },
          { title: t('billing.description'), dataIndex: 'description' },
          { title: t('billing.quantity'), key: 'q', align: 'right', render: (_, l) => `${l.quantity ?? ''} ${l.unit ?? ''}` },
          { title: t('billing.unitPrice'), key: 'p', align: 'right', render: (_, l) => m(l.unitPrice) },
          { title: t('billing.net'), key: 'n', align: 'right', render: (_, l) => m(l.net) },
        ]}
      />
      {paying && <PaymentDialog invoice={inv} onClose={() => (setPaying(false), done())} />}
      {crediting && <CreditDialog invoice={inv} onClose={() => (setCrediting(false), done())} />}
    </Drawer>
  );
}

function PaymentDialog({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  return (
    <Modal open title={t('billing.recordPayment')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ amount: invoice.balance, paidOn: dayjs() }}
        onFinish={async (v: { amount: number; paidOn: dayjs.Dayjs; reference?: string }) => {
          try {
            await unwrap(
              api.POST('/billing/invoices/{id}/payments', {
                params: { path: { id: invoice.id } },
                body: { amount: v.amount, paidOn: v.paidOn.format('YYYY-MM-DD'), reference: v.reference || undefined },
              }),
            );
            void message.success(t('common.saved'));
            onClose();
          } catch (e) {
            if (!showOnField(form, e)) {
              void message.error(errorText(e));
            }
          }
        }}
      >
        <Form.Item name="amount" label={t('billing.amount', { currency: invoice.currency })} rules={[{ required: true, message: t('common.required') }]}>
          <InputNumber min={0.01} step={0.01} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="paidOn" label={t('billing.paidOn')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="reference" label={t('billing.reference')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CreditDialog({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const full = Form.useWatch('full', form) ?? true;
  return (
    <Modal open title={t('billing.creditNote')} okText={t('billing.issueCredit')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ full: true }}
        onFinish={async (v: { reason: string; full: boolean; description?: string; net?: number }) => {
          try {
            await unwrap(
              api.POST('/billing/invoices/{id}/credit-notes', {
                params: { path: { id: invoice.id } },
                body: { reason: v.reason, full: v.full, lines: v.full ? undefined : [{ description: v.description, net: v.net }] },
              }),
            );
            void message.success(t('common.saved'));
            onClose();
          } catch (e) {
            if (!showOnField(form, e)) {
              void message.error(errorText(e));
            }
          }
        }}
      >
        <Form.Item name="reason" label={t('tenants.reason')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="full" label={t('billing.creditFull')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {!full && (
          <>
            <Form.Item name="description" label={t('billing.description')} rules={[{ required: true, message: t('common.required') }]}>
              <Input />
            </Form.Item>
            <Form.Item name="net" label={t('billing.amount', { currency: invoice.currency })} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0.01} step={0.01} style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/**
 * Invoices (发票): every company's, filtered by status, company and period on the server; opened with their lines and
 * PDF; overdue ones (past due with a balance) on their own tab; the period exported as CSV for the accounts.
 */
export function Invoices({ session }: AdminProps) {
  const { t } = useTranslation();
  const [view, setView] = useState<'all' | 'overdue'>('all');
  const [status, setStatus] = useState<string | undefined>('ISSUED');
  const [tenant, setTenant] = useState<string | undefined>();
  const [period, setPeriod] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Invoice | null>(null);
  const operator = !!session.user.operator;
  const names = useTenantNames(operator);
  const order = useServerSort(() => setPage(1));
  const sort = order.sort;
  const list = useQuery({
    queryKey: ['invoices', 'list', status, tenant, period, sort, page],
    queryFn: () => unwrap(api.GET('/billing/invoices', { params: { query: { status, tenant, period, sort, offset: (page - 1) * PAGE, limit: PAGE } } })),
    placeholderData: keepPreviousData,
    enabled: view === 'all',
  });
  const overdue = useQuery({
    queryKey: ['invoices', 'overdue'],
    queryFn: async () => (await unwrap(api.GET('/billing/overdue', {}))) as Invoice[],
    enabled: view === 'overdue',
  });
  const exportHref = `/api/v1/billing/export?${new URLSearchParams({ period: period ?? lastMonth(), ...(tenant ? { tenant } : {}), format: 'csv' })}`;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Radio.Group
        optionType="button"
        value={view}
        onChange={(e) => setView(e.target.value as 'all' | 'overdue')}
        options={[
          { value: 'all', label: t('billing.allInvoices') },
          { value: 'overdue', label: t('billing.overdue') },
        ]}
      />
      {view === 'all' ? (
        <>
          <Space wrap>
            <Select
              aria-label={t('billing.statusCol')}
              style={{ width: 160 }}
              allowClear
              placeholder={t('billing.anyStatus')}
              value={status}
              onChange={(v) => (setStatus(v), setPage(1))}
              options={['DRAFT', 'ISSUED', 'PAID', 'DISCARDED'].map((s) => ({ value: s, label: t(`billing.status.${s}`) }))}
            />
            <Select
              aria-label={t('billing.tenant')}
              style={{ width: 280 }}
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('billing.allTenants')}
              value={tenant}
              onChange={(v) => (setTenant(v), setPage(1))}
              options={names.data ?? []}
            />
            <DatePicker picker="month" aria-label={t('billing.period')} placeholder={t('billing.anyPeriod')} onChange={(d) => (setPeriod(d ? d.format('YYYY-MM') : undefined), setPage(1))} />
            <Button href={exportHref} download>
              {t('billing.export')}
            </Button>
          </Space>
          <InvoiceTable
            invoices={(list.data?.items ?? []) as Invoice[]}
            testId="invoices-table"
            loading={list.isFetching}
            onOpen={setOpen}
            order={order}
            pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
          />
        </>
      ) : (
        <InvoiceTable invoices={overdue.data ?? []} testId="overdue-table" loading={overdue.isFetching} onOpen={setOpen} />
      )}
      {open && <InvoiceDetail invoice={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}

/**
 * A company's own billing (我的账单) — its administrator's and its billing users': the balance, its issued invoices
 * paged on the server (each opens with its lines and PDF), the payments received, its plans and fees.
 */
export function CompanyInvoices({ tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Invoice | null>(null);
  const balance = useQuery({ queryKey: ['company-billing', tenant, 'balance'], queryFn: () => unwrap(api.GET('/tenants/{tenant}/billing/balance', { params: { path: { tenant } } })), retry: false });
  const order = useServerSort(() => setPage(1));
  const sort = order.sort;
  const list = useQuery({
    queryKey: ['company-billing', tenant, 'invoices', sort, page],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/invoices', { params: { path: { tenant }, query: { sort, offset: (page - 1) * PAGE, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
  const payments = useQuery({ queryKey: ['company-billing', tenant, 'payments'], queryFn: () => unwrap(api.GET('/tenants/{tenant}/billing/payments', { params: { path: { tenant } } })) });
  const charges = useQuery({ queryKey: ['company-billing', tenant, 'charges'], queryFn: () => unwrap(api.GET('/tenants/{tenant}/billing/charges', { params: { path: { tenant } } })) });
  const subs = useQuery({ queryKey: ['company-billing', tenant, 'subs'], queryFn: () => unwrap(api.GET('/tenants/{tenant}/billing/subscriptions', { params: { path: { tenant } } })) });
  const b = balance.data;
  const cur = b?.currency ?? 'CNY';
  const m = (v: number | null | undefined) => money(v, cur, i18n.language);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {b && (
        <Space size="large" data-testid="company-balance">
          <Statistic title={t('accounts.invoiced')} value={m(b.invoiced)} />
          <Statistic title={t('accounts.paid')} value={m(b.paid)} />
          <Statistic title={t('accounts.balance')} value={m(b.balance)} />
          <Statistic title={t('accounts.overdue', { n: b.overdueInvoices ?? 0 })} value={m(b.overdue)} />
        </Space>
      )}
      <Card size="small" title={t('billing.invoices')}>
        <InvoiceTable
          invoices={(list.data?.items ?? []) as Invoice[]}
          testId="company-invoices"
          loading={list.isFetching}
          onOpen={setOpen}
          order={order}
          pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        />
      </Card>
      <Card size="small" title={t('billing.payments')}>
        <PaymentsTable payments={payments.data ?? []} currency={cur} testId="company-payments" />
      </Card>
      <Card size="small" title={t('accounts.charges')}>
        <ChargesTable charges={charges.data ?? []} currency={cur} testId="company-charges" />
      </Card>
      <Card size="small" title={t('accounts.subscriptions')}>
        {(subs.data ?? []).map((x) => (
          <Tag key={x.id}>
            {x.plan} · {x.from} – {x.to ?? t('plans.open')}
          </Tag>
        ))}
      </Card>
      {open && <InvoiceDetail invoice={open} tenant={tenant} onClose={() => setOpen(null)} />}
    </Space>
  );
}

/** Payments received (newest as the server sends them), in the account's currency. */
export function PaymentsTable({ payments, currency, testId }: { payments: Schemas['Payment'][]; currency: string; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Table
      size="small"
      rowKey="id"
      data-testid={testId}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      dataSource={payments}
      locale={{ emptyText: <Typography.Text type="secondary">{t('billing.noPayments')}</Typography.Text> }}
      columns={[
        { title: t('billing.paidOn'), dataIndex: 'paidOn' },
        { title: t('billing.invoiceNo'), dataIndex: 'invoiceNumber', render: (v: string | null) => v ?? '–' },
        { title: t('billing.paidAmount'), dataIndex: 'amount', render: (v: number, p) => money(v, p.currency ?? currency, i18n.language) },
        { title: t('billing.reference'), dataIndex: 'reference', render: (v: string | null) => v ?? '–' },
      ]}
    />
  );
}

/** One-off fees and percentage discounts, with the invoice that took each; {@code actions} for who may change them. */
export function ChargesTable({
  charges,
  currency,
  testId,
  actions,
}: {
  charges: Schemas['Charge'][];
  currency: string;
  testId: string;
  actions?: (c: Schemas['Charge']) => React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table<Schemas['Charge']>
      rowKey="id"
      size="small"
      data-testid={testId}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      dataSource={charges}
      locale={{ emptyText: <Typography.Text type="secondary">{t('accounts.noCharges')}</Typography.Text> }}
      columns={[
        { title: t('accounts.kind'), dataIndex: 'kind', render: (v: string) => <Tag color={v === 'DISCOUNT' ? 'purple' : 'blue'}>{t(`accounts.kinds.${v}`, { defaultValue: v })}</Tag> },
        { title: t('accounts.description'), dataIndex: 'description' },
        { title: t('accounts.amount'), key: 'amt', render: (_, c) => (c.percent != null ? `${c.percent} %` : money(c.amount, currency, i18n.language)) },
        { title: t('accounts.from'), dataIndex: 'from' },
        { title: t('accounts.to'), dataIndex: 'to', render: (v: string | null) => v ?? '–' },
        { title: t('accounts.invoiced'), dataIndex: 'invoiceId', render: (v: string | null) => (v ? <Tag>{t('accounts.onInvoice')}</Tag> : '–') },
        ...(actions ? [{ title: t('common.actions'), key: 'a', render: (_: unknown, c: Schemas['Charge']) => actions(c) }] : []),
      ]}
    />
  );
}

/** The billing runs of late, newest first: period, who started it, how far it went, what it made and what failed. */
function EarlierRuns() {
  const { t, i18n } = useTranslation();
  const runs = useQuery({ queryKey: ['billing-runs'], queryFn: () => unwrap(api.GET('/billing/runs', { params: { query: { limit: 20 } } })), refetchInterval: 30_000 });
  return (
    <Card size="small" title={t('billing.earlierRuns')}>
      <Table<Schemas['RunStatus']>
        rowKey="id"
        size="small"
        data-testid="billing-runs"
        pagination={false}
        dataSource={runs.data ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('billing.noRuns')}</Typography.Text> }}
        columns={[
          { title: t('billing.period'), dataIndex: 'period' },
          { title: t('billing.startedAt'), dataIndex: 'startedAt', render: (v: string | null) => (v ? dateTime(v, i18n.language) : '–') },
          { title: t('billing.startedBy'), dataIndex: 'startedBy', render: (v: string | null) => v ?? '–' },
          { title: t('billing.state'), dataIndex: 'state', render: (v: string) => <Tag color={v === 'DONE' ? AA.green : v === 'FAILED' ? 'red' : 'blue'}>{t(`billing.runStates.${v}`, { defaultValue: v })}</Tag> },
          { title: t('billing.progress'), key: 'p', render: (_, r) => `${r.done ?? 0} / ${r.total ?? 0}` },
          { title: t('billing.made'), key: 'm', render: (_, r) => t('billing.madeOf', { created: r.created ?? 0, existing: r.existing ?? 0 }) },
          { title: t('billing.failures'), key: 'f', render: (_, r) => ((r.failures ?? []).length ? <Typography.Text type="danger">{(r.failures ?? []).join('; ')}</Typography.Text> : '–') },
        ]}
      />
    </Card>
  );
}

