import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Popconfirm, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api, errorText, unwrap, type Schemas } from '../api/client';
import { can } from '../api/session';
import { todayIn } from '../lib/format';
import { Chart } from '../pages/Chart';
import type { AdminProps } from './Admin';
import { byPeriod, exportHref, seconds, share, trend } from './kpis';
import { ReportSchedules } from './ReportSchedules';

type Report = Schemas['ReportServiceKpiReport'];
type Row = Schemas['ReportServiceKpiRow'];
type Kpis = Schemas['ReportServiceKpis'];
type Granularity = 'MIN15' | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';
type By = 'TENANT' | 'QUEUE' | 'TEAM' | 'AGENT';
type Compare = 'NONE' | 'PREVIOUS' | 'YEAR';
const DAY = 'YYYY-MM-DD';

/** The headline figures, in the order the cards show them, and how each is written. */
const HEADLINE: { key: keyof Kpis; kind: 'count' | 'share' | 'seconds' | 'score' }[] = [
  { key: 'offered', kind: 'count' },
  { key: 'answered', kind: 'count' },
  { key: 'serviceLevel', kind: 'share' },
  { key: 'asaSeconds', kind: 'seconds' },
  { key: 'abandonRate', kind: 'share' },
  { key: 'ahtSeconds', kind: 'seconds' },
  { key: 'occupancy', kind: 'share' },
  { key: 'csat', kind: 'score' },
];

function written(v: unknown, kind: 'count' | 'share' | 'seconds' | 'score', locale: string): string {
  const n = typeof v === 'number' ? v : null;
  if (kind === 'share') return share(n, locale);
  if (kind === 'seconds') return seconds(n);
  if (kind === 'score') return n === null ? '–' : n.toFixed(2);
  return n === null ? '–' : new Intl.NumberFormat(locale).format(n);
}

/**
 * KPI reports (运营报表): a company's calls and agents by period and by queue, team or agent — capacity, service level
 * (both formulas), waits, abandons, handling time, occupancy, CSAT — with the period before (环比) or a year before
 * (同比), a chart and a table, exported as Excel or CSV. An agent without the company's reports sees their own.
 */
