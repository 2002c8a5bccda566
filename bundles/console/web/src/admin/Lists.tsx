import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography, type FormInstance, type FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { dateTime } from '../lib/format';
import type { AdminProps } from './Admin';
import { errorText } from './forms';
import { useConfirmDanger, useSave } from './hooks';
import { usePrompts } from './Queues';
import { SearchBox } from './SearchBox';

const DNC_PAGE = 20;

/**
 * Recording policy (录音策略): record every call, none, on demand or a sample; stereo (one channel per party); how long
 * recordings are kept before they are deleted.
 */
export function RecordingPolicy({ tenant }: AdminProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form);
  const policy = useQuery({ queryKey: ['recording-policy', tenant], queryFn: () => unwrap(api.GET('/tenants/{tenant}/recording-policy', { params: { path: { tenant } } })) });
  const mode = Form.useWatch('mode', form) ?? policy.data?.mode;
  if (!policy.data) {
    return <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>;
  }
  return (
    <Card size="small" style={{ maxWidth: 640 }}>
      <Form
        form={form}
        layout="vertical"
        initialValues={policy.data}
        onFinish={(v) =>
          void save(async () => {
            await unwrap(api.PUT('/tenants/{tenant}/recording-policy', { params: { path: { tenant } }, body: { ...v, samplePercent: v.mode === 'SAMPLE' ? v.samplePercent : undefined } }));
            void message.success(t('common.saved'));
          })
        }
      >
        <Form.Item name="mode" label={t('lists.recordingMode')}>
          <Select options={['ALL', 'SAMPLE', 'ON_DEMAND', 'NONE'].map((m) => ({ value: m, label: t(`lists.recording.${m}`) }))} />
        </Form.Item>
        {mode === 'SAMPLE' && (
          <Form.Item name="samplePercent" label={t('lists.samplePercent')}>
            <InputNumber min={1} max={100} suffix="%" />
          </Form.Item>
        )}
        <Form.Item name="retentionDays" label={t('lists.retention')} extra={t('lists.retentionHint')}>
          <InputNumber min={1} max={3650} suffix={t('tenants.days')} />
        </Form.Item>
        <Form.Item name="stereo" label={t('lists.stereo')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

interface Code {
  code?: string;
  label?: string;
  action?: string;
}

/**
 * Dispositions (通话结果): the outcomes an agent picks in wrap-up, each with what the dialer does next (done, call
 * back, answering machine, retry, do not call). Saved as a whole; the server names the row it refuses.
 */
export function Dispositions({ tenant }: AdminProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ codes: Code[] }>();
  const { busy, problem, saveRows } = useRowsSave(form);
  const codes = useQuery({ queryKey: ['dispositions', tenant], queryFn: () => unwrap(api.GET('/tenants/{tenant}/dispositions', { params: { path: { tenant } } })) });
  if (!codes.data) {
    return <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>;
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={t('lists.dispositions')} data-testid="dispositions">
        <Form
          form={form}
          initialValues={{ codes: codes.data }}
          onFinish={async (v) => {
            if (await saveRows(() => unwrap(api.PUT('/tenants/{tenant}/dispositions', { params: { path: { tenant } }, body: v.codes as Schemas['DispositionInput'][] })))) {
              void message.success(t('common.saved'));
            }
          }}
        >
          <CodeRows
            busy={busy}
            problem={problem}
            newRow={{ action: 'DONE' }}
            placeholder="sale"
            codeRules={[{ required: true, message: t('common.required') }]}
            names={{ code: 'lists.codeN', label: 'lists.labelN', remove: 'lists.removeN', add: 'lists.addCode' }}
            extra={(name, i) => (
              <Form.Item name={[name, 'action']} initialValue="DONE" style={{ marginBottom: 0 }}>
                <Select
                  style={{ width: 180 }}
                  aria-label={t('lists.actionN', { n: i + 1 })}
                  options={['DONE', 'CALLBACK', 'MACHINE', 'RETRY', 'DNC'].map((a) => ({ value: a, label: t(`lists.action.${a}`) }))}
                />
              </Form.Item>
            )}
          />
        </Form>
      </Card>
      <ReasonCodes tenant={tenant} />
    </Space>
  );
}

/**
 * Saving a list of rows as a whole (dispositions, not-ready reasons): busy meanwhile; the server's refusal of one row's
 * field ("codes[2].label") on that row and, with any other refusal, as the problem under the rows. True once saved.
 */
function useRowsSave(form: FormInstance) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const saveRows = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
      return true;
    } catch (e) {
      const m = /^codes\[(\d+)\]\.(\w+)$/.exec((e as { field?: string }).field ?? '');
      if (m) {
        form.setFields([{ name: ['codes', Number(m[1]), m[2]], errors: [errorText(e)] }]);
      }
      setProblem(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, saveRows };
}

