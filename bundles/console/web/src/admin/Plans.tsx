import { useState } from 'react';
import { Alert, App, Button, Card, Drawer, Form, Input, InputNumber, Select, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, toApiError, unwrap, type Schemas } from '../api/client';
import type { AdminProps } from './Admin';
import { FormDrawer } from './FormDrawer';
import { money, rate } from './Billing';
import { decode, rejectedCsv } from './csv';
import { errorText } from './forms';
import { useConfirmDanger, useSave } from './hooks';
import { SearchBox } from './SearchBox';

type Version = Schemas['PlanVersion'];
type Check = Schemas['BillingCatalogServiceRateCheck'];
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'SGD', 'PHP', 'INR', 'GBP'];

/**
 * Rate plans (资费方案) — billing staff's: every version of every plan with its seat prices and its time bands; a new
 * version (or one copied from another, with new dates) is checked by the server, its refusals on their fields; a
 * version's rate table is searched by prefix and paged on the server, and replaced from a CSV file: every row the
 * server would refuse is listed (and downloadable) before anything is written, and only a clean file replaces the table.
 */
export function Plans(_: AdminProps) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<Partial<Version> | null>(null);
  const [rates, setRates] = useState<Version | null>(null);
  const versions = useQuery({ queryKey: ['plans'], queryFn: () => unwrap(api.GET('/billing/plans', { params: { query: {} } })) });
  const price = (v: number | null | undefined, x: Version) => (v == null ? '–' : money(v, x.currency ?? 'CNY', i18n.language));
  const rows = [...(versions.data ?? [])].sort((a, b) => (a.plan ?? '').localeCompare(b.plan ?? '') || (b.validFrom ?? '').localeCompare(a.validFrom ?? ''));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Button type="primary" onClick={() => setEditing({ currency: 'CNY', defaultBand: 'peak', bands: [] })}>
        {t('plans.new')}
      </Button>
      <Table<Version>
        rowKey="id"
        data-testid="plans-table"
        loading={versions.isFetching}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          {
            title: t('plans.plan'),
            dataIndex: 'plan',
            // the server names an unnamed version "<plan> <from>": only a name of its own is worth showing
            render: (v: string, x) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{v}</Typography.Text>
                {x.name && x.name !== `${v} ${x.validFrom}` && <Typography.Text type="secondary">{x.name}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('plans.valid'), key: 'valid', render: (_, x) => `${x.validFrom} – ${x.validTo ?? t('plans.open')}` },
          { title: t('plans.dedicatedSeat'), dataIndex: 'dedicatedSeat', render: price },
          { title: t('plans.sharedSeat'), dataIndex: 'sharedSeat', render: price },
          { title: t('plans.sharedAgentHour'), dataIndex: 'sharedAgentHour', render: price },
          { title: t('plans.rateCount'), dataIndex: 'rateCount', render: (v: number | null) => v ?? 0 },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, x) => (
              <Space>
                <Button size="small" onClick={() => setRates(x)} aria-label={t('plans.ratesOf', { plan: x.plan, from: x.validFrom })}>
                  {t('plans.rates')}
                </Button>
                <Button
                  size="small"
                  onClick={() => setEditing({ ...x, id: undefined, name: x.name === `${x.plan} ${x.validFrom}` ? undefined : x.name, validFrom: undefined, validTo: undefined, rates: undefined })}
                  aria-label={t('plans.copyOf', { plan: x.plan, from: x.validFrom })}
                >
                  {t('plans.copy')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && <VersionDrawer from={editing} onClose={() => setEditing(null)} />}
      {rates && <RatesDrawer version={rates} onClose={() => setRates(null)} />}
    </Space>
  );
}

