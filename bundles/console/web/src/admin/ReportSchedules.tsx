import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText, unwrap, type Schemas } from '../api/client';
import { can, type SessionInfo } from '../api/session';
import { dateTime } from '../lib/format';
import { TAG_STYLE } from '../pages/AdherenceTimeline';

type Schedule = Schemas['ReportScheduleServiceReportSchedule'];
type Draft = Schemas['ReportScheduleServiceReportScheduleInput'];
type Cadence = 'DAILY' | 'WEEKLY' | 'MONTHLY';

/**
 * Reports mailed on a schedule (定时报表): each a KPI report of the day, week or month just ended, as Excel or CSV, in
 * English or Chinese, to a list of addresses at an hour of the company's time zone; sent now on demand; the last
 * sending and its error shown.
 */
export function ReportSchedules({ session, tenant }: { session: SessionInfo; tenant: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const writer = can(session, 'reports:schedule');
  const [editing, setEditing] = useState<Draft | null>(null);
  const list = useQuery({
    queryKey: ['report-schedules', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/report-schedules', { params: { path: { tenant } } })),
    refetchInterval: 15_000,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['report-schedules', tenant] });
  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      void message.success(done);
      refresh();
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  const when = (s: Schedule) => {
    const hour = `${String(s.hour ?? 0).padStart(2, '0')}:00`;
    if (s.cadence === 'WEEKLY') return t('reportSchedules.weeklyAt', { day: t(`reportSchedules.weekday.${s.day ?? 1}`), hour });
    if (s.cadence === 'MONTHLY') return t('reportSchedules.monthlyAt', { day: s.day ?? 1, hour });
    return t('reportSchedules.dailyAt', { hour });
  };
  return (
    <Card
      size="small"
      title={t('reportSchedules.title')}
      data-testid="report-schedules"
      extra={
        writer && (
          <Button onClick={() => setEditing({ cadence: 'DAILY', hour: 8, format: 'xlsx', language: i18n.language === 'zh-CN' ? 'zh-CN' : 'en', recipients: [] })}>
            {t('reportSchedules.new')}
          </Button>
        )
      }
    >
      <Table<Schedule>
        size="small"
        rowKey={(s) => s.id ?? ''}
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: <Typography.Text type="secondary">{t('reportSchedules.none')}</Typography.Text> }}
        columns={[
          { title: t('reportSchedules.name'), dataIndex: 'name', key: 'name' },
          { title: t('reportSchedules.when'), key: 'when', render: (s: Schedule) => when(s) },
          { title: t('reportSchedules.file'), key: 'file', render: (s: Schedule) => `${(s.format ?? '').toUpperCase()} · ${s.language}` },
          { title: t('reportSchedules.recipients'), key: 'to', render: (s: Schedule) => (s.recipients ?? []).join(', ') },
          { title: t('reportSchedules.next'), key: 'next', render: (s: Schedule) => (s.nextAt ? dateTime(s.nextAt, i18n.language) : '–') },
          {
            title: t('reportSchedules.last'),
            key: 'last',
            render: (s: Schedule) =>
              s.lastError ? (
                <Tag style={TAG_STYLE.bad} title={s.lastError}>
                  {t('reportSchedules.failed')}
                </Tag>
              ) : s.lastSentAt ? (
                `${dateTime(s.lastSentAt, i18n.language)} (${s.lastPeriod ?? ''})`
              ) : (
                '–'
              ),
          },
          ...(writer
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (s: Schedule) => (
                    <Space>
                      <Button
                        size="small"
                        onClick={() =>
                          void act(
                            () => unwrap(api.POST('/tenants/{tenant}/report-schedules/{id}/send', { params: { path: { tenant, id: s.id ?? '' } } })),
                            t('reportSchedules.sending'),
                          )
                        }
                      >
                        {t('reportSchedules.sendNow')}
                      </Button>
                      <Button size="small" onClick={() => setEditing(draft(s))}>
                        {t('common.edit')}
                      </Button>
                      <Popconfirm
                        title={t('reportSchedules.deleteConfirm')}
                        onConfirm={() =>
                          void act(
                            () => unwrap(api.DELETE('/tenants/{tenant}/report-schedules/{id}', { params: { path: { tenant, id: s.id ?? '' } } })),
                            t('reportSchedules.deleted'),
                          )
                        }
                      >
                        <Button size="small" danger>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <ScheduleForm tenant={tenant} schedule={editing} onClose={() => setEditing(null)} onSaved={refresh} />}
    </Card>
  );
}

/** A stored schedule as the form's values (nulls left out). */
function draft(s: Schedule): Draft {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== null)) as Draft;
}

function ScheduleForm({ tenant, schedule, onClose, onSaved }: { tenant: string; schedule: Draft; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const cadence = (Form.useWatch('cadence', form) ?? schedule.cadence ?? 'DAILY') as Cadence;
  const queues = useQuery({
    queryKey: ['queues', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/queues', { params: { path: { tenant } } })),
  });
  const save = async (v: Draft) => {
    const body = { ...v, day: v.cadence === 'DAILY' ? undefined : (v.day ?? 1), recipients: v.recipients ?? [] };
    try {
      if (schedule.id) {
        await unwrap(api.PUT('/tenants/{tenant}/report-schedules/{id}', { params: { path: { tenant, id: schedule.id } }, body }));
      } else {
        await unwrap(api.POST('/tenants/{tenant}/report-schedules', { params: { path: { tenant } }, body }));
      }
      void message.success(t('reportSchedules.saved'));
      onSaved();
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Modal open title={schedule.id ? schedule.name : t('reportSchedules.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ granularity: 'DAY' as const, by: 'TENANT' as const, compare: 'PREVIOUS' as const, ...schedule }} onFinish={save}>
        {error && <Typography.Paragraph type="danger">{error}</Typography.Paragraph>}
        <Form.Item name="name" label={t('reportSchedules.name')} rules={[{ required: true, max: 120 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="cadence" label={t('reportSchedules.cadence')}>
          <Segmented options={(['DAILY', 'WEEKLY', 'MONTHLY'] as const).map((c) => ({ value: c, label: t(`reportSchedules.cadenceOf.${c}`) }))} />
        </Form.Item>
        <Space wrap>
          {cadence === 'WEEKLY' && (
            <Form.Item name="day" label={t('reportSchedules.weekdayLabel')} initialValue={1}>
              <Select style={{ width: 120 }} options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`reportSchedules.weekday.${d}`) }))} />
            </Form.Item>
          )}
          {cadence === 'MONTHLY' && (
            <Form.Item name="day" label={t('reportSchedules.dayOfMonth')} initialValue={1} rules={[{ type: 'number', min: 1, max: 28 }]}>
              <InputNumber min={1} max={28} />
            </Form.Item>
          )}
          <Form.Item name="hour" label={t('reportSchedules.hour')} rules={[{ required: true, type: 'number', min: 0, max: 23 }]}>
            <InputNumber min={0} max={23} addonAfter=":00" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="granularity" label={t('kpis.granularity')}>
            <Select style={{ width: 130 }} options={(['HOUR', 'DAY', 'WEEK', 'MONTH'] as const).map((v) => ({ value: v, label: t(`kpis.granularityOf.${v}`) }))} />
          </Form.Item>
          <Form.Item name="by" label={t('kpis.by')}>
            <Select style={{ width: 150 }} options={(['TENANT', 'QUEUE', 'TEAM', 'AGENT'] as const).map((v) => ({ value: v, label: t(`kpis.byOf.${v}`) }))} />
          </Form.Item>
          <Form.Item name="queue" label={t('kpis.queue')}>
            <Select
              style={{ width: 180 }}
              allowClear
              placeholder={t('kpis.allQueues')}
              options={(queues.data ?? []).map((q) => ({ value: q.name!, label: q.displayName || q.name }))}
            />
          </Form.Item>
          <Form.Item name="compare" label={t('kpis.compare')}>
            <Select style={{ width: 170 }} options={(['NONE', 'PREVIOUS', 'YEAR'] as const).map((v) => ({ value: v, label: t(`kpis.compareOf.${v}`) }))} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="format" label={t('reportSchedules.format')}>
            <Segmented options={[{ value: 'xlsx', label: 'Excel (XLSX)' }, { value: 'csv', label: 'CSV' }]} />
          </Form.Item>
          <Form.Item name="language" label={t('reportSchedules.language')}>
            <Segmented options={[{ value: 'en', label: 'English' }, { value: 'zh-CN', label: '简体中文' }]} />
          </Form.Item>
        </Space>
        <Form.Item name="recipients" label={t('reportSchedules.recipients')} rules={[{ required: true, type: 'array', min: 1 }]} extra={t('reportSchedules.recipientsHelp')}>
          <Select mode="tags" tokenSeparators={[',', ';', ' ']} open={false} aria-label={t('reportSchedules.recipients')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