/**
 * The rows of a code list in its Form.List "codes": each a code and a label (and what {@code extra} adds), removable;
 * a row added, the list saved; the problem the server found shown below. {@code names} are the i18n keys of the row's
 * labels ({n}: the row's number) and of the add button.
 */
function CodeRows({
  busy,
  problem,
  newRow,
  placeholder,
  codeRules,
  names,
  extra,
}: {
  busy: boolean;
  problem: string | null;
  newRow: object;
  placeholder: string;
  codeRules: FormRule[];
  names: { code: string; label: string; remove: string; add: string };
  extra?: (name: number, i: number) => React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Form.List name="codes">
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.map((f, i) => (
            <Space key={f.key} align="baseline" wrap>
              <Form.Item name={[f.name, 'code']} rules={codeRules} style={{ marginBottom: 0 }}>
                <Input placeholder={placeholder} style={{ width: 140 }} aria-label={t(names.code, { n: i + 1 })} />
              </Form.Item>
              <Form.Item name={[f.name, 'label']} rules={[{ required: true, whitespace: true, message: t('common.required') }]} style={{ marginBottom: 0 }}>
                <Input style={{ width: 240 }} aria-label={t(names.label, { n: i + 1 })} />
              </Form.Item>
              {extra?.(f.name, i)}
              <Button onClick={() => remove(f.name)} aria-label={t(names.remove, { n: i + 1 })}>
                {t('common.remove')}
              </Button>
            </Space>
          ))}
          <Space>
            <Button type="dashed" onClick={() => add(newRow)}>
              {t(names.add)}
            </Button>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Space>
          {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
        </Space>
      )}
    </Form.List>
  );
}

type Reason = Schemas['ReasonCode'];

/**
 * Not-ready reasons (示忙原因) agents pick when they step away — break, lunch, training, after-call work; Seatline's own
 * (shown, not editable) stay. Saved as a whole; the agents' desks offer them at once.
 */
function ReasonCodes({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ codes: Reason[] }>();
  const { busy, problem, saveRows } = useRowsSave(form);
  const codes = useQuery({ queryKey: ['reason-codes', tenant], queryFn: () => unwrap(api.GET('/tenants/{tenant}/reason-codes', { params: { path: { tenant } } })) });
  if (!codes.data) {
    return null;
  }
  const system = codes.data.filter((c) => c.system);
  return (
    <Card size="small" title={t('lists.reasons')} data-testid="reason-codes">
      <Typography.Paragraph type="secondary">
        {t('lists.reasonsHint')} {system.map((c) => <Tag key={c.code}>{c.label ?? c.code}</Tag>)}
      </Typography.Paragraph>
      <Form
        form={form}
        initialValues={{ codes: codes.data.filter((c) => !c.system) }}
        onFinish={async (v) => {
          const body = (v.codes ?? []).map((c) => ({ code: c.code ?? undefined, label: c.label ?? undefined }));
          if (await saveRows(() => unwrap(api.PUT('/tenants/{tenant}/reason-codes', { params: { path: { tenant } }, body })))) {
            void message.success(t('common.saved'));
            await queries.invalidateQueries({ queryKey: ['reason-codes', tenant] });
          }
        }}
      >
        <CodeRows
          busy={busy}
          problem={problem}
          newRow={{}}
          placeholder="lunch"
          codeRules={[{ required: true, pattern: /^[a-z0-9_-]{1,32}$/, message: t('lists.reasonRule') }]}
          names={{ code: 'lists.reasonCodeN', label: 'lists.reasonLabelN', remove: 'lists.removeReasonN', add: 'lists.addReason' }}
        />
      </Form>
    </Card>
  );
}

