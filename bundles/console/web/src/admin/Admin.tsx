import { lazy, Suspense, useState } from 'react';
import { Alert, Empty, Menu, Select, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTenants } from './hooks';
import type { SessionInfo } from '../api/session';
import type { Route } from '../lib/route';
import { adminPages, groupOf, GROUPS } from './pages';
import './i18n';

// each group of pages is a chunk of its own, fetched when first opened
const Tenants = lazy(() => import('./Tenants'));
const Seats = lazy(() => import('./Seats'));
const Users = lazy(() => import('./Users'));
const Teams = lazy(() => import('./Teams'));
const Queues = lazy(() => import('./Queues'));
const Ivr = lazy(() => import('./Ivr'));
const Campaigns = lazy(() => import('./Campaigns'));
const BillingRuns = lazy(() => import('./Billing').then((m) => ({ default: m.BillingRuns })));
const OperatorUsers = lazy(() => import('./System').then((m) => ({ default: m.OperatorUsers })));
const AuditLog = lazy(() => import('./System').then((m) => ({ default: m.AuditLog })));
const SystemStatus = lazy(() => import('./System').then((m) => ({ default: m.SystemStatus })));
const RecordingPolicy = lazy(() => import('./Lists').then((m) => ({ default: m.RecordingPolicy })));
const Dispositions = lazy(() => import('./Lists').then((m) => ({ default: m.Dispositions })));
const NumberLists = lazy(() => import('./Lists').then((m) => ({ default: m.NumberLists })));
const OperatorNumberLists = lazy(() => import('./Lists').then((m) => ({ default: m.OperatorNumberLists })));
const Invoices = lazy(() => import('./Billing').then((m) => ({ default: m.Invoices })));
const Prompts = lazy(() => import('./Prompts'));
const Calendar = lazy(() => import('./Calendar'));
const Numbers = lazy(() => import('./Numbers'));
const QaWork = lazy(() => import('./Evaluate').then((m) => ({ default: m.QaWork })));
const Evaluations = lazy(() => import('./Evaluate').then((m) => ({ default: m.Evaluations })));
const Scorecards = lazy(() => import('./Quality').then((m) => ({ default: m.Scorecards })));
const KpiReports = lazy(() => import('./KpiReports').then((m) => ({ default: m.KpiReports })));
const Schedules = lazy(() => import('./Schedules').then((m) => ({ default: m.Schedules })));
const Adherence = lazy(() => import('./Adherence').then((m) => ({ default: m.Adherence })));
const Scorecard = lazy(() => import('./Scorecard').then((m) => ({ default: m.Scorecard })));
const ForecastPage = lazy(() => import('./Forecast').then((m) => ({ default: m.ForecastPage })));
const KpiSummary = lazy(() => import('./KpiReports').then((m) => ({ default: m.KpiSummary })));
const QaReports = lazy(() => import('./QaReports').then((m) => ({ default: m.QaReports })));
const CoachingTasks = lazy(() => import('./QaReports').then((m) => ({ default: m.CoachingTasks })));
const Customers = lazy(() => import('./Customers').then((m) => ({ default: m.Customers })));
const Tickets = lazy(() => import('./Tickets').then((m) => ({ default: m.Tickets })));
const Calibrations = lazy(() => import('./Calibration').then((m) => ({ default: m.Calibrations })));
const Plans = lazy(() => import('./Plans').then((m) => ({ default: m.Plans })));
const Accounts = lazy(() => import('./Accounts').then((m) => ({ default: m.Accounts })));
const Tokens = lazy(() => import('./Tokens').then((m) => ({ default: m.Tokens })));
const Scripts = lazy(() => import('./Scripts').then((m) => ({ default: m.Scripts })));
const Knowledge = lazy(() => import('./Knowledge').then((m) => ({ default: m.Knowledge })));
const Trunks = lazy(() => import('./Trunks').then((m) => ({ default: m.Trunks })));
const CompanyInvoices = lazy(() => import('./Billing').then((m) => ({ default: m.CompanyInvoices })));
const Calls = lazy(() => import('./Calls').then((m) => ({ default: m.Calls })));
const Sampling = lazy(() => import('./Quality').then((m) => ({ default: m.Sampling })));

export interface AdminProps {
  session: SessionInfo;
  /** the tenant the page works on: the user's own, or the one the operator chose */
  tenant: string;
}

const TENANT_KEY = 'seatline.admin.tenant';

/**
 * The administration: a menu of the pages this user may open (grouped: operator, company, telephony), the page, and —
 * for the operator on a page of one tenant — which tenant.
 */
