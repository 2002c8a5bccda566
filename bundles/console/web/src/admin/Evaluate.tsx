import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Empty, Input, InputNumber, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorText, type Schemas, unwrap } from '../api/client';
import { can } from '../api/session';
import { dateTime } from '../lib/format';
import type { AdminProps } from './Admin';
import { NewCalibration } from './Calibration';
import { AA } from './forms';
import { useAllUsers, useServerSort } from './hooks';
import { openEndedPaging } from './logic';
import { clock } from './waveform';
import { Player } from './Player';

type Evaluation = Schemas['QaServiceEvaluation'];
type Scorecard = Schemas['QaServiceScorecard'];
type Recording = Schemas['Recording'];
type Marker = { atMs: number; note: string };
interface AnswerDraft {
  value?: number | null;
  na?: boolean;
  comment?: string;
  markers: Marker[];
}
type Mode = 'evaluate' | 'agent' | 'review' | 'view' | 'calibrate';
const PAGE = 20;

/** Someone's name for a user id: display name or login, else the id. */
function useNames(tenant: string, enabled: boolean) {
  // an agent may not read the company's users: it is not asked, and ids stand for names
  const users = useAllUsers(tenant, undefined, enabled);
  return (id: string | null | undefined) => {
    if (!id) {
      return '–';
    }
    const u = users.data?.items.find((x) => x.id === id);
    return u ? (u.displayName ?? u.login ?? id) : id;
  };
}

function statusTag(status: string | null | undefined, t: (k: string) => string) {
  const color: Record<string, string> = { DRAFT: 'default', SUBMITTED: 'blue', ACKNOWLEDGED: AA.green, DISPUTED: AA.orange, UPHELD: 'purple', AMENDED: AA.cyan };
  return <Tag color={color[status ?? ''] ?? 'default'}>{t(`qa.statusOf.${status}`)}</Tag>;
}

/**
 * The evaluator's work (质检任务): the calls sampling put in my queue, and recent recorded calls to evaluate by
 * choice; either opens the evaluation beside the call's recording.
 */
