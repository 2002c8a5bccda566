import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Badge,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Result,
  Select,
  Space,
  Steps,
  Table,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Present, type Schemas } from '../api/client';
import type { AdminProps } from './Admin';
import { useSave, useServerSort } from './hooks';
import { changed, errorText } from './forms';
import { SearchBox } from './SearchBox';

type Tenant = Present<Schemas['Tenant'], 'id' | 'displayName' | 'status' | 'timezone' | 'locale'>;
type Status = 'ACTIVE' | 'SUSPENDED' | 'CLOSED';
const PAGE = 20;
// a dot in the status's colour beside text in the normal one (green and orange text on their tints fall short of 4.5:1)
const STATUS_BADGE: Record<Status, 'success' | 'warning' | 'default'> = { ACTIVE: 'success', SUSPENDED: 'warning', CLOSED: 'default' };

/** Time zones the browser knows (IANA names), the usual ones of our customers first. */
function zones(): string[] {
  const first = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Asia/Manila', 'Europe/London', 'America/New_York', 'UTC'];
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...first, ...all.filter((z) => !first.includes(z))];
}

/**
 * The operator's tenants (client companies): paged and filtered by status on the server, with each one's seats in use
 * against what it rents; a wizard creates one with its seats, plan and first administrator; edit, suspend, resume and
 * close (a reason asked for each, recorded in the audit trail).
 */
