import { useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api, errorText, toApiError, unwrap, type Schemas } from '../api/client';
import { can } from '../api/session';
import { todayIn } from '../lib/format';
import { axisHours, bar, dayLabel, hours, moved, weekOf, type ShiftLike } from '../lib/shifts';
import { Chart } from '../pages/Chart';
import type { AdminProps } from './Admin';
import { AvailabilityTab, Templates } from './ScheduleSetup';

type Shift = Schemas['ScheduleServiceShift'];
type Run = Schemas['ScheduleServiceScheduleRun'];
const DAY = 'YYYY-MM-DD';
/** Each activity's colour on the timeline (dark enough for white text). */
const COLOURS: Record<string, string> = {
  CALLS: '#0958d9',
  BREAK: '#ad6800',
  LUNCH: '#ad4e00',
  TRAINING: '#531dab',
  MEETING: '#08979c',
  BACK_OFFICE: '#595959',
};

/**
 * Schedules (排班): the week's shifts per agent, a day's timeline (drag or arrow keys move a shift by 15 minutes) with
 * the coverage against the forecast's requirement, the scheduler (from a queue's forecast, with its progress and its
 * figures against the lower bound), publishing, CSV export and import; shift templates; agents' availability.
 */
export function Schedules({ session, tenant }: AdminProps) {
  const { t } = useTranslation();
  const writer = can(session, 'schedules:write');
  const [tab, setTab] = useState('week');
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        { key: 'week', label: t('schedules.week'), children: <Week tenant={tenant} writer={writer} /> },
        { key: 'templates', label: t('schedules.templates'), children: <Templates tenant={tenant} writer={writer} /> },
        { key: 'availability', label: t('schedules.availability'), children: <AvailabilityTab tenant={tenant} writer={writer} /> },
      ]}
    />
  );
}