export function KpiReports({ session, tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const own = !can(session, 'reports:read');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(todayIn()).subtract(6, 'day'), dayjs(todayIn())]);
  const [granularity, setGranularity] = useState<Granularity>('DAY');
  const [by, setBy] = useState<By>('TENANT');
  const [queue, setQueue] = useState<string | undefined>(undefined);
  const [compare, setCompare] = useState<Compare>('PREVIOUS');
  const [rebuilding, setRebuilding] = useState(false);
  const query = {
    from: range[0].format(DAY),
    to: range[1].format(DAY),
    granularity,
    by: own ? 'TENANT' : by,
    queue,
    agent: own ? (session.user.id ?? undefined) : undefined,
    compare,
  };
  const report = useQuery({
    queryKey: ['kpis', tenant, query],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/reports/kpis', { params: { path: { tenant }, query } })),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const queues = useQuery({
    queryKey: ['queues', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/queues', { params: { path: { tenant } } })),
    enabled: !own,
  });
  const data: Report | undefined = report.data;
  const periods = useMemo(() => byPeriod(data?.rows ?? []), [data]);
  const change = data?.comparison?.change as Record<string, number | null> | undefined;
  const locale = i18n.language;
  const chartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: periods.map((p) => p.period.replace('T', ' ')) },
    yAxis: [
      { type: 'value', minInterval: 1, name: t('kpis.calls') },
      { type: 'value', min: 0, max: 100, name: '%', axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { type: 'bar', name: t('kpis.f.offered'), data: periods.map((p) => p.offered), itemStyle: { color: '#91caff' } },
      { type: 'bar', name: t('kpis.f.answered'), data: periods.map((p) => p.answered), itemStyle: { color: '#0958d9' } },
      {
        type: 'line',
        yAxisIndex: 1,
        name: t('kpis.f.serviceLevel'),
        connectNulls: true,
        data: periods.map((p) => (p.serviceLevel === null ? null : Math.round(p.serviceLevel * 1000) / 10)),
        itemStyle: { color: '#389e0d' },
      },
    ],
  };
  const rebuild = async () => {
    setRebuilding(true);
    try {
      const r = await unwrap(api.POST('/tenants/{tenant}/reports/rebuild', { params: { path: { tenant }, query: { from: query.from, to: query.to } } }));
      void message.success(t('kpis.rebuilt', { calls: r.calls, changes: r.stateChanges }));
      void report.refetch();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setRebuilding(false);
    }
  };
  const col = (key: keyof Kpis, kind: 'count' | 'share' | 'seconds' | 'score') => ({
    title: t(`kpis.f.${key}`),
    key,
    align: 'right' as const,
    render: (_: unknown, r: Row) => written(r.kpis?.[key], kind, locale),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} aria-label={t('kpis.period')} />
        <Select<Granularity>
          aria-label={t('kpis.granularity')}
          style={{ width: 130 }}
          value={granularity}
          onChange={setGranularity}
          options={(['MIN15', 'HOUR', 'DAY', 'WEEK', 'MONTH'] as const).map((v) => ({ value: v, label: t(`kpis.granularityOf.${v}`) }))}
        />
        {!own && (
          <>
            <Select<By>
              aria-label={t('kpis.by')}
              style={{ width: 150 }}
              value={by}
              onChange={setBy}
              options={(['TENANT', 'QUEUE', 'TEAM', 'AGENT'] as const).map((v) => ({ value: v, label: t(`kpis.byOf.${v}`) }))}
            />
            <Select
              aria-label={t('kpis.queue')}
              style={{ width: 180 }}
              allowClear
              placeholder={t('kpis.allQueues')}
              value={queue}
              onChange={setQueue}
              options={(queues.data ?? []).map((q) => ({ value: q.name!, label: q.displayName || q.name }))}
            />
          </>
        )}
        <Select<Compare>
          aria-label={t('kpis.compare')}
          style={{ width: 170 }}
          value={compare}
          onChange={setCompare}
          options={(['NONE', 'PREVIOUS', 'YEAR'] as const).map((v) => ({ value: v, label: t(`kpis.compareOf.${v}`) }))}
        />
        <Button href={exportHref(tenant, query, 'xlsx', locale)} download data-testid="export-xlsx">
          {t('kpis.exportXlsx')}
        </Button>
        <Button href={exportHref(tenant, query, 'csv', locale)} download>
          {t('kpis.exportCsv')}
        </Button>
        {can(session, 'reports:rebuild') && (
          <Popconfirm title={t('kpis.rebuildConfirm')} onConfirm={rebuild} okText={t('kpis.rebuild')} cancelText={t('common.cancel')}>
            <Button loading={rebuilding}>{t('kpis.rebuild')}</Button>
          </Popconfirm>
        )}
      </Space>
      {report.isError && <Alert type="error" showIcon title={errorText(report.error)} />}
      {own && <Alert type="info" showIcon title={t('kpis.own')} />}
      <Row gutter={[12, 12]} data-testid="kpi-cards">
        {HEADLINE.map(({ key, kind }) => {
          const tr = trend(key, change?.[key]);
          return (
            <Col key={key} xs={12} md={6} xl={3}>
              <Card size="small" data-testid={`kpi-${key}`}>
                <Statistic title={t(`kpis.f.${key}`)} value={written(data?.total?.[key], kind, locale)} />
                {tr && (
                  <Typography.Text
                    type={tr.tone === 'good' ? 'success' : tr.tone === 'bad' ? 'danger' : 'secondary'}
                    aria-label={t(`kpis.changeOf.${compare}`, { change: tr.text })}
                  >
                    {tr.direction === 'up' ? '▲' : tr.direction === 'down' ? '▼' : '＝'} {tr.text}
                  </Typography.Text>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
      <Card size="small" title={t('kpis.chart')} data-testid="kpi-chart">
        {periods.length === 0 ? (
          <Typography.Text type="secondary">{t('kpis.noData')}</Typography.Text>
        ) : (
          <Chart light option={chartOption} height={300} label={t('kpis.chartLabel')} />
        )}
      </Card>
      <Card size="small" title={t('kpis.table')}>
        {/* a wide table scrolls sideways in a region the keyboard can reach */}
        <div tabIndex={0} role="region" aria-label={t('kpis.table')} style={{ overflowX: 'auto' }}>
          <Table<Row>
            size="small"
            data-testid="kpi-table"
            rowKey={(r) => `${r.period}|${r.key ?? ''}`}
            loading={report.isFetching}
            dataSource={data?.rows ?? []}
            pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: <Typography.Text type="secondary">{t('kpis.noData')}</Typography.Text> }}
            columns={[
              { title: t('kpis.periodCol'), dataIndex: 'period', render: (p: string) => p.replace('T', ' '), onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) },
              ...(query.by !== 'TENANT' ? [{ title: t(`kpis.byOf.${query.by}`), key: 'group', render: (_: unknown, r: Row) => r.label ?? r.key }] : []),
              col('offered', 'count'),
              col('answered', 'count'),
              col('abandoned', 'count'),
              col('shortAbandoned', 'count'),
              col('serviceLevel', 'share'),
              col('serviceLevelOfAnswered', 'share'),
              col('asaSeconds', 'seconds'),
              col('longestWaitSeconds', 'seconds'),
              col('abandonRate', 'share'),
              col('ahtSeconds', 'seconds'),
              col('acwSeconds', 'seconds'),
              col('transferRate', 'share'),
              col('occupancy', 'share'),
              col('utilisation', 'share'),
              col('callsPerHour', 'score'),
              col('csat', 'score'),
            ]}
          />
        </div>
        {data && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('kpis.formulas', { seconds: data.shortAbandonSeconds, zone: data.timezone })}
          </Typography.Paragraph>
        )}
      </Card>
      {!own && <ReportSchedules session={session} tenant={tenant} />}
    </Space>
  );
}