/**
 * The DNC list and blacklist calls of a company, or — without one — the operator's, which hold for every company (the
 * same shapes under /dnc and /blacklist).
 */
function numberLists(tenant: string | null) {
  return {
    dnc: (query: { number?: string; offset: number; limit: number }) =>
      tenant ? unwrap(api.GET('/tenants/{tenant}/dnc', { params: { path: { tenant }, query } })) : unwrap(api.GET('/dnc', { params: { query } })),
    blacklist: () => (tenant ? unwrap(api.GET('/tenants/{tenant}/blacklist', { params: { path: { tenant } } })) : unwrap(api.GET('/blacklist'))),
    addDnc: (body: { phone: string; reason?: string }) =>
      tenant ? unwrap(api.POST('/tenants/{tenant}/dnc', { params: { path: { tenant } }, body })) : unwrap(api.POST('/dnc', { body })),
    block: (phone: string, body: { action?: string; prompt?: string; note?: string }) =>
      tenant
        ? unwrap(api.PUT('/tenants/{tenant}/blacklist/{phone}', { params: { path: { tenant, phone } }, body }))
        : unwrap(api.PUT('/blacklist/{phone}', { params: { path: { phone } }, body })),
    remove: (list: 'dnc' | 'blacklist', phone: string) =>
      list === 'dnc'
        ? tenant
          ? unwrap(api.DELETE('/tenants/{tenant}/dnc/{phone}', { params: { path: { tenant, phone } } }))
          : unwrap(api.DELETE('/dnc/{phone}', { params: { path: { phone } } }))
        : tenant
          ? unwrap(api.DELETE('/tenants/{tenant}/blacklist/{phone}', { params: { path: { tenant, phone } } }))
          : unwrap(api.DELETE('/blacklist/{phone}', { params: { path: { phone } } })),
  };
}

