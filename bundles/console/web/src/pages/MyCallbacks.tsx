import { App, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText, unwrap } from '../api/client';
import { dueLabel } from '../lib/format';

/**
 * Callbacks promised in wrap-ups, the agent's own and those for any agent, soonest first: when (in the customer's
 * time zone), whom, why; Call rings the agent's phone and the customer's (as click-to-call), Done closes it.
 */
export function MyCallbacks({ tenant, me, busy, now }: { tenant: string; me: string; busy: boolean; now: number }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['callbacks', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/callbacks', { params: { path: { tenant } } })),
    refetchInterval: 60_000,
  });
  const act = async (work: () => Promise<unknown>, done?: string) => {
    try {
      await work();
      if (done) {
        void message.info(done);
      }
      void queryClient.invalidateQueries({ queryKey: ['callbacks', tenant] });
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  // the desk lists this agent's callbacks and those for anyone (a supervisor's list has everybody's)
  const items = (list.data ?? []).filter((c) => !c.agentUserId || c.agentUserId === me);
  return (
    <Card data-testid="my-callbacks">
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
        {t('callbacks.title')}
      </Typography.Title>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('callbacks.none')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(c) => {
            const due = dueLabel(c.dueAt ?? '', c.zone ?? 'UTC', i18n.language, now);
            return (
              <List.Item
                data-testid={`callback-${c.callId}`}
                actions={[
                  <Button
                    key="call"
                    size="small"
                    disabled={busy || !c.phone}
                    aria-label={t('pop.callNumber', { number: c.phone ?? '' })}
                    onClick={() =>
                      void act(
                        () => unwrap(api.POST('/tenants/{tenant}/calls', { params: { path: { tenant } }, body: { number: c.phone!, target: { agentUserId: me } } })),
                        t('pop.calling', { number: c.phone ?? '' }),
                      )
                    }
                  >
                    {t('pop.call')}
                  </Button>,
                  <Button key="done" size="small" onClick={() => void act(() => unwrap(api.POST('/tenants/{tenant}/callbacks/{id}/done', { params: { path: { tenant, id: c.id! } } })))}>
                    {t('callbacks.done')}
                  </Button>,
                ]}
              >
                <Space orientation="vertical" size={0}>
                  <Space wrap>
                    <Typography.Text strong>{c.phone ?? '–'}</Typography.Text>
                    <Tag>{due.text}</Tag>
                    {due.overdue && <Typography.Text strong>{t('callbacks.overdue')}</Typography.Text>}
                    <Tag>{c.agentUserId === me ? t('callbacks.mine') : t('callbacks.anyone')}</Tag>
                  </Space>
                  {c.note && <Typography.Text type="secondary">{c.note}</Typography.Text>}
                </Space>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
