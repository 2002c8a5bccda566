import { useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText, toApiError, unwrap, type Schemas } from '../api/client';

type Template = Schemas['ScheduleServiceShiftTemplate'];
type Availability = Schemas['ScheduleServiceAvailability'];
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

/** The schedules page's set-up tabs: shift templates (with their breaks) and agents' availability. */
export function Templates({ tenant, writer }: { tenant: string; writer: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const templates = useQuery({
    queryKey: ['templates', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/schedules/templates', { params: { path: { tenant } } })),
  });
  const [editing, setEditing] = useState<Template | null>(null);
  const remove = async (name: string) => {
    try {
      const { error, response } = await api.DELETE('/tenants/{tenant}/schedules/templates/{name}', { params: { path: { tenant, name } } });
      if (!response.ok) throw toApiError(response, error);
      void client.invalidateQueries({ queryKey: ['templates', tenant] });
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {writer && (
        <Button type="primary" onClick={() => setEditing({ name: '', earliestStart: '08:00', latestStart: '10:00', minutes: 480, breaks: [] })}>
          {t('schedules.newTemplate')}
        </Button>
      )}
      <Table<Template>
        size="small"
        rowKey="name"
        data-testid="templates-table"
        dataSource={templates.data ?? []}
        pagination={false}
        locale={{ emptyText: <Typography.Text type="secondary">{t('schedules.noTemplates')}</Typography.Text> }}
        columns={[
          { title: t('schedules.name'), dataIndex: 'name' },
          { title: t('schedules.startWindow'), key: 'w', render: (_: unknown, x: Template) => `${x.earliestStart}–${x.latestStart}` },
          { title: t('schedules.length'), key: 'm', render: (_: unknown, x: Template) => t('schedules.hoursOf', { h: ((x.minutes ?? 0) / 60).toFixed(1) }) },
          {
            title: t('schedules.breaks'),
            key: 'b',
            render: (_: unknown, x: Template) => (
              <Space size={2} wrap>
                {(x.breaks ?? []).map((b, i) => (
                  <Tag key={i}>{`${t(`schedules.activity.${b.activity}`)} ${b.minutes}′`}</Tag>
                ))}
              </Space>
            ),
          },
          ...(writer
            ? [{
                title: t('common.actions'),
                key: 'a',
                render: (_: unknown, x: Template) => (
                  <Space>
                    <Button size="small" onClick={() => setEditing(x)}>{t('common.edit')}</Button>
                    <Popconfirm title={t('schedules.deleteTemplate')} onConfirm={() => void remove(x.name!)} okText={t('common.delete')} cancelText={t('common.cancel')}>
                      <Button size="small" danger>{t('common.delete')}</Button>
                    </Popconfirm>
                  </Space>
                ),
              }]
            : []),
        ]}
      />
      {editing && <TemplateDrawer tenant={tenant} template={editing} onClose={() => setEditing(null)} onSaved={() => void client.invalidateQueries({ queryKey: ['templates', tenant] })} />}
    </Space>
  );
}

function TemplateDrawer({ tenant, template, onClose, onSaved }: { tenant: string; template: Template; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Template>();
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await unwrap(
        api.PUT('/tenants/{tenant}/schedules/templates/{name}', {
          params: { path: { tenant, name: v.name! } },
          body: { earliestStart: v.earliestStart, latestStart: v.latestStart, minutes: v.minutes, breaks: v.breaks ?? [] } as never,
        }),
      );
      onSaved();
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Drawer open width={620} title={template.name ? t('schedules.editTemplate') : t('schedules.newTemplate')} onClose={onClose}
      extra={<Button type="primary" onClick={() => void save()}>{t('common.save')}</Button>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={template}>
        <Form.Item name="name" label={t('schedules.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input disabled={!!template.name} maxLength={64} />
        </Form.Item>
        <Space>
          <Form.Item name="earliestStart" label={t('schedules.earliestStart')} rules={[{ required: true, pattern: /^\d\d:\d\d$/, message: 'HH:mm' }]}>
            <Input style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="latestStart" label={t('schedules.latestStart')} rules={[{ required: true, pattern: /^\d\d:\d\d$/, message: 'HH:mm' }]}>
            <Input style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="minutes" label={t('schedules.minutes')} rules={[{ required: true }]}>
            <InputNumber min={15} max={960} step={15} />
          </Form.Item>
        </Space>
        <Form.List name="breaks">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'activity']} label={t('schedules.breakActivity')} initialValue="BREAK">
                    <Select style={{ width: 130 }} options={['BREAK', 'LUNCH', 'TRAINING', 'MEETING', 'BACK_OFFICE'].map((a) => ({ value: a, label: t(`schedules.activity.${a}`) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'minutes']} label={t('schedules.minutes')} initialValue={15}>
                    <InputNumber min={5} max={240} step={5} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'earliestAfterStart']} label={t('schedules.earliestAfter')} initialValue={90}>
                    <InputNumber min={0} max={900} step={15} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'latestAfterStart']} label={t('schedules.latestAfter')} initialValue={150}>
                    <InputNumber min={0} max={900} step={15} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'paid']} label={t('schedules.paid')} valuePropName="checked" initialValue>
                    <Switch />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>{t('common.remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add()}>{t('schedules.addBreak')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

export function AvailabilityTab({ tenant, writer }: { tenant: string; writer: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['availability', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/schedules/availability', { params: { path: { tenant } } })),
  });
  const [editing, setEditing] = useState<Availability | null>(null);
  return (
    <>
      <Table<Availability>
        size="small"
        rowKey="agentUserId"
        data-testid="availability-table"
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('schedules.agent'), dataIndex: 'agentName' },
          ...DAYS.map((d) => ({
            title: t(`schedules.dayShort.${d}`),
            key: d,
            render: (_: unknown, a: Availability) => (a.days as Record<string, string> | undefined)?.[d] ?? <Typography.Text type="secondary">{t('schedules.off')}</Typography.Text>,
          })),
          { title: t('schedules.maxDays'), dataIndex: 'maxDaysPerWeek' },
          ...(writer ? [{ title: t('common.actions'), key: 'a', render: (_: unknown, a: Availability) => <Button size="small" onClick={() => setEditing(a)}>{t('common.edit')}</Button> }] : []),
        ]}
      />
      {editing && <AvailabilityDialog tenant={tenant} availability={editing} onClose={() => setEditing(null)} onSaved={() => void client.invalidateQueries({ queryKey: ['availability', tenant] })} />}
    </>
  );
}

function AvailabilityDialog({ tenant, availability, onClose, onSaved }: { tenant: string; availability: Availability; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const given = (availability.days ?? {}) as Record<string, string>;
  const [days, setDays] = useState<Record<string, string>>(given);
  const [maxDays, setMaxDays] = useState(availability.maxDaysPerWeek ?? 5);
  const [rest, setRest] = useState(availability.minRestMinutes ?? 660);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    try {
      const body = { days: Object.fromEntries(Object.entries(days).filter(([, v]) => v && v.trim())), maxDaysPerWeek: maxDays, minRestMinutes: rest };
      await unwrap(api.PUT('/tenants/{tenant}/schedules/availability/{user}', { params: { path: { tenant, user: availability.agentUserId! } }, body: body as never }));
      onSaved();
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Modal open title={t('schedules.availabilityOf', { name: availability.agentName })} onCancel={onClose} onOk={() => void save()} okText={t('common.save')} cancelText={t('common.cancel')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form layout="horizontal" labelCol={{ span: 6 }}>
        {DAYS.map((d) => (
          <Form.Item key={d} label={t(`schedules.dayShort.${d}`)} extra={d === 'MON' ? t('schedules.windowHint') : undefined}>
            <Input value={days[d] ?? ''} placeholder={t('schedules.off')} onChange={(e) => setDays({ ...days, [d]: e.target.value })} aria-label={t(`schedules.dayShort.${d}`)} />
          </Form.Item>
        ))}
        <Form.Item label={t('schedules.maxDays')}>
          <InputNumber min={0} max={7} value={maxDays} onChange={(v) => v !== null && setMaxDays(v)} />
        </Form.Item>
        <Form.Item label={t('schedules.rest')}>
          <InputNumber min={0} max={1440} step={30} value={rest} onChange={(v) => v !== null && setRest(v)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
