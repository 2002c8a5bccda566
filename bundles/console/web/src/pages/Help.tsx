import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, List, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText, type Schemas, unwrap } from '../api/client';
import { can, type SessionInfo } from '../api/session';
import { duration, since } from '../lib/format';
import { byWaiting } from '../lib/messages';
import { helpKey } from '../lib/useMyEvents';

type Message = Schemas['MessageServiceMessage'];

/** Open help requests: an agent's own, or for a supervisor the floor's. */
function useHelpRequests(tenant: string, enabled = true) {
  return useQuery({
    queryKey: helpKey(tenant),
    enabled,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/help-requests', { params: { path: { tenant }, query: { status: 'OPEN' } } })),
  });
}

/**
 * The agent's "call the supervisor" (F8): a note (optional) and the current call go to every supervisor's wallboard;
 * while it is open the desk says so, with the time waited, and the agent may withdraw it.
 */
export function AskForHelp({ tenant, callId, now }: { tenant: string; callId: string | null | undefined; now: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const open = useHelpRequests(tenant);
  const mine = open.data?.[0];
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (e.key === 'F8' && !mine) {
        e.preventDefault();
        setAsking(true);
      }
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [mine]);

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      void queries.invalidateQueries({ queryKey: helpKey(tenant) });
      return true;
    } catch (e) {
      void message.error(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const ask = async () => {
    if (await act(() => unwrap(api.POST('/tenants/{tenant}/help-requests', { params: { path: { tenant } }, body: { note, ...(callId ? { callId } : {}) } })))) {
      setAsking(false);
      setNote('');
    }
  };

  return (
    <>
      {mine ? (
        <Alert
          type="warning"
          showIcon
          data-testid="help-open"
          title={t('help.waiting', { time: duration(since(mine.at, now)) })}
          description={mine.body || undefined}
          action={
            <Button size="small" disabled={busy} onClick={() => void act(() => unwrap(api.POST('/tenants/{tenant}/help-requests/{id}/close', { params: { path: { tenant, id: mine.id! } }, body: {} })))}>
              {t('help.withdraw')}
            </Button>
          }
        />
      ) : (
        <Button onClick={() => setAsking(true)}>{t('help.ask')} (F8)</Button>
      )}
      <Modal
        open={asking}
        title={t('help.ask')}
        okText={t('help.send')}
        onOk={() => void ask()}
        okButtonProps={{ disabled: busy }}
        onCancel={() => setAsking(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('help.hint')}</Typography.Paragraph>
        <Input.TextArea aria-label={t('help.note')} placeholder={t('help.note')} value={note} maxLength={1000} autoSize={{ minRows: 2 }} onChange={(e) => setNote(e.target.value)} autoFocus />
      </Modal>
    </>
  );
}

/**
 * The wallboard's help requests, longest waiting first: who asks, for how long, the note; Listen joins the agent's call
 * on the supervisor's phone, Answer closes the request with a reply that the agent receives as a message.
 */
export function HelpRequests({ session, now, onOpen }: { session: SessionInfo; now: number; onOpen: (userId: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tenant = session.user.tenantId!;
  const queries = useQueryClient();
  const open = useHelpRequests(tenant);
  const [answering, setAnswering] = useState<Message | null>(null);
  const [answer, setAnswer] = useState('');
  const requests = byWaiting(open.data);

  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      void message.success(done);
      void queries.invalidateQueries({ queryKey: helpKey(tenant) });
      return true;
    } catch (e) {
      void message.error(errorText(e));
      return false;
    }
  };

  return (
    <Card data-testid="help-requests" data-count={requests.length}>
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
        {t('help.requests')}
      </Typography.Title>
      {requests.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('help.none')} />
      ) : (
        <List
          size="small"
          dataSource={requests}
          renderItem={(h) => (
            <List.Item
              data-testid={`help-${h.fromUser}`}
              actions={[
                ...(h.callId && can(session, 'calls:supervise')
                  ? [
                      <Button
                        key="listen"
                        size="small"
                        onClick={() =>
                          void run(
                            () => unwrap(api.POST('/tenants/{tenant}/calls/{id}/supervise', { params: { path: { tenant, id: h.callId! } }, body: { mode: 'MONITOR' } })),
                            t('supervise.done', { action: t('supervise.monitor') }),
                          )
                        }
                      >
                        {t('supervise.monitor')}
                      </Button>,
                    ]
                  : []),
                <Button key="answer" size="small" type="primary" onClick={() => setAnswering(h)}>
                  {t('help.answer')}
                </Button>,
              ]}
            >
              <Space orientation="vertical" size={0}>
                <Space wrap>
                  <Button type="text" size="small" style={{ fontWeight: 600, paddingInline: 0 }} onClick={() => onOpen(h.fromUser!)}>
                    {h.fromName}
                  </Button>
                  <Typography.Text type="danger" strong>
                    {t('help.since', { time: duration(since(h.at, now)) })}
                  </Typography.Text>
                </Space>
                {h.body && <Typography.Text>{h.body}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
      <Modal
        open={answering !== null}
        title={t('help.answerTo', { name: answering?.fromName ?? '' })}
        okText={t('help.answer')}
        onOk={async () => {
          if (answering && (await run(() => unwrap(api.POST('/tenants/{tenant}/help-requests/{id}/close', { params: { path: { tenant, id: answering.id! } }, body: { answer } })), t('help.answered')))) {
            setAnswering(null);
            setAnswer('');
          }
        }}
        onCancel={() => setAnswering(null)}
        destroyOnHidden
      >
        {answering?.body && <Typography.Paragraph>{answering.body}</Typography.Paragraph>}
        <Input.TextArea aria-label={t('help.reply')} placeholder={t('help.reply')} value={answer} maxLength={1000} autoSize={{ minRows: 2 }} onChange={(e) => setAnswer(e.target.value)} autoFocus />
      </Modal>
    </Card>
  );
}

/** The user ids asking for help now (the wallboard marks their tiles). */
export function useAskingForHelp(tenant: string, enabled: boolean): Set<string> {
  const open = useHelpRequests(tenant, enabled);
  // a new set only when the people asking change, so the tiles of the others are not drawn again
  const ids = (open.data ?? []).map((h) => h.fromUser ?? '').sort().join(',');
  return useMemo(() => new Set(ids ? ids.split(',') : []), [ids]);
}
