import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Descriptions, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap, type Schemas } from '../api/client';
import type { AgentState } from '../lib/agentState';
import { controls, phaseOf, type CallState, type Control } from '../lib/callPanel';
import { duration, since } from '../lib/format';
import type { Realtime } from '../lib/useRealtime';

type Target = Schemas['TransferTargetInput'];
type TargetKind = 'agent' | 'queue' | 'number';

/**
 * The agent's current call: who calls, from which queue, for how long, and the controls its phase allows (hold and
 * resume, blind transfer, consultation then complete or cancel, add a party, hang up). Hot keys: F4 hold / resume,
 * F9 hang up.
 */
export function CallPanel(props: {
  tenant: string;
  me: string;
  agentState: AgentState;
  callId: string | null | undefined;
  live: Realtime;
  now: number;
  mayRecord: boolean;
}) {
  const { tenant, me, agentState, callId, live, now, mayRecord } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [dialog, setDialog] = useState<null | 'transfer' | 'consult' | 'addParty'>(null);

  const call = useQuery({
    queryKey: ['call', tenant, callId],
    enabled: !!callId,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/calls/{id}', { params: { path: { tenant, id: callId! } } })),
    // a call offered to this agent (a transfer ringing) may not be readable by it until it answers: asked again shortly
    retry: (failures, e) => failures < 5 && e instanceof ApiError && (e.status === 403 || e.status === 404),
    retryDelay: 200,
  });
  // re-read the call when the stream reports a change of it, and when the agent's own state changes (answering a
  // transferred call is the agent's change: the call's last event may have come before the agent could read it)
  const event = live.lastCallEvent;
  useEffect(() => {
    if (event && event.callId === callId) {
      void queries.invalidateQueries({ queryKey: ['call', tenant, callId] });
    }
  }, [event, callId, tenant, queries]);
  useEffect(() => {
    if (callId) {
      void queries.invalidateQueries({ queryKey: ['call', tenant, callId] });
    }
  }, [agentState, callId, tenant, queries]);

  const phase = phaseOf(agentState, (callId ? call.data?.state : null) as CallState | null);
  const can = controls(phase, mayRecord);

  const run = useCallback(
    async (what: Control, work: () => Promise<unknown>) => {
      try {
        await work();
        void queries.invalidateQueries({ queryKey: ['call', tenant, callId] });
      } catch (e) {
        void message.error(`${t(`call.${what}`)}: ${e instanceof ApiError ? e.message : String(e)}`);
      }
    },
    [queries, tenant, callId, message, t],
  );
  const path = { tenant, id: callId ?? '' };
  const hold = () => run('hold', () => unwrap(api.POST('/tenants/{tenant}/calls/{id}/hold', { params: { path } })));
  const resume = () => run('resume', () => unwrap(api.POST('/tenants/{tenant}/calls/{id}/resume', { params: { path } })));
  const hangup = () => run('hangup', () => unwrap(api.POST('/tenants/{tenant}/calls/{id}/hangup', { params: { path } })));

  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (e.key === 'F4' && (can.has('hold') || can.has('resume'))) {
        e.preventDefault();
        void (can.has('hold') ? hold() : resume());
      } else if (e.key === 'F9' && can.has('hangup')) {
        e.preventDefault();
        void hangup();
      }
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  });

  if (phase === 'idle' || !callId) {
    return (
      <Card title={t('call.title')}>
        <Typography.Text type="secondary">{t('call.none')}</Typography.Text>
      </Card>
    );
  }
  const c = call.data;
  const colour = phase === 'ringing' ? '#874d00' : phase === 'held' ? '#ad4e00' : phase === 'consulting' ? '#531dab' : phase === 'wrapUp' ? '#595959' : '#0958d9';
  return (
    <Card
      title={t('call.title')}
      extra={<Typography.Text type="secondary">{t('call.hotkeys')}</Typography.Text>}
      styles={{ header: { background: phase === 'ringing' ? '#fffbe6' : undefined } }}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space>
          <Tag color={colour} style={{ fontSize: 16, padding: '4px 10px' }} data-testid="call-phase" data-phase={phase}>
            {t(`call.phase.${phase}`)}
          </Tag>
          {c?.answeredAt && <Typography.Text>{duration(since(c.answeredAt, now, live.serverOffsetMs))}</Typography.Text>}
        </Space>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('call.caller')}>{c?.direction === 'OUTBOUND' ? c?.to : c?.from}</Descriptions.Item>
          <Descriptions.Item label={t('agent.queue')}>{c?.queue ?? '–'}</Descriptions.Item>
          {c?.offeredAt && (
            <Descriptions.Item label={t('call.waited')}>
              {duration((c.answeredAt ? Date.parse(c.answeredAt) : now + live.serverOffsetMs) - Date.parse(c.offeredAt))}
            </Descriptions.Item>
          )}
          {Object.entries(c?.data ?? {})
            .filter(([k]) => k.startsWith('ivr.'))
            .map(([k, v]) => (
              <Descriptions.Item key={k} label={k.slice(4)}>
                {v}
              </Descriptions.Item>
            ))}
        </Descriptions>
        <Space wrap>
          {can.has('hold') && <Button onClick={() => void hold()}>{t('call.hold')} (F4)</Button>}
          {can.has('resume') && (
            <Button type="primary" onClick={() => void resume()}>
              {t('call.resume')} (F4)
            </Button>
          )}
          {can.has('transfer') && <Button onClick={() => setDialog('transfer')}>{t('call.transfer')}</Button>}
          {can.has('consult') && <Button onClick={() => setDialog('consult')}>{t('call.consult')}</Button>}
          {can.has('completeTransfer') && (
            <Button type="primary" onClick={() => void run('completeTransfer', () => unwrap(api.POST('/tenants/{tenant}/calls/{id}/complete-transfer', { params: { path } })))}>
              {t('call.completeTransfer')}
            </Button>
          )}
          {can.has('cancelConsult') && (
            <Button onClick={() => void run('cancelConsult', () => unwrap(api.POST('/tenants/{tenant}/calls/{id}/cancel-consult', { params: { path } })))}>
              {t('call.cancelConsult')}
            </Button>
          )}
          {can.has('addParty') && <Button onClick={() => setDialog('addParty')}>{t('call.addParty')}</Button>}
          {can.has('hangup') && (
            <Button danger onClick={() => void hangup()}>
              {t('call.hangup')} (F9)
            </Button>
          )}
        </Space>
      </Space>
      <TargetDialog
        open={dialog !== null}
        title={dialog ? t(`call.${dialog}`) : ''}
        live={live}
        me={me}
        onCancel={() => setDialog(null)}
        onChoose={(target) => {
          const which = dialog!;
          setDialog(null);
          const url = which === 'transfer' ? '/tenants/{tenant}/calls/{id}/transfer' : which === 'consult' ? '/tenants/{tenant}/calls/{id}/consult' : '/tenants/{tenant}/calls/{id}/parties';
          void run(which, () => unwrap(api.POST(url, { params: { path }, body: target })));
        }}
      />
    </Card>
  );
}

