import { useState } from 'react';
import { App, Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText, unwrap } from '../api/client';
import { dateTime } from '../lib/format';

/**
 * The bell in the header: the user's unread notices about tickets (assigned to me, late, a revisit due, a dispatch
 * e-mail that failed), read again every minute; a notice is marked read when taken, and "Open tickets" goes to the
 * tickets page.
 */
export function Notifications({ tenant, openTickets }: { tenant: string; openTickets: () => void }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const key = ['notifications', tenant];
  const unread = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/me/notifications', { params: { path: { tenant }, query: { unread: true } } })),
    refetchInterval: 60_000,
  });
  const items = unread.data ?? [];
  const read = async (id: string) => {
    try {
      await unwrap(api.POST('/tenants/{tenant}/me/notifications/{id}/read', { params: { path: { tenant, id } } }));
    } catch (e) {
      void message.error(errorText(e));
    }
    await queries.invalidateQueries({ queryKey: key });
  };
  const content = (
    <div style={{ width: 380, maxHeight: 420, overflowY: 'auto' }} data-testid="notifications">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.none')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item
              actions={[
                <Button key="read" size="small" type="link" onClick={() => void read(n.id!)} aria-label={t('notify.markReadOf', { text: n.text ?? '' })}>
                  {t('notify.markRead')}
                </Button>,
              ]}
            >
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{t(`notify.kinds.${n.kind}`, { defaultValue: n.kind ?? '' })}</Typography.Text>
                <Typography.Text>{n.text}</Typography.Text>
                <Typography.Text type="secondary">{n.at ? dateTime(n.at, i18n.language) : ''}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Button
        type="link"
        onClick={() => {
          setOpen(false);
          openTickets();
        }}
      >
        {t('notify.openTickets')}
      </Button>
    </div>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('notify.title')} content={content} open={open} onOpenChange={setOpen}>
      <Badge count={items.length} size="small" overflowCount={99}>
        <Button icon={<BellOutlined />} aria-label={t('notify.bell', { count: items.length })} />
      </Badge>
    </Popover>
  );
}
