import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Input, Layout, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorText, unwrap } from '../api/client';
import { dateTime } from '../lib/format';

/**
 * The page an outside department opens from a dispatched ticket's link (派单链接), without a login: the signed token in
 * the address is its only credential. It reads the ticket and its comments (internal ones are never sent), replies,
 * and resolves the ticket with what was done. A bad, expired or superseded link says so.
 */
export function Dispatched({ token, languages }: { token: string; languages: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const path = { token };
  const ticket = useQuery({ queryKey: ['dispatched', token], queryFn: () => unwrap(api.GET('/public/tickets/{token}', { params: { path } })), retry: false });
  const comments = useQuery({
    queryKey: ['dispatched', token, 'comments'],
    queryFn: () => unwrap(api.GET('/public/tickets/{token}/comments', { params: { path } })),
    enabled: ticket.isSuccess,
  });
  // the category's own labels for the ticket's fields (the keys are the company's internal names)
  const category = useQuery({
    queryKey: ['dispatched', token, 'category'],
    queryFn: () => unwrap(api.GET('/public/tickets/{token}/category', { params: { path } })),
    enabled: ticket.isSuccess,
  });
  const fieldLabel = (k: string) => (category.data?.fields ?? []).find((f) => f.name === k)?.label || k;
  const [reply, setReply] = useState('');
  const [resolution, setResolution] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<{ field: string; text: string } | null>(null);
  const act = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setFieldError(null);
    try {
      await work();
      void message.success(done);
      await queries.invalidateQueries({ queryKey: ['dispatched', token] });
    } catch (e) {
      if (e instanceof ApiError && e.field) {
        setFieldError({ field: e.field, text: e.message });
      } else {
        void message.error(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };
  const tk = ticket.data;
  const open = tk && tk.status !== 'RESOLVED' && tk.status !== 'CLOSED';
  const when = (v: string | null | undefined) => (v ? dateTime(v, i18n.language) : '–');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={1} style={{ color: '#fff', fontSize: 18, margin: 0 }}>
          {t('dispatch.title')}
        </Typography.Title>
        {languages}
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 960, width: '100%', margin: '0 auto' }}>
        {ticket.isError ? (
          <Alert type="error" showIcon title={t('dispatch.badLink')} description={t('dispatch.badLinkHint')} />
        ) : !tk ? null : (
          <Space orientation="vertical" style={{ width: '100%' }} size="large" data-testid="dispatched-ticket">
            <Typography.Paragraph type="secondary">{t('dispatch.intro', { department: tk.department ?? '' })}</Typography.Paragraph>
            <Card size="small" title={`${tk.number} · ${tk.title}`} extra={<Tag color={open ? 'blue' : undefined}>{t(`dispatch.status.${tk.status}`, { defaultValue: tk.status ?? '' })}</Tag>}>
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label={t('dispatch.priority')}>{t(`tickets.priorities.${tk.priority ?? 'NORMAL'}`)}</Descriptions.Item>
                <Descriptions.Item label={t('dispatch.due')}>{when(tk.dueAt)}</Descriptions.Item>
                <Descriptions.Item label={t('dispatch.created')}>{when(tk.createdAt)}</Descriptions.Item>
                <Descriptions.Item label={t('dispatch.department')}>{tk.department ?? '–'}</Descriptions.Item>
                <Descriptions.Item label={t('dispatch.category')} span={2}>
                  {category.data?.label || tk.category}
                </Descriptions.Item>
                {Object.entries(tk.fields ?? {}).map(([k, v]) => (
                  <Descriptions.Item key={k} label={fieldLabel(k)}>
                    {String(v)}
                  </Descriptions.Item>
                ))}
                {tk.resolution && (
                  <Descriptions.Item label={t('dispatch.resolution')} span={2}>
                    {tk.resolution}
                  </Descriptions.Item>
                )}
              </Descriptions>
              {tk.description && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 16 }}>{tk.description}</Typography.Paragraph>}
            </Card>
            <Card size="small" title={t('dispatch.comments')}>
              <List
                size="small"
                data-testid="dispatched-comments"
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.noComments')} /> }}
                dataSource={comments.data ?? []}
                renderItem={(c) => (
                  <List.Item>
                    <Space orientation="vertical" size={0}>
                      <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Typography.Text>
                      <Typography.Text type="secondary">{when(c.at)}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
              {open && (
                <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
                  <Input.TextArea
                    aria-label={t('dispatch.reply')}
                    placeholder={t('dispatch.reply')}
                    rows={3}
                    maxLength={4000}
                    value={reply}
                    status={fieldError?.field === 'text' ? 'error' : undefined}
                    onChange={(e) => setReply(e.target.value)}
                  />
                  {fieldError?.field === 'text' && <Typography.Text type="danger">{fieldError.text}</Typography.Text>}
                  <Button
                    disabled={busy || !reply.trim()}
                    onClick={() =>
                      void act(async () => {
                        await unwrap(api.POST('/public/tickets/{token}/comments', { params: { path }, body: { text: reply.trim() } }));
                        setReply('');
                      }, t('dispatch.replied'))
                    }
                  >
                    {t('dispatch.send')}
                  </Button>
                </Space>
              )}
            </Card>
            {open && (
              <Card size="small" title={t('dispatch.resolveTitle')}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Input.TextArea
                    aria-label={t('dispatch.resolution')}
                    placeholder={t('dispatch.resolutionHint')}
                    rows={3}
                    maxLength={4000}
                    value={resolution}
                    status={fieldError?.field === 'resolution' ? 'error' : undefined}
                    onChange={(e) => setResolution(e.target.value)}
                  />
                  {fieldError?.field === 'resolution' && <Typography.Text type="danger">{fieldError.text}</Typography.Text>}
                  <Button
                    type="primary"
                    disabled={busy || !resolution.trim()}
                    onClick={() =>
                      void act(() => unwrap(api.POST('/public/tickets/{token}/resolve', { params: { path }, body: { resolution: resolution.trim() } })), t('dispatch.resolved'))
                    }
                  >
                    {t('dispatch.resolve')}
                  </Button>
                </Space>
              </Card>
            )}
          </Space>
        )}
      </Layout.Content>
    </Layout>
  );
}
