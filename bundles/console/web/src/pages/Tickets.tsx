import { useState } from 'react';
import { App, Button, Card, Checkbox, Empty, Form, Input, InputNumber, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorText, type Schemas, unwrap } from '../api/client';
import { duration } from '../lib/format';
import { fieldValues, formPath, slaClock } from '../lib/tickets';

type Category = Schemas['TicketServiceCategory'];
type FieldDef = Schemas['FieldDef'];

export const PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export const PRIORITY_COLOUR: Record<string, string> = { LOW: 'default', NORMAL: 'blue', HIGH: 'orange', URGENT: 'red' };

export function useCategories(tenant: string) {
  return useQuery({
    queryKey: ['ticket-categories', tenant],
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/ticket-categories', { params: { path: { tenant } } })),
  });
}

/**
 * One of a category's own fields, as its type asks. The form item hands its id, value and onChange to this component,
 * which passes them on to the input (that is what ties the label to the input, and the value to the form).
 */
export function FieldInput({ def, ...control }: { def: FieldDef; id?: string; value?: unknown; onChange?: (v: unknown) => void }) {
  const props = control as Record<string, never>;
  switch (def.type) {
    case 'NUMBER':
      return <InputNumber style={{ width: '100%' }} {...props} />;
    case 'DATE':
      return <Input type="date" {...props} />;
    case 'CHOICE':
      return <Select allowClear options={(def.choices ?? []).map((c) => ({ value: c, label: c }))} {...props} />;
    default:
      return <Input maxLength={500} {...props} />;
  }
}

/**
 * The form items of a category's (or the customers') own fields under "fields": each as its type asks, required ones
 * marked; {@code initial} fills them (a form without its own initial values).
 */
export function FieldItems({ defs, initial }: { defs: FieldDef[]; initial?: Record<string, unknown> | null }) {
  const { t } = useTranslation();
  return (
    <>
      {defs.map((d) => (
        <Form.Item
          key={d.name}
          name={['fields', d.name!]}
          label={d.label ?? d.name}
          {...(initial ? { initialValue: initial[d.name!] } : {})}
          valuePropName={d.type === 'BOOLEAN' ? 'checked' : 'value'}
          rules={d.required ? [{ required: true, message: t('tickets.required') }] : []}
        >
          {d.type === 'BOOLEAN' ? <Checkbox /> : <FieldInput def={d} />}
        </Form.Item>
      ))}
    </>
  );
}

/**
 * A ticket (工单) from the desk: the category decides its own fields (required ones marked) and its SLA; the call and
 * the customer on the screen are attached. The server's {code, message, field} errors land on the field they name.
 */
