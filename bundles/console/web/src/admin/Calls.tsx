import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Empty, Form, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { can } from '../api/session';
import { dateTime, getTenantZone } from '../lib/format';
import type { AdminProps } from './Admin';
import { DayRangeItems } from './DayRange';
import { AA } from './forms';
import { useAllUsers, useConfirmDanger, useServerSort } from './hooks';
import { dayBounds, openEndedPaging } from './logic';
import { Player } from './Player';
import { clock } from './waveform';
import { SearchBox } from './SearchBox';

type Cdr = Schemas['Cdr'];
const PAGE = 20;
/** The call's result as the switch recorded it (Cdr.disposition). */
export const RESULTS = ['ANSWERED', 'ABANDONED', 'MAX_WAIT', 'IVR', 'VOICEMAIL', 'FAILED', 'NO_ANSWER', 'BUSY', 'REJECTED'] as const;
const RESULT_TAG: Record<string, string | undefined> = { ANSWERED: AA.green, ABANDONED: 'red', MAX_WAIT: AA.orange, FAILED: 'red', REJECTED: 'red' };

interface Filter {
  from?: string;
  to?: string;
  queue?: string;
  agent?: string;
  result?: string;
}

/**
 * The company's calls (通话记录): every call's record (CDR) filtered on the server by day, queue, agent and result,
 * newest first, paged, with the satisfaction survey's figures for the same calls; a call opens with its legs, IVR
 * path, wrap-up outcome and its recording to play — which the recording administrator may delete (asked first,
 * audited on the server). Supervisors, QA staff and the company's administrator.
 */
