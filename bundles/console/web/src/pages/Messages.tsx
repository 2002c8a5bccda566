import { useState } from 'react';
import { App, Badge, Button, Card, Empty, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../api/client';
import { dateTime } from '../lib/format';
import { recipientValue, replyTo, sendBody, unread } from '../lib/messages';
import { messagesKey, useMyEvents, type ScreenPop } from '../lib/useMyEvents';

/**
 * The signed-in user's own channel ({@link useMyEvents}), with a notice in the corner for each message to this user
 * besides the messages card; the latest screen pop.
 */
export function useMyChannel(tenant: string, me: string | null): ScreenPop | null {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  return useMyEvents(tenant, me, (m) =>
    notification.info({ title: t('messages.newFrom', { name: m.fromName ?? '' }), description: m.body, placement: 'bottomRight' }),
  );
}

/** The text of a message (at most 1000 characters), labelled for screen readers. */
export function MessageText({ value, onChange, error }: { value: string; onChange: (text: string) => void; error?: boolean }) {
  const { t } = useTranslation();
  return (
    <Input.TextArea
      aria-label={t('messages.text')}
      placeholder={t('messages.placeholder')}
      value={value}
      maxLength={1000}
      autoSize={{ minRows: 2, maxRows: 5 }}
      onChange={(e) => onChange(e.target.value)}
      status={error ? 'error' : undefined}
    />
  );
}

/**
 * Internal messages (站内短信): the user's own, received and sent, newest first, the unread ones marked; a reply goes
 * back to the sender. An agent writes to supervisors; a supervisor to anyone, or to a whole team. New messages arrive
 * by the user's event stream, which refreshes this list.
 */
export function MessagesCard({ tenant, me }: { tenant: string; me: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const list = useQuery({
    queryKey: messagesKey(tenant),
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/messages', { params: { path: { tenant }, query: { limit: 30 } } })),
  });
  const recipients = useQuery({
    queryKey: ['recipients', tenant],
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/messages/recipients', { params: { path: { tenant } } })),
  });
  const options = (recipients.data ?? []).map((r) => ({
    value: recipientValue(r.kind, r.id),
    label: r.kind === 'TEAM' ? t('messages.team', { name: r.name }) : `${r.name}${r.roles?.length ? ` · ${r.roles.map((x) => t(`roles.${x}`, { defaultValue: x })).join(', ')}` : ''}`,
  }));
  const [to, setTo] = useState<string | undefined>(undefined);
  const chosen = to ?? options[0]?.value;
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const count = unread(list.data, me);

  const send = async () => {
    setSending(true);
    setFieldError(null);
    try {
      const sent = await unwrap(api.POST('/tenants/{tenant}/messages', { params: { path: { tenant } }, body: sendBody(chosen, text) }));
      setText('');
      void message.success(t('messages.sent', { count: sent.recipients }));
      void queries.invalidateQueries({ queryKey: messagesKey(tenant) });
    } catch (e) {
      if (e instanceof ApiError && e.field) {
        setFieldError({ field: e.field, message: e.message });
      } else {
        void message.error(e instanceof ApiError ? e.message : String(e));
      }
    } finally {
      setSending(false);
    }
  };
  const markRead = async (id: string) => {
    try {
      await unwrap(api.POST('/tenants/{tenant}/messages/{id}/read', { params: { path: { tenant, id } } }));
      void queries.invalidateQueries({ queryKey: messagesKey(tenant) });
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <Card data-testid="messages" data-unread={count}>
      <Space align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('messages.title')}
        </Typography.Title>
        {count > 0 && <Badge count={count} title={t('messages.unread', { count })} data-testid="messages-unread" />}
      </Space>
      {options.length > 0 && (
        <Space.Compact direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
          <Select
            aria-label={t('messages.to')}
            value={chosen}
            onChange={setTo}
            options={options}
            showSearch
            optionFilterProp="label"
            status={fieldError && (fieldError.field === 'to' || fieldError.field === 'team') ? 'error' : undefined}
          />
          <MessageText value={text} onChange={setText} error={fieldError?.field === 'body'} />
        </Space.Compact>
      )}
      {fieldError && (
        <Typography.Text type="danger" style={{ display: 'block', marginBottom: 8 }}>
          {fieldError.message}
        </Typography.Text>
      )}
      {options.length > 0 && (
        <Button type="primary" disabled={sending || text.trim() === '' || !chosen} onClick={() => void send()} style={{ marginBottom: 12 }}>
          {t('messages.send')}
        </Button>
      )}
      {(list.data ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('messages.none')} />
      ) : (
        <List
          size="small"
          dataSource={list.data ?? []}
          style={{ maxHeight: 320, overflowY: 'auto' }}
          renderItem={(m) => {
            const mine = m.fromUser === me;
            const fresh = !mine && !m.readAt;
            return (
              <List.Item
                data-testid={`message-${m.id}`}
                data-unread={fresh}
                actions={[
                  ...(fresh ? [<Button key="read" size="small" onClick={() => void markRead(m.id!)}>{t('messages.markRead')}</Button>] : []),
                  ...(replyTo(m, me) && !(mine && m.kind === 'BROADCAST')
                    ? [<Button key="reply" size="small" onClick={() => setTo(replyTo(m, me))}>{t('messages.reply')}</Button>]
                    : []),
                ]}
              >
                <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                  <Space wrap size={4}>
                    <Typography.Text strong={fresh}>
                      {mine ? t('messages.toWhom', { name: m.kind === 'BROADCAST' ? t('messages.team', { name: m.teamName ?? m.team }) : m.toName }) : m.fromName}
                    </Typography.Text>
                    {m.kind === 'BROADCAST' && <Tag>{t('messages.broadcast')}</Tag>}
                    <Typography.Text type="secondary">{dateTime(m.at!, i18n.language)}</Typography.Text>
                  </Space>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Typography.Text>
                </Space>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
