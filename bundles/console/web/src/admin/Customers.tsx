import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Drawer, Form, Input, List, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, toApiError, unwrap, type Schemas } from '../api/client';
import { can } from '../api/session';
import { dateTime } from '../lib/format';
import type { AdminProps } from './Admin';
import { FieldDefRows, fieldDefsBody } from './FieldDefs';
import { useConfirmDanger, useSave, useServerSort } from './hooks';
import { errorText } from './forms';
import { FieldItems } from '../pages/Tickets';
import { fieldValues } from '../lib/tickets';

type Customer = Schemas['Customer'];
type Import = Schemas['CustomerImport'];
const PAGE = 20;

/** What the customer search box looks in: the name (a part of it), a phone (the whole number), the e-mail, a tag. */
const SEARCH_BY = ['q', 'phone', 'email', 'tag'] as const;
type SearchBy = (typeof SEARCH_BY)[number];

/**
 * Customers (客户): searched on the server by any field (name, phone, e-mail, tag), paged; one opens in a drawer with
 * its details to edit and its history; new ones are added; duplicates (the same phone or e-mail) are merged — the
 * history and tickets move to the one kept; the whole list is exported to CSV or a CSV imported, with the rows it
 * refused and why.
 */
export function Customers({ session, tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const danger = useConfirmDanger();
  const [by, setBy] = useState<SearchBy>('q');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Customer | 'new' | null>(null);
  const order = useServerSort(() => setPage(1));
  const sort = order.sort;
  const list = useQuery({
    queryKey: ['customers', tenant, by, q, sort, page],
    queryFn: () =>
      unwrap(
        api.GET('/tenants/{tenant}/customers', {
          params: { path: { tenant }, query: { [by]: q || undefined, sort, offset: (page - 1) * PAGE, limit: PAGE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['customers', tenant] });
  const when = (v: string | null | undefined) => (v ? dateTime(v, i18n.language) : '–');
  const table = (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Space.Compact>
          <Select<SearchBy>
            aria-label={t('customers.searchBy')}
            value={by}
            style={{ width: 120 }}
            onChange={(v) => {
              setBy(v);
              setText('');
              setQ('');
              setPage(1);
            }}
            options={SEARCH_BY.map((v) => ({ value: v, label: t(`customers.by.${v}`) }))}
          />
          <Input.Search
            aria-label={t('customers.search')}
            placeholder={t(`customers.hint.${by}`)}
            allowClear
            style={{ width: 300 }}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
        </Space.Compact>
        {can(session, 'customers:write') && (
          <Button type="primary" onClick={() => setOpen('new')}>
            {t('customers.new')}
          </Button>
        )}
        {can(session, 'customers:export') && (
          <Button href={`/api/v1/tenants/${encodeURIComponent(tenant)}/customers/export`} download={`customers-${tenant}.csv`}>
            {t('customers.export')}
          </Button>
        )}
      </Space>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Table<Customer>
        rowKey="id"
        data-testid="customers-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        onChange={order.onChange}
        columns={[
          { title: t('customers.name'), dataIndex: 'name', ...order.sortable('name'), render: (v: string | null) => <Typography.Text strong>{v ?? '–'}</Typography.Text> },
          { title: t('customers.phones'), dataIndex: 'phones', render: (v: string[] | null) => (v ?? []).join(', ') || '–' },
          { title: t('customers.email'), dataIndex: 'email', render: (v: string | null) => v ?? '–' },
          { title: t('customers.tags'), dataIndex: 'tags', render: (v: string[] | null) => (v ?? []).map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('customers.updated'), dataIndex: 'updatedAt', ...order.sortable('updated'), render: when },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, c) => (
              <Space>
                <Button size="small" onClick={() => setOpen(c)} aria-label={t('customers.openOne', { name: c.name })}>
                  {t('customers.open')}
                </Button>
                {can(session, 'customers:delete') && (
                  <Button
                    size="small"
                    danger
                    aria-label={t('customers.deleteOne', { name: c.name })}
                    onClick={() =>
                      danger({
                        title: t('customers.deleteOne', { name: c.name }),
                        content: t('customers.deleteHint'),
                        work: async () => {
                          await unwrap(api.DELETE('/tenants/{tenant}/customers/{id}', { params: { path: { tenant, id: c.id! } } }));
                          await refresh();
                        },
                      })
                    }
                  >
                    {t('common.delete')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {open && (
        <CustomerDrawer
          tenant={tenant}
          customer={open === 'new' ? null : open}
          mayWrite={can(session, 'customers:write')}
          onClose={() => {
            setOpen(null);
            void refresh();
          }}
        />
      )}
    </Space>
  );
  return (
    <Tabs
      items={[
        { key: 'list', label: t('customers.list'), children: table },
        ...(can(session, 'customers:merge') ? [{ key: 'dups', label: t('customers.duplicates'), children: <Duplicates tenant={tenant} /> }] : []),
        ...(can(session, 'customers:import') ? [{ key: 'import', label: t('customers.import'), children: <ImportCustomers tenant={tenant} /> }] : []),
        ...(can(session, 'customer-fields:write') ? [{ key: 'fields', label: t('customers.fields'), children: <CustomerFields tenant={tenant} /> }] : []),
      ]}
    />
  );
}

interface Values {
  fields?: Record<string, unknown>;
  name: string;
  phones?: string;
  email?: string;
  address?: string;
  language?: string;
  tags?: string[];
}

function CustomerDrawer({ tenant, customer, mayWrite, onClose }: { tenant: string; customer: Customer | null; mayWrite: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  // "phones[1]": the form has one box for the numbers
  const { busy, save } = useSave(form, (name) => ['name', 'email', 'address', 'language', 'tags', 'fields'].includes(String(name[0])));
  const defs = useCustomerFields(tenant);
  const [hpage, setHpage] = useState(1);
  const history = useQuery({
    queryKey: ['customer-history', tenant, customer?.id, hpage],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/customers/{id}/history', { params: { path: { tenant, id: customer!.id! }, query: { offset: (hpage - 1) * 10, limit: 10 } } })),
    enabled: !!customer,
    placeholderData: keepPreviousData,
  });
  const submit = async (v: Values) => {
    const body = {
      name: v.name,
      phones: (v.phones ?? '').split(/[,，;\s]+/).map((p) => p.trim()).filter(Boolean),
      email: v.email || undefined,
      address: v.address || undefined,
      language: v.language || undefined,
      tags: v.tags ?? [],
      // the company's own fields as the form has them; a value of a field no longer defined is kept as it was
      fields: { ...((customer?.fields ?? {}) as Record<string, unknown>), ...fieldValues(defs.data ?? [], v.fields) } as Record<string, never>,
    };
    const ok = await save(() =>
      customer
        ? unwrap(api.PUT('/tenants/{tenant}/customers/{id}', { params: { path: { tenant, id: customer.id! } }, body }))
        : unwrap(api.POST('/tenants/{tenant}/customers', { params: { path: { tenant } }, body })),
    );
    if (ok) {
      void message.success(t('common.saved'));
      onClose();
    }
  };
  const hist = (history.data ?? { items: [], total: 0 }) as { items: Schemas['Interaction'][]; total: number };
  return (
    <Drawer open title={customer ? (customer.name ?? '') : t('customers.new')} size="large" onClose={onClose} destroyOnHidden>
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!mayWrite}
        initialValues={{
          name: customer?.name ?? '',
          phones: (customer?.phones ?? []).join(', '),
          email: customer?.email ?? undefined,
          address: customer?.address ?? undefined,
          language: customer?.language ?? undefined,
          tags: customer?.tags ?? [],
          fields: (customer?.fields ?? {}) as Record<string, unknown>,
        }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="name" label={t('customers.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="phones" label={t('customers.phones')} extra={t('customers.phonesHint')}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('customers.email')}>
          <Input type="email" />
        </Form.Item>
        <Form.Item name="address" label={t('customers.address')}>
          <Input />
        </Form.Item>
        <Form.Item name="language" label={t('customers.language')}>
          <Select allowClear options={['zh-CN', 'en-US', 'zh-HK', 'ja-JP'].map((v) => ({ value: v, label: v }))} />
        </Form.Item>
        <Form.Item name="tags" label={t('customers.tags')}>
          <Select mode="tags" tokenSeparators={[',', '，']} />
        </Form.Item>
        <FieldItems defs={defs.data ?? []} />
        {mayWrite && (
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
        )}
      </Form>
      {customer && (
        <Card size="small" title={t('customers.history')} style={{ marginTop: 16 }}>
          <List
            size="small"
            dataSource={hist.items}
            locale={{ emptyText: <Typography.Text type="secondary">{t('customers.noHistory')}</Typography.Text> }}
            pagination={hist.total > 10 ? { current: hpage, pageSize: 10, total: hist.total, onChange: setHpage } : false}
            renderItem={(h) => (
              <List.Item>
                <Space orientation="vertical" size={0}>
                  <Typography.Text type="secondary">
                    {h.at ? dateTime(h.at, i18n.language) : '–'} · {h.kind} {h.by ? `· ${h.by}` : ''}
                  </Typography.Text>
                  <Typography.Text>{h.summary}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
    </Drawer>
  );
}

/** Customers sharing a phone or an e-mail; merging keeps the first and moves the other's history and tickets to it. */
function Duplicates({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const dups = useQuery({
    queryKey: ['customer-dups', tenant, page],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/customers/duplicates', { params: { path: { tenant }, query: { offset: (page - 1) * PAGE, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
  const merge = (keep: Customer, drop: Customer) =>
    danger({
      title: t('customers.mergeTitle', { keep: keep.name, drop: drop.name }),
      content: t('customers.mergeHint'),
      okText: t('customers.merge'),
      work: async () => {
        const r = await unwrap(api.POST('/tenants/{tenant}/customers/{id}/merge', { params: { path: { tenant, id: keep.id! } }, body: { source: drop.id! } }));
        void message.success(t('customers.merged', { interactions: r.movedInteractions ?? 0, tickets: r.movedTickets ?? 0 }));
        void queries.invalidateQueries({ queryKey: ['customer-dups', tenant] });
        void queries.invalidateQueries({ queryKey: ['customers', tenant] });
      },
    });
  const items = (dups.data?.items ?? []) as { kind?: string; value?: string; customers?: Customer[] }[];
  return (
    <Table
      rowKey={(d) => `${d.kind}:${d.value}`}
      data-testid="duplicates-table"
      loading={dups.isFetching}
      dataSource={items}
      locale={{ emptyText: <Typography.Text type="secondary">{t('customers.noDuplicates')}</Typography.Text> }}
      pagination={{ current: page, pageSize: PAGE, total: dups.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
      columns={[
        { title: t('customers.sameWhat'), key: 'k', render: (_, d) => `${t(`customers.kind.${d.kind}`, { defaultValue: d.kind })}: ${d.value}` },
        {
          title: t('customers.list'),
          key: 'c',
          render: (_, d) => (
            <Space orientation="vertical">
              {(d.customers ?? []).map((c, i) => (
                <Space key={c.id}>
                  <Typography.Text strong={i === 0}>{c.name}</Typography.Text>
                  {i > 0 && (
                    <Button size="small" onClick={() => merge(d.customers![0]!, c)} aria-label={t('customers.mergeTitle', { keep: d.customers![0]!.name, drop: c.name })}>
                      {t('customers.mergeInto', { name: d.customers![0]!.name })}
                    </Button>
                  )}
                </Space>
              ))}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** A CSV of customers (name, phones, e-mail, …), new ones created or — when chosen — merged with those of the same phone. */
function ImportCustomers({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [merge, setMerge] = useState(true);
  const [result, setResult] = useState<Import | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (file: File) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const { data, error: refused, response } = await api.POST('/tenants/{tenant}/customers/import', {
        params: { path: { tenant }, query: { merge } },
        body: file as never,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { 'Content-Type': 'text/csv' },
      });
      if (!response.ok || !data) {
        throw toApiError(response, refused);
      }
      const body = data;
      setResult(body as Import);
      void queries.invalidateQueries({ queryKey: ['customers', tenant] });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('customers.importHint')}</Typography.Paragraph>
      <Checkbox checked={merge} onChange={(e) => setMerge(e.target.checked)}>
        {t('customers.importMerge')}
      </Checkbox>
      <Upload.Dragger
        accept=".csv,text/csv"
        showUploadList={false}
        disabled={busy}
        beforeUpload={(f) => {
          void send(f);
          return false;
        }}
      >
        <p>{t('customers.importDrop')}</p>
      </Upload.Dragger>
      {error && <Alert type="error" showIcon title={error} />}
      {result && (
        <Card size="small" data-testid="customer-import">
          <Typography.Text>
            {t('customers.importDone', { total: result.total ?? 0, created: result.created ?? 0, merged: result.merged ?? 0, rejected: (result.rejected ?? []).length })}
          </Typography.Text>
          {(result.rejected ?? []).length > 0 && (
            <Table
              rowKey="line"
              size="small"
              pagination={false}
              style={{ marginTop: 8 }}
              dataSource={result.rejected ?? []}
              columns={[
                { title: t('customers.line'), dataIndex: 'line' },
                { title: t('customers.reason'), dataIndex: 'reason' },
                { title: t('customers.raw'), dataIndex: 'raw' },
              ]}
            />
          )}
        </Card>
      )}
    </Space>
  );
}

function useCustomerFields(tenant: string) {
  return useQuery({
    queryKey: ['customer-fields', tenant],
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/customer-fields', { params: { path: { tenant } } })),
  });
}

/**
 * The company's own customer fields (自定义字段): each with its key, name, type (text, number, date, yes/no, a choice)
 * and whether it is required; saved as a whole, the server's refusal on its row. The desk's screen pop and the customer
 * drawer show them, and the CSV import fills them by key.
 */
function CustomerFields({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const defs = useCustomerFields(tenant);
  const [form] = Form.useForm<{ defs: Schemas['FieldDef'][] }>();
  const { busy, save } = useSave(form, (f) => f[0] === 'defs' && f.length > 2);
  if (defs.isLoading) {
    return null;
  }
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="customer-fields"
      initialValues={{ defs: defs.data ?? [] }}
      onFinish={(v) =>
        void save(async () => {
          try {
            await unwrap(api.PUT('/tenants/{tenant}/customer-fields', { params: { path: { tenant } }, body: fieldDefsBody(v.defs) }));
          } catch (e) {
            // the server names a field from the list's root ("[1].name"): the form's list is "defs"
            throw e instanceof ApiError && e.field?.startsWith('[') ? new ApiError(e.status, e.code, e.message, `defs${e.field}`, null) : e;
          }
          void message.success(t('common.saved'));
          await queries.invalidateQueries({ queryKey: ['customer-fields', tenant] });
        })
      }
    >
      <Typography.Paragraph type="secondary">{t('customers.fieldsHint')}</Typography.Paragraph>
      <FieldDefRows form={form} name={['defs']} path={['defs']} />
      <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 12 }}>
        {t('common.save')}
      </Button>
    </Form>
  );
}
