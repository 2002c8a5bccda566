import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Form, InputNumber, Modal, Pagination, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Present, type Schemas } from '../api/client';
import { can } from '../api/session';
import { dateTime } from '../lib/format';
import type { AdminProps } from './Admin';
import { useAllUsers, useConfirmDanger } from './hooks';
import { errorText, showOnField } from './forms';

type Seat = Present<Schemas['Seat'], 'id' | 'kind'>;
type Overview = Omit<Schemas['SeatOverview'], 'seats'> & { seats: Seat[] };
const PAGE = 10;

/**
 * The seat map: each tenant's dedicated seats and the shared seats it holds now, who sits in each and since when. The
 * operator sees every active tenant (paged) and sizes the shared pool; a client admin sees the company's own seats and
 * may put an agent in a free one or free a seat.
 */
export default function Seats({ session }: AdminProps) {
  const own = session.user.tenantId ?? null;
  const history = can(session, 'seats:history');
  return own ? <TenantSeats tenant={own} manage history={history} /> : <OperatorSeats history={history} />;
}

function OperatorSeats({ history }: { history: boolean }) {
  const [page, setPage] = useState(1);
  const tenants = useQuery({
    queryKey: ['tenants', 'ACTIVE', 'seats', page],
    queryFn: () => unwrap(api.GET('/tenants', { params: { query: { status: 'ACTIVE', offset: (page - 1) * PAGE, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
  const items = (tenants.data?.items ?? []) as Present<Schemas['Tenant'], 'id'>[];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <SharedPool sample={items[0]?.id} />
      {items.length === 0 && !tenants.isPending && <Empty />}
      {items.map((x) => (
        <TenantSeats key={x.id} tenant={x.id} title={`${x.displayName} (${x.id})`} history={history} />
      ))}
      <Pagination current={page} pageSize={PAGE} total={tenants.data?.total ?? 0} onChange={setPage} showSizeChanger={false} />
    </Space>
  );
}

/** The operator's shared pool: its size (changed here, audited) and how many of its seats are free now. */
function SharedPool({ sample }: { sample?: string }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ size: number }>();
  const pool = useQuery({ queryKey: ['shared-pool'], queryFn: () => unwrap(api.GET('/shared-pool', {})) });
  // the operator's overview of any tenant tells how many pool seats are free for everybody
  const any = useQuery({
    queryKey: ['seats', sample],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/seats', { params: { path: { tenant: sample! } } })),
    enabled: !!sample,
  });
  const resize = ({ size }: { size: number }) =>
    modal.confirm({
      title: t('seats.resizeTitle', { size }),
      okText: t('common.save'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await unwrap(api.PUT('/shared-pool', { body: { size } }));
          void message.success(t('common.saved'));
          await queries.invalidateQueries({ queryKey: ['shared-pool'] });
          await queries.invalidateQueries({ queryKey: ['seats'] });
        } catch (e) {
          if (!showOnField(form, e)) {
            void message.error(errorText(e));
          }
        }
      },
    });
  return (
    <Card title={t('seats.pool')} size="small">
      <Space size="large" wrap align="end">
        <Statistic title={t('seats.poolSize')} value={pool.data?.size ?? '–'} />
        <Statistic title={t('seats.poolFree')} value={any.data?.sharedPoolFree ?? '–'} />
        {pool.data && (
          <Form form={form} layout="inline" initialValues={{ size: pool.data.size }} onFinish={resize}>
            <Form.Item name="size" label={t('seats.newSize')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0} max={100000} />
            </Form.Item>
            <Button htmlType="submit">{t('seats.resize')}</Button>
          </Form>
        )}
      </Space>
    </Card>
  );
}

/** One tenant's seats as tiles: dedicated ones in order, then the shared ones it holds. */
function TenantSeats({ tenant, title, manage, history }: { tenant: string; title?: string; manage?: boolean; history?: boolean }) {
  const { t, i18n } = useTranslation();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const [assigning, setAssigning] = useState<Seat | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const overview = useQuery({
    queryKey: ['seats', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/seats', { params: { path: { tenant } } })),
    refetchInterval: 15_000,
  });
  const o = overview.data as Overview | undefined;
  const release = (s: Seat) =>
    danger({
      title: t('seats.releaseTitle', { seat: s.id, login: s.agentLogin ?? '' }),
      content: t('seats.releaseHint'),
      okText: t('seats.release'),
      work: async () => {
      await unwrap(api.DELETE('/tenants/{tenant}/seats/{seat}/assignment', { params: { path: { tenant, seat: s.id } } }));
      await queries.invalidateQueries({ queryKey: ['seats', tenant] });
      },
    });
  return (
    <Card
      size="small"
      title={title ?? t('seats.mine')}
      data-testid={`seats-${tenant}`}
      extra={
        o && (
          <Space wrap>
            <Tag color="blue">{t('tenants.dedicatedShort', { used: o.dedicatedInUse, of: o.dedicatedRented })}</Tag>
            <Tag color="purple">{t('tenants.sharedShort', { used: o.sharedInUse, of: o.sharedAllowance })}</Tag>
            {history && (
              <Button size="small" onClick={() => setShowHistory(true)}>
                {t('seats.history')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {!o ? (
        <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>
      ) : o.seats.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('seats.none')} />
      ) : (
        <Flex wrap gap={8} role="list" aria-label={title ?? t('seats.mine')}>
          {o.seats.map((s) => {
            const taken = !!s.agentUserId;
            const label = taken
              ? t('seats.taken', { seat: s.id, login: s.agentLogin ?? '', since: s.since ? dateTime(s.since, i18n.language) : '' })
              : t('seats.free', { seat: s.id });
            return (
              <Tooltip key={s.id} title={label}>
                <div
                  role="listitem"
                  aria-label={label}
                  data-seat={s.id}
                  data-taken={taken}
                  style={{
                    width: 112,
                    padding: 6,
                    borderRadius: 6,
                    border: `2px solid ${s.kind === 'SHARED' ? '#722ed1' : '#0958d9'}`,
                    background: taken ? (s.kind === 'SHARED' ? '#f9f0ff' : '#e6f4ff') : '#fff',
                  }}
                >
                  <Typography.Text strong style={{ fontSize: 12 }}>
                    {s.id}
                  </Typography.Text>
                  <div>
                    <Typography.Text style={{ fontSize: 12 }}>{taken ? s.agentLogin : t('seats.freeShort')}</Typography.Text>
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`agent.seatKind.${s.kind}`)}
                  </Typography.Text>
                  {manage && (
                    <div>
                      {taken ? (
                        <Button size="small" type="link" danger style={{ padding: 0 }} onClick={() => release(s)} aria-label={t('seats.releaseTitle', { seat: s.id, login: s.agentLogin ?? '' })}>
                          {t('seats.release')}
                        </Button>
                      ) : (
                        <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setAssigning(s)} aria-label={t('seats.assignTo', { seat: s.id })}>
                          {t('seats.assign')}
                        </Button>
                      )}
                    </div>
                  )}
                </div>
              </Tooltip>
            );
          })}
        </Flex>
      )}
      {assigning && (
        <AssignSeat
          tenant={tenant}
          seat={assigning}
          onClose={() => {
            setAssigning(null);
            void queries.invalidateQueries({ queryKey: ['seats', tenant] });
          }}
        />
      )}
      {showHistory && <SeatHistory tenant={tenant} title={title} onClose={() => setShowHistory(false)} />}
    </Card>
  );
}

/**
 * The company's seat rental over time: each change of its dedicated seats or shared allowance, when, by whom and why
 * (what its invoices are billed from). Newest first.
 */
function SeatHistory({ tenant, title, onClose }: { tenant: string; title?: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const changes = useQuery({
    queryKey: ['seat-history', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/seat-history', { params: { path: { tenant } } })),
  });
  return (
    <Modal open width={760} title={t('seats.historyOf', { name: title ?? t('seats.mine') })} footer={null} onCancel={onClose}>
      <Table
        rowKey="id"
        size="small"
        data-testid="seat-history"
        loading={changes.isPending}
        dataSource={[...(changes.data ?? [])].sort((a, b) => (b.changedAt ?? '').localeCompare(a.changedAt ?? ''))}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        columns={[
          { title: t('seats.changedAt'), dataIndex: 'changedAt', render: (v: string) => (v ? dateTime(v, i18n.language) : '–') },
          { title: t('seats.kind'), dataIndex: 'kind', render: (v: string) => t(`seats.kinds.${v}`, { defaultValue: v }) },
          { title: t('seats.change'), key: 'change', render: (_, x) => `${x.oldCount ?? 0} → ${x.newCount ?? 0}` },
          { title: t('seats.changedBy'), dataIndex: 'changedBy', render: (v: string | null) => v ?? '–' },
          { title: t('seats.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '' },
        ]}
      />
    </Modal>
  );
}

/** Puts an agent of the company in a free seat (what the agent's own "Start working" does). */
function AssignSeat({ tenant, seat, onClose }: { tenant: string; seat: Seat; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ userId: string }>();
  const users = useAllUsers(tenant);
  const submit = async ({ userId }: { userId: string }) => {
    try {
      await unwrap(api.POST('/tenants/{tenant}/seats/assignments', { params: { path: { tenant } }, body: { seatId: seat.id, userId } }));
      onClose();
    } catch (e) {
      if (!showOnField(form, e)) {
        void message.error(errorText(e));
      }
    }
  };
  return (
    <Modal open title={t('seats.assignTo', { seat: seat.id })} okText={t('seats.assign')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="userId" label={t('seats.agent')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(users.data?.items ?? [])
              .filter((u) => u.roles?.some((r) => r === 'agent' || r === 'supervisor'))
              .map((u) => ({ value: u.id!, label: `${u.displayName ?? u.username} (${u.username})` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