export default function Tenants(_: AdminProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [status, setStatus] = useState<Status | 'ALL'>('ALL');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Tenant | null>(null);
  const [reasonFor, setReasonFor] = useState<{ tenant: Tenant; action: 'suspend' | 'close' } | null>(null);
  const order = useServerSort(() => setPage(1));
  const sort = order.sort;
  const list = useQuery({
    queryKey: ['tenants', status, q, sort, page],
    queryFn: () =>
      unwrap(
        api.GET('/tenants', {
          params: { query: { status: status === 'ALL' ? undefined : status, q: q || undefined, sort, offset: (page - 1) * PAGE, limit: PAGE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['tenants'] });

  const resume = (x: Tenant) =>
    modal.confirm({
      title: t('tenants.resumeTitle', { name: x.displayName }),
      okText: t('tenants.resume'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await unwrap(api.POST('/tenants/{tenant}/resume', { params: { path: { tenant: x.id } } }));
          void message.success(t('tenants.resumed', { name: x.displayName }));
          await refresh();
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Radio.Group
          aria-label={t('tenants.status')}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as Status | 'ALL');
            setPage(1);
          }}
          optionType="button"
          options={(['ALL', 'ACTIVE', 'SUSPENDED', 'CLOSED'] as const).map((s) => ({ value: s, label: t(`tenants.statusName.${s}`) }))}
        />
        <SearchBox
          label={t('tenants.search')}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('tenants.create')}
        </Button>
      </Space>
      <Table<Tenant>
        rowKey="id"
        data-testid="tenants-table"
        loading={list.isFetching}
        dataSource={(list.data?.items ?? []) as Tenant[]}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        onChange={order.onChange}
        columns={[
          {
            title: t('tenants.name'),
            ...order.sortable('name'),
            render: (_, x) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{x.displayName}</Typography.Text>
                <Typography.Text type="secondary">{x.id}</Typography.Text>
              </Space>
            ),
          },
          { title: t('tenants.status'), ...order.sortable('status'), render: (_, x) => <Badge status={STATUS_BADGE[x.status as Status]} text={t(`tenants.statusName.${x.status}`)} /> },
          { title: t('tenants.zone'), dataIndex: 'timezone' },
          { title: t('tenants.seats'), ...order.sortable('seats'), render: (_, x) => <SeatUsage tenant={x} /> },
          { title: t('tenants.plan'), dataIndex: 'planRef', render: (v: string | null) => v ?? '–' },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, x) => (
              <Space wrap>
                {x.status !== 'CLOSED' && (
                  <Button size="small" onClick={() => setEditing(x)} aria-label={t('tenants.editOne', { name: x.displayName })}>
                    {t('common.edit')}
                  </Button>
                )}
                {x.status === 'ACTIVE' && (
                  <Button size="small" onClick={() => setReasonFor({ tenant: x, action: 'suspend' })} aria-label={t('tenants.suspendOne', { name: x.displayName })}>
                    {t('tenants.suspend')}
                  </Button>
                )}
                {x.status === 'SUSPENDED' && (
                  <Button size="small" onClick={() => resume(x)} aria-label={t('tenants.resumeOne', { name: x.displayName })}>
                    {t('tenants.resume')}
                  </Button>
                )}
                {x.status !== 'CLOSED' && (
                  <Button size="small" danger onClick={() => setReasonFor({ tenant: x, action: 'close' })} aria-label={t('tenants.closeOne', { name: x.displayName })}>
                    {t('tenants.close')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {creating && (
        <TenantWizard
          onClose={() => {
            setCreating(false);
            void refresh();
          }}
        />
      )}
      {editing && (
        <EditTenant
          tenant={editing}
          onClose={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
      {reasonFor && (
        <ReasonDialog
          tenant={reasonFor.tenant}
          action={reasonFor.action}
          onClose={() => {
            setReasonFor(null);
            void refresh();
          }}
        />
      )}
    </Space>
  );
}

/** Dedicated seats in use of those rented, shared seats in use of the allowance. */
function SeatUsage({ tenant }: { tenant: Tenant }) {
  const { t } = useTranslation();
  const seats = useQuery({
    queryKey: ['seats', tenant.id],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/seats', { params: { path: { tenant: tenant.id } } })),
    enabled: tenant.status !== 'CLOSED',
  });
  const s = seats.data;
  if (!s) {
    return <Typography.Text type="secondary">{t('tenants.dedicatedShort', { used: '–', of: tenant.dedicatedSeats })}</Typography.Text>;
  }
  const pct = s.dedicatedRented > 0 ? Math.round((s.dedicatedInUse / s.dedicatedRented) * 100) : 0;
  return (
    <Space orientation="vertical" size={0} style={{ minWidth: 160 }}>
      <Typography.Text>{t('tenants.dedicatedShort', { used: s.dedicatedInUse, of: s.dedicatedRented })}</Typography.Text>
      <Progress percent={pct} size="small" showInfo={false} aria-label={t('tenants.dedicatedShort', { used: s.dedicatedInUse, of: s.dedicatedRented })} />
      <Typography.Text type="secondary">{t('tenants.sharedShort', { used: s.sharedInUse, of: s.sharedAllowance })}</Typography.Text>
    </Space>
  );
}

interface WizardValues {
  id: string;
  displayName: string;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
  timezone: string;
  locale: string;
  dedicatedSeats: number;
  sharedSeats: number;
  planRef?: string;
  legalName?: string;
  taxPercent?: number;
  paymentTermsDays?: number;
  billingEmail?: string;
  adminUsername: string;
  adminDisplayName?: string;
  adminEmail?: string;
  adminPassword: string;
}

const STEP_FIELDS: (keyof WizardValues)[][] = [
  ['id', 'displayName', 'contactName', 'contactEmail', 'contactPhone'],
  ['timezone', 'locale'],
  ['dedicatedSeats', 'sharedSeats', 'planRef', 'legalName', 'taxPercent', 'paymentTermsDays', 'billingEmail'],
  ['adminUsername', 'adminDisplayName', 'adminEmail', 'adminPassword'],
];
/** The server's field names, per call the wizard makes, as the wizard's own */
type Fields = Record<string, keyof WizardValues>;
const TENANT_FIELD: Fields = Object.fromEntries(STEP_FIELDS.slice(0, 3).flat().map((f) => [f, f]));
const BILLING_FIELD: Fields = {
  legalName: 'legalName',
  taxRate: 'taxPercent',
  paymentTermsDays: 'paymentTermsDays',
  email: 'billingEmail',
  currency: 'planRef',
  plan: 'planRef',
  from: 'planRef',
};
const ADMIN_FIELD: Fields = { username: 'adminUsername', displayName: 'adminDisplayName', email: 'adminEmail', password: 'adminPassword' };

/**
 * The new-tenant wizard: identity and contact, time zone and language, seats and plan, the first administrator; then
 * a review, and Create. The tenant is created first (its plan subscribed from today), then its administrator: an
 * error on a step's field takes the wizard back to that step; an administrator the server refuses leaves the tenant
 * created, and the wizard stays on the administrator's step to try again (the tenant is not created twice).
 */
function TenantWizard({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<WizardValues>();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [subscribed, setSubscribed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<WizardValues | null>(null);
  const tzs = useMemo(zones, []);
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => unwrap(api.GET('/billing/plans', {})) });
  const planNames = [...new Set((plans.data ?? []).map((p) => p.plan))];
  const pool = useQuery({ queryKey: ['shared-pool'], queryFn: () => unwrap(api.GET('/shared-pool', {})) });
  const plan = Form.useWatch('planRef', form);
  const steps = ['identity', 'region', 'seats', 'admin', 'review'].map((k) => ({ title: t(`tenants.wizard.${k}`) }));

  const next = async () => {
    try {
      await form.validateFields(STEP_FIELDS[step]);
      setStep(step + 1);
    } catch {
      // the form shows what is missing
    }
  };

  const back = (field: string | null | undefined, fields: Fields, e: unknown) => {
    const name = field ? fields[field] : undefined;
    const s = name ? STEP_FIELDS.findIndex((f) => f.includes(name)) : -1;
    if (name && s >= 0) {
      setStep(s);
      // the step's fields mount again first: the error is put on them once they are there
      setTimeout(() => form.setFields([{ name, errors: [errorText(e)] }]), 0);
      return true;
    }
    return false;
  };

  const create = async () => {
    const v = form.getFieldsValue(true) as WizardValues;
    setBusy(true);
    setError(null);
    let tenant = created;
    let phase = TENANT_FIELD;
    try {
      if (!tenant) {
        const made = await unwrap(
          api.POST('/tenants', {
            body: {
              id: v.id,
              displayName: v.displayName,
              contactName: v.contactName || undefined,
              contactEmail: v.contactEmail || undefined,
              contactPhone: v.contactPhone || undefined,
              timezone: v.timezone,
              locale: v.locale,
              dedicatedSeats: v.dedicatedSeats,
              sharedSeats: v.sharedSeats,
              planRef: v.planRef || undefined,
            },
          }),
        );
        tenant = made.id!;
        setCreated(tenant);
      }
      if (v.planRef && !subscribed) {
        // the plan is billed in its own currency: the company's billing profile first, then the plan from today
        phase = BILLING_FIELD;
        const currency = (plans.data ?? []).find((p) => p.plan === v.planRef)?.currency ?? undefined;
        await unwrap(
          api.PUT('/billing/tenants/{t}/profile', {
            params: { path: { t: tenant } },
            body: {
              currency,
              legalName: v.legalName || v.displayName,
              taxRate: (v.taxPercent ?? 0) / 100,
              paymentTermsDays: v.paymentTermsDays ?? 30,
              email: v.billingEmail || v.contactEmail || undefined,
            },
          }),
        );
        const today = new Intl.DateTimeFormat('en-CA', { timeZone: v.timezone }).format(new Date());
        await unwrap(api.POST('/billing/tenants/{t}/subscriptions', { params: { path: { t: tenant } }, body: { plan: v.planRef, from: today } }));
        setSubscribed(true);
      }
      phase = ADMIN_FIELD;
      await unwrap(
        api.POST('/tenants/{tenant}/users', {
          params: { path: { tenant } },
          body: {
            username: v.adminUsername,
            displayName: v.adminDisplayName || v.adminUsername,
            email: v.adminEmail || undefined,
            password: v.adminPassword,
            roles: ['tenant-admin'],
          },
        }),
      );
      setDone(v);
    } catch (e) {
      // an error on a field goes back to the field's step; anything else stays here, said in full
      if (!back((e as { field?: string | null }).field, phase, e)) {
        setError(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const v = form.getFieldsValue(true) as WizardValues;
  return (
    <Modal
      open
      width={760}
      title={t('tenants.wizard.title')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        done ? (
          <Button type="primary" onClick={onClose}>
            {t('common.done')}
          </Button>
        ) : (
          <Space>
            {step > 0 && (
              <Button onClick={() => setStep(step - 1)} disabled={busy}>
                {t('common.back')}
              </Button>
            )}
            {step < 4 ? (
              <Button type="primary" onClick={() => void next()}>
                {t('common.next')}
              </Button>
            ) : (
              <Button type="primary" loading={busy} onClick={() => void create()}>
                {created ? t('tenants.wizard.createAdmin') : t('tenants.wizard.create')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {done ? (
        <Result
          status="success"
          title={t('tenants.wizard.done', { name: done.displayName })}
          subTitle={t('tenants.wizard.doneHint', { login: `${done.adminUsername}@${done.id}` })}
        />
      ) : (
        <>
          <Steps current={step} size="small" items={steps} style={{ marginBottom: 24 }} />
          {created && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('tenants.wizard.createdNoAdmin', { id: created })} />}
          {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} data-testid="wizard-error" />}
          <Form<WizardValues>
            form={form}
            layout="vertical"
            preserve
            initialValues={{ timezone: 'Asia/Shanghai', locale: 'zh-CN', dedicatedSeats: 10, sharedSeats: 0, taxPercent: 6, paymentTermsDays: 30 }}
          >
            <div hidden={step !== 0}>
              <Form.Item
                name="id"
                label={t('tenants.id')}
                extra={t('tenants.idHint')}
                rules={[
                  { required: true, message: t('common.required') },
                  { pattern: /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, message: t('tenants.idHint') },
                  { min: 2, max: 32, message: t('tenants.idHint') },
                ]}
              >
                <Input disabled={!!created} autoComplete="off" />
              </Form.Item>
              <Form.Item name="displayName" label={t('tenants.name')} rules={[{ required: true, message: t('common.required') }, { max: 200 }]}>
                <Input disabled={!!created} />
              </Form.Item>
              <Form.Item name="contactName" label={t('tenants.contactName')}>
                <Input disabled={!!created} />
              </Form.Item>
              <Form.Item name="contactEmail" label={t('tenants.contactEmail')} rules={[{ type: 'email', message: t('common.badEmail') }]}>
                <Input disabled={!!created} />
              </Form.Item>
              <Form.Item name="contactPhone" label={t('tenants.contactPhone')}>
                <Input disabled={!!created} />
              </Form.Item>
            </div>
            <div hidden={step !== 1}>
              <Form.Item name="timezone" label={t('tenants.zone')} rules={[{ required: true, message: t('common.required') }]}>
                <Select showSearch disabled={!!created} options={tzs.map((z) => ({ value: z, label: z }))} />
              </Form.Item>
              <Form.Item name="locale" label={t('tenants.locale')} rules={[{ required: true, message: t('common.required') }]}>
                <Select
                  disabled={!!created}
                  options={[
                    { value: 'zh-CN', label: '简体中文 (zh-CN)' },
                    { value: 'en-US', label: 'English (en-US)' },
                  ]}
                />
              </Form.Item>
            </div>
            <div hidden={step !== 2}>
              <Form.Item name="dedicatedSeats" label={t('tenants.dedicated')} extra={t('tenants.dedicatedHint')} rules={[{ required: true, message: t('common.required') }]}>
                <InputNumber min={0} max={10000} disabled={!!created} />
              </Form.Item>
              <Form.Item
                name="sharedSeats"
                label={t('tenants.shared')}
                extra={t('tenants.sharedHint', { size: pool.data?.size ?? '–' })}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <InputNumber min={0} max={10000} disabled={!!created} />
              </Form.Item>
              <Form.Item name="planRef" label={t('tenants.plan')} extra={t('tenants.planHint')}>
                <Select allowClear disabled={!!created} loading={plans.isPending} options={planNames.map((p) => ({ value: p, label: p }))} />
              </Form.Item>
              {plan && (
                <>
                  <Typography.Paragraph type="secondary">
                    {t('tenants.billingHint', { currency: (plans.data ?? []).find((p) => p.plan === plan)?.currency ?? '–' })}
                  </Typography.Paragraph>
                  <Form.Item name="legalName" label={t('tenants.legalName')} extra={t('tenants.legalNameHint')}>
                    <Input disabled={subscribed} />
                  </Form.Item>
                  <Space size="large" wrap>
                    <Form.Item name="taxPercent" label={t('tenants.taxPercent')}>
                      <InputNumber min={0} max={99.99} step={0.5} suffix="%" disabled={subscribed} />
                    </Form.Item>
                    <Form.Item name="paymentTermsDays" label={t('tenants.paymentTerms')}>
                      <InputNumber min={0} max={365} suffix={t('tenants.days')} disabled={subscribed} />
                    </Form.Item>
                  </Space>
                  <Form.Item name="billingEmail" label={t('tenants.billingEmail')} extra={t('tenants.billingEmailHint')} rules={[{ type: 'email', message: t('common.badEmail') }]}>
                    <Input disabled={subscribed} />
                  </Form.Item>
                </>
              )}
            </div>
            <div hidden={step !== 3}>
              <Typography.Paragraph type="secondary">{t('tenants.wizard.adminHint')}</Typography.Paragraph>
              <Form.Item name="adminUsername" label={t('users.username')} rules={[{ required: true, message: t('common.required') }]}>
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item name="adminDisplayName" label={t('users.displayName')}>
                <Input />
              </Form.Item>
              <Form.Item name="adminEmail" label={t('users.email')} rules={[{ type: 'email', message: t('common.badEmail') }]}>
                <Input />
              </Form.Item>
              <Form.Item name="adminPassword" label={t('users.password')} rules={[{ required: true, message: t('common.required') }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </div>
            {step === 4 && (
              <Descriptions bordered size="small" column={1} data-testid="wizard-review">
                <Descriptions.Item label={t('tenants.name')}>
                  {v.displayName} ({v.id})
                </Descriptions.Item>
                <Descriptions.Item label={t('tenants.zone')}>
                  {v.timezone} · {v.locale}
                </Descriptions.Item>
                <Descriptions.Item label={t('tenants.dedicated')}>{v.dedicatedSeats}</Descriptions.Item>
                <Descriptions.Item label={t('tenants.shared')}>{v.sharedSeats}</Descriptions.Item>
                <Descriptions.Item label={t('tenants.plan')}>
                  {v.planRef ? t('tenants.planReview', { plan: v.planRef, tax: v.taxPercent ?? 0, days: v.paymentTermsDays ?? 30 }) : '–'}
                </Descriptions.Item>
                <Descriptions.Item label={t('tenants.wizard.admin')}>
                  {v.adminUsername}@{v.id}
                </Descriptions.Item>
              </Descriptions>
            )}
          </Form>
        </>
      )}
    </Modal>
  );
}

/** A tenant's name, contact, seats and plan (its id never changes; time zone and language too, once calls were made). */
function EditTenant({ tenant, onClose }: { tenant: Tenant; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, save: saving } = useSave(form);
  const tzs = useMemo(zones, []);
  const initial = {
    displayName: tenant.displayName,
    contactName: tenant.contactName ?? undefined,
    contactEmail: tenant.contactEmail ?? undefined,
    contactPhone: tenant.contactPhone ?? undefined,
    timezone: tenant.timezone,
    locale: tenant.locale,
    dedicatedSeats: tenant.dedicatedSeats,
    sharedSeats: tenant.sharedSeats,
    planRef: tenant.planRef ?? undefined,
  };
  const save = async (v: typeof initial) => {
    const diff = changed(initial, v);
    if (Object.keys(diff).length === 0) {
      onClose();
      return;
    }
    await saving(async () => {
      await unwrap(api.PATCH('/tenants/{tenant}', { params: { path: { tenant: tenant.id } }, body: diff }));
      void message.success(t('common.saved'));
      onClose();
    });
  };
  return (
    <Drawer
      open
      size={480}
      title={t('tenants.editOne', { name: tenant.displayName })}
      onClose={onClose}
      extra={
        <Button type="primary" loading={busy} onClick={() => form.submit()}>
          {t('common.save')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)}>
        <Form.Item name="displayName" label={t('tenants.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="contactName" label={t('tenants.contactName')}>
          <Input />
        </Form.Item>
        <Form.Item name="contactEmail" label={t('tenants.contactEmail')} rules={[{ type: 'email', message: t('common.badEmail') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('tenants.contactPhone')}>
          <Input />
        </Form.Item>
        <Form.Item name="timezone" label={t('tenants.zone')}>
          <Select showSearch options={tzs.map((z) => ({ value: z, label: z }))} />
        </Form.Item>
        <Form.Item name="locale" label={t('tenants.locale')}>
          <Select
            options={[
              { value: 'zh-CN', label: '简体中文 (zh-CN)' },
              { value: 'en-US', label: 'English (en-US)' },
            ]}
          />
        </Form.Item>
        <Form.Item name="dedicatedSeats" label={t('tenants.dedicated')}>
          <InputNumber min={0} max={10000} />
        </Form.Item>
        <Form.Item name="sharedSeats" label={t('tenants.shared')}>
          <InputNumber min={0} max={10000} />
        </Form.Item>
        <Form.Item name="planRef" label={t('tenants.plan')}>
          <Input />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/**
 * Suspending or closing a tenant asks why (kept in the audit trail). Closing cannot be undone: the operator types the
 * tenant's id to confirm.
 */
function ReasonDialog({ tenant, action, onClose }: { tenant: Tenant; action: 'suspend' | 'close'; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string; confirm?: string }>();
  const { busy, save: saving } = useSave(form);
  const submit = async ({ reason }: { reason: string }) => {
    await saving(async () => {
      const path = { params: { path: { tenant: tenant.id } }, body: { reason } };
      await unwrap(action === 'suspend' ? api.POST('/tenants/{tenant}/suspend', path) : api.POST('/tenants/{tenant}/close', path));
      void message.success(t(action === 'suspend' ? 'tenants.suspended' : 'tenants.closed', { name: tenant.displayName }));
      onClose();
    });
  };
  return (
    <Modal
      open
      title={t(action === 'suspend' ? 'tenants.suspendOne' : 'tenants.closeOne', { name: tenant.displayName })}
      okText={t(action === 'suspend' ? 'tenants.suspend' : 'tenants.close')}
      okButtonProps={{ danger: action === 'close', loading: busy }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph>{t(action === 'suspend' ? 'tenants.suspendHint' : 'tenants.closeHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="reason" label={t('tenants.reason')} rules={[{ required: true, message: t('common.required') }, { max: 500 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        {action === 'close' && (
          <Form.Item
            name="confirm"
            label={t('tenants.typeId', { id: tenant.id })}
            rules={[{ validator: (_, v) => (v === tenant.id ? Promise.resolve() : Promise.reject(new Error(t('tenants.typeId', { id: tenant.id })))) }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
