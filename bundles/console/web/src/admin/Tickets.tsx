import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Rate,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
  Upload,
  type FormInstance,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, toApiError, unwrap, type Schemas } from '../api/client';
import { can } from '../api/session';
import { dateTime, duration } from '../lib/format';
import { fieldValues, slaClock } from '../lib/tickets';
import { FieldItems, NewTicket, PRIORITIES, useCategories } from '../pages/Tickets';
import { useKbSearch } from '../pages/Knowledge';
import type { AdminProps } from './Admin';
import { TicketStats } from './TicketStats';
import { nextSteps } from './logic';
import { FieldDefRows, fieldDefsBody } from './FieldDefs';
import { AA, errorText } from './forms';
import { useAllUsers, useSave, useServerSort } from './hooks';

type Ticket = Schemas['TicketServiceTicket'];
const PAGE = 20;
/** Priority tags at AA contrast (Ant Design's light orange is about 3:1). */
const PRIORITY_TAG: Record<string, string | undefined> = { LOW: undefined, NORMAL: 'blue', HIGH: AA.orange, URGENT: 'red' };
const STATUS_TAG: Record<string, string | undefined> = { NEW: 'blue', ASSIGNED: 'purple', IN_PROGRESS: AA.cyan, RESOLVED: AA.green, CLOSED: undefined };
const STATUSES = ['OPEN', 'NEW', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const;

/**
 * Tickets (工单) as a page: the company's tickets filtered on the server by status (open ones soonest due first),
 * category, assignee and lateness, paged; each opens beside the list with its details, its trail, comments (internal
 * ones marked), attachments, and what may be done next: take it, resolve it, close or reopen it, assign it to someone
 * or a team, dispatch it to an outside department (a link it opens without a login), record its revisit (回访).
 * Agents see the same page for their own and the company's tickets; assigning and dispatching are the supervisors'.
 */
export function Tickets({ session, tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const me = session.user.id ?? '';
  const mayAssign = can(session, 'tickets:assign');
  const [status, setStatus] = useState<string>('OPEN');
  const [category, setCategory] = useState<string | undefined>();
  const [assignee, setAssignee] = useState<string | undefined>(mayAssign ? undefined : me);
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const now = Date.now();
  const categories = useCategories(tenant);
  const users = useAllUsers(tenant, (d) => d.items, can(session, 'users:read'));
  // the trail and comments name people by id or by login (user@company)
  const names = new Map((users.data ?? []).flatMap((u) => [u.id!, u.login ?? ''].map((k) => [k, u.displayName ?? u.username ?? u.id!] as const)));
  const who = (id: string | null | undefined) =>
    !id || id === 'null' ? '–' : id === me ? t('ticketDesk.me') : id === 'system' || id === 'mail' ? t('ticketDesk.system') : (names.get(id) ?? id);
  const order = useServerSort(() => setPage(1));
  const sort = order.sort;
  const list = useQuery({
    queryKey: ['tickets', tenant, 'page', status, category, assignee, overdue, sort, page],
    queryFn: () =>
      unwrap(
        api.GET('/tenants/{tenant}/tickets', {
          params: {
            path: { tenant },
            query: { status: status === 'ALL' ? undefined : status, category, assignee, overdue: overdue || undefined, sort, offset: (page - 1) * PAGE, limit: PAGE },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const label = (name?: string | null) => (categories.data ?? []).find((c) => c.name === name)?.label ?? name ?? '–';
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  const table = (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Select
          aria-label={t('ticketDesk.status')}
          style={{ width: 180 }}
          value={status}
          onChange={filter(setStatus)}
          options={[...STATUSES, 'ALL'].map((s) => ({ value: s, label: t(`ticketDesk.statusFilter.${s}`) }))}
        />
        <Select
          aria-label={t('tickets.category')}
          placeholder={t('ticketDesk.anyCategory')}
          allowClear
          style={{ width: 200 }}
          value={category}
          onChange={filter(setCategory)}
          options={(categories.data ?? []).map((c) => ({ value: c.name!, label: c.label ?? c.name }))}
        />
        <Select
          aria-label={t('ticketDesk.assignee')}
          placeholder={t('ticketDesk.anyone')}
          allowClear={mayAssign}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 200 }}
          value={assignee}
          onChange={filter(setAssignee)}
          options={[
            { value: me, label: t('ticketDesk.me') },
            ...(users.data ?? []).filter((u) => u.id !== me).map((u) => ({ value: u.id!, label: `${u.displayName ?? u.username} (${u.username})` })),
          ]}
        />
        <Checkbox checked={overdue} onChange={(e) => filter(setOverdue)(e.target.checked)}>
          {t('ticketDesk.overdueOnly')}
        </Checkbox>
        <NewTicket tenant={tenant} />
      </Space>
      <Table<Ticket>
        rowKey="id"
        data-testid="tickets-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        onChange={order.onChange}
        columns={[
          { title: t('ticketDesk.number'), dataIndex: 'number', ...order.sortable('number'), render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('tickets.title'), dataIndex: 'title', ellipsis: true },
          { title: t('tickets.category'), dataIndex: 'category', render: label },
          { title: t('tickets.priority'), dataIndex: 'priority', ...order.sortable('priority'), render: (v: string) => <Tag color={PRIORITY_TAG[v]}>{t(`tickets.priorities.${v}`)}</Tag> },
          { title: t('ticketDesk.status'), dataIndex: 'status', ...order.sortable('status'), render: (v: string, x) => <StatusTag status={v} department={x.department} /> },
          { title: t('ticketDesk.assignee'), dataIndex: 'assigneeUserId', render: who },
          { title: t('ticketDesk.due'), ...order.sortable('due'), render: (_, x) => <Sla ticket={x} now={now} /> },
          { title: t('ticketDesk.created'), dataIndex: 'createdAt', ...order.sortable('created'), render: (v: string) => dateTime(v, i18n.language) },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, x) => (
              <Button size="small" onClick={() => setOpen(x.id!)} aria-label={t('ticketDesk.openOne', { number: x.number })}>
                {t('ticketDesk.open')}
              </Button>
            ),
          },
        ]}
      />
      {open && (
        <TicketDrawer
          session={session}
          tenant={tenant}
          id={open}
          who={who}
          label={label}
          onClose={() => {
            setOpen(null);
            void queries.invalidateQueries({ queryKey: ['tickets', tenant] });
          }}
        />
      )}
    </Space>
  );
  const stats = can(session, 'tickets:assign') || can(session, 'reports:read');
  return can(session, 'ticket-categories:write') || stats ? (
    <Tabs
      items={[
        { key: 'list', label: t('ticketDesk.list'), children: table },
        ...(stats ? [{ key: 'stats', label: t('ticketStats.title'), children: <TicketStats tenant={tenant} /> }] : []),
        ...(can(session, 'ticket-categories:write') ? [{ key: 'categories', label: t('ticketDesk.categories'), children: <Categories tenant={tenant} /> }] : []),
      ]}
    />
  ) : (
    table
  );
}

function StatusTag({ status, department }: { status?: string | null; department?: string | null }) {
  const { t } = useTranslation();
  return (
    <Space size={2} wrap>
      <Tag color={STATUS_TAG[status ?? '']}>{t(`tickets.statuses.${status}`, { defaultValue: status ?? '' })}</Tag>
      {department && <Tag>{t('ticketDesk.atDepartment', { department })}</Tag>}
    </Space>
  );
}

/** The SLA clock: time left, or how late (in red); nothing once resolved. */
function Sla({ ticket, now }: { ticket: Ticket; now: number }) {
  const { t } = useTranslation();
  if (ticket.status === 'RESOLVED' || ticket.status === 'CLOSED') {
    return <Typography.Text type="secondary">–</Typography.Text>;
  }
  const sla = slaClock(ticket.dueAt, now);
  if (!sla) {
    return <>–</>;
  }
  return (
    <Typography.Text type={sla.overdue ? 'danger' : undefined} strong={sla.overdue} data-testid="sla">
      {sla.overdue ? t('tickets.overdueBy', { time: duration(sla.ms) }) : t('tickets.dueIn', { time: duration(sla.ms) })}
    </Typography.Text>
  );
}

function TicketDrawer({
  session,
  tenant,
  id,
  who,
  label,
  onClose,
}: {
  session: AdminProps['session'];
  tenant: string;
  id: string;
  who: (id: string | null | undefined) => string;
  label: (name?: string | null) => string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const path = { tenant, id };
  const ticket = useQuery({ queryKey: ['ticket', tenant, id], queryFn: () => unwrap(api.GET('/tenants/{tenant}/tickets/{id}', { params: { path } })) });
  const comments = useQuery({ queryKey: ['ticket', tenant, id, 'comments'], queryFn: () => unwrap(api.GET('/tenants/{tenant}/tickets/{id}/comments', { params: { path } })) });
  const files = useQuery({ queryKey: ['ticket', tenant, id, 'files'], queryFn: () => unwrap(api.GET('/tenants/{tenant}/tickets/{id}/attachments', { params: { path } })) });
  const trail = useQuery({ queryKey: ['ticket', tenant, id, 'trail'], queryFn: () => unwrap(api.GET('/tenants/{tenant}/tickets/{id}/changes', { params: { path } })) });
  const customer = useQuery({
    queryKey: ['customer', tenant, ticket.data?.customerId],
    enabled: !!ticket.data?.customerId && can(session, 'customers:read'),
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/customers/{id}', { params: { path: { tenant, id: ticket.data!.customerId! } } })),
  });
  const [step, setStep] = useState<'RESOLVED' | 'assign' | 'dispatch' | 'revisit' | 'edit' | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = () => queries.invalidateQueries({ queryKey: ['ticket', tenant, id] });
  const move = async (to: string) => {
    setBusy(true);
    try {
      await unwrap(api.POST('/tenants/{tenant}/tickets/{id}/transition', { params: { path }, body: { status: to } }));
      void message.success(t(`ticketDesk.moved.${to}`));
      await refresh();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const tk = ticket.data;
  const when = (v: string | null | undefined) => (v ? dateTime(v, i18n.language) : '–');
  const mayWrite = can(session, 'tickets:write');
  const mayAssign = can(session, 'tickets:assign');
  const revisitDue = tk?.revisit && tk.revisit.status === 'PENDING';
  return (
    <Drawer open size={720} title={tk ? `${tk.number} · ${tk.title}` : t('ticketDesk.ticket')} onClose={onClose} loading={ticket.isLoading}>
      {tk && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Space wrap data-testid="ticket-actions">
            {mayWrite &&
              nextSteps(tk.status).map((s) => (
                <Button key={s} type={s === 'RESOLVED' ? 'primary' : 'default'} disabled={busy} onClick={() => (s === 'RESOLVED' ? setStep('RESOLVED') : void move(s))}>
                  {t(`ticketDesk.steps.${s}`)}
                </Button>
              ))}
            {mayWrite && tk.status !== 'CLOSED' && <Button onClick={() => setStep('edit')}>{t('common.edit')}</Button>}
            {mayAssign && tk.status !== 'CLOSED' && <Button onClick={() => setStep('assign')}>{t('ticketDesk.assign')}</Button>}
            {mayAssign && tk.status !== 'RESOLVED' && tk.status !== 'CLOSED' && <Button onClick={() => setStep('dispatch')}>{t('ticketDesk.dispatch')}</Button>}
            {mayWrite && revisitDue && (
              <Button type="primary" onClick={() => setStep('revisit')}>
                {t('ticketDesk.revisit')}
              </Button>
            )}
          </Space>
          {tk.overdue && <Alert type="error" showIcon title={t('ticketDesk.late', { due: when(tk.dueAt) })} />}
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('tickets.category')}>{label(tk.category)}</Descriptions.Item>
            <Descriptions.Item label={t('ticketDesk.status')}>
              <StatusTag status={tk.status} department={tk.department} />
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.priority')}>
              <Tag color={PRIORITY_TAG[tk.priority ?? 'NORMAL']}>{t(`tickets.priorities.${tk.priority ?? 'NORMAL'}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('ticketDesk.assignee')}>{who(tk.assigneeUserId)}</Descriptions.Item>
            <Descriptions.Item label={t('ticketDesk.due')}>{when(tk.dueAt)}</Descriptions.Item>
            <Descriptions.Item label={t('ticketDesk.reminded')}>{when(tk.remindedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('ticketDesk.created')}>
              {when(tk.createdAt)} · {who(tk.createdBy)}
            </Descriptions.Item>
            <Descriptions.Item label={t('ticketDesk.customer')}>
              {tk.customerId ? (customer.data ? `${customer.data.name ?? ''} ${(customer.data.phones ?? [])[0] ?? ''}` : tk.customerId) : '–'}
            </Descriptions.Item>
            {Object.entries(tk.fields ?? {}).map(([k, v]) => (
              <Descriptions.Item key={k} label={fieldLabel(tk.category, k)}>
                {String(v)}
              </Descriptions.Item>
            ))}
            {tk.resolution && (
              <Descriptions.Item label={t('ticketDesk.resolution')} span={2}>
                {tk.resolution}
              </Descriptions.Item>
            )}
            {tk.revisit && (
              <Descriptions.Item label={t('ticketDesk.revisit')} span={2}>
                {tk.revisit.status === 'PENDING'
                  ? t('ticketDesk.revisitDue', { due: when(tk.revisit.dueAt) })
                  : t('ticketDesk.revisitDone', { result: tk.revisit.result ?? '', stars: tk.revisit.satisfaction ?? '–', at: when(tk.revisit.doneAt) })}
              </Descriptions.Item>
            )}
          </Descriptions>
          {tk.description && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{tk.description}</Typography.Paragraph>}
          <Tabs
            items={[
              {
                key: 'comments',
                label: t('ticketDesk.comments', { n: comments.data?.length ?? 0 }),
                children: <Comments tenant={tenant} id={id} items={comments.data ?? []} who={who} mayWrite={mayWrite} onAdded={refresh} />,
              },
              {
                key: 'files',
                label: t('ticketDesk.files', { n: files.data?.length ?? 0 }),
                children: <Files tenant={tenant} id={id} items={files.data ?? []} who={who} mayWrite={mayWrite} onAdded={refresh} />,
              },
              ...(can(session, 'kb:read')
                ? [
                    {
                      key: 'kb',
                      label: t('ticketDesk.articles'),
                      children: <LinkedArticles tenant={tenant} ticket={id} mayLink={mayWrite} />,
                    },
                  ]
                : []),
              {
                key: 'trail',
                label: t('ticketDesk.trail'),
                children: (
                  <Timeline
                    data-testid="ticket-trail"
                    items={(trail.data ?? []).map((c, i) => ({
                      key: i,
                      content: (
                        <Space orientation="vertical" size={0}>
                          <Typography.Text>
                            {t(`ticketDesk.actions.${c.action}`, { defaultValue: c.action ?? '' })}
                            {fromTo(c.from, c.to)}
                          </Typography.Text>
                          {c.detail && <Typography.Text type="secondary">{trailDetail(c.action, c.detail)}</Typography.Text>}
                          <Typography.Text type="secondary">
                            {when(c.at)} · {who(c.by)}
                          </Typography.Text>
                        </Space>
                      ),
                    }))}
                  />
                ),
              },
            ]}
          />
        </Space>
      )}
      {tk && step === 'RESOLVED' && <Resolve tenant={tenant} ticket={tk} onClose={() => setStep(null)} onDone={refresh} />}
      {tk && step === 'assign' && <Assign tenant={tenant} ticket={tk} onClose={() => setStep(null)} onDone={refresh} />}
      {tk && step === 'dispatch' && <Dispatch tenant={tenant} ticket={tk} onClose={() => setStep(null)} onDone={refresh} />}
      {tk && step === 'revisit' && <Revisit tenant={tenant} ticket={tk} onClose={() => setStep(null)} onDone={refresh} />}
      {tk && step === 'edit' && <EditTicket tenant={tenant} ticket={tk} onClose={() => setStep(null)} onDone={refresh} />}
    </Drawer>
  );

  function fieldLabel(cat: string | null | undefined, name: string) {
    return queries.getQueryData<Schemas['TicketServiceCategory'][]>(['ticket-categories', tenant])?.find((c) => c.name === cat)?.fields?.find((f) => f.name === name)?.label ?? name;
  }

  /** " · from → to" of a change, without a side that names nothing (an assignment from nobody). */
  function fromTo(from: string | null | undefined, to: string | null | undefined) {
    const [a, b] = [trailValue(from), trailValue(to)];
    if (a === '–' && b === '–') {
      return '';
    }
    return a === '–' ? ` · ${b}` : ` · ${a} → ${b}`;
  }

  /** The server's note on a change, in the reader's words where it is a known form (statuses, sizes, "(internal)"). */
  function trailDetail(action: string | null | undefined, detail: string) {
    if (action === 'COMMENTED' && detail === '(internal)') {
      return t('ticketDesk.internal');
    }
    const size = /^(\d+) bytes$/.exec(detail);
    if (action === 'ATTACHED' && size) {
      return `${Math.max(1, Math.round(Number(size[1]) / 1024))} KB`;
    }
    const moved = /^([A-Z_]+) → ([A-Z_]+)$/.exec(detail);
    if (moved) {
      return `${t(`tickets.statuses.${moved[1]}`, { defaultValue: moved[1] })} → ${t(`tickets.statuses.${moved[2]}`, { defaultValue: moved[2] })}`;
    }
    return detail;
  }

  function trailValue(v: string | null | undefined) {
    if (!v) {
      return '–';
    }
    // a status, or who it went to ("user/team" for an assignment)
    return t(`tickets.statuses.${v}`, { defaultValue: '' }) || v.split('/').map(who).filter((x) => x !== '–').join(' / ') || '–';
  }
}

/** A tab of the ticket: its items, who is who, and whether the user may add to it. */
interface TicketTabProps<T> {
  tenant: string;
  id: string;
  items: T[];
  who: (id: string | null | undefined) => string;
  mayWrite: boolean;
  onAdded: () => Promise<unknown>;
}

function Comments({ tenant, id, items, who, mayWrite, onAdded }: TicketTabProps<Schemas['TicketServiceComment']>) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form, (f) => f[0] === 'text');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <List
        data-testid="ticket-comments"
        size="small"
        dataSource={items}
        locale={{ emptyText: <Typography.Text type="secondary">{t('ticketDesk.noComments')}</Typography.Text> }}
        renderItem={(c) => (
          <List.Item>
            <Space orientation="vertical" size={0} style={{ width: '100%' }}>
              <Space size={4}>
                <Typography.Text strong>{who(c.by)}</Typography.Text>
                <Typography.Text type="secondary">{dateTime(c.at!, i18n.language)}</Typography.Text>
                {c.internal && <Tag color="purple">{t('ticketDesk.internal')}</Tag>}
              </Space>
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {mayWrite && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ internal: false }}
          onFinish={(v: { text: string; internal: boolean }) =>
            void save(async () => {
              await unwrap(api.POST('/tenants/{tenant}/tickets/{id}/comments', { params: { path: { tenant, id } }, body: { text: v.text, internal: v.internal } }));
              form.resetFields();
              await onAdded();
            })
          }
        >
          <Form.Item name="text" label={t('ticketDesk.comment')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
          </Form.Item>
          <Space>
            <Form.Item name="internal" valuePropName="checked" noStyle>
              <Checkbox>{t('ticketDesk.internalHint')}</Checkbox>
            </Form.Item>
            <Button htmlType="submit" loading={busy}>
              {t('ticketDesk.addComment')}
            </Button>
          </Space>
        </Form>
      )}
    </Space>
  );
}

function Files({ tenant, id, items, who, mayWrite, onAdded }: TicketTabProps<Schemas['TicketServiceAttachment']>) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const upload = async (file: File) => {
    setBusy(true);
    try {
      const { error, response } = await api.POST('/tenants/{tenant}/tickets/{id}/attachments', {
        params: { path: { tenant, id }, query: { name: file.name } },
        body: file as never,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { 'Content-Type': file.type || 'application/octet-stream' },
      });
      if (!response.ok) {
        throw toApiError(response, error);
      }
      void message.success(t('ticketDesk.attached', { name: file.name }));
      await onAdded();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <List
        data-testid="ticket-files"
        size="small"
        dataSource={items}
        locale={{ emptyText: <Typography.Text type="secondary">{t('ticketDesk.noFiles')}</Typography.Text> }}
        renderItem={(a) => (
          <List.Item
            actions={[
              <Button key="d" size="small" href={`/api/v1/tenants/${encodeURIComponent(tenant)}/tickets/${encodeURIComponent(id)}/attachments/${encodeURIComponent(a.id!)}`} download={a.name}>
                {t('ticketDesk.download')}
              </Button>,
            ]}
          >
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{a.name}</Typography.Text>
              <Typography.Text type="secondary">
                {Math.max(1, Math.round((a.size ?? 0) / 1024))} KB · {dateTime(a.at!, i18n.language)} · {who(a.by)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {mayWrite && (
        <Upload.Dragger
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(f) => {
            void upload(f);
            return false;
          }}
        >
          <Typography.Text>{t('ticketDesk.dropFile')}</Typography.Text>
        </Upload.Dragger>
      )}
    </Space>
  );
}

interface StepProps {
  tenant: string;
  ticket: Ticket;
  onClose: () => void;
  onDone: () => Promise<unknown>;
}

/** One step of a ticket in a dialog: its form, the server's refusal on the field it names. */
function StepModal<V>({ title, okText, form, busy, onFinish, onClose, children }: {
  title: string;
  okText: string;
  form: FormInstance;
  busy: boolean;
  onFinish: (v: V) => void;
  onClose: () => void;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal open title={title} okText={okText} okButtonProps={{ loading: busy }} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={onFinish}>
        {children}
      </Form>
    </Modal>
  );
}

function Resolve({ tenant, ticket, onClose, onDone }: StepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form, (f) => f[0] === 'note');
  return (
    <StepModal<{ note: string }>
      title={t('ticketDesk.resolveOne', { number: ticket.number })}
      okText={t('ticketDesk.steps.RESOLVED')}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={(v) =>
        void save(async () => {
          await unwrap(api.POST('/tenants/{tenant}/tickets/{id}/transition', { params: { path: { tenant, id: ticket.id! } }, body: { status: 'RESOLVED', note: v.note } }));
          await onDone();
          onClose();
        })
      }
    >
      <Form.Item name="note" label={t('ticketDesk.resolution')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
      </Form.Item>
    </StepModal>
  );
}

/** Its title, description, priority and its category's fields (the category stays). */
function EditTicket({ tenant, ticket, onClose, onDone }: StepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form);
  const categories = useCategories(tenant);
  const defs = (categories.data ?? []).find((c) => c.name === ticket.category)?.fields ?? [];
  return (
    <StepModal<{ title: string; description?: string; priority: string; fields?: Record<string, unknown> }>
      title={t('ticketDesk.editOne', { number: ticket.number })}
      okText={t('common.save')}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={(v) =>
        void save(async () => {
          // a refused field ("fields.amount") lands on its item: the form's names are the API's
          await unwrap(
            api.PUT('/tenants/{tenant}/tickets/{id}', {
              params: { path: { tenant, id: ticket.id! } },
              body: { category: ticket.category ?? undefined, title: v.title, description: v.description ?? '', priority: v.priority, fields: fieldValues(defs, v.fields) },
            }),
          );
          await onDone();
          onClose();
        })
      }
    >
      <Form.Item name="title" label={t('tickets.title')} initialValue={ticket.title} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={t('tickets.description')} initialValue={ticket.description ?? ''}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} />
      </Form.Item>
      <Form.Item name="priority" label={t('tickets.priority')} initialValue={ticket.priority ?? 'NORMAL'}>
        <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priorities.${p}`) }))} />
      </Form.Item>
      <FieldItems defs={defs} initial={ticket.fields as Record<string, unknown> | null} />
    </StepModal>
  );
}

function Assign({ tenant, ticket, onClose, onDone }: StepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form, (f) => f[0] === 'userId' || f[0] === 'teamId');
  const users = useAllUsers(tenant, (d) => d.items);
  const teams = useQuery({ queryKey: ['teams', tenant, 'all'], queryFn: () => unwrap(api.GET('/tenants/{tenant}/teams', { params: { path: { tenant }, query: { limit: 500 } } })) });
  return (
    <StepModal<{ userId?: string; teamId?: string }>
      title={t('ticketDesk.assignOne', { number: ticket.number })}
      okText={t('ticketDesk.assign')}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={(v) =>
        void save(async () => {
          await unwrap(api.POST('/tenants/{tenant}/tickets/{id}/assign', { params: { path: { tenant, id: ticket.id! } }, body: { userId: v.userId, teamId: v.teamId } }));
          await onDone();
          onClose();
        })
      }
    >
      <Form.Item name="userId" label={t('ticketDesk.assignee')} initialValue={ticket.assigneeUserId ?? undefined}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={(users.data ?? []).map((u) => ({ value: u.id!, label: `${u.displayName ?? u.username} (${u.username})` }))}
        />
      </Form.Item>
      <Form.Item name="teamId" label={t('ticketDesk.team')} initialValue={ticket.teamId ?? undefined}>
        <Select allowClear options={(teams.data?.items ?? []).map((x) => ({ value: x.id!, label: x.name }))} />
      </Form.Item>
    </StepModal>
  );
}

function Dispatch({ tenant, ticket, onClose, onDone }: StepProps) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form, (f) => ['department', 'email', 'validHours'].includes(String(f[0])));
  const [done, setDone] = useState<Schemas['TicketServiceDispatch'] | null>(null);
  if (done) {
    return (
      <Modal open title={t('ticketDesk.dispatchedTo', { department: done.department })} footer={<Button onClick={onClose}>{t('common.close')}</Button>} onCancel={onClose}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t(`ticketDesk.mail.${done.mail ?? 'NONE'}`)}</Typography.Text>
          <Typography.Paragraph copyable={{ text: done.link ?? '' }} data-testid="dispatch-link" style={{ wordBreak: 'break-all' }}>
            {done.link}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('ticketDesk.validUntil', { at: dateTime(done.expiresAt!, i18n.language) })}</Typography.Text>
        </Space>
      </Modal>
    );
  }
  return (
    <StepModal<{ department: string; email?: string; validHours?: number }>
      title={t('ticketDesk.dispatchOne', { number: ticket.number })}
      okText={t('ticketDesk.dispatch')}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={(v) =>
        void save(async () => {
          const d = await unwrap(
            api.POST('/tenants/{tenant}/tickets/{id}/dispatch', {
              params: { path: { tenant, id: ticket.id! } },
              body: { department: v.department, email: v.email || undefined, validHours: v.validHours ?? 72 },
            }),
          );
          setDone(d);
          await onDone();
        })
      }
    >
      <Typography.Paragraph type="secondary">{t('ticketDesk.dispatchHint')}</Typography.Paragraph>
      <Form.Item name="department" label={t('ticketDesk.department')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="email" label={t('ticketDesk.email')} rules={[{ type: 'email', message: t('ticketDesk.badEmail') }]}>
        <Input type="email" />
      </Form.Item>
      <Form.Item name="validHours" label={t('ticketDesk.validHours')} initialValue={72}>
        <InputNumber min={1} max={720} />
      </Form.Item>
    </StepModal>
  );
}