type TenantKpis = Schemas['ReportServiceTenantKpis'];

/** The operator's summary (运营总览): every company's calls and service over a period, busiest first. */
export function KpiSummary() {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(6, 'day'), dayjs()]);
  const from = range[0].format(DAY);
  const to = range[1].format(DAY);
  const summary = useQuery({
    queryKey: ['kpi-summary', from, to],
    queryFn: () => unwrap(api.GET('/reports/tenants', { params: { query: { from, to } } })),
    placeholderData: keepPreviousData,
  });
  const locale = i18n.language;
  const col = (key: keyof Kpis, kind: 'count' | 'share' | 'seconds' | 'score') => ({
    title: t(`kpis.f.${key}`),
    key,
    align: 'right' as const,
    render: (_: unknown, r: TenantKpis) => written(r.kpis?.[key], kind, locale),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} aria-label={t('kpis.period')} />
      {summary.isError && <Alert type="error" showIcon title={errorText(summary.error)} />}
      <div tabIndex={0} role="region" aria-label={t('admin.page.kpi-summary')} style={{ overflowX: 'auto' }}>
        <Table<TenantKpis>
          size="small"
          data-testid="kpi-summary"
          rowKey="tenantId"
          loading={summary.isFetching}
          dataSource={summary.data ?? []}
          locale={{ emptyText: <Typography.Text type="secondary">{t('kpis.noData')}</Typography.Text> }}
          columns={[
            { title: t('kpis.company'), key: 'name', render: (_: unknown, r: TenantKpis) => r.displayName ?? r.tenantId, },
            col('offered', 'count'),
            col('answered', 'count'),
            col('serviceLevel', 'share'),
            col('asaSeconds', 'seconds'),
            col('abandonRate', 'share'),
            col('ahtSeconds', 'seconds'),
            col('occupancy', 'share'),
            col('loggedInHours', 'score'),
            col('csat', 'score'),
          ]}
        />
      </div>
    </Space>
  );
}
