import { useEffect, useMemo, useState } from 'react';
import { Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/session';
import { STATES, type AgentState } from '../lib/agentState';
import { duration, getTenantZone, percent, serviceLevel } from '../lib/format';
import { addSample, withHistory, type Sample } from '../lib/trend';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useRealtime } from '../lib/useRealtime';
import { Chart } from './Chart';
import { FONT_FAMILY } from '../lib/fonts';

/** the charts' time span: the server keeps the floor's readings of the last four hours */
const WINDOW_MS = 4 * 60 * 60 * 1000;
const STEP_MS = 5_000;
const STATE_CHART_COLOUR: Record<AgentState, string> = {
  READY: '#73d13d',
  RESERVED: '#ffd666',
  ON_CALL: '#4096ff',
  WRAP_UP: '#b37feb',
  NOT_READY: '#ff7875',
  LOGGED_OUT: '#8c8c8c',
};

function Figure({ label, value, id, alert }: { label: string; value: string; id: string; alert?: boolean }) {
  return (
    <div style={{ background: '#141414', borderRadius: 8, padding: '16px 20px', height: '100%' }}>
      <div style={{ color: '#d9d9d9', fontSize: 20 }}>{label}</div>
      <div data-testid={`big-${id}`} style={{ color: alert ? '#ff7875' : '#ffffff', fontSize: 64, fontWeight: 600, lineHeight: 1.2 }}>
        {value}
      </div>
    </div>
  );
}

/**
 * The big screen (大屏) for a wall display: the floor's figures in large type, calls waiting and the service level over
 * the last four hours (the server's readings every 30 s, then the screen's own every 5 s), and the agents by state.
 * Dark, for a room's wall.
 */
export default function BigScreen({ session }: { session: SessionInfo }) {
  const { t, i18n } = useTranslation();
  const live = useRealtime(session.user.tenantId);
  const [samples, setSamples] = useState<Sample[]>([]);
  const tenant = session.user.tenantId!;
  const history = useQuery({
    queryKey: ['floor-history', tenant],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/realtime/history', { params: { path: { tenant } } })),
  });

  const totals = useMemo(() => {
    const q = live.queues;
    const answered = q.reduce((n, x) => n + x.answered, 0);
    const abandoned = q.reduce((n, x) => n + x.abandoned, 0);
    const within = q.reduce((n, x) => n + x.answeredWithinServiceLevel, 0);
    const byState = new Map<AgentState, number>();
    for (const a of live.agents.values()) {
      const s = (a.state ?? 'LOGGED_OUT') as AgentState;
      byState.set(s, (byState.get(s) ?? 0) + 1);
    }
    return {
      waiting: q.reduce((n, x) => n + x.waiting, 0),
      longest: q.reduce((n, x) => Math.max(n, x.longestWaitSeconds), 0),
      answered,
      abandoned,
      sl: serviceLevel(within, answered, abandoned),
      byState,
    };
  }, [live.queues, live.agents]);

  // a reading now and every few seconds, so the lines move on also when nothing happens
  useEffect(() => {
    const read = () => setSamples((s) => addSample(s, { at: Date.now(), waiting: totals.waiting, serviceLevel: totals.sl }, WINDOW_MS, STEP_MS));
    read();
    const timer = window.setInterval(read, STEP_MS);
    return () => window.clearInterval(timer);
  }, [totals.waiting, totals.sl]);

  const clock = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: getTenantZone() });
  const offset = live.serverOffsetMs;
  const shown = useMemo(() => withHistory(history.data ?? [], samples, offset), [history.data, samples, offset]);
  const trend = useMemo(
    () => ({
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis' },
      legend: { top: 8, data: [t('big.waiting'), t('big.serviceLevel')], textStyle: { color: '#f0f0f0', fontSize: 16, fontFamily: FONT_FAMILY } },
      grid: { left: 56, right: 56, top: 48, bottom: 40 },
      // a time axis: the server's readings (30 s apart) and the screen's own (5 s) keep their true spacing
      xAxis: { type: 'time', axisLabel: { color: '#d9d9d9', formatter: (v: number) => clock.format(v) } },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { color: '#d9d9d9' } },
        { type: 'value', min: 0, max: 100, axisLabel: { color: '#d9d9d9', formatter: '{value} %' } },
      ],
      series: [
        { name: t('big.waiting'), type: 'line', step: 'end', showSymbol: false, data: shown.map((s) => [s.at, s.waiting]), color: '#ffc069' },
        { name: t('big.serviceLevel'), type: 'line', yAxisIndex: 1, showSymbol: false, data: shown.map((s) => [s.at, s.serviceLevel]), color: '#5cdbd3', connectNulls: true },
      ],
    }),
    [shown, t], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const pie = useMemo(
    () => ({
      backgroundColor: 'transparent',
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, textStyle: { color: '#f0f0f0', fontSize: 16, fontFamily: FONT_FAMILY } },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          label: { color: '#f0f0f0', fontSize: 16, fontFamily: FONT_FAMILY, formatter: '{b}: {c}' },
          data: STATES.filter((s) => s !== 'LOGGED_OUT' && (totals.byState.get(s) ?? 0) > 0).map((s) => ({
            name: t(`state.${s}`),
            value: totals.byState.get(s) ?? 0,
            itemStyle: { color: STATE_CHART_COLOUR[s] },
          })),
        },
      ],
    }),
    [totals.byState, t],
  );

  return (
    <div data-testid="big-screen" data-history={history.data?.length ?? 0} style={{ background: '#000000', margin: -24, padding: 24, minHeight: 'calc(100vh - 64px)' }}>
      <h1 style={{ color: '#ffffff', fontSize: 32, margin: '0 0 16px' }}>{t('big.title')}</h1>
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={4}>
          <Figure id="waiting" label={t('big.waiting')} value={String(totals.waiting)} alert={totals.waiting > 0} />
        </Col>
        <Col xs={12} lg={4}>
          <Figure id="longest" label={t('big.longestWait')} value={duration(totals.longest * 1000)} />
        </Col>
        <Col xs={12} lg={4}>
          <Figure id="sl" label={t('big.serviceLevel')} value={percent(totals.sl, i18n.language)} />
        </Col>
        <Col xs={12} lg={4}>
          <Figure id="answered" label={t('big.answered')} value={String(totals.answered)} />
        </Col>
        <Col xs={12} lg={4}>
          <Figure id="abandoned" label={t('big.abandoned')} value={String(totals.abandoned)} />
        </Col>
        <Col xs={12} lg={4}>
          <Figure id="ready" label={t('big.ready')} value={String(totals.byState.get('READY') ?? 0)} />
        </Col>
        <Col xs={24} lg={16}>
          <div style={{ background: '#141414', borderRadius: 8, padding: 8 }}>
            <Chart option={trend} height={360} label={t('big.trendLabel')} />
          </div>
        </Col>
        <Col xs={24} lg={8}>
          <div style={{ background: '#141414', borderRadius: 8, padding: 8 }}>
            <Chart option={pie} height={360} label={t('big.agentsLabel')} />
          </div>
        </Col>
      </Row>
    </div>
  );
}