export function Calls({ session, tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const users = useAllUsers(tenant, (d) => d.items, can(session, 'users:read'));
  const queues = useQuery({
    queryKey: ['queues', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/queues', { params: { path: { tenant } } })),
    enabled: can(session, 'queues:read'),
  });
  const names = new Map((users.data ?? []).map((u) => [u.id!, u.displayName ?? u.username ?? u.id!] as const));
  const who = (c: Cdr) => (c.agentUserId ? (names.get(c.agentUserId) ?? c.agentLogin ?? c.agentUserId) : '–');
  const bounds = dayBounds(filter.from, filter.to, getTenantZone());
  const query = { ...bounds, queue: filter.queue, agent: filter.agent };
  const order = useServerSort(() => setPage(1));
  const sort = order.sort;
  const list = useQuery({
    queryKey: ['cdrs', tenant, filter, sort, page],
    queryFn: () =>
      unwrap(
        api.GET('/tenants/{tenant}/cdrs', {
          params: { path: { tenant }, query: { ...query, disposition: filter.result, sort, offset: (page - 1) * PAGE, limit: PAGE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const csat = useQuery({
    queryKey: ['cdrs', tenant, 'csat', query],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/cdrs/csat', { params: { path: { tenant }, query } })),
    placeholderData: keepPreviousData,
  });
  const set = (v: Filter) => {
    setFilter(v);
    setPage(1);
  };
  const c = csat.data;
  const calls = (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Form
        layout="inline"
        style={{ rowGap: 8 }}
        data-testid="calls-filter"
        onValuesChange={(_, all: Filter) => set(all)}
      >
        <DayRangeItems fromLabel={t('calls.from')} toLabel={t('calls.to')} />
        {can(session, 'queues:read') && (
          <Form.Item name="queue" label={t('calls.queue')}>
            <Select
              aria-label={t('calls.queue')}
              allowClear
              placeholder={t('calls.any')}
              style={{ width: 160 }}
              options={(queues.data ?? []).map((q) => ({ value: q.name!, label: q.displayName ? `${q.displayName} (${q.name})` : q.name }))}
            />
          </Form.Item>
        )}
        {can(session, 'users:read') && (
          <Form.Item name="agent" label={t('calls.agent')}>
            <Select
              aria-label={t('calls.agent')}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('calls.any')}
              style={{ width: 180 }}
              options={(users.data ?? []).filter((u) => (u.roles ?? []).includes('agent')).map((u) => ({ value: u.id!, label: u.displayName ?? u.username }))}
            />
          </Form.Item>
        )}
        <Form.Item name="result" label={t('calls.result')}>
          <Select aria-label={t('calls.result')} allowClear placeholder={t('calls.any')} style={{ width: 160 }} options={RESULTS.map((r) => ({ value: r, label: t(`calls.results.${r}`) }))} />
        </Form.Item>
      </Form>
      <Card size="small" title={t('calls.csat')} data-testid="calls-csat">
        {c && (c.surveyed ?? 0) > 0 ? (
          <Space size="large" wrap>
            <Statistic title={t('calls.surveyed')} value={c.surveyed ?? 0} />
            <Statistic title={t('calls.scored')} value={c.scored ?? 0} />
            <Statistic title={t('calls.noResponse')} value={c.noResponse ?? 0} />
            <Statistic title={t('calls.average')} value={c.average != null ? c.average.toFixed(2) : '–'} suffix="/ 5" />
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('calls.noSurveys')}</Typography.Text>
        )}
      </Card>
      <Table<Cdr>
        rowKey="id"
        size="small"
        data-testid="calls-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        onRow={(x) => ({ onClick: () => setOpen(x.id!), style: { cursor: 'pointer' } })}
        onChange={order.onChange}
        columns={[
          { title: t('calls.at'), dataIndex: 'offeredAt', ...order.sortable('offered'), render: (v: string) => (v ? dateTime(v, i18n.language) : '–'), width: 160 },
          { title: t('calls.direction'), dataIndex: 'direction', render: (v: string) => t(`calls.directions.${v}`, { defaultValue: v }) },
          { title: t('calls.caller'), dataIndex: 'from' },
          { title: t('calls.called'), dataIndex: 'to' },
          { title: t('calls.queue'), dataIndex: 'queue', ...order.sortable('queue'), render: (v: string | null) => v ?? '–' },
          { title: t('calls.agent'), ...order.sortable('agent'), render: (_, x) => who(x) },
          { title: t('calls.wait'), dataIndex: 'waitMs', ...order.sortable('wait'), render: (v: number) => clock(v ?? 0) },
          { title: t('calls.talk'), dataIndex: 'talkMs', ...order.sortable('talk'), render: (v: number) => clock(v ?? 0) },
          { title: t('calls.result'), dataIndex: 'disposition', ...order.sortable('result'), render: (v: string) => <Tag color={RESULT_TAG[v]}>{t(`calls.results.${v}`, { defaultValue: v })}</Tag> },
          { title: t('calls.outcome'), dataIndex: 'outcome', render: (v: string | null) => v ?? '' },
          { title: t('calls.csatShort'), dataIndex: 'csatScore', render: (v: number | null) => (v != null ? `${v}/5` : '') },
          {
            title: t('calls.recording'),
            dataIndex: 'recordingId',
            render: (v: string | null, x) =>
              v ? (
                <Tag color="blue">{t('calls.recorded')}</Tag>
              ) : x.recordingStatus === 'DELETED' || x.recordingStatus === 'EXPIRED' ? (
                <Tag>{x.recordingStatus === 'DELETED' ? t('calls.recordingDeletedShort') : t('calls.recordingExpiredShort')}</Tag>
              ) : x.recordingStatus ? (
                <Tag>{t('calls.noRecording')}</Tag>
              ) : (
                ''
              ),
          },
          {
            title: t('common.actions'),
            key: 'open',
            render: (_, x) => (
              <Button size="small" type="link" onClick={() => setOpen(x.id!)} aria-label={`${t('calls.open')} ${x.from ?? ''}`}>
                {t('calls.open')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} size={820} title={t('calls.call')} destroyOnHidden styles={{ body: { padding: 0, overflow: 'hidden' } }}>
        {/* the call scrolls in a region of its own that takes the keyboard's focus: a call without a recording (or
            whose recording was deleted) has nothing else to focus, and its legs can run past the screen */}
        <div tabIndex={0} role="region" aria-label={t('calls.call')} style={{ height: '100%', overflow: 'auto', padding: 24 }}>
          {open && <CallDetail tenant={tenant} id={open} mayPlay={can(session, 'recordings:read')} mayDelete={can(session, 'recordings:admin')} agentName={(c) => who(c)} />}
        </div>
      </Drawer>
    </Space>
  );
  return can(session, 'recordings:read') ? (
    <Tabs
      items={[
        { key: 'calls', label: t('calls.tab'), children: calls },
        { key: 'voicemail', label: t('calls.voicemail'), children: <Voicemail tenant={tenant} mayDelete={can(session, 'recordings:admin')} /> },
      ]}
    />
  ) : (
    calls
  );
}

const VM_PAGE = 20;

/**
 * Voicemail (语音留言): the messages callers left in the IVR's mailboxes, newest first, by mailbox, paged on the server;
 * each plays here, and the recording administrator deletes one once dealt with (asked first, audited).
 */
function Voicemail({ tenant, mayDelete }: { tenant: string; mayDelete: boolean }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const confirm = useConfirmDanger();
  const [mailbox, setMailbox] = useState('');
  const [page, setPage] = useState(1);
  const [playing, setPlaying] = useState<Schemas['Recording'] | null>(null);
  const list = useQuery({
    queryKey: ['voicemail', tenant, mailbox, page],
    queryFn: () =>
      unwrap(
        api.GET('/tenants/{tenant}/recordings', {
          params: { path: { tenant }, query: { kind: 'VOICEMAIL', mailbox: mailbox.trim() || undefined, offset: (page - 1) * VM_PAGE, limit: VM_PAGE } },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const rows = list.data ?? [];
  const remove = (r: Schemas['Recording']) =>
    confirm({
      title: t('calls.deleteVoicemail', { from: r.from ?? '' }),
      content: t('calls.deleteText'),
      work: async () => {
        await unwrap(api.DELETE('/tenants/{tenant}/recordings/{id}', { params: { path: { tenant, id: r.id! } } }));
        setPlaying((p) => (p?.id === r.id ? null : p));
        await queries.invalidateQueries({ queryKey: ['voicemail', tenant] });
      },
    });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <SearchBox
        label={t('calls.mailbox')} width={260}
        onSearch={(v) => {
          setMailbox(v);
          setPage(1);
        }}
      />
      <Table<Schemas['Recording']>
        rowKey="id"
        size="small"
        data-testid="voicemail-table"
        loading={list.isFetching}
        dataSource={rows}
        pagination={openEndedPaging(page, VM_PAGE, rows.length, setPage)}
        locale={{ emptyText: <Typography.Text type="secondary">{t('calls.noVoicemail')}</Typography.Text> }}
        columns={[
          { title: t('calls.at'), dataIndex: 'startedAt', render: (v: string) => (v ? dateTime(v, i18n.language) : '–') },
          { title: t('calls.mailbox'), dataIndex: 'mailbox', render: (v: string | null) => v ?? '–' },
          { title: t('calls.caller'), dataIndex: 'from' },
          { title: t('calls.length'), dataIndex: 'durationMs', render: (v: number | null) => clock(v ?? 0) },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => setPlaying(r)} aria-label={`${t('calls.play')} ${r.from ?? ''}`}>
                  {t('calls.play')}
                </Button>
                {mayDelete && (
                  <Button size="small" danger onClick={() => remove(r)} aria-label={`${t('common.delete')} ${r.from ?? ''}`}>
                    {t('common.delete')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {playing && (
        <Card size="small" title={t('calls.voicemailFrom', { from: playing.from ?? '', at: playing.startedAt ? dateTime(playing.startedAt, i18n.language) : '' })}>
          <Player key={playing.id} tenant={tenant} recording={playing} />
        </Card>
      )}
    </Space>
  );
}

/** One call: its record, legs and IVR path, the agent's outcome, and its recording (played; deleted by the recording admin). */
function CallDetail({ tenant, id, mayPlay, mayDelete, agentName }: { tenant: string; id: string; mayPlay: boolean; mayDelete: boolean; agentName: (c: Cdr) => string }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const confirm = useConfirmDanger();
  const cdr = useQuery({
    queryKey: ['cdr', tenant, id],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/cdrs/{id}', { params: { path: { tenant, id } } })),
  });
  const recordingId = cdr.data?.recordingId ?? null;
  const recording = useQuery({
    queryKey: ['recording', tenant, recordingId],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/recordings/{id}', { params: { path: { tenant, id: recordingId! } } })),
    enabled: mayPlay && !!recordingId,
    retry: false,
  });
  if (cdr.isError) {
    return <Alert type="error" showIcon title={String((cdr.error as Error).message)} />;
  }
  const c = cdr.data;
  if (!c) {
    return null;
  }
  const at = (v: string | null | undefined) => (v ? dateTime(v, i18n.language) : '–');
  const remove = () =>
    confirm({
      title: t('calls.deleteTitle'),
      content: t('calls.deleteText'),
      work: async () => {
        await unwrap(api.DELETE('/tenants/{tenant}/recordings/{id}', { params: { path: { tenant, id: recordingId! } } }));
        await queries.invalidateQueries({ queryKey: ['cdr', tenant, id] });
        await queries.invalidateQueries({ queryKey: ['cdrs', tenant] });
        // read again: gone now (404), the card says so and the button goes
        await queries.resetQueries({ queryKey: ['recording', tenant, recordingId] });
      },
    });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="call-detail">
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('calls.direction')}>{t(`calls.directions.${c.direction}`, { defaultValue: c.direction ?? '' })}</Descriptions.Item>
        <Descriptions.Item label={t('calls.result')}>
          <Tag color={RESULT_TAG[c.disposition ?? '']}>{t(`calls.results.${c.disposition}`, { defaultValue: c.disposition ?? '' })}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('calls.caller')}>{c.from}</Descriptions.Item>
        <Descriptions.Item label={t('calls.called')}>{c.to}</Descriptions.Item>
        <Descriptions.Item label={t('calls.number')}>{c.did ?? '–'}</Descriptions.Item>
        <Descriptions.Item label={t('calls.queue')}>{c.queue ?? '–'}</Descriptions.Item>
        <Descriptions.Item label={t('calls.agent')}>{agentName(c)}</Descriptions.Item>
        <Descriptions.Item label={t('calls.transfers')}>{c.transfers ?? 0}</Descriptions.Item>
        <Descriptions.Item label={t('calls.at')}>{at(c.offeredAt)}</Descriptions.Item>
        <Descriptions.Item label={t('calls.answeredAt')}>{at(c.answeredAt)}</Descriptions.Item>
        <Descriptions.Item label={t('calls.endedAt')}>{at(c.endedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('calls.hangup')}>{c.hangupCause ? t(`calls.causes.${c.hangupCause}`, { defaultValue: c.hangupCause }) : '–'}</Descriptions.Item>
        <Descriptions.Item label={t('calls.wait')}>{clock(c.waitMs ?? 0)}</Descriptions.Item>
        <Descriptions.Item label={t('calls.talk')}>{clock(c.talkMs ?? 0)}</Descriptions.Item>
        <Descriptions.Item label={t('calls.hold')}>{clock(c.holdMs ?? 0)}</Descriptions.Item>
        <Descriptions.Item label={t('calls.wrapUp')}>{c.wrapUpMs != null ? clock(c.wrapUpMs) : '–'}</Descriptions.Item>
        <Descriptions.Item label={t('calls.ivrPath')} span={2}>
          {c.ivrPath ? <Typography.Text code>{c.ivrPath}</Typography.Text> : '–'}
        </Descriptions.Item>
        <Descriptions.Item label={t('calls.outcome')} span={2}>
          {c.outcome ? (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{c.outcome}</Typography.Text>
              {c.outcomeNote && <Typography.Text>{c.outcomeNote}</Typography.Text>}
            </Space>
          ) : (
            '–'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('calls.csatShort')} span={2}>
          {c.csatScore != null ? `${c.csatScore}/5` : c.csatStatus === 'NO_RESPONSE' ? t('calls.noResponse') : '–'}
        </Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('calls.legs')}>
        <Table
          rowKey="legNo"
          size="small"
          pagination={false}
          dataSource={c.legs ?? []}
          columns={[
            { title: '#', dataIndex: 'legNo', width: 40 },
            { title: t('calls.legKind'), dataIndex: 'kind', render: (v: string) => t(`calls.legKinds.${v}`, { defaultValue: v }) },
            { title: t('calls.party'), dataIndex: 'party' },
            { title: t('calls.at'), dataIndex: 'startedAt', render: at },
            { title: t('calls.answeredAt'), dataIndex: 'answeredAt', render: at },
            { title: t('calls.endedAt'), dataIndex: 'endedAt', render: at },
            { title: t('calls.legResult'), key: 'result', render: (_, l) => `${l.result ? t(`calls.results.${l.result}`, { defaultValue: l.result }) : ''}${l.sipStatus ? ` (${l.sipStatus})` : ''}` },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('calls.recording')}
        extra={
          mayDelete && recordingId && !recording.isError ? (
            <Button danger size="small" onClick={remove}>
              {t('calls.deleteRecording')}
            </Button>
          ) : null
        }
      >
        {!recordingId ? (
          <Empty
            description={
              c.recordingStatus === 'DELETED'
                ? t('calls.recordingDeleted')
                : c.recordingStatus === 'EXPIRED'
                  ? t('calls.recordingExpired')
                  : c.recordingStatus && c.recordingStatus !== 'COMPLETE'
                    ? t('calls.recordingFailed', { status: c.recordingStatus })
                    : t('calls.notRecorded')
            }
          />
        ) : !mayPlay ? (
          <Typography.Text type="secondary">{t('calls.mayNotPlay')}</Typography.Text>
        ) : recording.data ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Player tenant={tenant} recording={recording.data} />
            {recording.data.expiresAt && <Typography.Text type="secondary">{t('calls.expires', { at: at(recording.data.expiresAt) })}</Typography.Text>}
          </Space>
        ) : recording.isError ? (
          <Typography.Text type="secondary">{t('calls.recordingGone')}</Typography.Text>
        ) : null}
      </Card>
    </Space>
  );
}
