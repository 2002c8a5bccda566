import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api, errorText, toApiError, unwrap, type Schemas } from '../api/client';
import { can } from '../api/session';
import { todayIn } from '../lib/format';
import { Chart } from '../pages/Chart';
import type { AdminProps } from './Admin';
import { accuracyVerdict, chartSeries, factorText, forecastQuery, type TargetForm } from './forecast';
import { dayLabel } from '../lib/shifts';
import { seconds, share } from './kpis';

type Forecast = Schemas['ForecastServiceForecast'];
type Interval = Schemas['ForecastServiceForecastInterval'];
type Day = Schemas['ForecastServiceForecastDay'];
type Adjustment = Schemas['ForecastServiceAdjustment'];
type Imported = Schemas['ForecastServiceHistoryImport'];
const DAY = 'YYYY-MM-DD';

/** The Monday after today in the company's zone: a forecast is usually made for the coming week. */
function nextMonday(): Dayjs {
  const today = dayjs(todayIn());
  return today.add(((8 - today.day()) % 7) || 7, 'day');
}

/**
 * Forecast and staffing (预测与排班需求): a queue's calls and handling time per interval from its history (weekday and
 * intraday pattern, trend, holidays, adjustments), the agents each interval needs for the service target (Erlang C, or
 * Erlang A with the callers' patience) on the phones and to schedule (shrinkage), with the back-test against the
 * seasonal-naive baseline. Supervisors add adjustments (a campaign launch: +40 %) and import history from another system.
 */