/** Takes a number off the DNC list or the blacklist, asked first. */
function RemoveNumber({ tenant, list, phone }: { tenant: string | null; list: 'dnc' | 'blacklist'; phone: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const danger = useConfirmDanger();
  const title = t('lists.removeNumber', { number: phone });
  const remove = () => numberLists(tenant).remove(list, phone);
  return (
    <Button
      size="small"
      danger
      aria-label={title}
      onClick={() =>
        danger({
          title,
          okText: t('common.remove'),
          work: async () => {
            await remove();
            await queries.invalidateQueries({ queryKey: [list, tenant] });
          },
        })
      }
    >
      {t('common.remove')}
    </Button>
  );
}

/**
 * Numbers the company must not call (DNC, 免打扰) or will not take calls from (blacklist, 黑名单): listed, added with a
 * reason or note, removed (confirmed).
 */
export function NumberLists({ tenant }: AdminProps) {
  return <NumberListsOf tenant={tenant} />;
}

/** The operator's own DNC list and blacklist: they hold for every company. */
export function OperatorNumberLists() {
  return <NumberListsOf tenant={null} />;
}

function NumberListsOf({ tenant }: { tenant: string | null }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [adding, setAdding] = useState<'dnc' | 'blacklist' | null>(null);
  const [dncPage, setDncPage] = useState(1);
  const [number, setNumber] = useState('');
  const lists = numberLists(tenant);
  // a DNC list runs to thousands of numbers: paged and searched on the server
  const dnc = useQuery({
    queryKey: ['dnc', tenant, number, dncPage],
    queryFn: () => lists.dnc({ number: number || undefined, offset: (dncPage - 1) * DNC_PAGE, limit: DNC_PAGE }),
    placeholderData: keepPreviousData,
  });
  const blocked = useQuery({ queryKey: ['blacklist', tenant], queryFn: lists.blacklist });
  const when = (v: string | null) => (v ? dateTime(v, i18n.language) : '–');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        size="small"
        title={t('lists.dnc')}
        extra={
          <Space>
            <SearchBox
              label={t('lists.findNumber')} width={220}
              onSearch={(v) => {
                setNumber(v);
                setDncPage(1);
              }}
            />
            <Button onClick={() => setAdding('dnc')}>{t('lists.addNumber')}</Button>
          </Space>
        }
      >
        {dnc.isError && <Alert type="error" showIcon title={errorText(dnc.error)} style={{ marginBottom: 8 }} />}
        <Table
          size="small"
          rowKey="phone"
          data-testid="dnc-table"
          loading={dnc.isFetching}
          dataSource={dnc.data?.items ?? []}
          pagination={{ current: dncPage, pageSize: DNC_PAGE, total: dnc.data?.total ?? 0, showSizeChanger: false, hideOnSinglePage: true, onChange: setDncPage }}
          columns={[
            { title: t('numbers.number'), dataIndex: 'phone' },
            { title: t('lists.reason'), dataIndex: 'reason' },
            { title: t('lists.scope'), dataIndex: 'scope' },
            { title: t('lists.added'), key: 'a', render: (_, e) => `${e.addedBy ?? ''} · ${when(e.addedAt ?? null)}` },
            {
              title: t('common.actions'),
              key: 'x',
              render: (_, e) =>
                // a company removes its own entries; the operator's hold for it and are the operator's to remove
                !tenant || e.scope === 'TENANT' || !e.scope ? <RemoveNumber tenant={tenant} list="dnc" phone={e.phone!} /> : null,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('lists.blacklist')} extra={<Button onClick={() => setAdding('blacklist')}>{t('lists.addNumber')}</Button>}>
        <Table
          size="small"
          rowKey="phone"
          data-testid="blacklist-table"
          dataSource={blocked.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('numbers.number'), dataIndex: 'phone' },
            { title: t('lists.blockAction'), dataIndex: 'action', render: (v: string) => t(`lists.block.${v}`, { defaultValue: v }) },
            { title: t('lists.note'), dataIndex: 'note' },
            { title: t('lists.added'), key: 'a', render: (_, e) => `${e.addedBy ?? ''} · ${when(e.addedAt ?? null)}` },
            {
              title: t('common.actions'),
              key: 'x',
              render: (_, e) => <RemoveNumber tenant={tenant} list="blacklist" phone={e.phone!} />,
            },
          ]}
        />
      </Card>
      {adding && (
        <AddNumber
          tenant={tenant}
          list={adding}
          onClose={() => {
            setAdding(null);
            void queries.invalidateQueries({ queryKey: [adding, tenant] });
          }}
        />
      )}
    </Space>
  );
}

function AddNumber({ tenant, list, onClose }: { tenant: string | null; list: 'dnc' | 'blacklist'; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form);
  // a message to play is one of the company's prompts: the operator's blacklist only rejects
  const prompts = usePrompts(tenant ?? '', !!tenant);
  const action = Form.useWatch('action', form) ?? 'REJECT';
  return (
    <Modal
      open
      title={t(list === 'dnc' ? 'lists.addDnc' : 'lists.addBlocked')}
      okText={t('common.save')}
      okButtonProps={{ loading: busy }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ action: 'REJECT' }}
        onFinish={(v: { phone: string; reason?: string; action?: string; prompt?: string; note?: string }) =>
          void save(async () => {
            if (list === 'dnc') {
              await numberLists(tenant).addDnc({ phone: v.phone, reason: v.reason || undefined });
            } else {
              await numberLists(tenant).block(v.phone, { action: v.action, prompt: v.action === 'MESSAGE' ? v.prompt : undefined, note: v.note || undefined });
            }
            onClose();
          })
        }
      >
        <Form.Item name="phone" label={t('numbers.number')} rules={[{ required: true, message: t('common.required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        {list === 'dnc' ? (
          <Form.Item name="reason" label={t('lists.reason')}>
            <Input />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="action" label={t('lists.blockAction')}>
              <Select options={(tenant ? ['REJECT', 'MESSAGE'] : ['REJECT']).map((a) => ({ value: a, label: t(`lists.block.${a}`) }))} />
            </Form.Item>
            {action === 'MESSAGE' && (
              <Form.Item name="prompt" label={t('ivr.prompt')} rules={[{ required: true, message: t('common.required') }]}>
                <Select options={(prompts.data ?? []).map((p) => ({ value: p.name!, label: p.name! }))} />
              </Form.Item>
            )}
            <Form.Item name="note" label={t('lists.note')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