export function NewTicket({ tenant, customerId, callId }: { tenant: string; customerId?: string | null; callId?: string | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const categories = useCategories(tenant);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const categoryName = Form.useWatch('category', form) as string | undefined;
  const category: Category | undefined = (categories.data ?? []).find((c) => c.name === categoryName);
  const defs = category?.fields ?? [];

  const save = async () => {
    let v: Record<string, unknown> & { fields?: Record<string, unknown> };
    try {
      v = (await form.validateFields()) as typeof v;
    } catch {
      return; // the form shows what is missing
    }
    setSaving(true);
    try {
      const created = await unwrap(
        api.POST('/tenants/{tenant}/tickets', {
          params: { path: { tenant } },
          body: {
            category: v.category as string,
            title: v.title as string,
            description: (v.description as string) ?? '',
            priority: (v.priority as string) ?? 'NORMAL',
            ...(customerId ? { customerId } : {}),
            ...(callId ? { callId } : {}),
            fields: fieldValues(defs, v.fields),
          },
        }),
      );
      void message.success(t('tickets.created', { number: created.number }));
      void queries.invalidateQueries({ queryKey: ['tickets', tenant] });
      setOpen(false);
      form.resetFields();
    } catch (e) {
      if (e instanceof ApiError && e.field) {
        form.setFields([{ name: formPath(e.field), errors: [e.message] }]);
      } else {
        void message.error(errorText(e));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button onClick={() => setOpen(true)} disabled={(categories.data ?? []).length === 0}>
        {t('tickets.new')}
      </Button>
      <Modal open={open} title={t('tickets.new')} okText={t('tickets.create')} onOk={() => void save()} okButtonProps={{ disabled: saving }} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ priority: 'NORMAL' }} data-testid="ticket-form">
          <Form.Item name="category" label={t('tickets.category')} rules={[{ required: true, message: t('tickets.required') }]}>
            <Select options={(categories.data ?? []).map((c) => ({ value: c.name, label: `${c.label ?? c.name} · ${t('tickets.slaHours', { hours: c.slaHours })}` }))} />
          </Form.Item>
          <Form.Item name="title" label={t('tickets.title')} rules={[{ required: true, message: t('tickets.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="description" label={t('tickets.description')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
          </Form.Item>
          <Form.Item name="priority" label={t('tickets.priority')}>
            <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priorities.${p}`) }))} />
          </Form.Item>
          <FieldItems defs={defs} />
          {(customerId || callId) && <Typography.Text type="secondary">{t('tickets.attached')}</Typography.Text>}
        </Form>
      </Modal>
    </>
  );
}

/**
 * The agent's open tickets, soonest due first, each with its SLA clock (time left, or how late, in red); a ticket's
 * customer can be called from here (click-to-call of the customer's first number).
 */
export function MyTickets({ tenant, me, now, busy }: { tenant: string; me: string; now: number; busy: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const categories = useCategories(tenant);
  const list = useQuery({
    queryKey: ['tickets', tenant, 'mine'],
    refetchInterval: 60_000,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/tickets', { params: { path: { tenant }, query: { assignee: me, status: 'OPEN', limit: 50 } } })),
  });
  const call = async (customerId: string) => {
    try {
      const c = await unwrap(api.GET('/tenants/{tenant}/customers/{id}', { params: { path: { tenant, id: customerId } } }));
      const number = c.phones?.[0];
      if (!number) {
        void message.warning(t('tickets.noPhone'));
        return;
      }
      await unwrap(api.POST('/tenants/{tenant}/calls', { params: { path: { tenant } }, body: { number, target: { agentUserId: me } } }));
      void message.info(t('pop.calling', { number }));
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  const label = (name?: string | null) => (categories.data ?? []).find((c) => c.name === name)?.label ?? name;
  const items = list.data?.items ?? [];
  return (
    <Card data-testid="my-tickets">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('tickets.mine')}
        </Typography.Title>
        <NewTicket tenant={tenant} />
      </Space>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.none')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(tk) => {
            const sla = slaClock(tk.dueAt, now);
            return (
              <List.Item
                data-testid={`ticket-${tk.number}`}
                data-overdue={sla?.overdue ?? false}
                actions={
                  tk.customerId
                    ? [
                        <Button key="call" size="small" disabled={busy} onClick={() => void call(tk.customerId!)}>
                          {t('pop.call')}
                        </Button>,
                      ]
                    : []
                }
              >
                <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                  <Space wrap size={4}>
                    <Typography.Text strong>{tk.number}</Typography.Text>
                    <Typography.Text>{tk.title}</Typography.Text>
                  </Space>
                  <Space wrap size={4}>
                    <Tag>{label(tk.category)}</Tag>
                    <Tag color={PRIORITY_COLOUR[tk.priority ?? 'NORMAL']}>{t(`tickets.priorities.${tk.priority ?? 'NORMAL'}`)}</Tag>
                    <Tag>{t(`tickets.statuses.${tk.status}`, { defaultValue: tk.status ?? '' })}</Tag>
                    {sla && (
                      <Typography.Text type={sla.overdue ? 'danger' : 'secondary'} strong={sla.overdue} data-testid="sla-clock">
                        {sla.overdue ? t('tickets.overdueBy', { time: duration(sla.ms) }) : t('tickets.dueIn', { time: duration(sla.ms) })}
                      </Typography.Text>
                    )}
                  </Space>
                </Space>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