export default function Admin({ session, page, go }: { session: SessionInfo; page: string | null; go: (r: Route) => void }) {
  const { t } = useTranslation();
  const pages = adminPages(session);
  const current = pages.find((p) => p.key === page) ?? pages[0];
  const own = session.user.tenantId ?? null;
  const [chosen, choose] = useState<string | null>(() => own ?? localStorage.getItem(TENANT_KEY));
  const tenant = own ?? chosen;

  if (!current) {
    return <Alert type="info" showIcon title={t('error.forbidden')} />;
  }
  const props = { session, tenant: tenant ?? '' };
  return (
    // inside the console's own <main>: no second main landmark
    <div style={{ display: 'flex', gap: 24, alignItems: 'flex-start' }}>
      <aside style={{ width: 220, flex: '0 0 220px' }}>
        <nav aria-label={t('admin.menu')}>
          <Menu
            mode="inline"
            selectedKeys={[current.key]}
            items={GROUPS
              .map((g) => ({
                type: 'group' as const,
                key: g,
                label: t(`admin.group.${g}`),
                children: pages.filter((p) => groupOf(p, session) === g).map((p) => ({ key: p.key, label: t(`admin.page.${p.key}`) })),
              }))
              .filter((g) => g.children.length > 0)}
            onClick={(e) => go(`admin/${e.key}`)}
          />
        </nav>
      </aside>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
          <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
            {t(`admin.page.${current.key}`)}
          </Typography.Title>
          {current.perTenant && !own && (
            <TenantPicker
              value={chosen}
              onChange={(v) => {
                localStorage.setItem(TENANT_KEY, v);
                choose(v);
              }}
            />
          )}
        </Space>
        <Suspense fallback={<Spin />}>
          {current.perTenant && !tenant ? (
            <Empty description={t('admin.chooseTenant')} />
          ) : (
            <>
              {current.key === 'tenants' && <Tenants {...props} />}
              {current.key === 'seats' && <Seats {...props} />}
              {current.key === 'users' && <Users key={tenant} {...props} />}
              {current.key === 'teams' && <Teams key={tenant} {...props} />}
              {current.key === 'queues' && <Queues key={tenant} {...props} />}
              {current.key === 'ivr' && <Ivr key={tenant} {...props} />}
              {current.key === 'campaigns' && <Campaigns key={tenant} {...props} />}
              {current.key === 'billing' && <BillingRuns {...props} />}
              {current.key === 'invoices' && <Invoices {...props} />}
              {current.key === 'my-invoices' && <CompanyInvoices {...props} />}
              {current.key === 'plans' && <Plans {...props} />}
              {current.key === 'accounts' && <Accounts {...props} />}
              {current.key === 'trunks' && <Trunks {...props} />}
              {current.key === 'operators' && <OperatorUsers {...props} />}
              {current.key === 'operator-lists' && <OperatorNumberLists />}
              {current.key === 'audit' && <AuditLog {...props} />}
              {current.key === 'tokens' && <Tokens key={tenant} {...props} />}
              {current.key === 'system' && <SystemStatus {...props} />}
              {current.key === 'recording' && <RecordingPolicy key={tenant} {...props} />}
              {current.key === 'dispositions' && <Dispositions key={tenant} {...props} />}
              {current.key === 'lists' && <NumberLists key={tenant} {...props} />}
              {current.key === 'prompts' && <Prompts key={tenant} {...props} />}
              {current.key === 'calendar' && <Calendar key={tenant} {...props} />}
              {current.key === 'numbers' && <Numbers {...props} />}
              {current.key === 'qa-work' && <QaWork key={tenant} {...props} />}
              {current.key === 'qa-evaluations' && <Evaluations key={tenant} which="all" {...props} />}
              {current.key === 'qa-disputes' && <Evaluations key={tenant} which="disputes" {...props} />}
              {current.key === 'qa-mine' && <Evaluations key={tenant} which="mine" {...props} />}
              {current.key === 'qa-scorecards' && <Scorecards key={tenant} {...props} />}
              {current.key === 'qa-sampling' && <Sampling key={tenant} {...props} />}
              {current.key === 'customers' && <Customers key={tenant} {...props} />}
              {current.key === 'calls' && <Calls key={tenant} {...props} />}
              {current.key === 'tickets' && <Tickets key={tenant} {...props} />}
              {current.key === 'scripts' && <Scripts key={tenant} {...props} />}
              {current.key === 'kb' && <Knowledge key={tenant} {...props} />}
              {current.key === 'qa-calibration' && <Calibrations key={tenant} {...props} />}
              {current.key === 'qa-reports' && <QaReports key={tenant} {...props} />}
              {current.key === 'qa-coaching' && <CoachingTasks key={tenant} {...props} />}
              {current.key === 'kpis' && <KpiReports key={tenant} {...props} />}
              {current.key === 'kpi-summary' && <KpiSummary />}
              {current.key === 'forecast' && <ForecastPage key={tenant} {...props} />}
              {current.key === 'schedules' && <Schedules key={tenant} {...props} />}
              {current.key === 'adherence' && <Adherence key={tenant} {...props} />}
              {current.key === 'scorecard' && <Scorecard key={tenant} {...props} />}
            </>
          )}
        </Suspense>
      </div>
    </div>
  );
}

/** The operator's choice of tenant for the pages of one tenant: active and suspended ones, by name or id. */
function TenantPicker({ value, onChange }: { value: string | null; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const tenants = useTenants();
  return (
    <Select
      aria-label={t('admin.tenant')}
      placeholder={t('admin.chooseTenant')}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: 280 }}
      loading={tenants.isPending}
      value={value ?? undefined}
      onChange={onChange}
      options={(tenants.data?.items ?? [])
        .filter((x) => x.status !== 'CLOSED')
        .map((x) => ({ value: x.id, label: `${x.displayName} (${x.id})` }))}
    />
  );
}