function Revisit({ tenant, ticket, onClose, onDone }: StepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form, (f) => ['result', 'satisfaction'].includes(String(f[0])));
  return (
    <StepModal<{ result: string; satisfaction?: number; reopen?: boolean }>
      title={t('ticketDesk.revisitOne', { number: ticket.number })}
      okText={t('common.save')}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={(v) =>
        void save(async () => {
          await unwrap(
            api.POST('/tenants/{tenant}/tickets/{id}/revisit', {
              params: { path: { tenant, id: ticket.id! } },
              body: { result: v.result, satisfaction: v.satisfaction || undefined, reopen: !!v.reopen },
            }),
          );
          await onDone();
          onClose();
        })
      }
    >
      <Form.Item name="result" label={t('ticketDesk.revisitResult')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name="satisfaction" label={t('ticketDesk.satisfaction')}>
        <Rate />
      </Form.Item>
      <Form.Item name="reopen" valuePropName="checked">
        <Checkbox>{t('ticketDesk.reopen')}</Checkbox>
      </Form.Item>
    </StepModal>
  );
}

// ---------------------------------------------------------------------------------------------- categories

type Category = Schemas['TicketServiceCategory'];

/**
 * Ticket categories (工单类别) — the company administrator's: each with its label, SLA (hours, counted on the business
 * calendar or round the clock), revisit after resolution, who is told when one is late, and its own fields (typed,
 * required, choices). Saved as a whole; the server refuses a category still holding tickets being removed, on its row.
 */
