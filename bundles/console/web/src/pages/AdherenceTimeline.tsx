import type { ReactNode } from 'react';
import { Card, List, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { axisOf, hms, ratio, spanBar } from '../lib/adherence';
import { STATE_COLOUR, type AgentState } from '../lib/agentState';

type AgentDay = Schemas['AdherenceServiceAgentDay'];
type Exception = Schemas['AdherenceServiceExceptionRequest'];
/** Each activity's colour on the timeline (dark enough for white text), as on the schedule. */
const ACTIVITY_COLOURS: Record<string, string> = {
  CALLS: '#0958d9',
  BREAK: '#ad6800',
  LUNCH: '#ad4e00',
  TRAINING: '#531dab',
  MEETING: '#08979c',
  BACK_OFFICE: '#595959',
};
const ROW = { position: 'relative' as const, height: 26, background: '#fafafa', borderRadius: 4, overflow: 'hidden' };

/**
 * An agent's day against the schedule: the scheduled activities, the states the agent was in, and the time out of
 * adherence (red) on one axis, with the day's figures. Used by the supervisor's drawer and the agent's own desk.
 */
export function AdherenceTimeline({ day }: { day: AgentDay }) {
  const { t, i18n } = useTranslation();
  const schedule = day.schedule ?? [];
  const states = day.states ?? [];
  const axis = axisOf(schedule, states);
  const f = day.figures;
  return (
    <Card size="small" data-testid="adherence-timeline">
      <Space wrap size="large" style={{ marginBottom: 12 }}>
        <Statistic title={t('adherence.adherence')} value={ratio(f?.adherence, i18n.language)} />
        <Statistic title={t('adherence.conformance')} value={ratio(f?.conformance, i18n.language)} />
        <Statistic title={t('adherence.out')} value={hms(f?.outOfAdherenceSeconds ?? 0)} />
        <Statistic title={t('adherence.late')} value={hms(f?.lateSeconds ?? 0)} />
        <Statistic title={t('adherence.earlyLeave')} value={hms(f?.earlyLeaveSeconds ?? 0)} />
      </Space>
      {!axis ? (
        <Typography.Text type="secondary">{t('adherence.nothingScheduled')}</Typography.Text>
      ) : (
        <div role="img" aria-label={t('adherence.timelineLabel')} style={{ display: 'grid', gridTemplateColumns: '96px 1fr', rowGap: 6, alignItems: 'center' }}>
          <Typography.Text type="secondary">{t('adherence.scheduledRow')}</Typography.Text>
          <div style={ROW}>
            {schedule.map((a, i) => {
              const b = spanBar(a, axis[0], axis[1]);
              return (
                b && (
                  <div
                    key={i}
                    title={`${t(`mySchedule.activity.${a.kind}`)} ${(a.from ?? '').slice(11, 16)}–${(a.to ?? '').slice(11, 16)}`}
                    style={{ position: 'absolute', left: `${b.left}%`, width: `${b.width}%`, top: 0, bottom: 0, background: ACTIVITY_COLOURS[a.kind ?? ''] ?? '#595959', color: '#fff', fontSize: 11, paddingLeft: 3, whiteSpace: 'nowrap', overflow: 'hidden', borderRight: '1px solid #fff' }}
                  >
                    {t(`mySchedule.activity.${a.kind}`)}
                  </div>
                )
              );
            })}
          </div>
          <Typography.Text type="secondary">{t('adherence.actualRow')}</Typography.Text>
          <div style={ROW}>
            {states.map((s, i) => {
              const b = spanBar(s, axis[0], axis[1]);
              const state = (s.state ?? 'LOGGED_OUT') as AgentState;
              return (
                b &&
                state !== 'LOGGED_OUT' && (
                  <div
                    key={i}
                    title={`${t(`state.${state}`)}${s.reason ? ` (${s.reason})` : ''} ${(s.from ?? '').slice(11, 19)}–${(s.to ?? '').slice(11, 19)}`}
                    style={{ position: 'absolute', left: `${b.left}%`, width: `${b.width}%`, top: 0, bottom: 0, background: STATE_COLOUR[state] }}
                  />
                )
              );
            })}
          </div>
          <Typography.Text type="secondary">{t('adherence.outRow')}</Typography.Text>
          <div style={ROW} data-testid="adherence-out-row">
            {(day.violations ?? []).map((v, i) => {
              const b = spanBar(v, axis[0], axis[1]);
              return (
                b && (
                  <div
                    key={i}
                    data-testid="adherence-violation"
                    title={`${t(`mySchedule.activity.${v.scheduled}`)} ≠ ${v.actual} ${(v.from ?? '').slice(11, 19)}–${(v.to ?? '').slice(11, 19)}`}
                    style={{ position: 'absolute', left: `${b.left}%`, width: `max(${b.width}%, 2px)`, top: 4, bottom: 4, background: '#cf1322', borderRadius: 2 }}
                  />
                )
              );
            })}
          </div>
          <span />
          <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 11, color: '#595959' }}>
            <span>{axis[0].slice(11, 16)}</span>
            <span>{axis[1].slice(11, 16) === '00:00' ? '24:00' : axis[1].slice(11, 16)}</span>
          </div>
        </div>
      )}
    </Card>
  );
}

/** Exceptions with their status and decision. */
export function ExceptionList({ items, extra }: { items: Exception[]; extra?: (x: Exception) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('adherence.exceptions')}>
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: <Typography.Text type="secondary">{t('adherence.noExceptions')}</Typography.Text> }}
        renderItem={(x) => (
          <List.Item actions={extra ? [extra(x)] : undefined}>
            <Space wrap>
              <Typography.Text>{`${(x.from ?? '').slice(11, 16)}–${(x.to ?? '').slice(11, 16)}`}</Typography.Text>
              <Typography.Text strong>{x.reason}</Typography.Text>
              {x.note && <Typography.Text type="secondary">{x.note}</Typography.Text>}
              <StatusTag status={x.status} />
              {x.decisionNote && <Typography.Text type="secondary">{x.decisionNote}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Tag colours dark enough on their background (WCAG AA; Ant Design's gold and orange presets are not). */
export const TAG_STYLE: Record<string, { color: string; background: string; borderColor: string }> = {
  ok: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  warn: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  bad: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
};

/** An exception's status as a coloured tag. */
export function StatusTag({ status }: { status?: string | null }) {
  const { t } = useTranslation();
  const style = status === 'APPROVED' ? TAG_STYLE.ok : status === 'REJECTED' ? TAG_STYLE.bad : TAG_STYLE.warn;
  return <Tag style={style}>{t(`adherence.statusOf.${status ?? 'PENDING'}`)}</Tag>;
}
