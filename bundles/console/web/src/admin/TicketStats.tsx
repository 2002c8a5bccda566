import { useState } from 'react';
import { Card, DatePicker, Segmented, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api, errorText, unwrap, type Schemas } from '../api/client';
import { todayIn } from '../lib/format';
import { Chart } from '../pages/Chart';

type Row = Schemas['TicketServiceTicketStatsRow'];
const BY = ['CATEGORY', 'STATUS', 'DEPARTMENT', 'AGENT', 'TEAM'] as const;

/**
 * Ticket statistics (工单统计): the tickets created over the days, by category, status, department, agent or team —
 * created, open, resolved, past their SLA (and the share), hours to resolve, revisit satisfaction — chart and table.
 */
export function TicketStats({ tenant }: { tenant: string }) {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(todayIn()).subtract(29, 'day'), dayjs(todayIn())]);
  const [by, setBy] = useState<(typeof BY)[number]>('CATEGORY');
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const stats = useQuery({
    queryKey: ['ticket-stats', tenant, from, to, by],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/tickets/stats', { params: { path: { tenant }, query: { from, to, by } } })),
  });
  const rows = stats.data?.rows ?? [];
  const name = (r: Row) => (r.key ? (by === 'STATUS' ? t(`ticketStats.status.${r.key}`, { defaultValue: r.key }) : (r.label ?? r.key)) : t('ticketStats.none'));
  const pct = (v: number | null | undefined) =>
    v == null ? '–' : new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  const num = (v: number | null | undefined) => (v == null ? '–' : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(v));
  const chart = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: rows.map(name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: t('ticketStats.open'), stack: 'n', data: rows.map((r) => r.open), itemStyle: { color: '#0958d9' } },
      { type: 'bar', name: t('ticketStats.resolved'), stack: 'n', data: rows.map((r) => r.resolved), itemStyle: { color: '#389e0d' } },
      { type: 'line', name: t('ticketStats.breached'), data: rows.map((r) => r.breached), itemStyle: { color: '#cf1322' } },
    ],
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} aria-label={t('ticketStats.period')} />
        <Segmented
          aria-label={t('ticketStats.by')}
          value={by}
          onChange={(v) => setBy(v as (typeof BY)[number])}
          options={BY.map((b) => ({ value: b, label: t(`ticketStats.byOf.${b}`) }))}
        />
      </Space>
      {stats.isError && <Typography.Text type="danger">{errorText(stats.error)}</Typography.Text>}
      {rows.length > 0 && (
        <Card size="small" title={t('ticketStats.chart')} data-testid="ticket-stats-chart">
          <Chart light option={chart} height={260} label={t('ticketStats.chartLabel')} />
        </Card>
      )}
      <Table<Row>
        size="small"
        data-testid="ticket-stats"
        rowKey={(r) => r.key ?? '-'}
        loading={stats.isFetching}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: <Typography.Text type="secondary">{t('ticketStats.empty')}</Typography.Text> }}
        summary={() =>
          stats.data?.total ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>{t('ticketStats.total')}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1}>{stats.data.total.created}</Table.Summary.Cell>
              <Table.Summary.Cell index={2}>{stats.data.total.open}</Table.Summary.Cell>
              <Table.Summary.Cell index={3}>{stats.data.total.resolved}</Table.Summary.Cell>
              <Table.Summary.Cell index={4}>{stats.data.total.breached}</Table.Summary.Cell>
              <Table.Summary.Cell index={5}>{pct(stats.data.total.breachRate)}</Table.Summary.Cell>
              <Table.Summary.Cell index={6}>{num(stats.data.total.meanResolutionHours)}</Table.Summary.Cell>
              <Table.Summary.Cell index={7}>{num(stats.data.total.meanSatisfaction)}</Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
        columns={[
          { title: t(`ticketStats.byOf.${by}`), key: 'key', render: (r: Row) => name(r) },
          { title: t('ticketStats.created'), dataIndex: 'created', key: 'created' },
          { title: t('ticketStats.open'), dataIndex: 'open', key: 'open' },
          { title: t('ticketStats.resolved'), dataIndex: 'resolved', key: 'resolved' },
          { title: t('ticketStats.breached'), dataIndex: 'breached', key: 'breached' },
          { title: t('ticketStats.breachRate'), key: 'rate', render: (r: Row) => pct(r.breachRate) },
          { title: t('ticketStats.hours'), key: 'hours', render: (r: Row) => num(r.meanResolutionHours) },
          { title: t('ticketStats.satisfaction'), key: 'sat', render: (r: Row) => num(r.meanSatisfaction) },
        ]}
      />
      <Typography.Paragraph type="secondary">{t('ticketStats.how', { zone: stats.data?.timezone ?? '' })}</Typography.Paragraph>
    </Space>
  );
}
