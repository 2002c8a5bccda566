import { Card, Col, Descriptions, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { AgentState } from '../lib/agentState';
import { dayFigures } from '../lib/figures';
import { dayStart as startOfDay, duration, getTenantZone } from '../lib/format';

const SHOWN: AgentState[] = ['READY', 'ON_CALL', 'WRAP_UP', 'NOT_READY'];

/** The agent's own figures today: calls taken, average handling time, time in each state (read again at each change). */
export function MyDay({ tenant, me, since, now }: { tenant: string; me: string; since: string | null | undefined; now: number }) {
  const { t } = useTranslation();
  // the day of the tenant's time zone
  const dayStart = startOfDay(now, getTenantZone());
  const history = useQuery({
    // read again at each change of state (its start time is in the key), however quickly they come
    queryKey: ['my-day', tenant, me, since ?? '', dayStart],
    staleTime: 0,
    queryFn: () =>
      unwrap(
        api.GET('/tenants/{tenant}/agents/{user}/history', {
          params: { path: { tenant, user: me }, query: { from: new Date(dayStart).toISOString(), limit: 5000 } },
        }),
      ),
    refetchInterval: 60_000,
  });
  const f = dayFigures(history.data ?? [], dayStart, now);
  return (
    <Card title={t('myDay.title')} data-testid="my-day" loading={history.isPending}>
      <Row gutter={16}>
        <Col span={12}>
          <Statistic title={t('myDay.calls')} value={f.calls} valueRender={(v) => <span data-testid="my-day-calls">{v}</span>} />
        </Col>
        <Col span={12}>
          <Statistic title={t('myDay.aht')} value={f.ahtMs === null ? '–' : duration(f.ahtMs)} />
        </Col>
      </Row>
      <Descriptions column={2} size="small" style={{ marginTop: 16 }}>
        {SHOWN.map((s) => (
          <Descriptions.Item key={s} label={t(`state.${s}`)}>
            {duration(f.inState[s] ?? 0)}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}