function Categories({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const categories = useCategories(tenant);
  const users = useAllUsers(tenant, (d) => d.items);
  const [form] = Form.useForm<{ categories: Category[] }>();
  const { busy, save } = useSave(form, (f) => f[0] === 'categories' && f.length > 2);
  if (categories.isLoading) {
    return null;
  }
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="ticket-categories"
      initialValues={{ categories: categories.data ?? [] }}
      onFinish={(v) =>
        void save(async () => {
          const body = v.categories.map((c) => ({
            name: c.name ?? undefined,
            label: c.label ?? undefined,
            slaHours: c.slaHours ?? undefined,
            businessHours: !!c.businessHours,
            revisitHours: c.revisitHours ?? undefined,
            escalateTo: c.escalateTo ?? [],
            fields: fieldDefsBody(c.fields),
          }));
          try {
            await unwrap(api.PUT('/tenants/{tenant}/ticket-categories', { params: { path: { tenant } }, body }));
          } catch (e) {
            // the server names a category's field from the list's root ("[1].slaHours"): the form's list is "categories"
            throw e instanceof ApiError && e.field?.startsWith('[') ? new ApiError(e.status, e.code, e.message, `categories${e.field}`, null) : e;
          }
          void message.success(t('common.saved'));
          await queries.invalidateQueries({ queryKey: ['ticket-categories', tenant] });
        })
      }
    >
      <Form.List name="categories">
        {(cats, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {cats.map((c) => (
              <div key={c.key} style={{ border: '1px solid #d9d9d9', borderRadius: 8, padding: 12 }} data-testid="ticket-category">
                <Space wrap align="start">
                  <Form.Item name={[c.name, 'name']} label={t('ticketDesk.cat.name')} rules={[{ required: true, pattern: /^[a-z0-9_-]{1,64}$/, message: t('ticketDesk.cat.nameRule') }]}>
                    <Input style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[c.name, 'label']} label={t('ticketDesk.cat.label')} rules={[{ required: true, message: t('common.required') }]}>
                    <Input style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name={[c.name, 'slaHours']} label={t('ticketDesk.cat.slaHours')} rules={[{ required: true, message: t('common.required') }]}>
                    <InputNumber min={1} max={8760} />
                  </Form.Item>
                  <Form.Item name={[c.name, 'businessHours']} label={t('ticketDesk.cat.businessHours')} valuePropName="checked">
                    <Checkbox />
                  </Form.Item>
                  <Form.Item name={[c.name, 'revisitHours']} label={t('ticketDesk.cat.revisitHours')}>
                    <InputNumber min={1} max={8760} placeholder={t('ticketDesk.cat.noRevisit')} />
                  </Form.Item>
                  <Form.Item name={[c.name, 'escalateTo']} label={t('ticketDesk.cat.escalateTo')}>
                    <Select
                      mode="multiple"
                      style={{ minWidth: 220 }}
                      placeholder={t('ticketDesk.cat.supervisors')}
                      showSearch={{ optionFilterProp: 'label' }}
                      options={(users.data ?? []).map((u) => ({ value: u.id!, label: `${u.displayName ?? u.username} (${u.username})` }))}
                    />
                  </Form.Item>
                  <Button danger onClick={() => remove(c.name)} aria-label={t('ticketDesk.cat.remove')} style={{ marginTop: 30 }}>
                    {t('common.delete')}
                  </Button>
                </Space>
                <FieldDefRows form={form} name={[c.name, 'fields']} path={['categories', c.name, 'fields']} title={t('ticketDesk.cat.fields')} />
              </div>
            ))}
            <Space>
              <Button onClick={() => add({ slaHours: 24, businessHours: false, fields: [], escalateTo: [] })}>{t('ticketDesk.cat.add')}</Button>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('common.save')}
              </Button>
            </Space>
          </Space>
        )}
      </Form.List>
    </Form>
  );
}