/** Whom to transfer to, consult or add: an agent (with their live state), a queue, or a number. */
function TargetDialog(props: { open: boolean; title: string; live: Realtime; me: string; onCancel: () => void; onChoose: (t: Target) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<TargetKind>('agent');
  const [value, setValue] = useState<string>('');
  const agents = [...props.live.agents.values()].filter((a) => a.userId !== props.me && a.state !== 'LOGGED_OUT');
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onCancel}
      okButtonProps={{ disabled: value.trim() === '' }}
      onOk={() => props.onChoose(kind === 'agent' ? { agentUserId: value } : kind === 'queue' ? { queue: value } : { number: value.trim() })}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Radio.Group
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as TargetKind);
            setValue('');
          }}
          options={[
            { value: 'agent', label: t('call.toAgent') },
            { value: 'queue', label: t('call.toQueue') },
            { value: 'number', label: t('call.toNumber') },
          ]}
        />
        {kind === 'agent' && (
          <Select
            aria-label={t('call.toAgent')}
            style={{ width: '100%' }}
            value={value || undefined}
            onChange={setValue}
            showSearch={{ optionFilterProp: 'label' }}
            options={agents.map((a) => ({ value: a.userId ?? '', label: `${a.login} · ${t(`state.${a.state ?? 'LOGGED_OUT'}`)}` }))}
          />
        )}
        {kind === 'queue' && (
          <Select
            aria-label={t('call.toQueue')}
            style={{ width: '100%' }}
            value={value || undefined}
            onChange={setValue}
            options={props.live.queues.map((q) => ({ value: q.queue ?? '', label: q.queue }))}
          />
        )}
        {kind === 'number' && <Input aria-label={t('call.toNumber')} value={value} onChange={(e) => setValue(e.target.value)} inputMode="tel" />}
      </Space>
    </Modal>
  );
}
