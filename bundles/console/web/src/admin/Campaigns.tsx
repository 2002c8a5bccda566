import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  TimePicker,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, toApiError, unwrap, type Present, type Schemas } from '../api/client';
import { dateTime } from '../lib/format';
import type { AdminProps } from './Admin';
import { decode, guessField, mapParams, parseLines, rejectedCsv } from './csv';
import { useAllUsers, useConfirmDanger } from './hooks';
import { openEndedPaging } from './logic';
import { errorText, showOnField } from './forms';
import { useQueues } from './Queues';
import { useTeams } from './Users';

type Campaign = Present<Schemas['Campaign'], 'id' | 'spec' | 'status'>;
type Spec = Schemas['CampaignSpec'];
type Report = Schemas['ImportReport'];
const MODES = ['PREVIEW', 'PROGRESSIVE', 'PREDICTIVE'] as const;
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

/**
 * Outbound campaigns: mode, queue, agents or teams, calling window and days, attempts, ring time and the abandon
 * target; start, pause and stop; live figures of a running one; its contact lists, imported from CSV with the columns
 * mapped, progress shown, and the rows the server refused listed and downloadable.
 */
export default function Campaigns({ tenant }: AdminProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const [editing, setEditing] = useState<Campaign | 'new' | null>(null);
  const [open, setOpen] = useState<Campaign | null>(null);
  const list = useQuery({
    queryKey: ['campaigns', tenant],
    queryFn: async () => (await unwrap(api.GET('/tenants/{tenant}/campaigns', { params: { path: { tenant } } }))) as Campaign[],
    refetchInterval: 10_000,
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['campaigns', tenant] });
  const control = async (c: Campaign, action: 'start' | 'pause' | 'stop') => {
    try {
      const path = { params: { path: { tenant, id: c.id } } };
      await unwrap(
        action === 'start'
          ? api.POST('/tenants/{tenant}/campaigns/{id}/start', path)
          : action === 'pause'
            ? api.POST('/tenants/{tenant}/campaigns/{id}/pause', path)
            : api.POST('/tenants/{tenant}/campaigns/{id}/stop', path),
      );
      await refresh();
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  const remove = (c: Campaign) =>
    danger({
      title: t('campaigns.deleteTitle', { name: c.spec.displayName ?? c.spec.name }),
      content: t('campaigns.deleteHint'),
      work: async () => {
      await unwrap(api.DELETE('/tenants/{tenant}/campaigns/{id}', { params: { path: { tenant, id: c.id } } }));
      await refresh();
      },
    });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Button type="primary" onClick={() => setEditing('new')}>
        {t('campaigns.create')}
      </Button>
      <Table<Campaign>
        rowKey="id"
        data-testid="campaigns-table"
        loading={list.isFetching && !list.data}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('campaigns.name'),
            key: 'name',
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{c.spec.displayName ?? c.spec.name}</Typography.Text>
                <Typography.Text type="secondary">{c.spec.name}</Typography.Text>
              </Space>
            ),
          },
          { title: t('campaigns.mode'), key: 'mode', render: (_, c) => t(`campaigns.modeName.${c.spec.mode}`) },
          { title: t('campaigns.queue'), key: 'queue', render: (_, c) => c.spec.queue },
          { title: t('campaigns.window'), key: 'window', render: (_, c) => `${c.spec.windowFrom ?? ''}–${c.spec.windowTo ?? ''}` },
          { title: t('campaigns.status'), key: 'status', render: (_, c) => <Tag>{t(`campaigns.statusName.${c.status}`, { defaultValue: c.status })}</Tag> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, c) => {
              const name = c.spec.displayName ?? c.spec.name ?? '';
              return (
                <Space wrap>
                  <Button size="small" type="primary" onClick={() => setOpen(c)} aria-label={t('campaigns.openOne', { name })}>
                    {t('campaigns.open')}
                  </Button>
                  {c.status !== 'RUNNING' && (
                    <Button size="small" onClick={() => void control(c, 'start')} aria-label={t('campaigns.startOne', { name })}>
                      {t('campaigns.start')}
                    </Button>
                  )}
                  {c.status === 'RUNNING' && (
                    <Button size="small" onClick={() => void control(c, 'pause')} aria-label={t('campaigns.pauseOne', { name })}>
                      {t('campaigns.pause')}
                    </Button>
                  )}
                  {c.status !== 'STOPPED' && (
                    <Button size="small" onClick={() => void control(c, 'stop')} aria-label={t('campaigns.stopOne', { name })}>
                      {t('campaigns.stop')}
                    </Button>
                  )}
                  <Button size="small" onClick={() => setEditing(c)} aria-label={t('campaigns.editOne', { name })}>
                    {t('common.edit')}
                  </Button>
                  <Button size="small" danger onClick={() => remove(c)} aria-label={t('campaigns.deleteTitle', { name })}>
                    {t('common.delete')}
                  </Button>
                </Space>
              );
            },
          },
        ]}
      />
      {editing && (
        <CampaignDrawer
          tenant={tenant}
          campaign={editing === 'new' ? null : editing}
          onClose={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
      {open && <CampaignDetail tenant={tenant} campaign={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}

interface SpecValues {
  name: string;
  displayName?: string;
  mode: string;
  queue: string;
  agentUserIds?: string[];
  teamIds?: string[];
  callerId?: string;
  window?: [dayjs.Dayjs, dayjs.Dayjs];
  days?: string[];
  maxAttempts?: number;
  ringTimeoutSeconds?: number;
  abandonTargetPercent?: number;
  abandonWindow?: string;
  connectSeconds?: number;
}

function CampaignDrawer({ tenant, campaign, onClose }: { tenant: string; campaign: Campaign | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SpecValues>();
  const [busy, setBusy] = useState(false);
  const queues = useQueues(tenant);
  const teams = useTeams(tenant);
  const users = useAllUsers(tenant);
  const s: Partial<Spec> = campaign?.spec ?? {};
  const mode = Form.useWatch('mode', form) ?? s.mode ?? 'PROGRESSIVE';
  const submit = async (v: SpecValues) => {
    setBusy(true);
    const body = {
      name: v.name,
      displayName: v.displayName || undefined,
      mode: v.mode,
      queue: v.queue,
      agentUserIds: v.agentUserIds ?? [],
      teamIds: v.teamIds ?? [],
      callerId: v.callerId || undefined,
      windowFrom: v.window?.[0]?.format('HH:mm'),
      windowTo: v.window?.[1]?.format('HH:mm'),
      days: v.days,
      maxAttempts: v.maxAttempts,
      ringTimeoutSeconds: v.ringTimeoutSeconds,
      abandonTargetPercent: v.mode === 'PREDICTIVE' ? v.abandonTargetPercent : undefined,
      abandonWindow: v.mode === 'PREDICTIVE' ? v.abandonWindow : undefined,
      connectSeconds: v.connectSeconds,
    };
    try {
      if (campaign) {
        await unwrap(api.PUT('/tenants/{tenant}/campaigns/{id}', { params: { path: { tenant, id: campaign.id } }, body }));
      } else {
        await unwrap(api.POST('/tenants/{tenant}/campaigns', { params: { path: { tenant } }, body }));
      }
      void message.success(t('common.saved'));
      onClose();
    } catch (e) {
      const f = (e as { field?: string }).field;
      if (f === 'windowFrom' || f === 'windowTo') {
        form.setFields([{ name: 'window', errors: [errorText(e)] }]);
      } else if (!showOnField(form, e, (n) => n.length === 1)) {
        void message.error(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open
      size={640}
      title={campaign ? t('campaigns.editOne', { name: s.displayName ?? s.name }) : t('campaigns.create')}
      onClose={onClose}
      extra={
        <Button type="primary" loading={busy} onClick={() => form.submit()}>
          {t('common.save')}
        </Button>
      }
    >
      <Form<SpecValues>
        form={form}
        layout="vertical"
        initialValues={{
          name: s.name ?? undefined,
          displayName: s.displayName ?? undefined,
          mode: s.mode ?? 'PROGRESSIVE',
          queue: s.queue ?? undefined,
          agentUserIds: s.agentUserIds ?? [],
          teamIds: s.teamIds ?? [],
          callerId: s.callerId ?? undefined,
          window: [dayjs(s.windowFrom ?? '09:00', 'HH:mm'), dayjs(s.windowTo ?? '21:00', 'HH:mm')],
          days: s.days ?? DAYS,
          maxAttempts: s.maxAttempts ?? 3,
          ringTimeoutSeconds: s.ringTimeoutSeconds ?? 25,
          abandonTargetPercent: s.abandonTargetPercent ?? 3,
          abandonWindow: s.abandonWindow ?? 'ROLLING_30_DAYS',
          connectSeconds: s.connectSeconds ?? 2,
        }}
        onFinish={(v) => void submit(v)}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('campaigns.id')} rules={[{ required: true, message: t('common.required') }]}>
              <Input disabled={!!campaign} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="displayName" label={t('campaigns.name')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="mode" label={t('campaigns.mode')} extra={t(`campaigns.modeHint.${mode}`)}>
              <Select options={MODES.map((m) => ({ value: m, label: t(`campaigns.modeName.${m}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="queue" label={t('campaigns.queue')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={(queues.data ?? []).map((q) => ({ value: q.name, label: q.displayName ? `${q.displayName} (${q.name})` : q.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="agentUserIds" label={t('campaigns.agents')} extra={t('campaigns.agentsHint')}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={(users.data?.items ?? [])
                  .filter((u) => u.roles?.includes('agent'))
                  .map((u) => ({ value: u.id!, label: `${u.displayName ?? u.username} (${u.username})` }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="teamIds" label={t('campaigns.teams')}>
              <Select mode="multiple" options={(teams.data?.items ?? []).map((x) => ({ value: x.id!, label: x.name! }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="window" label={t('campaigns.window')} extra={t('campaigns.windowHint')}>
              <TimePicker.RangePicker format="HH:mm" minuteStep={5} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="callerId" label={t('campaigns.callerId')} extra={t('campaigns.callerIdHint')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="days" label={t('campaigns.days')}>
              <Select mode="multiple" options={DAYS.map((d) => ({ value: d, label: t(`calendar.day.${d}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="maxAttempts" label={t('campaigns.maxAttempts')}>
              <InputNumber min={1} max={20} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="ringTimeoutSeconds" label={t('campaigns.ringTimeout')}>
              <InputNumber min={15} max={120} suffix={t('queues.secondsUnit')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="connectSeconds" label={t('campaigns.connect')}>
              <InputNumber min={1} max={10} suffix={t('queues.secondsUnit')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {mode === 'PREDICTIVE' && (
            <>
              <Col span={12}>
                <Form.Item name="abandonTargetPercent" label={t('campaigns.abandonTarget')} extra={t('campaigns.abandonTargetHint')}>
                  <InputNumber min={0} max={100} step={0.5} suffix="%" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="abandonWindow" label={t('campaigns.abandonWindow')}>
                  <Select
                    options={[
                      { value: 'ROLLING_30_DAYS', label: t('campaigns.rolling30') },
                      { value: 'DAY', label: t('campaigns.day') },
                    ]}
                  />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
      </Form>
    </Drawer>
  );
}

/** A campaign's live figures and its contact lists, with the import. */
function CampaignDetail({ tenant, campaign, onClose }: { tenant: string; campaign: Campaign; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [importing, setImporting] = useState(false);
  const [recycling, setRecycling] = useState<Schemas['ContactList'] | null>(null);
  const stats = useQuery({
    queryKey: ['campaign-stats', tenant, campaign.id],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/campaigns/{id}/stats', { params: { path: { tenant, id: campaign.id } } })),
    refetchInterval: 5_000,
  });
  const lists = useQuery({
    queryKey: ['campaign-lists', tenant, campaign.id],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/campaigns/{id}/lists', { params: { path: { tenant, id: campaign.id } } })),
  });
  const month = useQuery({
    queryKey: ['campaign-abandons', tenant, campaign.id],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/campaigns/{id}/abandons', { params: { path: { tenant, id: campaign.id } } })),
    refetchInterval: 60_000,
  });
  const [browsing, setBrowsing] = useState<Schemas['ContactList'] | null>(null);
  const s = stats.data;
  const pct = (v: number | null | undefined) => (v == null ? '–' : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(v) + ' %');
  return (
    <Drawer open size={820} title={campaign.spec.displayName ?? campaign.spec.name} onClose={onClose}>
      <Space orientation="vertical" style={{ width: '100%' }} size="large">
        <Row gutter={16} data-testid="campaign-figures">
          <Col span={6}>
            <Statistic title={t('campaigns.dialled')} value={s?.dialled ?? '–'} />
          </Col>
          <Col span={6}>
            <Statistic title={t('campaigns.answered')} value={s?.answered ?? '–'} />
          </Col>
          <Col span={6}>
            <Statistic title={t('campaigns.abandonRate')} value={pct(s?.abandonRatePercent)} suffix={s ? `/ ${pct(s.abandonTargetPercent)}` : undefined} />
          </Col>
          <Col span={6}>
            <Statistic title={t('campaigns.remaining')} value={s?.contactsRemaining ?? '–'} />
          </Col>
        </Row>
        {month.data && (
          <Typography.Text type="secondary" data-testid="campaign-month">
            {t('campaigns.lastMonth', {
              answered: month.data.answered ?? 0,
              abandoned: month.data.abandoned ?? 0,
              rate: pct((month.data.answered ?? 0) > 0 ? (100 * (month.data.abandoned ?? 0)) / (month.data.answered ?? 1) : null),
            })}
          </Typography.Text>
        )}
        <Space style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            {t('campaigns.lists')}
          </Typography.Title>
          <Button type="primary" onClick={() => setImporting(true)}>
            {t('campaigns.importList')}
          </Button>
        </Space>
        <Table
          rowKey="id"
          size="small"
          data-testid="campaign-lists"
          dataSource={lists.data ?? []}
          pagination={false}
          columns={[
            { title: t('campaigns.listName'), dataIndex: 'name' },
            { title: t('campaigns.contacts'), dataIndex: 'contacts' },
            { title: t('campaigns.status'), dataIndex: 'status', render: (v: string) => t(`campaigns.listStatus.${v}`, { defaultValue: v }) },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_, l) => (
                <Space>
                  <Button
                    size="small"
                    aria-label={t(l.status === 'PAUSED' ? 'campaigns.resumeList' : 'campaigns.pauseList', { name: l.name })}
                    onClick={() =>
                      void unwrap(
                        api.PUT('/tenants/{tenant}/lists/{id}/status', { params: { path: { tenant, id: l.id! } }, body: { status: l.status === 'PAUSED' ? 'ACTIVE' : 'PAUSED' } }),
                      ).then(() => lists.refetch(), (e: unknown) => void message.error(errorText(e)))
                    }
                  >
                    {t(l.status === 'PAUSED' ? 'campaigns.resume' : 'campaigns.pause')}
                  </Button>
                  <Button size="small" onClick={() => setBrowsing(l)} aria-label={t('campaigns.browseList', { name: l.name })}>
                    {t('campaigns.browse')}
                  </Button>
                  <Button size="small" onClick={() => setRecycling(l)} aria-label={t('campaigns.recycleList', { name: l.name })}>
                    {t('campaigns.recycle')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Space>
      {browsing && <ListContacts tenant={tenant} list={browsing} onClose={() => setBrowsing(null)} />}
      {recycling && (
        <Recycle
          tenant={tenant}
          list={recycling}
          onClose={() => {
            setRecycling(null);
            void stats.refetch();
          }}
        />
      )}
      {importing && (
        <ImportList
          tenant={tenant}
          campaign={campaign}
          onClose={() => {
            setImporting(false);
            void lists.refetch();
            void stats.refetch();
          }}
        />
      )}
    </Drawer>
  );
}

const FIELDS = ['phone', 'name', 'timezone'];

/**
 * Importing a CSV into a list: the file dropped or chosen, its columns shown with their first rows and mapped to the
 * contact's fields (phone required; other columns kept under their own name, or ignored), then sent; the import runs
 * on the server and its progress is shown; at the end, what was imported and the rows refused with their reason,
 * downloadable as a CSV file to correct and import again.
 */
function ImportList({ tenant, campaign, onClose }: { tenant: string; campaign: Campaign; onClose: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ bytes: Uint8Array; name: string; encoding: string; rows: string[][] } | null>(null);
  const [listName, setListName] = useState('');
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const read = async (f: File) => {
    const bytes = new Uint8Array(await f.arrayBuffer());
    const { text, encoding } = decode(bytes);
    const rows = parseLines(text, 6);
    setFile({ bytes, name: f.name, encoding, rows });
    setMapping(Object.fromEntries((rows[0] ?? []).map((h) => [h.trim(), guessField(h)])));
    if (!listName) {
      setListName(f.name.replace(/\.csv$/i, '').replace(/[^A-Za-z0-9_-]/g, '-').toLowerCase().slice(0, 60) || 'list');
    }
    setError(null);
  };

  const send = async () => {
    if (!file) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { data, error: err, response } = await api.POST('/tenants/{tenant}/campaigns/{id}/lists/{name}/import', {
        params: { path: { tenant, id: campaign.id, name: listName }, query: { map: mapParams(mapping) } },
        body: file.bytes as never,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { 'Content-Type': 'text/csv' },
      });
      if (!response.ok) {
        throw toApiError(response, err);
      }
      let r = data as Report;
      setReport(r);
      // the import runs on the server: its progress, until it is done
      while (r.status === 'RUNNING' || r.status === 'QUEUED') {
        await new Promise((ok) => setTimeout(ok, 300));
        r = await unwrap(api.GET('/tenants/{tenant}/imports/{id}', { params: { path: { tenant, id: r.id! } } }));
        setReport(r);
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const download = () => {
    const csv = rejectedCsv(report?.rejected ?? [], [t('campaigns.line'), t('campaigns.reason'), t('campaigns.row')]);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    a.download = `${listName}-rejected.csv`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  const finished = report && report.status !== 'RUNNING' && report.status !== 'QUEUED';
  const header = file?.rows[0] ?? [];
  return (
    <Modal
      open
      width={860}
      title={t('campaigns.importList')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        finished ? (
          <Button type="primary" onClick={onClose}>
            {t('common.done')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button type="primary" loading={busy} disabled={!file || !listName} onClick={() => void send()}>
              {t('campaigns.import')}
            </Button>
          </Space>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="import-error" />}
      {!report && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Upload.Dragger
            accept=".csv,text/csv"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(f) => {
              void read(f);
              return false;
            }}
          >
            <p>{file ? t('campaigns.fileRead', { name: file.name, encoding: file.encoding }) : t('campaigns.drop')}</p>
          </Upload.Dragger>
          <Form layout="vertical">
            <Form.Item label={t('campaigns.listName')} extra={t('campaigns.listNameHint')}>
              <Input value={listName} onChange={(e) => setListName(e.target.value)} aria-label={t('campaigns.listName')} />
            </Form.Item>
          </Form>
          {file && (
            <>
              <Typography.Text strong>{t('campaigns.mapping')}</Typography.Text>
              <Table
                size="small"
                pagination={false}
                rowKey={(r) => r.header}
                data-testid="import-mapping"
                dataSource={header.map((h, i) => ({ header: h.trim(), samples: file.rows.slice(1).map((r) => r[i] ?? '') }))}
                columns={[
                  { title: t('campaigns.column'), dataIndex: 'header' },
                  { title: t('campaigns.samples'), key: 's', render: (_, r) => <Typography.Text type="secondary">{r.samples.slice(0, 3).join(' · ')}</Typography.Text> },
                  {
                    title: t('campaigns.field'),
                    key: 'f',
                    render: (_, r) => (
                      <Select
                        style={{ width: 200 }}
                        aria-label={t('campaigns.fieldOf', { column: r.header })}
                        value={mapping[r.header] ?? '__ignore'}
                        onChange={(v: string) => setMapping({ ...mapping, [r.header]: v === '__ignore' ? null : v })}
                        options={[
                          ...FIELDS.map((f) => ({ value: f, label: t(`campaigns.fieldName.${f}`) })),
                          ...(FIELDS.includes(guessField(r.header)) ? [] : [{ value: guessField(r.header), label: t('campaigns.ownField', { name: guessField(r.header) }) }]),
                          { value: '__ignore', label: t('campaigns.ignore') },
                        ]}
                      />
                    ),
                  },
                ]}
              />
            </>
          )}
        </Space>
      )}
      {report && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="import-report">
          <Progress
            percent={report.total > 0 ? Math.round((report.done / report.total) * 100) : finished ? 100 : 0}
            status={report.status === 'FAILED' ? 'exception' : finished ? 'success' : 'active'}
            aria-label={t('campaigns.progress')}
          />
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t('campaigns.rows')}>{report.total}</Descriptions.Item>
            <Descriptions.Item label={t('campaigns.imported')}>{report.imported}</Descriptions.Item>
            <Descriptions.Item label={t('campaigns.rejected')}>{report.rejected?.length ?? 0}</Descriptions.Item>
          </Descriptions>
          {report.error && <Alert type="error" showIcon title={report.error.message} />}
          {finished && (report.rejected?.length ?? 0) > 0 && (
            <>
              <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Text strong>{t('campaigns.rejectedRows')}</Typography.Text>
                <Button onClick={download}>{t('campaigns.downloadRejected')}</Button>
              </Space>
              <Table
                size="small"
                rowKey="line"
                data-testid="import-rejected"
                dataSource={report.rejected ?? []}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: t('campaigns.line'), dataIndex: 'line', width: 80 },
                  { title: t('campaigns.reason'), dataIndex: 'reason' },
                  { title: t('campaigns.row'), dataIndex: 'raw', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                ]}
              />
            </>
          )}
        </Space>
      )}
    </Modal>
  );
}

const RECYCLABLE = ['NO_ANSWER', 'BUSY', 'MACHINE', 'FAILED', 'ABANDONED', 'CALLBACK'] as const;

/** Makes a list's contacts whose last call ended so callable again (their attempts start over); says how many. */
function Recycle({ tenant, list, onClose }: { tenant: string; list: Schemas['ContactList']; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [outcomes, setOutcomes] = useState<string[]>(['NO_ANSWER', 'BUSY']);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const r = await unwrap(api.POST('/tenants/{tenant}/lists/{id}/recycle', { params: { path: { tenant, id: list.id! } }, body: { outcomes } }));
      void message.success(t('campaigns.recycled', { n: (r as Record<string, number>).recycled ?? 0 }));
      onClose();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('campaigns.recycleList', { name: list.name })}
      okText={t('campaigns.recycle')}
      okButtonProps={{ loading: busy, disabled: outcomes.length === 0 }}
      cancelText={t('common.cancel')}
      onOk={() => void run()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t('campaigns.recycleHint')}</Typography.Paragraph>
      <Checkbox.Group value={outcomes} onChange={(v) => setOutcomes(v as string[])} options={RECYCLABLE.map((o) => ({ value: o, label: t(`campaigns.outcome.${o}`) }))} />
    </Modal>
  );
}

const CONTACT_STATUSES = ['NEW', 'DIALLING', 'RETRY', 'CALLBACK', 'DONE', 'BLOCKED'] as const;
const CONTACTS_PAGE = 20;

/** A list's contacts, by status, paged on the server: where each stands, its attempts, last outcome and next try. */
function ListContacts({ tenant, list, onClose }: { tenant: string; list: Schemas['ContactList']; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const contacts = useQuery({
    queryKey: ['list-contacts', tenant, list.id, status, page],
    queryFn: () =>
      unwrap(
        api.GET('/tenants/{tenant}/lists/{id}/contacts', {
          params: { path: { tenant, id: list.id! }, query: { status, offset: (page - 1) * CONTACTS_PAGE, limit: CONTACTS_PAGE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = contacts.data ?? [];
  const when = (v: string | null | undefined) => (v ? dateTime(v, i18n.language) : '–');
  return (
    <Modal open width={900} title={t('campaigns.contactsOf', { name: list.name })} footer={null} onCancel={onClose}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Select
          aria-label={t('campaigns.contactStatus')}
          placeholder={t('campaigns.anyStatus')}
          allowClear
          style={{ width: 200 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={CONTACT_STATUSES.map((v) => ({ value: v, label: t(`campaigns.contactStatusOf.${v}`) }))}
        />
        <Table<Schemas['Contact']>
          rowKey="id"
          size="small"
          data-testid="list-contacts"
          loading={contacts.isFetching}
          dataSource={rows}
          pagination={openEndedPaging(page, CONTACTS_PAGE, rows.length, setPage)}
          columns={[
            { title: t('campaigns.phone'), dataIndex: 'phone' },
            { title: t('campaigns.contactName'), dataIndex: 'name', render: (v: string | null) => v ?? '' },
            { title: t('campaigns.status'), dataIndex: 'status', render: (v: string) => <Tag>{t(`campaigns.contactStatusOf.${v}`, { defaultValue: v })}</Tag> },
            { title: t('campaigns.attempts'), dataIndex: 'attempts' },
            { title: t('campaigns.lastOutcome'), key: 'o', render: (_, c) => c.lastDisposition ?? c.lastOutcome ?? '–' },
            { title: t('campaigns.nextAt'), key: 'n', render: (_, c) => when(c.callbackAt ?? c.nextAt) },
          ]}
        />
      </Space>
    </Modal>
  );
}

