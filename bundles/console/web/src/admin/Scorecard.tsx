import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, errorText, unwrap, type Schemas } from '../api/client';
import { can } from '../api/session';
import { todayIn } from '../lib/format';
import { Chart } from '../pages/Chart';
import type { AdminProps } from './Admin';

type Row = Schemas['ScorecardServiceRow'];
type Score = Schemas['ScorecardServiceScore'];
const MEASURES = ['ADHERENCE', 'QA_SCORE', 'CSAT', 'AHT', 'CALLS_PER_HOUR'] as const;
type Measure = (typeof MEASURES)[number];

/** A measure's value as read: adherence as a percentage, AHT in m:ss, the others as numbers. */
export function measureValue(m: Measure, v: number | null | undefined, locale: string): string {
  if (v == null) return '–';
  if (m === 'ADHERENCE') return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  if (m === 'AHT') return `${Math.floor(v / 60)}:${String(Math.round(v % 60)).padStart(2, '0')}`;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(v);
}

/**
 * The agents' scorecard (绩效考核): a month's adherence, QA score, CSAT, AHT and calls an hour per agent, each scored
 * against the company's target, weighted into one score and ranked; a chart of the scores; the weights and targets.
 */
export function Scorecard({ session, tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const [month, setMonth] = useState(todayIn().slice(0, 7));
  const [team, setTeam] = useState<string | null>(null);
  const all = can(session, 'reports:read');
  const teams = useQuery({
    queryKey: ['teams', tenant],
    enabled: all && can(session, 'teams:read'),
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/teams', { params: { path: { tenant }, query: { limit: 500 } } })),
  });
  const card = useQuery({
    queryKey: ['scorecard', tenant, month, team],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/scorecard', { params: { path: { tenant }, query: { month, team: team ?? undefined } } })),
  });
  const rows = card.data?.rows ?? [];
  const weights = (card.data?.weights?.weights ?? {}) as Record<string, number>;
  const score = (r: Row, m: Measure) => (r.scores as Record<string, Score> | null | undefined)?.[m];
  const chart = {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.agentName ?? r.agentUserId) },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [{ type: 'bar', name: t('scorecard.total'), data: rows.map((r) => r.total ?? null), itemStyle: { color: '#0958d9' } }],
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker
          picker="month"
          aria-label={t('scorecard.month')}
          value={dayjs(`${month}-01`)}
          allowClear={false}
          disabledDate={(d) => d.isAfter(dayjs(todayIn()), 'month')}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
        />
        {all && (teams.data?.items ?? []).length > 0 && (
          <Select
            aria-label={t('scorecard.team')}
            style={{ minWidth: 160 }}
            value={team ?? 'ALL'}
            onChange={(v) => setTeam(v === 'ALL' ? null : v)}
            options={[{ value: 'ALL', label: t('scorecard.allTeams') }, ...(teams.data?.items ?? []).map((x) => ({ value: x.id ?? '', label: x.name ?? '' }))]}
          />
        )}
      </Space>
      {card.isError && <Typography.Text type="danger">{errorText(card.error)}</Typography.Text>}
      {rows.length > 1 && (
        <Card size="small" title={t('scorecard.chart')} data-testid="scorecard-chart">
          <Chart light option={chart} height={240} label={t('scorecard.chartLabel')} />
        </Card>
      )}
      <Card size="small" title={t('scorecard.table', { from: card.data?.from ?? '', to: card.data?.to ?? '' })}>
        <div tabIndex={0} role="region" aria-label={t('scorecard.title')} style={{ overflowX: 'auto' }}>
          <Table<Row>
            size="small"
            data-testid="scorecard-table"
            rowKey={(r) => r.agentUserId ?? ''}
            loading={card.isFetching}
            dataSource={rows}
            pagination={false}
            locale={{ emptyText: <Typography.Text type="secondary">{t('scorecard.none')}</Typography.Text> }}
            columns={[
              { title: t('scorecard.rank'), key: 'rank', render: (r: Row) => r.rank ?? '–' },
              { title: t('scorecard.agent'), key: 'agent', render: (r: Row) => r.agentName ?? r.agentUserId },
              ...MEASURES.map((m) => ({
                title: `${t(`scorecard.m.${m}`)} (${weights[m] ?? 0})`,
                key: m,
                align: 'right' as const,
                render: (r: Row) => {
                  const s = score(r, m);
                  return (
                    <span>
                      {measureValue(m, s?.value, i18n.language)}
                      {s?.points != null && <Typography.Text type="secondary">{` · ${s.points}`}</Typography.Text>}
                    </span>
                  );
                },
              })),
              { title: t('scorecard.total'), key: 'total', align: 'right' as const, render: (r: Row) => <strong>{r.total ?? '–'}</strong> },
            ]}
          />
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('scorecard.how')}
        </Typography.Paragraph>
      </Card>
      {can(session, 'reports:manage') && card.data?.weights && <WeightsForm tenant={tenant} weights={card.data.weights} />}
    </Space>
  );
}

function WeightsForm({ tenant, weights }: { tenant: string; weights: Schemas['ScorecardServiceWeights'] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const values = Form.useWatch([], form) as Record<string, { weight?: number; target?: number }> | undefined;
  const sum = MEASURES.reduce((n, m) => n + (values?.[m]?.weight ?? 0), 0);
  const w = (weights.weights ?? {}) as Record<string, number>;
  const tg = (weights.targets ?? {}) as Record<string, number>;
  const save = async (v: Record<string, { weight: number; target: number }>) => {
    const body = {
      weights: Object.fromEntries(MEASURES.map((m) => [m, v[m]?.weight ?? 0])),
      targets: Object.fromEntries(MEASURES.map((m) => [m, v[m]?.target ?? tg[m] ?? 0]).filter(([, x]) => Number(x) > 0)) as Record<string, number>,
    };
    try {
      await unwrap(api.PUT('/tenants/{tenant}/scorecard/weights', { params: { path: { tenant } }, body }));
      void message.success(t('scorecard.saved'));
      void client.invalidateQueries({ queryKey: ['scorecard', tenant] });
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  return (
    <Card size="small" title={t('scorecard.weights')}>
      <Form form={form} layout="inline" onFinish={save} initialValues={Object.fromEntries(MEASURES.map((m) => [m, { weight: w[m] ?? 0, target: tg[m] }]))}>
        {MEASURES.map((m) => (
          <Space key={m} orientation="vertical" size={0} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t(`scorecard.m.${m}`)}</Typography.Text>
            <Space>
              <Form.Item name={[m, 'weight']} label={t('scorecard.weight')}>
                <InputNumber min={0} max={100} style={{ width: 72 }} aria-label={`${t(`scorecard.m.${m}`)} ${t('scorecard.weight')}`} />
              </Form.Item>
              <Form.Item name={[m, 'target']} label={t('scorecard.target')}>
                <InputNumber min={0} style={{ width: 90 }} aria-label={`${t(`scorecard.m.${m}`)} ${t('scorecard.target')}`} />
              </Form.Item>
            </Space>
          </Space>
        ))}
        <Space orientation="vertical">
          <Typography.Text type={sum === 100 ? 'secondary' : 'danger'}>{t('scorecard.sum', { sum })}</Typography.Text>
          <Button type="primary" htmlType="submit">
            {t('common.save')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