export function QaWork({ session, tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const me = session.user.id ?? '';
  const [open, setOpen] = useState<{ callId: string } | null>(null);
  const [calibrate, setCalibrate] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const name = useNames(tenant, can(session, 'users:read'));
  const queue = useQuery({
    queryKey: ['assignments', tenant, me],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/assignments', { params: { path: { tenant }, query: { evaluator: me, status: 'OPEN', limit: 100 } } })),
  });
  const recordings = useQuery({
    queryKey: ['recordings', tenant, page],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/recordings', { params: { path: { tenant }, query: { offset: (page - 1) * PAGE, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
  if (open) {
    return <Workspace tenant={tenant} session={session} callId={open.callId} mode="evaluate" onBack={() => setOpen(null)} />;
  }
  const when = (v: string | null | undefined) => (v ? dateTime(v, i18n.language) : '–');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={t('qa.myQueue')}>
        <Table
          rowKey="id"
          data-testid="queue-table"
          size="small"
          loading={queue.isFetching}
          dataSource={queue.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Typography.Text type="secondary">{t('qa.queueEmpty')}</Typography.Text> }}
          columns={[
            { title: t('qa.week'), dataIndex: 'week' },
            { title: t('qa.agent'), dataIndex: 'agentUserId', render: (v: string) => name(v) },
            { title: t('qa.rule'), dataIndex: 'rule' },
            { title: t('qa.assignedAt'), dataIndex: 'assignedAt', render: when },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_, a) => (
                <Button size="small" type="primary" onClick={() => setOpen({ callId: a.callId! })} aria-label={t('qa.evaluateCall', { call: a.callId })}>
                  {t('qa.evaluate')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('qa.recordedCalls')}>
        <Table<Recording>
          rowKey="id"
          data-testid="recordings-table"
          size="small"
          loading={recordings.isFetching}
          dataSource={(recordings.data ?? []).filter((r) => !!r.callId)}
          pagination={openEndedPaging(page, PAGE, recordings.data?.length ?? 0, setPage)}
          columns={[
            { title: t('qa.callAt'), dataIndex: 'startedAt', render: when },
            { title: t('qa.agent'), key: 'agent', render: (_, r) => r.agentLogin ?? name(r.agentUserId) },
            { title: t('qa.queue'), dataIndex: 'queue', render: (v: string | null) => v ?? '–' },
            { title: t('qa.from'), dataIndex: 'from', render: (v: string | null) => v ?? '–' },
            { title: t('qa.length'), dataIndex: 'durationMs', render: (v: number | null) => (v == null ? '–' : clock(v)) },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_, r) => (
                <Space>
                  <Button size="small" onClick={() => setOpen({ callId: r.callId! })} aria-label={t('qa.evaluateCall', { call: r.callId })}>
                    {t('qa.evaluate')}
                  </Button>
                  {can(session, 'qa:manage') && (
                    <Button size="small" onClick={() => setCalibrate(r.callId!)} aria-label={t('calibration.calibrateCall', { call: r.callId })}>
                      {t('calibration.calibrate')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {calibrate && <NewCalibration tenant={tenant} me={me} callId={calibrate} onClose={() => setCalibrate(null)} />}
    </Space>
  );
}

/** A list's status filter: any status when cleared. */
export function StatusFilter({ value, onChange, options }: { value: string | undefined; onChange: (v: string | undefined) => void; options: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  return <Select aria-label={t('qa.status')} style={{ width: 200 }} allowClear placeholder={t('qa.anyStatus')} value={value} onChange={onChange} options={options} />;
}

/**
 * Evaluations listed on the server (newest first, paged, by status): every one for the QA lead, the disputed ones
 * for the reviewer, and an agent's own (the server shows an agent nothing else). One opens beside its call.
 */
export function Evaluations({ session, tenant, which }: AdminProps & { which: 'all' | 'disputes' | 'mine' }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<string | undefined>(which === 'disputes' ? 'DISPUTED' : undefined);
  const [open, setOpen] = useState<Evaluation | null>(null);
  const name = useNames(tenant, can(session, 'users:read'));
  const order = useServerSort(() => setPage(1));
  const sort = order.sort;
  const list = useQuery({
    queryKey: ['evaluations', tenant, which, status, sort, page],
    queryFn: () =>
      unwrap(
        api.GET('/tenants/{tenant}/qa/evaluations', {
          params: { path: { tenant }, query: { status, sort, offset: (page - 1) * PAGE, limit: PAGE, ...(which === 'mine' ? { agent: session.user.id ?? undefined } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  if (open) {
    const mode: Mode = which === 'mine' ? 'agent' : which === 'disputes' ? 'review' : 'view';
    return <Workspace tenant={tenant} session={session} callId={open.callId!} evaluationId={open.id!} mode={mode} onBack={() => setOpen(null)} />;
  }
  const when = (v: string | null | undefined) => (v ? dateTime(v, i18n.language) : '–');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {which !== 'disputes' && (
        <StatusFilter
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={['SUBMITTED', 'ACKNOWLEDGED', 'DISPUTED', 'UPHELD', 'AMENDED', ...(which === 'all' ? ['DRAFT'] : [])].map((s) => ({ value: s, label: t(`qa.statusOf.${s}`) }))}
        />
      )}
      <Table<Evaluation>
        rowKey="id"
        data-testid="evaluations-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t(which === 'disputes' ? 'qa.noDisputes' : 'qa.noEvaluations')}</Typography.Text> }}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        onChange={order.onChange}
        columns={[
          { title: t('qa.callAt'), dataIndex: 'callAt', ...order.sortable('call'), render: when },
          ...(which === 'mine' ? [] : [{ title: t('qa.agent'), key: 'agent', render: (_: unknown, e: Evaluation) => name(e.agentUserId) }]),
          { title: t('qa.evaluator'), key: 'ev', render: (_, e) => name(e.evaluatorUserId) },
          { title: t('qa.queue'), dataIndex: 'queue', render: (v: string | null) => v ?? '–' },
          {
            title: t('qa.score'),
            ...order.sortable('score'),
            render: (_, e) => (
              <Space>
                <Typography.Text strong>{e.score ?? '–'}</Typography.Text>
                {e.passed != null && <Tag color={e.passed ? AA.green : 'red'}>{t(e.passed ? 'qa.passed' : 'qa.failed')}</Tag>}
              </Space>
            ),
          },
          { title: t('qa.status'), dataIndex: 'status', ...order.sortable('status'), render: (v: string) => statusTag(v, t) },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, e) => (
              <Button size="small" onClick={() => setOpen(e)} aria-label={t('qa.openEvaluation', { when: when(e.callAt) })}>
                {t(which === 'disputes' ? 'qa.review' : 'qa.open')}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}

/**
 * One call under evaluation: on the left its recording (waveform of each channel, play, speed, click or arrow keys to
 * move, markers drawn where they were set), its CDR and customer; on the right the evaluation. An evaluator scores
 * each item (or N/A), comments and marks moments of the call on an item; saves a draft or submits. The agent sees the
 * scores and markers and acknowledges or disputes with a reason; a reviewer upholds the score or amends the answers.
 */
/**
 * A call's evaluation beside its recording. Modes: evaluate (mine, a draft until submitted), view, agent (the agent's own,
 * acknowledged or disputed), review (a disputed one upheld or amended), calibrate (a calibration session's participant
 * scores the session's call on its scorecard version, independently and once).
 */
export function Workspace({
  tenant,
  session,
  callId,
  evaluationId,
  mode,
  calibration,
  onBack,
}: {
  tenant: string;
  session: AdminProps['session'];
  callId: string;
  evaluationId?: string;
  mode: Mode;
  calibration?: Schemas['QaServiceCalibration'];
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const me = session.user.id ?? '';
  // the call as QA opens it: QA staff and evaluators, and the agent its own evaluated call (its recording too)
  const view = useQuery({
    queryKey: ['qa-call', tenant, callId],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/calls/{callId}', { params: { path: { tenant, callId } } })),
    retry: false,
  });
  const given = useQuery({
    queryKey: ['evaluation', tenant, evaluationId],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/evaluations/{id}', { params: { path: { tenant, id: evaluationId! } } })),
    enabled: !!evaluationId,
  });
  // evaluating: my draft of this call, if I started one
  const mine =
    mode === 'evaluate'
      ? (view.data?.evaluations ?? []).find((e) => e.evaluatorUserId === me && e.kind !== 'CALIBRATION')
      : mode === 'calibrate'
        ? (view.data?.evaluations ?? []).find((e) => e.evaluatorUserId === me && e.calibrationId === calibration?.id)
        : undefined;
  // calibrating: the score I just gave (a calibration's scores are not among the call's evaluations)
  const [calibrated, setCalibrated] = useState<Evaluation | undefined>(undefined);
  const evaluation: Evaluation | undefined = given.data ?? mine ?? calibrated;
  const cards = useQuery({
    queryKey: ['scorecards', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/scorecards', { params: { path: { tenant } } })),
    enabled: mode === 'evaluate',
  });
  const [cardId, setCardId] = useState<string | undefined>(undefined);
  const chosenId = evaluation?.scorecardId ?? calibration?.scorecardId ?? cardId ?? cards.data?.[0]?.id ?? undefined;
  const version = evaluation?.scorecardVersion ?? calibration?.scorecardVersion;
  const card = useQuery({
    queryKey: ['scorecard', tenant, chosenId, version],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/scorecards/{id}', { params: { path: { tenant, id: chosenId! }, query: version ? { version } : {} } })),
    enabled: !!chosenId && mode !== 'agent',
  });
  const [answers, setAnswers] = useState<Record<string, AnswerDraft>>({});
  const [comment, setComment] = useState('');
  const [pos, setPos] = useState(0);
  const [seekTo, setSeekTo] = useState<{ ms: number } | null>(null);
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const loaded = useRef<string | null>(null);
  useEffect(() => {
    if (evaluation && loaded.current !== evaluation.id) {
      loaded.current = evaluation.id ?? null;
      const a: Record<string, AnswerDraft> = {};
      for (const i of evaluation.items ?? []) {
        a[i.item!] = { value: i.value ?? null, na: i.na ?? false, comment: i.comment ?? '', markers: (i.markers ?? []).map((m) => ({ atMs: m.atMs ?? 0, note: m.note ?? '' })) };
      }
      setAnswers(a);
      setComment(evaluation.comment ?? '');
    }
  }, [evaluation]);

  const recording = view.data?.recording ?? null;
  const cdr = view.data?.cdr ?? null;
  const editable =
    mode === 'evaluate'
      ? !evaluation || evaluation.status === 'DRAFT'
      : mode === 'calibrate'
        ? !evaluation && calibration?.status === 'OPEN'
        : mode === 'review' && evaluation?.status === 'DISPUTED';
  const allMarkers = Object.entries(answers).flatMap(([item, a]) => a.markers.map((m) => ({ ...m, item })));
  const set = (item: string, patch: Partial<AnswerDraft>) => setAnswers((prev) => ({ ...prev, [item]: { markers: [], ...prev[item], ...patch } }));
  const body = () =>
    Object.entries(answers).map(([item, a]) => ({
      item,
      ...(a.na ? { na: true } : a.value != null ? { value: a.value } : {}),
      ...(a.comment ? { comment: a.comment } : {}),
      ...(a.markers.length ? { markers: a.markers } : {}),
    }));
  const act = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setFieldError(null);
    try {
      await work();
      void message.success(t(done));
      void queries.invalidateQueries({ queryKey: ['evaluations', tenant] });
      void queries.invalidateQueries({ queryKey: ['evaluation', tenant] });
      void queries.invalidateQueries({ queryKey: ['qa-call', tenant, callId] });
      void queries.invalidateQueries({ queryKey: ['assignments', tenant] });
      void queries.invalidateQueries({ queryKey: ['calibrations', tenant] });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.field) {
        setFieldError({ field: e.field, message: e.message });
      } else {
        void message.error(errorText(e));
      }
      return false;
    } finally {
      setBusy(false);
    }
  };
  const save = (submit: boolean) =>
    act(async () => {
      const spec = { callId, scorecardId: chosenId, answers: body(), comment: comment || undefined, submit };
      if (evaluation?.id) {
        await unwrap(api.PUT('/tenants/{tenant}/qa/evaluations/{id}', { params: { path: { tenant, id: evaluation.id } }, body: spec }));
      } else {
        await unwrap(api.POST('/tenants/{tenant}/qa/evaluations', { params: { path: { tenant } }, body: spec }));
      }
    }, submit ? 'qa.submitted' : 'qa.draftSaved');
  // "answers[2].value": the answer's item, to show the refusal beside it
  const errorItem = (() => {
    const m = /^answers\[(\d+)\]/.exec(fieldError?.field ?? '');
    return m ? body()[Number(m[1])]?.item : undefined;
  })();

  const scorecard: Scorecard | undefined = card.data;
  const results = evaluation?.items ?? [];
  const when = (v: string | null | undefined) => (v ? dateTime(v, i18n.language) : '–');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="qa-workspace">
      <Space>
        <Button onClick={onBack}>{t('qa.back')}</Button>
        {evaluation && statusTag(evaluation.status, t)}
        {evaluation?.score != null && (
          <Typography.Text strong data-testid="qa-score">
            {t('qa.scoreIs', { score: evaluation.score })}
          </Typography.Text>
        )}
        {evaluation?.passed != null && <Tag color={evaluation.passed ? AA.green : 'red'}>{t(evaluation.passed ? 'qa.passed' : 'qa.failed')}</Tag>}
        {evaluation?.fatalError && <Tag color="red">{t('qa.fatalError')}</Tag>}
      </Space>
      {view.error && <Alert type="error" showIcon title={(view.error as Error).message} />}
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Card size="small" title={t('qa.recording')}>
              {recording ? (
                <Player
                  tenant={tenant}
                  recording={recording}
                  src={`/api/v1/tenants/${encodeURIComponent(tenant)}/qa/calls/${encodeURIComponent(callId)}/audio`}
                  markers={allMarkers}
                  onPosition={setPos}
                  seekTo={seekTo}
                />
              ) : (
                <Empty description={view.isPending ? t('app.loading') : t('qa.noRecording')} />
              )}
            </Card>
            {cdr && (
              <Card size="small" title={t('qa.call')}>
                <Descriptions size="small" column={1} bordered>
                  <Descriptions.Item label={t('qa.callAt')}>{when(cdr.answeredAt ?? cdr.offeredAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('qa.from')}>{cdr.from ?? '–'}</Descriptions.Item>
                  <Descriptions.Item label={t('qa.queue')}>{cdr.queue ?? '–'}</Descriptions.Item>
                  <Descriptions.Item label={t('qa.agent')}>{cdr.agentLogin ?? '–'}</Descriptions.Item>
                  <Descriptions.Item label={t('qa.talk')}>{cdr.talkMs != null ? clock(cdr.talkMs) : '–'}</Descriptions.Item>
                  {cdr.disposition && <Descriptions.Item label={t('qa.disposition')}>{t(`calls.results.${cdr.disposition}`, { defaultValue: cdr.disposition })}</Descriptions.Item>}
                  {(view.data?.customers ?? []).map((c) => (
                    <Descriptions.Item key={c.id} label={t('qa.customer')}>
                      {c.name} · {(c.phones ?? []).join(', ')}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              </Card>
            )}
            {evaluation?.disputeReason && (
              <Alert type="warning" showIcon title={t(mode === 'agent' ? 'qa.myDispute' : 'qa.disputeReason')} description={evaluation.disputeReason} data-testid="dispute-reason" />
            )}
            {evaluation?.reviewNote && <Alert type="info" showIcon title={t('qa.reviewNote')} description={evaluation.reviewNote} />}
          </Space>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('qa.evaluation')}
            extra={
              mode === 'evaluate' && !evaluation ? (
                <Select
                  aria-label={t('qa.scorecard')}
                  style={{ width: 240 }}
                  value={chosenId}
                  onChange={(v) => {
                    setCardId(v);
                    setAnswers({});
                  }}
                  options={(cards.data ?? []).map((c) => ({ value: c.id!, label: `${c.name} v${c.version}` }))}
                />
              ) : (
                scorecard && <Typography.Text type="secondary">{`${scorecard.name} v${scorecard.version}`}</Typography.Text>
              )
            }
          >
            {mode === 'evaluate' && (cards.data ?? []).length === 0 && !cards.isPending && <Alert type="info" showIcon title={t('qa.noScorecards')} />}
            {(mode === 'agent' ? [] : (scorecard?.sections ?? [])).map((s) => (
              <div key={s.name} style={{ marginBottom: 12 }}>
                <Typography.Title level={3} style={{ fontSize: 15 }}>
                  {s.name}
                </Typography.Title>
                {(s.items ?? []).map((it) => {
                  const a = answers[it.key!] ?? { markers: [] };
                  const result = results.find((r) => r.item === it.key);
                  return (
                    <div key={it.key} data-testid={`qa-item-${it.key}`} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                      <Space orientation="vertical" style={{ width: '100%' }} size={4}>
                        <Space wrap>
                          <Typography.Text strong>{it.text}</Typography.Text>
                          {it.fatal && <Tag color="red">{t('qa.fatal')}</Tag>}
                          {it.observeOnly ? <Tag>{t('qa.observeOnly')}</Tag> : <Typography.Text type="secondary">{t('qa.weightIs', { weight: it.weight })}</Typography.Text>}
                          {result?.percent != null && !editable && <Typography.Text>{`${result.percent}%`}</Typography.Text>}
                        </Space>
                        {it.guidance && <Typography.Text type="secondary">{it.guidance}</Typography.Text>}
                        <Space wrap>
                          {it.scale === 'RANGE' ? (
                            <InputNumber
                              aria-label={t('qa.scoreOf', { item: it.text })}
                              min={0}
                              max={it.max ?? 5}
                              disabled={!editable || a.na}
                              value={a.value ?? null}
                              onChange={(v) => set(it.key!, { value: v })}
                              suffix={`/ ${it.max}`}
                            />
                          ) : (
                            <Radio.Group
                              aria-label={t('qa.scoreOf', { item: it.text })}
                              disabled={!editable || a.na}
                              value={a.value ?? null}
                              onChange={(e) => set(it.key!, { value: e.target.value as number })}
                              options={[
                                { value: 1, label: t('qa.yes') },
                                { value: 0, label: t('qa.no') },
                              ]}
                            />
                          )}
                          {it.naAllowed && (
                            <Checkbox disabled={!editable} checked={!!a.na} onChange={(e) => set(it.key!, { na: e.target.checked, value: null })}>
                              {t('qa.na')}
                            </Checkbox>
                          )}
                          {editable && recording && (
                            <Button size="small" onClick={() => set(it.key!, { markers: [...a.markers, { atMs: pos, note: '' }] })} aria-label={t('qa.markOn', { item: it.text, at: clock(pos) })}>
                              {t('qa.mark', { at: clock(pos) })}
                            </Button>
                          )}
                        </Space>
                        {a.markers.map((m, mi) => (
                          <Space key={mi} wrap data-testid={`marker-${it.key}-${mi}`}>
                            <Button size="small" type="link" onClick={() => setSeekTo({ ms: m.atMs })} aria-label={t('qa.jumpTo', { at: clock(m.atMs) })} disabled={!recording}>
                              {clock(m.atMs)}
                            </Button>
                            {editable ? (
                              <>
                                <Input
                                  size="small"
                                  style={{ width: 260 }}
                                  aria-label={t('qa.markerNote', { at: clock(m.atMs) })}
                                  value={m.note}
                                  maxLength={500}
                                  onChange={(e) => set(it.key!, { markers: a.markers.map((x, xi) => (xi === mi ? { ...x, note: e.target.value } : x)) })}
                                />
                                <Button size="small" onClick={() => set(it.key!, { markers: a.markers.filter((_, xi) => xi !== mi) })} aria-label={t('qa.removeMarker', { at: clock(m.atMs) })}>
                                  {t('common.remove')}
                                </Button>
                              </>
                            ) : (
                              <Typography.Text>{m.note}</Typography.Text>
                            )}
                          </Space>
                        ))}
                        {editable ? (
                          <Input
                            size="small"
                            aria-label={t('qa.commentOn', { item: it.text })}
                            placeholder={t('qa.comment')}
                            value={a.comment ?? ''}
                            maxLength={2000}
                            onChange={(e) => set(it.key!, { comment: e.target.value })}
                          />
                        ) : (
                          a.comment && <Typography.Text type="secondary">{a.comment}</Typography.Text>
                        )}
                        {errorItem === it.key && <Typography.Text type="danger">{fieldError?.message}</Typography.Text>}
                      </Space>
                    </div>
                  );
                })}
              </div>
            ))}
            {mode === 'agent' && <AgentResults items={results} />}
            {editable || mode === 'evaluate' ? (
              <Input.TextArea rows={3} aria-label={t('qa.overall')} placeholder={t('qa.overall')} value={comment} disabled={!editable} onChange={(e) => setComment(e.target.value)} maxLength={4000} />
            ) : (
              evaluation?.comment && (
                <Alert type="info" title={t('qa.overall')} description={evaluation.comment} />
              )
            )}
            {fieldError && !errorItem && <Alert type="error" showIcon title={fieldError.message} style={{ marginTop: 8 }} data-testid="qa-error" />}
            <Space style={{ marginTop: 12 }} wrap>
              {mode === 'evaluate' && editable && (
                <>
                  <Button onClick={() => void save(false)} disabled={busy || !chosenId}>
                    {t('qa.saveDraft')}
                  </Button>
                  <Button type="primary" loading={busy} disabled={!chosenId} onClick={() => void save(true)}>
                    {t('qa.submit')}
                  </Button>
                </>
              )}
              {mode === 'calibrate' && editable && (
                <Button
                  type="primary"
                  loading={busy}
                  onClick={() =>
                    void act(
                      () =>
                        unwrap(
                          api.POST('/tenants/{tenant}/qa/calibrations/{id}/scores', {
                            params: { path: { tenant, id: calibration!.id! } },
                            body: { callId, answers: body(), comment: comment || undefined },
                          }),
                        ).then(setCalibrated),
                      'qa.submitted',
                    )
                  }
                >
                  {t('qa.submit')}
                </Button>
              )}
              {mode === 'agent' && evaluation?.status === 'SUBMITTED' && (
                <>
                  <Button
                    type="primary"
                    loading={busy}
                    onClick={() => void act(() => unwrap(api.POST('/tenants/{tenant}/qa/evaluations/{id}/acknowledge', { params: { path: { tenant, id: evaluation.id! } } })), 'qa.acknowledged')}
                  >
                    {t('qa.acknowledge')}
                  </Button>
                  <Input style={{ width: 360 }} aria-label={t('qa.disputeWhy')} placeholder={t('qa.disputeWhy')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
                  <Button
                    danger
                    disabled={busy || !reason.trim()}
                    onClick={() =>
                      void act(() => unwrap(api.POST('/tenants/{tenant}/qa/evaluations/{id}/dispute', { params: { path: { tenant, id: evaluation.id! } }, body: { reason } })), 'qa.disputed')
                    }
                  >
                    {t('qa.dispute')}
                  </Button>
                </>
              )}
              {mode === 'review' && editable && evaluation && (
                <>
                  <Input style={{ width: 360 }} aria-label={t('qa.reviewNote')} placeholder={t('qa.reviewNote')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
                  <Button
                    disabled={busy}
                    onClick={() =>
                      void act(() => unwrap(api.POST('/tenants/{tenant}/qa/evaluations/{id}/review', { params: { path: { tenant, id: evaluation.id! } }, body: { decision: 'UPHOLD', note: note || undefined } })), 'qa.upheld')
                    }
                  >
                    {t('qa.uphold')}
                  </Button>
                  <Button
                    type="primary"
                    disabled={busy}
                    onClick={() =>
                      void act(
                        () => unwrap(api.POST('/tenants/{tenant}/qa/evaluations/{id}/review', { params: { path: { tenant, id: evaluation.id! } }, body: { decision: 'AMEND', note: note || undefined, answers: body() } })),
                        'qa.amended',
                      )
                    }
                  >
                    {t('qa.amend')}
                  </Button>
                </>
              )}
            </Space>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

/** What the agent sees of an evaluation: each item's score, comment and the moments the evaluator marked. */
function AgentResults({ items }: { items: Schemas['QaServiceItemResult'][] }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
      {items.map((i) => (
        <div key={i.item} data-testid={`qa-result-${i.item}`} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 6 }}>
          <Space wrap>
            <Typography.Text strong>{i.text}</Typography.Text>
            <Typography.Text>{i.na ? t('qa.na') : i.percent != null ? `${i.percent}%` : '–'}</Typography.Text>
            {i.fatal && <Tag color="red">{t('qa.fatal')}</Tag>}
          </Space>
          {i.comment && <div><Typography.Text type="secondary">{i.comment}</Typography.Text></div>}
          {(i.markers ?? []).map((m, k) => (
            <div key={k}>
              <Tag>{clock(m.atMs ?? 0)}</Tag>
              <Typography.Text>{m.note}</Typography.Text>
            </div>
          ))}
        </div>
      ))}
    </Space>
  );
}