/**
 * The knowledge-base articles that helped with a ticket: listed, and one more linked by searching the base (the search
 * runs on the server as the user types). A link counts as one use of the article.
 */
function LinkedArticles({ tenant, ticket, mayLink }: { tenant: string; ticket: string; mayLink: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [q, setQ] = useState('');
  const linked = useQuery({
    queryKey: ['ticket', tenant, ticket, 'articles'],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/kb/tickets/{ticket}', { params: { path: { tenant, ticket } } })),
  });
  const hits = useKbSearch(tenant, q);
  const link = async (article: string) => {
    try {
      await unwrap(api.PUT('/tenants/{tenant}/kb/articles/{id}/tickets/{ticket}', { params: { path: { tenant, id: article, ticket } } }));
      setQ('');
      await queries.invalidateQueries({ queryKey: ['ticket', tenant, ticket, 'articles'] });
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  const have = new Set((linked.data ?? []).map((a) => a.id));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {mayLink && (
        <Select
          aria-label={t('ticketDesk.linkArticle')}
          placeholder={t('ticketDesk.linkArticle')}
          showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
          style={{ width: '100%' }}
          value={null}
          notFoundContent={q.trim() ? t('ticketDesk.noArticle') : null}
          onChange={(v: string) => void link(v)}
          options={(hits.data?.items ?? [])
            .filter((h) => h.article?.id && !have.has(h.article.id))
            .map((h) => ({ value: h.article!.id!, label: h.article!.title ?? h.article!.id }))}
        />
      )}
      <List
        size="small"
        data-testid="ticket-articles"
        locale={{ emptyText: t('ticketDesk.noArticles') }}
        dataSource={linked.data ?? []}
        renderItem={(a) => (
          <List.Item>
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{a.title}</Typography.Text>
              <Typography.Text type="secondary">
                {a.category ?? ''} · {t('ticketDesk.articleVersion', { n: a.version ?? 1 })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