export function ForecastPage({ session, tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const writer = can(session, 'forecasts:write');
  const locale = i18n.language;
  const [queue, setQueue] = useState<string | undefined>(undefined);
  const [from, setFrom] = useState<Dayjs>(nextMonday);
  const [days, setDays] = useState(7);
  const [interval, setMinutes] = useState(30);
  const [target, setTarget] = useState<TargetForm>({ serviceLevel: 80, withinSeconds: null, maxOccupancy: 85, shrinkage: 30, patienceSeconds: null, maxAbandonRate: null });
  const [day, setDay] = useState<string | undefined>(undefined);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  const queues = useQuery({
    queryKey: ['queues', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/queues', { params: { path: { tenant } } })),
  });
  const chosen = queue ?? queues.data?.[0]?.name ?? undefined;
  const query = chosen ? forecastQuery(chosen, from.format(DAY), days, interval, target) : null;
  const forecast = useQuery({
    queryKey: ['forecast', tenant, query],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/forecasts', { params: { path: { tenant }, query: query as never } })),
    enabled: !!query,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const adjustments = useQuery({
    queryKey: ['forecast-adjustments', tenant, chosen],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/forecasts/adjustments', { params: { path: { tenant }, query: { queue: chosen } } })),
    enabled: !!chosen,
  });
  const data: Forecast | undefined = forecast.isError ? undefined : forecast.data;
  const shownDay = day && data?.days?.some((d) => d.day === day) ? day : data?.days?.[0]?.day ?? undefined;
  const series = useMemo(() => chartSeries(data?.intervals ?? [], shownDay ?? undefined), [data, shownDay]);
  const totals = useMemo(() => {
    const ds = data?.days ?? [];
    return {
      calls: ds.reduce((s, d) => s + (d.calls ?? 0), 0),
      agentHours: ds.reduce((s, d) => s + (d.agentHours ?? 0), 0),
      scheduledHours: ds.reduce((s, d) => s + (d.scheduledHours ?? 0), 0),
      peak: ds.reduce((m, d) => Math.max(m, d.peakScheduled ?? 0), 0),
    };
  }, [data]);
  const verdict = accuracyVerdict(data?.accuracy);
  const number = (v: number, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['forecast', tenant] });
    void client.invalidateQueries({ queryKey: ['forecast-adjustments', tenant] });
  };
  const remove = async (a: Adjustment) => {
    try {
      const { error, response } = await api.DELETE('/tenants/{tenant}/forecasts/adjustments/{id}', { params: { path: { tenant, id: a.id! } } });
      if (!response.ok) throw toApiError(response, error);
      void message.success(t('forecast.adjustmentRemoved'));
      refresh();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const chartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: series.labels },
    yAxis: [
      { type: 'value', name: t('forecast.calls'), minInterval: 1 },
      { type: 'value', name: t('forecast.agents'), minInterval: 1 },
    ],
    series: [
      { type: 'bar', name: t('forecast.f.calls'), data: series.calls, itemStyle: { color: '#91caff' } },
      { type: 'line', step: 'middle', yAxisIndex: 1, name: t('forecast.f.onPhones'), data: series.onPhones, itemStyle: { color: '#0958d9' } },
      { type: 'line', step: 'middle', yAxisIndex: 1, name: t('forecast.f.scheduled'), data: series.scheduled, itemStyle: { color: '#d46b08' } },
    ],
  };

  return (
    <>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Card size="small">
          <Form layout="inline" style={{ rowGap: 8 }}>
            <Form.Item label={t('forecast.queue')}>
              <Select
                aria-label={t('forecast.queue')}
                style={{ width: 180 }}
                value={chosen}
                onChange={setQueue}
                options={(queues.data ?? []).map((q) => ({ value: q.name!, label: q.displayName || q.name }))}
              />
            </Form.Item>
            <Form.Item label={t('forecast.from')}>
              <DatePicker value={from} allowClear={false} onChange={(v) => v && setFrom(v)} aria-label={t('forecast.from')} />
            </Form.Item>
            <Form.Item label={t('forecast.days')}>
              <Select aria-label={t('forecast.days')} style={{ width: 100 }} value={days} onChange={setDays} options={[1, 7, 14, 28, 42].map((d) => ({ value: d, label: t('forecast.daysOf', { count: d }) }))} />
            </Form.Item>
            <Form.Item label={t('forecast.interval')}>
              <Segmented<number> value={interval} onChange={setMinutes} options={[15, 30, 60].map((m) => ({ value: m, label: t('forecast.minutes', { count: m }) }))} />
            </Form.Item>
          </Form>
          <Form layout="inline" style={{ rowGap: 8, marginTop: 8 }}>
            <Form.Item label={t('forecast.target')} tooltip={t('forecast.targetHint')}>
              <Space.Compact>
                <InputNumber aria-label={t('forecast.serviceLevel')} min={1} max={99.9} value={target.serviceLevel} suffix="%" style={{ width: 100 }} onChange={(v) => v !== null && setTarget({ ...target, serviceLevel: v })} />
                <InputNumber aria-label={t('forecast.withinSeconds')} min={0} max={3600} value={target.withinSeconds} placeholder={t('forecast.queueTarget')} suffix={t('forecast.s')} style={{ width: 130 }} onChange={(v) => setTarget({ ...target, withinSeconds: v })} />
              </Space.Compact>
            </Form.Item>
            <Form.Item label={t('forecast.maxOccupancy')}>
              <InputNumber aria-label={t('forecast.maxOccupancy')} min={1} max={100} value={target.maxOccupancy} suffix="%" style={{ width: 100 }} onChange={(v) => v !== null && setTarget({ ...target, maxOccupancy: v })} />
            </Form.Item>
            <Form.Item label={t('forecast.shrinkage')} tooltip={t('forecast.shrinkageHint')}>
              <InputNumber aria-label={t('forecast.shrinkage')} min={0} max={90} value={target.shrinkage} suffix="%" style={{ width: 100 }} onChange={(v) => v !== null && setTarget({ ...target, shrinkage: v })} />
            </Form.Item>
            <Form.Item label={t('forecast.patience')} tooltip={t('forecast.patienceHint')}>
              <InputNumber aria-label={t('forecast.patience')} min={1} max={3600} value={target.patienceSeconds} placeholder={t('forecast.erlangC')} suffix={t('forecast.s')} style={{ width: 130 }} onChange={(v) => setTarget({ ...target, patienceSeconds: v, maxAbandonRate: v === null ? null : target.maxAbandonRate })} />
            </Form.Item>
            {target.patienceSeconds !== null && target.patienceSeconds !== undefined && (
              <Form.Item label={t('forecast.maxAbandon')}>
                <InputNumber aria-label={t('forecast.maxAbandon')} min={0.1} max={99} value={target.maxAbandonRate} suffix="%" style={{ width: 100 }} onChange={(v) => setTarget({ ...target, maxAbandonRate: v })} />
              </Form.Item>
            )}
            {writer && (
              <Form.Item>
                <Space>
                  <Button onClick={() => setAdding(true)} disabled={!chosen}>
                    {t('forecast.addAdjustment')}
                  </Button>
                  <Button onClick={() => setImporting(true)} disabled={!chosen}>
                    {t('forecast.importHistory')}
                  </Button>
                </Space>
              </Form.Item>
            )}
          </Form>
        </Card>
        {queues.data && queues.data.length === 0 && <Alert type="info" showIcon title={t('forecast.noQueues')} />}
        {forecast.isError && (
          <Alert
            type="warning"
            showIcon
            data-testid="forecast-error"
            title={errorText(forecast.error)}
            description={writer ? t('forecast.historyHint') : undefined}
          />
        )}
        {data && (
          <>
            <Row gutter={[12, 12]} data-testid="forecast-cards">
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('forecast.totalCalls')} value={number(totals.calls)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('forecast.agentHours')} value={number(totals.agentHours, 1)} />
                  <Typography.Text type="secondary">{t('forecast.scheduledHours', { hours: number(totals.scheduledHours, 1) })}</Typography.Text>
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('forecast.peak')} value={totals.peak} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small" data-testid="forecast-accuracy">
                  <Statistic title={t('forecast.accuracy')} value={data.accuracy ? share(data.accuracy.wape ?? null, locale) : '–'} />
                  {/* dark green and red: Ant Design's success and danger text fall short of WCAG contrast on white */}
                <Typography.Text type={verdict === 'better' || verdict === 'worse' ? undefined : 'secondary'} style={verdict === 'better' ? { color: '#237804' } : verdict === 'worse' ? { color: '#a8071a' } : undefined}>
                    {data.accuracy
                      ? t(`forecast.verdict.${verdict ?? 'even'}`, { naive: share(data.accuracy.naiveWape ?? null, locale), from: data.accuracy.weekFrom })
                      : t('forecast.noBacktest')}
                  </Typography.Text>
                </Card>
              </Col>
            </Row>
            <Typography.Text type="secondary">
              {t('forecast.basis', { weeks: data.historyWeeks, from: data.historyFrom, to: data.historyTo, zone: data.zone })}
            </Typography.Text>
            <Card
              size="small"
              title={t('forecast.chart')}
              data-testid="forecast-chart"
              extra={
                <Select
                  aria-label={t('forecast.day')}
                  style={{ width: 170 }}
                  value={shownDay}
                  onChange={setDay}
                  options={(data.days ?? []).map((d) => ({ value: d.day!, label: dayLabel(d.day!, locale) }))}
                />
              }
            >
              {series.labels.length === 0 ? (
                <Typography.Text type="secondary">{t('forecast.quietDay')}</Typography.Text>
              ) : (
                <Chart light option={chartOption} height={300} label={t('forecast.chartLabel')} />
              )}
            </Card>
            <Card size="small" title={t('forecast.byDay')}>
              <Table<Day>
                size="small"
                data-testid="forecast-days"
                rowKey="day"
                dataSource={data.days ?? []}
                pagination={false}
                onRow={(d) => ({ onClick: () => setDay(d.day ?? undefined), style: { cursor: 'pointer' } })}
                columns={[
                  {
                    title: t('forecast.day'),
                    key: 'day',
                    render: (_: unknown, d: Day) => (
                      <Space>
                        {d.day}
                        {d.holiday && <Tag color="purple">{t('forecast.holiday')}</Tag>}
                        {d.factor !== undefined && d.factor !== null && Math.abs(d.factor - 1) > 0.00005 && <Tag color="orange">{factorText(d.factor)}</Tag>}
                      </Space>
                    ),
                  },
                  { title: t('forecast.f.calls'), key: 'calls', align: 'right', render: (_: unknown, d: Day) => number(d.calls ?? 0) },
                  { title: t('forecast.f.ahtSeconds'), key: 'aht', align: 'right', render: (_: unknown, d: Day) => seconds(d.ahtSeconds ?? null) },
                  { title: t('forecast.agentHours'), key: 'hours', align: 'right', render: (_: unknown, d: Day) => number(d.agentHours ?? 0, 1) },
                  { title: t('forecast.scheduledHoursCol'), key: 'sched', align: 'right', render: (_: unknown, d: Day) => number(d.scheduledHours ?? 0, 1) },
                  { title: t('forecast.peak'), dataIndex: 'peakScheduled', align: 'right' },
                ]}
              />
            </Card>
            <Card size="small" title={t('forecast.byInterval', { day: shownDay })}>
              <div tabIndex={0} role="region" aria-label={t('forecast.byInterval', { day: shownDay })} style={{ overflowX: 'auto' }}>
                <Table<Interval>
                  size="small"
                  data-testid="forecast-intervals"
                  rowKey="start"
                  dataSource={(data.intervals ?? []).filter((i) => (i.start ?? '').startsWith(shownDay ?? '') && ((i.calls ?? 0) > 0.005 || (i.scheduled ?? 0) > 0))}
                  pagination={{ pageSize: 48, hideOnSinglePage: true, showSizeChanger: false }}
                  locale={{ emptyText: <Typography.Text type="secondary">{t('forecast.quietDay')}</Typography.Text> }}
                  columns={[
                    { title: t('forecast.f.start'), key: 'start', render: (_: unknown, i: Interval) => (i.start ?? '').slice(11, 16) },
                    { title: t('forecast.f.calls'), key: 'calls', align: 'right', render: (_: unknown, i: Interval) => number(i.calls ?? 0, 1) },
                    { title: t('forecast.f.ahtSeconds'), key: 'aht', align: 'right', render: (_: unknown, i: Interval) => seconds(i.ahtSeconds ?? null) },
                    { title: t('forecast.f.erlangs'), key: 'erl', align: 'right', render: (_: unknown, i: Interval) => number(i.erlangs ?? 0, 2) },
                    { title: t('forecast.f.onPhones'), dataIndex: 'onPhones', align: 'right' },
                    { title: t('forecast.f.scheduled'), dataIndex: 'scheduled', align: 'right' },
                    { title: t('forecast.f.serviceLevel'), key: 'sl', align: 'right', render: (_: unknown, i: Interval) => share(i.serviceLevel ?? null, locale) },
                    { title: t('forecast.f.asaSeconds'), key: 'asa', align: 'right', render: (_: unknown, i: Interval) => seconds(i.asaSeconds ?? null) },
                    { title: t('forecast.f.occupancy'), key: 'occ', align: 'right', render: (_: unknown, i: Interval) => share(i.occupancy ?? null, locale) },
                    ...(target.patienceSeconds ? [{ title: t('forecast.f.abandonRate'), key: 'ab', align: 'right' as const, render: (_: unknown, i: Interval) => share(i.abandonRate ?? null, locale) }] : []),
                  ]}
                />
              </div>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t(target.patienceSeconds ? 'forecast.methodA' : 'forecast.methodC')}
              </Typography.Paragraph>
            </Card>
          </>
        )}
        <Card size="small" title={t('forecast.adjustments')}>
          <Table<Adjustment>
            size="small"
            data-testid="forecast-adjustments"
            rowKey="id"
            dataSource={adjustments.data ?? []}
            pagination={false}
            locale={{ emptyText: <Typography.Text type="secondary">{t('forecast.noAdjustments')}</Typography.Text> }}
            columns={[
              { title: t('forecast.from'), dataIndex: 'from' },
              { title: t('forecast.to'), dataIndex: 'to' },
              { title: t('forecast.factor'), key: 'factor', render: (_: unknown, a: Adjustment) => factorText(a.factor) },
              { title: t('forecast.reason'), dataIndex: 'reason' },
              { title: t('forecast.createdBy'), dataIndex: 'createdBy' },
              ...(writer
                ? [
                    {
                      title: '',
                      key: 'actions',
                      render: (_: unknown, a: Adjustment) => (
                        <Popconfirm title={t('forecast.removeConfirm')} onConfirm={() => void remove(a)} okText={t('common.delete')} cancelText={t('common.cancel')}>
                          <Button size="small" danger>
                            {t('common.delete')}
                          </Button>
                        </Popconfirm>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </Space>
      {/* outside the Space, whose children are keyed by their position: a dialog must not remount when the forecast appears */}
      {adding && chosen && <AdjustmentDialog tenant={tenant} queue={chosen} onClose={() => setAdding(false)} onDone={refresh} />}
      {importing && chosen && <ImportDialog tenant={tenant} queue={chosen} onClose={() => setImporting(false)} onDone={refresh} />}
    </>
  );
}

function AdjustmentDialog({ tenant, queue, onClose, onDone }: { tenant: string; queue: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ range: [Dayjs, Dayjs]; change: number; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        api.POST('/tenants/{tenant}/forecasts/adjustments', {
          params: { path: { tenant } },
          body: { queue, from: v.range[0].format(DAY), to: v.range[1].format(DAY), factor: Math.round((1 + v.change / 100) * 10000) / 10000, reason: v.reason } as never,
        }),
      );
      void message.success(t('forecast.adjustmentAdded'));
      onDone();
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('forecast.addAdjustment')} onCancel={onClose} onOk={() => void save()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ change: 40 }}>
        <Form.Item name="range" label={t('forecast.days')} rules={[{ required: true, message: t('forecast.rangeRequired') }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="change" label={t('forecast.change')} extra={t('forecast.changeHint')} rules={[{ required: true }]}>
          <InputNumber min={-100} max={900} suffix="%" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('forecast.reason')}>
          <Input maxLength={500} placeholder={t('forecast.reasonHint')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportDialog({ tenant, queue, onClose, onDone }: { tenant: string; queue: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [interval, setMinutes] = useState(30);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Imported | null>(null);
  const send = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const { data, error: err, response } = await api.POST('/tenants/{tenant}/forecasts/history', {
        params: { path: { tenant }, query: { queue, interval: String(interval) } },
        body: bytes as never,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { 'Content-Type': 'text/csv' },
      });
      if (!response.ok) throw toApiError(response, err);
      setResult(data as Imported);
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={720} title={t('forecast.importHistory')} onCancel={onClose} footer={<Button onClick={onClose}>{t('common.done')}</Button>}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('forecast.importHint')}</Typography.Paragraph>
        <Typography.Text code>start,calls,aht_seconds</Typography.Text>
        <Typography.Text code>2026-11-02 08:30,42,185</Typography.Text>
        <Segmented<number> value={interval} onChange={setMinutes} options={[15, 30, 60].map((m) => ({ value: m, label: t('forecast.minutes', { count: m }) }))} />
        <Upload.Dragger
          accept=".csv,text/csv"
          maxCount={1}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(f) => {
            void send(f);
            return false;
          }}
        >
          <p>{busy ? t('forecast.importing') : t('forecast.drop')}</p>
        </Upload.Dragger>
        {error && <Alert type="error" showIcon title={error} />}
        {result && (
          <>
            <Alert type={result.rejected?.length ? 'warning' : 'success'} showIcon data-testid="history-imported" title={t('forecast.imported', { accepted: result.accepted, rows: result.rows, rejected: result.rejected?.length ?? 0 })} />
            {(result.rejected?.length ?? 0) > 0 && (
              <Table
                size="small"
                rowKey="line"
                dataSource={result.rejected ?? []}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: t('forecast.line'), dataIndex: 'line', width: 80 },
                  { title: t('forecast.reason'), dataIndex: 'reason' },
                  { title: t('forecast.row'), dataIndex: 'raw' },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