function VersionDrawer({ from, onClose }: { from: Partial<Version>; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form);
  const numberOrUndefined = (v: unknown) => (v == null || v === '' ? undefined : Number(v));
  return (
    <FormDrawer size={640} title={from.plan ? t('plans.newVersionOf', { plan: from.plan }) : t('plans.new')} form={form} busy={busy} onClose={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={from}
        onFinish={(v: Version) =>
          void save(async () => {
            const body = {
              plan: v.plan ?? undefined,
              name: v.name || undefined,
              validFrom: v.validFrom ?? undefined,
              validTo: v.validTo || undefined,
              currency: v.currency ?? undefined,
              dedicatedSeat: numberOrUndefined(v.dedicatedSeat),
              sharedSeat: numberOrUndefined(v.sharedSeat),
              sharedAgentHour: numberOrUndefined(v.sharedAgentHour),
              recordingGbMonth: numberOrUndefined(v.recordingGbMonth),
              timezoneNote: v.timezoneNote || undefined,
              defaultBand: v.defaultBand || undefined,
              bands: (v.bands ?? []).map((b) => ({ name: b.name ?? undefined, days: b.days ?? [], from: b.from ?? undefined, to: b.to ?? undefined })),
            };
            await unwrap(api.POST('/billing/plans', { body }));
            void message.success(t('common.saved'));
            await queries.invalidateQueries({ queryKey: ['plans'] });
            onClose();
          })
        }
      >
        <Space wrap align="start">
          <Form.Item name="plan" label={t('plans.key')} rules={[{ required: true, message: t('common.required') }]}>
            <Input style={{ width: 200 }} disabled={!!from.plan} />
          </Form.Item>
          <Form.Item name="name" label={t('plans.name')}>
            <Input style={{ width: 240 }} maxLength={200} />
          </Form.Item>
          <Form.Item name="currency" label={t('plans.currency')} rules={[{ required: true, message: t('common.required') }]}>
            <Select style={{ width: 120 }} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="validFrom" label={t('plans.validFrom')} rules={[{ required: true, message: t('common.required') }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="validTo" label={t('plans.validTo')} extra={t('plans.validToHint')}>
            <Input type="date" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="dedicatedSeat" label={t('plans.dedicatedSeat')}>
            <InputNumber min={0} step={100} />
          </Form.Item>
          <Form.Item name="sharedSeat" label={t('plans.sharedSeat')}>
            <InputNumber min={0} step={100} />
          </Form.Item>
          <Form.Item name="sharedAgentHour" label={t('plans.sharedAgentHour')}>
            <InputNumber min={0} step={1} />
          </Form.Item>
          <Form.Item name="recordingGbMonth" label={t('plans.recordingGbMonth')}>
            <InputNumber min={0} step={1} />
          </Form.Item>
        </Space>
        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t('plans.bands')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('plans.bandsHint')}</Typography.Paragraph>
        <Form.List name="bands">
          {(bands, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {bands.map((b, i) => (
                <Space key={b.key} wrap align="start" data-testid="plan-band">
                  <Form.Item name={[b.name, 'name']} rules={[{ required: true, message: t('common.required') }]}>
                    <Input placeholder={t('plans.bandName')} aria-label={t('plans.bandNameN', { n: i + 1 })} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[b.name, 'days']}>
                    <Select
                      mode="multiple"
                      aria-label={t('plans.daysN', { n: i + 1 })}
                      placeholder={t('plans.days')}
                      style={{ minWidth: 220 }}
                      options={DAYS.map((d) => ({ value: d, label: t(`plans.day.${d}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[b.name, 'from']}>
                    <Input placeholder="08:00" aria-label={t('plans.fromN', { n: i + 1 })} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item name={[b.name, 'to']}>
                    <Input placeholder="20:00" aria-label={t('plans.toN', { n: i + 1 })} style={{ width: 90 }} />
                  </Form.Item>
                  <Button onClick={() => remove(b.name)} aria-label={t('plans.removeBandN', { n: i + 1 })}>
                    {t('common.remove')}
                  </Button>
                </Space>
              ))}
              <Button size="small" onClick={() => add({ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], from: '08:00', to: '20:00' })}>
                {t('plans.addBand')}
              </Button>
            </Space>
          )}
        </Form.List>
        <Form.Item name="defaultBand" label={t('plans.defaultBand')} extra={t('plans.defaultBandHint')} style={{ marginTop: 12 }}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="timezoneNote" label={t('plans.timezoneNote')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

const RATES_PAGE = 50;

function RatesDrawer({ version, onClose }: { version: Version; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const danger = useConfirmDanger();
  const id = version.id!;
  const [prefix, setPrefix] = useState('');
  const [page, setPage] = useState(1);
  const [file, setFile] = useState<{ name: string; text: string; check: Check } | null>(null);
  const [busy, setBusy] = useState(false);
  const rates = useQuery({
    queryKey: ['plans', id, 'rates', prefix, page],
    queryFn: () => unwrap(api.GET('/billing/plans/{id}/rates', { params: { path: { id }, query: { prefix: prefix || undefined, offset: (page - 1) * RATES_PAGE, limit: RATES_PAGE } } })),
    placeholderData: keepPreviousData,
  });
  const sendCsv = async (method: 'check' | 'replace', text: string) => {
    const init = { params: { path: { id } }, body: text as never, bodySerializer: (b: unknown) => b as BodyInit, headers: { 'Content-Type': 'text/csv; charset=utf-8' } };
    const { data, error, response } = method === 'check' ? await api.POST('/billing/plans/{id}/rates/check', init) : await api.PUT('/billing/plans/{id}/rates', init);
    if (!response.ok) {
      throw toApiError(response, error);
    }
    return data;
  };
  const check = async (f: File) => {
    setBusy(true);
    try {
      const { text } = decode(new Uint8Array(await f.arrayBuffer()));
      const c = (await sendCsv('check', text)) as Check;
      setFile({ name: f.name, text, check: c });
    } catch (e) {
      setFile(null);
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const replace = () =>
    danger({
      title: t('plans.replaceTitle', { n: file!.check.accepted, plan: version.plan, from: version.validFrom }),
      content: t('plans.replaceHint', { n: version.rateCount ?? 0 }),
      okText: t('plans.replace'),
      work: async () => {
        await sendCsv('replace', file!.text);
        void message.success(t('plans.replaced', { n: file!.check.accepted }));
        setFile(null);
        await queries.invalidateQueries({ queryKey: ['plans'] });
      },
    });
  const downloadRejected = () => {
    const csv = rejectedCsv(
      (file?.check.rejected ?? []).map((r) => ({ line: r.row ?? 0, reason: r.reason, raw: r.content })),
      [t('plans.row'), t('plans.reason'), t('plans.content')],
    );
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    a.download = `rejected-${file?.name ?? 'rates.csv'}`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const rejected = file?.check.rejected ?? [];
  return (
    <Drawer open size={960} title={t('plans.ratesTitle', { plan: version.plan, from: version.validFrom })} onClose={onClose}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Card size="small" title={t('plans.upload')}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">{t('plans.uploadHint')}</Typography.Text>
            <Upload.Dragger
              accept=".csv,text/csv"
              multiple={false}
              showUploadList={false}
              disabled={busy}
              beforeUpload={(f) => {
                void check(f);
                return false;
              }}
            >
              <Typography.Text>{t('plans.drop')}</Typography.Text>
            </Upload.Dragger>
            {file && (
              <Space orientation="vertical" style={{ width: '100%' }} data-testid="rates-report">
                <Space size="large">
                  <Statistic title={t('plans.fileRows', { name: file.name })} value={file.check.rows ?? 0} />
                  <Statistic title={t('plans.accepted')} value={file.check.accepted ?? 0} />
                  <Statistic title={t('plans.rejected')} value={rejected.length} />
                </Space>
                {rejected.length > 0 ? (
                  <>
                    <Alert type="error" showIcon title={t('plans.mendFirst')} />
                    <Table
                      rowKey="row"
                      size="small"
                      data-testid="rates-rejected"
                      pagination={{ pageSize: 10, hideOnSinglePage: true }}
                      dataSource={rejected}
                      columns={[
                        { title: t('plans.row'), dataIndex: 'row', width: 80 },
                        { title: t('plans.reason'), dataIndex: 'reason' },
                        { title: t('plans.content'), dataIndex: 'content', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                      ]}
                    />
                    <Button onClick={downloadRejected}>{t('plans.downloadRejected')}</Button>
                  </>
                ) : (
                  <Button type="primary" danger onClick={replace}>
                    {t('plans.replaceN', { n: file.check.accepted })}
                  </Button>
                )}
              </Space>
            )}
          </Space>
        </Card>
        <SearchBox
          label={t('plans.searchPrefix')}
          onSearch={(v) => {
            setPrefix(v);
            setPage(1);
          }}
        />
        <Table
          rowKey={(r) => `${r.direction}|${r.prefix}|${r.band}`}
          size="small"
          data-testid="rates-table"
          loading={rates.isFetching}
          dataSource={rates.data?.items ?? []}
          pagination={{ current: page, pageSize: RATES_PAGE, total: rates.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
          columns={[
            { title: t('plans.direction'), dataIndex: 'direction', render: (v: string | null) => (v ? t(`plans.directions.${v}`, { defaultValue: v }) : t('plans.both')) },
            { title: t('plans.prefix'), dataIndex: 'prefix' },
            { title: t('plans.band'), dataIndex: 'band' },
            { title: t('plans.perMinute'), dataIndex: 'perMinute', render: (v: number) => rate(v, version.currency ?? 'CNY', i18n.language) },
            { title: t('plans.connectionFee'), dataIndex: 'connectionFee', render: (v: number | null) => (v ? rate(v, version.currency ?? 'CNY', i18n.language) : '–') },
            { title: t('plans.increment'), dataIndex: 'increment' },
            { title: t('plans.description'), dataIndex: 'description', render: (v: string | null) => v ?? '–' },
          ]}
        />
      </Space>
    </Drawer>
  );
}
