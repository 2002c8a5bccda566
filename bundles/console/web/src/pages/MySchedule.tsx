import { Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, unwrap } from '../api/client';
import { todayIn } from '../lib/format';
import { dayLabel, hours, weekOf, type ShiftLike } from '../lib/shifts';

/** The agent's own published shifts of this week and the next, today's first, with their breaks. */
export function MySchedule({ tenant }: { tenant: string }) {
  const { t, i18n } = useTranslation();
  const today = todayIn();
  const days = weekOf(today);
  const from = days[0]!;
  const to = dayjs(days[6]!).add(7, 'day').format('YYYY-MM-DD');
  const mine = useQuery({
    queryKey: ['my-schedule', tenant, from],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/schedules/mine', { params: { path: { tenant }, query: { from, to } } })),
    refetchInterval: 5 * 60_000,
  });
  const upcoming = (mine.data ?? []).filter((s) => (s.end ?? '') >= today);
  return (
    <Card title={t('mySchedule.title')} data-testid="my-schedule" loading={mine.isPending}>
      <List
        size="small"
        dataSource={upcoming}
        locale={{ emptyText: <Typography.Text type="secondary">{t('mySchedule.none')}</Typography.Text> }}
        renderItem={(s) => {
          const day = (s.start ?? '').slice(0, 10);
          return (
            <List.Item>
              <Space wrap>
                <Typography.Text strong={day === today}>{day === today ? t('mySchedule.today') : dayLabel(day, i18n.language)}</Typography.Text>
                <Typography.Text>{hours(s as ShiftLike)}</Typography.Text>
                {(s.activities ?? [])
                  .filter((a) => a.kind !== 'CALLS')
                  .map((a, i) => (
                    <Tag key={i}>{`${t(`mySchedule.activity.${a.kind}`)} ${(a.from ?? '').slice(11, 16)}–${(a.to ?? '').slice(11, 16)}`}</Tag>
                  ))}
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
