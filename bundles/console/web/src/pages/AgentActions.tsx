import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Popconfirm, Space, Tag, Typography } from 'antd';
import { MessageText } from './Messages';
import { useQueryClient } from '@tanstack/react-query';
import { messagesKey } from '../lib/useMyEvents';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { can, type SessionInfo } from '../api/session';
import { STATE_COLOUR, type AgentState } from '../lib/agentState';
import { duration, since } from '../lib/format';
import { useNow, type AgentStatus } from '../lib/useRealtime';

/**
 * What a supervisor can do with one agent: listen to, coach or join its call (the supervisor's own phone rings),
 * force it not ready, sign it out of its seat, end its call, or write to it (站内短信). Buttons the user has no permission for are not shown;
 * the server checks anyway.
 */
export function AgentActions(props: { session: SessionInfo; agent: AgentStatus | null; offset: number; onClose: () => void }) {
  const { session, agent, offset, onClose } = props;
  // its own clock: the wallboard behind it is not drawn again every second
  const now = useNow();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tenant = session.user.tenantId!;
  const run = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
      void message.success(t('supervise.done', { action: t(`supervise.${what}`) }));
    } catch (e) {
      void message.error(`${t(`supervise.${what}`)}: ${e instanceof ApiError ? e.message : String(e)}`);
    }
  };
  const queries = useQueryClient();
  const [text, setText] = useState('');
  const state = (agent?.state ?? 'LOGGED_OUT') as AgentState;
  const user = agent?.userId ?? '';
  const callId = agent?.callId ?? null;
  const supervise = (mode: 'MONITOR' | 'WHISPER' | 'BARGE') =>
    run(mode.toLowerCase(), () =>
      unwrap(api.POST('/tenants/{tenant}/calls/{id}/supervise', { params: { path: { tenant, id: callId! } }, body: { mode } })),
    );
  return (
    <Drawer open={agent !== null} onClose={onClose} title={agent?.login} size={380}>
      {agent && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('wallboard.filterState')}>
              <Tag color={STATE_COLOUR[state]}>{t(`state.${state}`)}</Tag> {duration(since(agent.since, now, offset))}
            </Descriptions.Item>
            <Descriptions.Item label={t('agent.reason')}>{agent.reason ?? '–'}</Descriptions.Item>
            <Descriptions.Item label={t('agent.queue')}>{agent.queue ?? '–'}</Descriptions.Item>
            <Descriptions.Item label={t('agent.phone')}>{agent.registered ? t('agent.registered') : t('agent.unregistered')}</Descriptions.Item>
          </Descriptions>
          {callId && can(session, 'calls:supervise') && (
            <div>
              <Typography.Text type="secondary">{t('supervise.callHint')}</Typography.Text>
              <Space wrap style={{ marginTop: 8 }}>
                <Button onClick={() => void supervise('MONITOR')}>{t('supervise.monitor')}</Button>
                <Button onClick={() => void supervise('WHISPER')}>{t('supervise.whisper')}</Button>
                <Button onClick={() => void supervise('BARGE')}>{t('supervise.barge')}</Button>
              </Space>
            </div>
          )}
          <Space wrap>
            {can(session, 'agents:state') && (state === 'READY' || state === 'WRAP_UP') && (
              <Button
                onClick={() =>
                  void run('forceNotReady', () =>
                    unwrap(api.PUT('/tenants/{tenant}/agents/{user}/state', { params: { path: { tenant, user } }, body: { state: 'NOT_READY', reason: 'supervisor' } })),
                  )
                }
              >
                {t('supervise.forceNotReady')}
              </Button>
            )}
            {can(session, 'agents:state') && state !== 'LOGGED_OUT' && (
              <Popconfirm title={t('supervise.confirmLogout')} onConfirm={() => void run('forceLogout', () => unwrap(api.POST('/tenants/{tenant}/agents/{user}/logout', { params: { path: { tenant, user } } })))}>
                <Button danger>{t('supervise.forceLogout')}</Button>
              </Popconfirm>
            )}
            {callId && can(session, 'calls:control') && (
              <Popconfirm title={t('supervise.confirmRelease')} onConfirm={() => void run('forceRelease', () => unwrap(api.POST('/tenants/{tenant}/calls/{id}/hangup', { params: { path: { tenant, id: callId } } })))}>
                <Button danger>{t('supervise.forceRelease')}</Button>
              </Popconfirm>
            )}
          </Space>
          {can(session, 'messages:write') && (
            <Space.Compact direction="vertical" style={{ width: '100%' }}>
              <MessageText value={text} onChange={setText} />
              <Button
                disabled={text.trim() === ''}
                onClick={() =>
                  void run('message', async () => {
                    await unwrap(api.POST('/tenants/{tenant}/messages', { params: { path: { tenant } }, body: { to: user, body: text } }));
                    setText('');
                    void queries.invalidateQueries({ queryKey: messagesKey(tenant) });
                  })
                }
              >
                {t('messages.send')}
              </Button>
            </Space.Compact>
          )}
        </Space>
      )}
    </Drawer>
  );
}