function Week({ tenant, writer }: { tenant: string; writer: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [anchor, setAnchor] = useState<Dayjs>(() => dayjs(todayIn()).add(7, 'day'));
  const days = weekOf(anchor.format(DAY));
  const monday = days[0]!;
  const sunday = days[6]!;
  const [day, setDay] = useState<string>(monday);
  const shownDay = days.includes(day) ? day : monday;
  const [queue, setQueue] = useState<string | undefined>(undefined);
  const [running, setRunning] = useState(false);
  const [importing, setImporting] = useState(false);
  const range = { from: monday, to: sunday };
  const shifts = useQuery({
    queryKey: ['shifts', tenant, range.from],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/schedules/shifts', { params: { path: { tenant }, query: range } })),
  });
  const agents = useQuery({
    queryKey: ['availability', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/schedules/availability', { params: { path: { tenant } } })),
  });
  const queues = useQuery({
    queryKey: ['queues', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/queues', { params: { path: { tenant } } })),
  });
  const chosenQueue = queue ?? queues.data?.[0]?.name ?? undefined;
  const coverage = useQuery({
    queryKey: ['coverage', tenant, chosenQueue, shownDay, shifts.dataUpdatedAt],
    queryFn: () =>
      unwrap(api.GET('/tenants/{tenant}/schedules/coverage', { params: { path: { tenant }, query: { queue: chosenQueue, from: shownDay, to: shownDay } } })),
    enabled: !!chosenQueue,
    retry: false,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['shifts', tenant] });
  const all = shifts.data ?? [];
  const drafts = all.filter((s) => s.status === 'DRAFT').length;
  const rows = useMemo(() => {
    const list = (agents.data ?? []).map((a) => ({ key: a.agentUserId!, name: a.agentName ?? a.agentUserId! }));
    if (all.some((s) => !s.agentUserId)) list.push({ key: '', name: t('schedules.open') });
    return list;
  }, [agents.data, all, t]);

  const save = async (s: Shift, minutes: number) => {
    try {
      const { error, response } = await api.PUT('/tenants/{tenant}/schedules/shifts/{id}', {
        params: { path: { tenant, id: s.id! } },
        body: moved(s as ShiftLike, minutes) as never,
      });
      if (!response.ok) throw toApiError(response, error);
      refresh();
    } catch (e) {
      void message.error(errorText(e));
      refresh();
    }
  };
  const publish = async () => {
    try {
      const r = await unwrap(api.POST('/tenants/{tenant}/schedules/publish', { params: { path: { tenant }, query: range } }));
      void message.success(t('schedules.published', { count: r.shifts }));
      refresh();
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  const cover = coverage.data;
  const [fromHour, toHour] = axisHours(all, shownDay);
  const coverOption = cover && {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 24 },
    xAxis: { type: 'category', data: (cover.starts ?? []).map((s) => s.slice(11, 16)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'line', step: 'middle', name: t('schedules.required'), data: cover.required, itemStyle: { color: '#cf1322' } },
      { type: 'bar', name: t('schedules.scheduled'), data: cover.scheduled, itemStyle: { color: '#69b1ff' } },
    ],
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <DatePicker picker="week" value={anchor} allowClear={false} onChange={(v) => v && setAnchor(v)} aria-label={t('schedules.weekOf')} />
        <Select
          aria-label={t('schedules.queue')}
          style={{ width: 180 }}
          value={chosenQueue}
          onChange={setQueue}
          options={(queues.data ?? []).map((q) => ({ value: q.name!, label: q.displayName || q.name }))}
        />
        {writer && (
          <>
            <Button type="primary" onClick={() => setRunning(true)} disabled={!chosenQueue}>
              {t('schedules.generate')}
            </Button>
            <Popconfirm title={t('schedules.publishConfirm', { count: drafts })} onConfirm={() => void publish()} okText={t('schedules.publish')} cancelText={t('common.cancel')}>
              <Button disabled={drafts === 0}>{t('schedules.publishN', { count: drafts })}</Button>
            </Popconfirm>
            <Button onClick={() => setImporting(true)}>{t('schedules.import')}</Button>
          </>
        )}
        <Button href={`/api/v1/tenants/${encodeURIComponent(tenant)}/schedules/shifts/export?from=${range.from}&to=${range.to}`} download>
          {t('schedules.export')}
        </Button>
      </Space>
      {shifts.isError && <Alert type="error" showIcon title={errorText(shifts.error)} />}
      <Card size="small" title={t('schedules.theWeek')}>
        <div tabIndex={0} role="region" aria-label={t('schedules.theWeek')} style={{ overflowX: 'auto' }}>
          <Table
            size="small"
            data-testid="schedule-week"
            rowKey="key"
            pagination={false}
            loading={shifts.isFetching}
            dataSource={rows}
            locale={{ emptyText: <Typography.Text type="secondary">{t('schedules.noAgents')}</Typography.Text> }}
            columns={[
              { title: t('schedules.agent'), dataIndex: 'name', fixed: 'left' as const, width: 160 },
              ...days.map((d) => ({
                title: (
                  <Button type={d === shownDay ? 'link' : 'text'} size="small" onClick={() => setDay(d)} aria-pressed={d === shownDay}>
                    {dayLabel(d, i18n.language)}
                  </Button>
                ),
                key: d,
                render: (_: unknown, r: { key: string }) => (
                  <Space size={2} wrap>
                    {all
                      .filter((s) => (s.agentUserId ?? '') === r.key && (s.start ?? '').startsWith(d))
                      .map((s) => (
                        <Tag key={s.id} color={s.status === 'PUBLISHED' ? 'blue' : undefined} style={s.status === 'DRAFT' ? { borderStyle: 'dashed' } : undefined}>
                          {hours(s as ShiftLike)}
                        </Tag>
                      ))}
                  </Space>
                ),
              })),
            ]}
          />
        </div>
        <Space style={{ marginTop: 8 }}>
          <Tag color="blue">{t('schedules.statusOf.PUBLISHED')}</Tag>
          <Tag style={{ borderStyle: 'dashed' }}>{t('schedules.statusOf.DRAFT')}</Tag>
        </Space>
      </Card>
      <Card size="small" title={t('schedules.dayOf', { day: `${dayLabel(shownDay, i18n.language)} ${shownDay}` })} data-testid="schedule-day">
        <Timeline shifts={all.filter((s) => (s.start ?? '').startsWith(shownDay))} rows={rows} day={shownDay} fromHour={fromHour} toHour={toHour} writer={writer} onMove={save} />
        {writer && <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('schedules.moveHint')}</Typography.Paragraph>}
      </Card>
      <Card size="small" title={t('schedules.coverage')} data-testid="schedule-coverage">
        {coverage.isError ? (
          <Typography.Text type="secondary">{errorText(coverage.error)}</Typography.Text>
        ) : cover && coverOption ? (
          <>
            <Chart light option={coverOption} height={220} label={t('schedules.coverageLabel')} />
            <Typography.Text type="secondary">{t('schedules.coverageFigures', { deficit: cover.deficitHours, over: cover.overstaffHours })}</Typography.Text>
          </>
        ) : null}
      </Card>
      {running && chosenQueue && <RunDialog tenant={tenant} queue={chosenQueue} from={monday} onClose={() => setRunning(false)} onDone={refresh} />}
      {importing && <ImportShifts tenant={tenant} onClose={() => setImporting(false)} onDone={refresh} />}
    </Space>
  );
}

/** A day's shifts on an hour axis, one row per agent; a writer drags a shift (or presses ←/→) to move it by 15 minutes. */
function Timeline({ shifts, rows, day, fromHour, toHour, writer, onMove }: {
  shifts: Shift[];
  rows: { key: string; name: string }[];
  day: string;
  fromHour: number;
  toHour: number;
  writer: boolean;
  onMove: (s: Shift, minutes: number) => void;
}) {
  const { t } = useTranslation();
  const track = useRef<HTMLDivElement | null>(null);
  const [drag, setDrag] = useState<{ id: string; x: number; minutes: number } | null>(null);
  const span = (toHour - fromHour) * 60;
  const step = (px: number) => {
    const width = track.current?.getBoundingClientRect().width ?? 1;
    return Math.round(((px / width) * span) / 15) * 15;
  };
  const ticks = Array.from({ length: toHour - fromHour + 1 }, (_, i) => fromHour + i);
  return (
    <div style={{ position: 'relative' }}>
      <div style={{ display: 'flex', marginLeft: 160, position: 'relative', height: 18 }} ref={track}>
        {ticks.map((h) => (
          <span key={h} style={{ position: 'absolute', left: `${((h - fromHour) / (toHour - fromHour)) * 100}%`, fontSize: 12, color: '#595959', transform: 'translateX(-50%)' }}>
            {String(h).padStart(2, '0')}
          </span>
        ))}
      </div>
      {rows.map((r) => (
        <div key={r.key} style={{ display: 'flex', alignItems: 'center', height: 30, borderTop: '1px solid #f0f0f0' }}>
          <div style={{ width: 160, flex: '0 0 160px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{r.name}</div>
          <div style={{ position: 'relative', flex: 1, height: 22, background: '#fafafa' }}>
            {shifts
              .filter((s) => (s.agentUserId ?? '') === r.key)
              .map((s) => {
                const offset = drag?.id === s.id ? drag.minutes : 0;
                const shown = offset ? { ...s, ...moved(s as ShiftLike, offset) } : s;
                return (
                  <button
                    type="button"
                    key={s.id}
                    data-testid={`shift-${s.id}`}
                    aria-label={t('schedules.shiftLabel', { name: r.name, hours: hours(shown as ShiftLike), status: t(`schedules.statusOf.${s.status}`) })}
                    disabled={!writer}
                    onPointerDown={(e) => {
                      if (!writer) return;
                      (e.target as HTMLElement).setPointerCapture(e.pointerId);
                      setDrag({ id: s.id!, x: e.clientX, minutes: 0 });
                    }}
                    onPointerMove={(e) => drag?.id === s.id && setDrag({ ...drag, minutes: step(e.clientX - drag.x) })}
                    onPointerUp={() => {
                      if (drag?.id === s.id && drag.minutes !== 0) onMove(s, drag.minutes);
                      setDrag(null);
                    }}
                    onKeyDown={(e) => {
                      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
                        e.preventDefault();
                        onMove(s, e.key === 'ArrowLeft' ? -15 : 15);
                      }
                    }}
                    style={{
                      position: 'absolute',
                      inset: 0,
                      padding: 0,
                      border: 'none',
                      background: 'transparent',
                      cursor: writer ? 'grab' : 'default',
                      outlineOffset: 1,
                    }}
                  >
                    {(shown.activities ?? []).map((a, i) => {
                      const b = bar(a, day, fromHour, toHour);
                      return (
                        b && (
                          <span
                            key={i}
                            title={`${t(`schedules.activity.${a.kind}`)} ${(a.from ?? '').slice(11, 16)}–${(a.to ?? '').slice(11, 16)}`}
                            style={{
                              position: 'absolute',
                              top: 0,
                              bottom: 0,
                              left: `${b.left}%`,
                              width: `${b.width}%`,
                              background: COLOURS[a.kind ?? 'CALLS'] ?? '#595959',
                              opacity: s.status === 'DRAFT' ? 0.75 : 1,
                              borderRadius: 2,
                            }}
                          />
                        )
                      );
                    })}
                  </button>
                );
              })}
          </div>
        </div>
      ))}
      <Space wrap style={{ marginTop: 8 }}>
        {Object.entries(COLOURS).map(([k, c]) => (
          <span key={k} style={{ fontSize: 12 }}>
            <span style={{ display: 'inline-block', width: 10, height: 10, background: c, marginRight: 4 }} />
            {t(`schedules.activity.${k}`)}
          </span>
        ))}
      </Space>
    </div>
  );
}

function RunDialog({ tenant, queue, from, onClose, onDone }: { tenant: string; queue: string; from: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const templates = useQuery({
    queryKey: ['templates', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/schedules/templates', { params: { path: { tenant } } })),
  });
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [serviceLevel, setServiceLevel] = useState(80);
  const [days, setDays] = useState(7);
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const names = (templates.data ?? []).map((x) => x.name!);
  const picked = chosen ?? names;
  const start = async () => {
    setError(null);
    try {
      let r = await unwrap(
        api.POST('/tenants/{tenant}/schedules/runs', {
          params: { path: { tenant } },
          body: { queue, from, days, templates: picked, target: { serviceLevel: serviceLevel / 100 } } as never,
        }),
      );
      setRun(r);
      while (r.status === 'RUNNING') {
        await new Promise((ok) => setTimeout(ok, 400));
        r = await unwrap(api.GET('/tenants/{tenant}/schedules/runs/{id}', { params: { path: { tenant, id: r.id! } } }));
        setRun(r);
      }
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const done = run && run.status !== 'RUNNING';
  return (
    <Modal
      open
      width={640}
      title={t('schedules.generate')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        done ? (
          <Button type="primary" onClick={onClose}>
            {t('common.done')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={!!run} disabled={picked.length === 0} onClick={() => void start()}>
              {t('schedules.start')}
            </Button>
          </Space>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!run && (
        <Form layout="vertical">
          <Typography.Paragraph>{t('schedules.runHint', { queue, from })}</Typography.Paragraph>
          <Form.Item label={t('schedules.templates')}>
            {names.length === 0 ? (
              <Typography.Text type="secondary">{t('schedules.noTemplates')}</Typography.Text>
            ) : (
              <Checkbox.Group value={picked} onChange={(v) => setChosen(v as string[])} options={names.map((n) => ({ value: n, label: n }))} />
            )}
          </Form.Item>
          <Space>
            <Form.Item label={t('schedules.days')}>
              <Select style={{ width: 100 }} value={days} onChange={setDays} options={[7, 14, 28].map((d) => ({ value: d, label: d }))} aria-label={t('schedules.days')} />
            </Form.Item>
            <Form.Item label={t('schedules.serviceLevel')}>
              <InputNumber min={1} max={99} suffix="%" value={serviceLevel} onChange={(v) => v !== null && setServiceLevel(v)} aria-label={t('schedules.serviceLevel')} />
            </Form.Item>
          </Space>
        </Form>
      )}
      {run && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="schedule-run">
          <Progress percent={Math.round((run.progress ?? 0) * 100)} status={run.status === 'FAILED' ? 'exception' : run.status === 'DONE' ? 'success' : 'active'} />
          <Typography.Text>{run.status === 'RUNNING' ? run.step : run.status === 'FAILED' ? run.error : t('schedules.runDone', {
            shifts: run.shifts,
            paid: run.paidHours,
            bound: run.lowerBoundHours,
            gap: run.gap === null || run.gap === undefined ? '–' : (run.gap * 100).toFixed(1),
            deficit: run.deficitHours,
            over: run.overstaffHours,
            unassigned: run.unassigned,
          })}</Typography.Text>
        </Space>
      )}
    </Modal>
  );
}

function ImportShifts({ tenant, onClose, onDone }: { tenant: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Schemas['ScheduleServiceShiftImport'] | null>(null);
  const send = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const { data, error: err, response } = await api.POST('/tenants/{tenant}/schedules/shifts/import', {
        params: { path: { tenant } },
        body: new Uint8Array(await file.arrayBuffer()) as never,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { 'Content-Type': 'text/csv' },
      });
      if (!response.ok) throw toApiError(response, err);
      setResult(data as Schemas['ScheduleServiceShiftImport']);
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={720} title={t('schedules.import')} onCancel={onClose} footer={<Button onClick={onClose}>{t('common.done')}</Button>}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('schedules.importHint')}</Typography.Paragraph>
        <Typography.Text code>agent,date,start,end,template,status,activities</Typography.Text>
        <Upload.Dragger accept=".csv,text/csv" maxCount={1} showUploadList={false} disabled={busy} beforeUpload={(f) => { void send(f); return false; }}>
          <p>{busy ? t('forecast.importing') : t('forecast.drop')}</p>
        </Upload.Dragger>
        {error && <Alert type="error" showIcon title={error} />}
        {result && (
          <>
            <Alert type={result.rejected?.length ? 'warning' : 'success'} showIcon title={t('forecast.imported', { accepted: result.accepted, rows: result.rows, rejected: result.rejected?.length ?? 0 })} />
            {(result.rejected?.length ?? 0) > 0 && (
              <Table size="small" rowKey="line" dataSource={result.rejected ?? []} pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[{ title: t('forecast.line'), dataIndex: 'line', width: 80 }, { title: t('forecast.reason'), dataIndex: 'reason' }]} />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
