import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Drawer, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { can } from '../api/session';
import { dateOnly, dateTime } from '../lib/format';
import type { AdminProps } from './Admin';
import { FormDrawer } from './FormDrawer';
import { Workspace } from './Evaluate';
import { AA, errorText } from './forms';
import { driftRows, type DriftRow } from './logic';
import { useAllUsers, useSave } from './hooks';
import { clock } from './waveform';

type Calibration = Schemas['QaServiceCalibration'];

/**
 * Calibration (校准): several evaluators score the same call on the same scorecard version, each without seeing the
 * others' scores until it has scored; the session then shows each item's score per evaluator, the consensus and the
 * spread (a disagreement marked), and each evaluator's deviation from the consensus (or from the lead's scores).
 * The QA lead opens sessions and closes them; a participant scores from here.
 */
export function Calibrations({ session, tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const me = session.user.id ?? '';
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [scoring, setScoring] = useState<Calibration | null>(null);
  const users = useAllUsers(tenant, (d) => d.items, can(session, 'users:read'));
  const name = (id: string | null | undefined) => {
    const u = (users.data ?? []).find((x) => x.id === id);
    return (u ? (u.displayName ?? u.username) : null) ?? id ?? '–';
  };
  const list = useQuery({
    queryKey: ['calibrations', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/calibrations', { params: { path: { tenant } } })),
  });
  if (scoring) {
    return <Workspace tenant={tenant} session={session} callId={scoring.callId!} mode="calibrate" calibration={scoring} onBack={() => setScoring(null)} />;
  }
  const mayScore = (c: Calibration) => c.status === 'OPEN' && (c.participants ?? []).includes(me) && !(c.submitted ?? []).includes(me);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {can(session, 'qa:manage') && (
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('calibration.new')}
        </Button>
      )}
      <Table<Calibration>
        rowKey="id"
        data-testid="calibrations-table"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('calibration.none')}</Typography.Text> }}
        columns={[
          { title: t('calibration.title'), dataIndex: 'title', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('calibration.lead'), dataIndex: 'leadUserId', render: (v: string | null) => (v ? name(v) : t('calibration.consensus')) },
          {
            title: t('calibration.scored'),
            key: 'n',
            render: (_, c) => `${(c.submitted ?? []).length} / ${(c.participants ?? []).length}`,
          },
          {
            title: t('calibration.status'),
            dataIndex: 'status',
            render: (v: string) => <Tag color={v === 'OPEN' ? 'blue' : undefined}>{t(`calibration.statusOf.${v}`, { defaultValue: v })}</Tag>,
          },
          { title: t('calibration.created'), dataIndex: 'createdAt', render: (v: string) => dateTime(v, i18n.language) },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, c) => (
              <Space>
                {mayScore(c) && (
                  <Button size="small" type="primary" onClick={() => setScoring(c)} aria-label={t('calibration.scoreOne', { title: c.title })}>
                    {t('calibration.score')}
                  </Button>
                )}
                <Button size="small" onClick={() => setOpen(c.id!)} aria-label={t('calibration.resultsOf', { title: c.title })}>
                  {t('calibration.results')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {can(session, 'qa:manage') && <Drift tenant={tenant} name={name} />}
      {creating && <NewCalibration tenant={tenant} me={me} onClose={() => setCreating(false)} />}
      {open && <Results session={session} tenant={tenant} id={open} name={name} onClose={() => setOpen(null)} />}
    </Space>
  );
}

/**
 * Each evaluator's drift: the deviation from the lead (or the consensus) in every calibration session of the period,
 * oldest first, with the mean distance and whether the latest sessions are further off than the earlier ones.
 */
function Drift({ tenant, name }: { tenant: string; name: (id: string | null | undefined) => string }) {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const drift = useQuery({
    queryKey: ['calibrations', tenant, 'drift', range],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/calibrations/drift', { params: { path: { tenant }, query: { from: range.from || undefined, to: range.to || undefined } } })),
  });
  const rows = driftRows(drift.data ?? {});
  return (
    <Card
      size="small"
      title={t('calibration.drift')}
      data-testid="calibration-drift"
      extra={
        <Space>
          <Input type="date" aria-label={t('calibration.from')} value={range.from ?? ''} onChange={(e) => setRange({ ...range, from: e.target.value })} />
          <Input type="date" aria-label={t('calibration.to')} value={range.to ?? ''} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </Space>
      }
    >
      <Table
        rowKey="user"
        size="small"
        pagination={false}
        loading={drift.isFetching}
        dataSource={rows}
        locale={{ emptyText: <Typography.Text type="secondary">{t('calibration.noDrift')}</Typography.Text> }}
        columns={[
          { title: t('calibration.evaluator'), dataIndex: 'user', render: (v: string) => name(v) },
          { title: t('calibration.sessions'), dataIndex: 'sessions' },
          { title: t('calibration.meanDistance'), dataIndex: 'meanDistance', render: (v: number) => v.toFixed(1) },
          { title: t('calibration.latest'), dataIndex: 'latest', render: (v: number) => (v > 0 ? `+${v.toFixed(1)}` : v.toFixed(1)) },
          {
            title: t('calibration.trend'),
            dataIndex: 'trend',
            render: (v: DriftRow['trend']) => <Tag color={v === 'WIDER' ? 'red' : v === 'NARROWER' ? AA.green : undefined}>{t(`calibration.trendOf.${v}`)}</Tag>,
          },
          {
            title: t('calibration.bySession'),
            dataIndex: 'points',
            render: (points: DriftRow['points']) => (
              <Typography.Text type="secondary">{points.map((p) => `${dateOnly(p.at, i18n.language)} ${p.deviation > 0 ? '+' : ''}${p.deviation.toFixed(1)}`).join(' · ')}</Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}

/**
 * Who evaluates: users with the QA role, and the virtual QA team — users of other roles (a senior agent, a team lead)
 * the QA lead names to evaluate too.
 */
export function useEvaluators(tenant: string) {
  const users = useAllUsers(tenant, (d) => d.items);
  const team = useQuery({ queryKey: ['qa-team', tenant], queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/team', { params: { path: { tenant } } })) });
  const ids = new Set(team.data ?? []);
  return {
    users: users.data ?? [],
    team: team.data ?? [],
    evaluators: (users.data ?? []).filter((u) => (u.roles ?? []).includes('qa') || ids.has(u.id!)),
  };
}

/** The virtual QA team (虚拟质检组): users who evaluate without the QA role; saved as a whole. */
export function QaTeam({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const { users, team } = useEvaluators(tenant);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await unwrap(api.PUT('/tenants/{tenant}/qa/team', { params: { path: { tenant } }, body: { userIds: chosen ?? team } }));
      void message.success(t('common.saved'));
      setChosen(null);
      await queries.invalidateQueries({ queryKey: ['qa-team', tenant] });
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('calibration.team')} data-testid="qa-team">
      <Typography.Paragraph type="secondary">{t('calibration.teamHint')}</Typography.Paragraph>
      <Space wrap>
        <Select
          mode="multiple"
          aria-label={t('calibration.team')}
          style={{ minWidth: 360 }}
          value={chosen ?? team}
          onChange={setChosen}
          showSearch={{ optionFilterProp: 'label' }}
          options={users.filter((u) => !(u.roles ?? []).includes('qa')).map((u) => ({ value: u.id!, label: `${u.displayName ?? u.username} (${u.username})` }))}
        />
        <Button loading={busy} disabled={chosen == null} onClick={() => void save()}>
          {t('common.save')}
        </Button>
      </Space>
    </Card>
  );
}

export function NewCalibration({ tenant, me, callId, onClose }: { tenant: string; me: string; callId?: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form, (f) => ['title', 'callId', 'scorecardId', 'leadUserId', 'participants'].includes(String(f[0])));
  const { evaluators } = useEvaluators(tenant);
  const cards = useQuery({ queryKey: ['scorecards', tenant], queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/scorecards', { params: { path: { tenant } } })) });
  const recordings = useQuery({
    queryKey: ['recordings', tenant, 'calibration'],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/recordings', { params: { path: { tenant }, query: { limit: 100 } } })),
  });
  const people = evaluators.map((u) => ({ value: u.id!, label: `${u.displayName ?? u.username} (${u.username})` }));
  const participants = (Form.useWatch('participants', form) as string[] | undefined) ?? [];
  // the newest scorecard until another is chosen
  const firstCard = cards.data?.[0]?.id;
  useEffect(() => {
    if (firstCard && !form.getFieldValue('scorecardId')) {
      form.setFieldValue('scorecardId', firstCard);
    }
  }, [firstCard, form]);
  return (
    <FormDrawer size={520} title={t('calibration.new')} form={form} busy={busy} saveText={t('common.create')} onClose={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ participants: [me], leadUserId: me, callId }}
        onFinish={(v: { title: string; callId: string; scorecardId: string; leadUserId?: string; participants: string[] }) =>
          void save(async () => {
            await unwrap(api.POST('/tenants/{tenant}/qa/calibrations', { params: { path: { tenant } }, body: { ...v, leadUserId: v.leadUserId || undefined } }));
            void message.success(t('calibration.created'));
            await queries.invalidateQueries({ queryKey: ['calibrations', tenant] });
            onClose();
          })
        }
      >
        <Form.Item name="title" label={t('calibration.title')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="callId" label={t('calibration.call')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={(recordings.data ?? [])
              .filter((r) => !!r.callId)
              .map((r) => ({
                value: r.callId!,
                label: `${r.startedAt ? dateTime(r.startedAt, i18n.language) : ''} · ${r.agentLogin ?? '–'} · ${r.from ?? '–'} · ${r.durationMs != null ? clock(r.durationMs) : ''}`,
              }))}
          />
        </Form.Item>
        <Form.Item name="scorecardId" label={t('calibration.scorecard')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={(cards.data ?? []).map((c) => ({ value: c.id!, label: `${c.name} v${c.version}` }))} />
        </Form.Item>
        <Form.Item name="participants" label={t('calibration.participants')} extra={t('calibration.participantsHint')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={people} />
        </Form.Item>
        <Form.Item name="leadUserId" label={t('calibration.lead')} extra={t('calibration.leadHint')}>
          <Select allowClear placeholder={t('calibration.consensus')} options={people.filter((p) => participants.includes(p.value))} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

function Results({ session, tenant, id, name, onClose }: { session: AdminProps['session']; tenant: string; id: string; name: (id: string | null | undefined) => string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const c = useQuery({ queryKey: ['calibrations', tenant, id], queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/calibrations/{id}', { params: { path: { tenant, id } } })) });
  const cal = c.data;
  const scored = cal?.submitted ?? [];
  const close = () =>
    modal.confirm({
      title: t('calibration.closeOne', { title: cal?.title }),
      content: t('calibration.closeHint'),
      okText: t('calibration.close'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await unwrap(api.POST('/tenants/{tenant}/qa/calibrations/{id}/close', { params: { path: { tenant, id } } }));
          await queries.invalidateQueries({ queryKey: ['calibrations', tenant] });
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });
  const pct = (v: number | null | undefined) => (v == null ? '–' : `${Number(v).toFixed(1)}`);
  return (
    <Drawer
      open
      size={900}
      title={cal?.title ?? t('calibration.results')}
      onClose={onClose}
      loading={c.isLoading}
      extra={
        cal?.status === 'OPEN' &&
        can(session, 'qa:manage') && (
          <Button danger onClick={close}>
            {t('calibration.close')}
          </Button>
        )
      }
    >
      {cal && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Text>
            {t('calibration.basisIs', {
              basis: t(`calibration.basis.${cal.basis ?? 'CONSENSUS'}`, { lead: name(cal.leadUserId) }),
              score: pct(cal.referenceScore),
            })}
          </Typography.Text>
          {scored.length < (cal.participants ?? []).length && (
            <Alert
              type="info"
              showIcon
              title={t('calibration.waiting', { names: (cal.participants ?? []).filter((p) => !scored.includes(p)).map(name).join(', ') })}
            />
          )}
          <Card size="small" title={t('calibration.deviations')}>
            <Table
              rowKey="evaluatorUserId"
              size="small"
              data-testid="calibration-deviations"
              pagination={false}
              dataSource={cal.deviations ?? []}
              locale={{ emptyText: <Typography.Text type="secondary">{t('calibration.noScores')}</Typography.Text> }}
              columns={[
                { title: t('calibration.evaluator'), dataIndex: 'evaluatorUserId', render: name },
                { title: t('calibration.total'), dataIndex: 'score', render: pct },
                {
                  title: t('calibration.scoreDeviation'),
                  dataIndex: 'scoreDeviation',
                  render: (v: number | null) => (
                    <Typography.Text type={v != null && Math.abs(v) >= 10 ? 'danger' : undefined} strong={v != null && Math.abs(v) >= 10}>
                      {v == null ? '–' : `${v > 0 ? '+' : ''}${Number(v).toFixed(1)}`}
                    </Typography.Text>
                  ),
                },
                { title: t('calibration.itemDeviation'), dataIndex: 'meanItemDeviation', render: pct },
              ]}
            />
          </Card>
          <Card size="small" title={t('calibration.items')}>
            <Table
              rowKey="item"
              size="small"
              data-testid="calibration-items"
              pagination={false}
              dataSource={cal.items ?? []}
              locale={{ emptyText: <Typography.Text type="secondary">{t('calibration.noScores')}</Typography.Text> }}
              columns={[
                {
                  title: t('calibration.item'),
                  key: 'i',
                  render: (_, it) => (
                    <Space size={4}>
                      <Typography.Text>{it.text ?? it.item}</Typography.Text>
                      {it.disagreement && <Tag color={AA.orange}>{t('calibration.disagreement')}</Tag>}
                    </Space>
                  ),
                },
                ...scored.map((p) => ({
                  title: name(p),
                  key: p,
                  render: (_: unknown, it: Schemas['QaServiceCalibrationItem']) => pct((it.byEvaluator as Record<string, number> | null)?.[p]),
                })),
                { title: t('calibration.consensusCol'), dataIndex: 'consensus', render: pct },
                { title: t('calibration.spread'), dataIndex: 'spread', render: pct },
              ]}
            />
          </Card>
        </Space>
      )}
    </Drawer>
  );
}
