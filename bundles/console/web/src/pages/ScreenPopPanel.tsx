import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, errorText, type Schemas, unwrap } from '../api/client';
import type { ScreenPop } from '../lib/useMyEvents';
import { WrapUpForm } from './WrapUpForm';
import { NewTicket } from './Tickets';
import { dateTime } from '../lib/format';
import { historyText } from '../lib/history';
import { popData } from '../lib/pop';

/** a section heading of the desk: second level under the page's, in the size of a card's title */
const H2 = { fontSize: 16, marginTop: 0 };

type Customer = Schemas['Customer'];

/**
 * The agent's screen pop: who is calling (the IVR path and what the caller keyed in), the matching customer(s) or a
 * prefilled new-customer form, the recent history, and the queue's or campaign's script with its branches.
 */
export function ScreenPopPanel({ tenant, me, pop, current, busy }: { tenant: string; me: string; pop: ScreenPop | null; current: boolean; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [chosen, setChosen] = useState(0);
  const [created, setCreated] = useState<Customer | null>(null);
  const [form] = Form.useForm();
  const script = pop?.script ?? null;
  const [step, setStep] = useState<string | null>(null);

  // a new pop starts again: first customer, the script's first step, a fresh form
  useEffect(() => {
    setChosen(0);
    setCreated(null);
    setStep(script?.start ?? script?.steps?.[0]?.id ?? null);
    form.setFieldsValue({ name: '', phone: pop?.newCustomer?.phones?.[0] ?? pop?.number ?? '', email: '' });
  }, [pop?.callId, pop?.at]); // eslint-disable-line react-hooks/exhaustive-deps

  // a pop that matched nobody is looked up again (the caller may have been filed since, here or by a colleague)
  const number = pop && (pop.customers ?? []).length === 0 ? (pop.number ?? null) : null;
  const again = useQuery({
    queryKey: ['pop-lookup', tenant, number],
    enabled: !!number,
    retry: false,
    queryFn: async () =>
      (await api.GET('/tenants/{tenant}/customers', { params: { path: { tenant }, query: { phone: number! } } })).data?.items ?? [],
  });
  const customers = useMemo(
    () => (created ? [created] : (pop?.customers ?? []).length > 0 ? (pop?.customers ?? []) : ((again.data ?? []) as Customer[])),
    [created, pop, again.data],
  );
  const customer = customers[chosen] ?? null;
  const when = (at: string | null | undefined) =>
    at ? dateTime(at, i18n.language) : '';

  if (!pop) {
    return (
      <Card title={t('pop.title')}>
        <Empty description={t('pop.none')} />
      </Card>
    );
  }

  const save = async () => {
    try {
      const v = (await form.validateFields()) as { name: string; phone: string; email?: string };
      const c = await unwrap(
        api.POST('/tenants/{tenant}/customers', {
          params: { path: { tenant } },
          body: { name: v.name, phones: v.phone ? [v.phone] : [], ...(v.email ? { email: v.email } : {}) },
        }),
      );
      setCreated(c as Customer);
      void message.success(t('pop.customerSaved'));
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.field) {
          const field = e.field.startsWith('phones') ? 'phone' : e.field;
          form.setFields([{ name: field, errors: [e.message] }]);
        } else {
          void message.error(e.message);
        }
      }
    }
  };

  // click-to-call: the customer's phone is called through a trunk and, once it answers, bridged to this agent's phone
  const dial = async (number: string) => {
    try {
      await unwrap(api.POST('/tenants/{tenant}/calls', { params: { path: { tenant } }, body: { number, target: { agentUserId: me } } }));
      void message.info(t('pop.calling', { number }));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const data = popData(pop);
  const reason = pop.reason ?? 'OFFER';

  return (
    <Card
      title={t('pop.title')}
      data-testid="screen-pop"
      data-call={pop.callId ?? ''}
      extra={
        <Space>
          <Tag color={reason === 'OFFER' ? 'blue' : 'purple'}>{t(`pop.reason.${reason}`, { defaultValue: reason })}</Tag>
          {!current && <Tag>{t('pop.earlier')}</Tag>}
          <Typography.Text type="secondary">{when(pop.at)}</Typography.Text>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('pop.number')}>
            <span data-testid="pop-number">{pop.number ?? t('pop.anonymous')}</span>
          </Descriptions.Item>
          {pop.queue && <Descriptions.Item label={t('agent.queue')}>{pop.queue}</Descriptions.Item>}
          {(pop.callData as Record<string, unknown> | undefined)?.['ivr.path'] != null && (
            <Descriptions.Item label={t('pop.ivrPath')}>{String((pop.callData as Record<string, unknown>)['ivr.path'])}</Descriptions.Item>
          )}
          {data.map(([k, v]) => (
            <Descriptions.Item key={k} label={k}>
              <span data-testid={`pop-data-${k}`}>{v}</span>
            </Descriptions.Item>
          ))}
        </Descriptions>

        {customer ? (
          <div data-testid="pop-customer">
            {customers.length > 1 && (
              <Select
                aria-label={t('pop.matches', { count: customers.length })}
                style={{ width: '100%', marginBottom: 8 }}
                value={chosen}
                onChange={setChosen}
                options={customers.map((c, i) => ({ value: i, label: `${c.name ?? '–'} · ${(c.phones ?? []).join(', ')}` }))}
              />
            )}
            <Descriptions column={1} size="small" title={customer.name}>
              <Descriptions.Item label={t('pop.phones')}>
                {(customer.phones ?? []).length === 0
                  ? '–'
                  : (customer.phones ?? []).map((phone) => (
                      <Space key={phone} style={{ marginRight: 12 }}>
                        <span>{phone}</span>
                        <Button size="small" disabled={busy} aria-label={t('pop.callNumber', { number: phone })} onClick={() => void dial(phone)}>
                          {t('pop.call')}
                        </Button>
                      </Space>
                    ))}
              </Descriptions.Item>
              {customer.email && <Descriptions.Item label={t('pop.email')}>{customer.email}</Descriptions.Item>}
              {(customer.tags ?? []).length > 0 && (
                <Descriptions.Item label={t('pop.tags')}>
                  {(customer.tags ?? []).map((tag) => (
                    <Tag key={tag}>{tag}</Tag>
                  ))}
                </Descriptions.Item>
              )}
              {Object.entries((customer.fields ?? {}) as Record<string, unknown>).map(([k, v]) => (
                <Descriptions.Item key={k} label={k}>
                  {String(v)}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </div>
        ) : (
          <div data-testid="pop-new-customer">
            <Typography.Title level={2} style={H2}>{t('pop.newCustomer')}</Typography.Title>
            <Form form={form} layout="vertical" onFinish={() => void save()}>
              <Form.Item name="name" label={t('pop.name')} rules={[{ required: true, message: t('pop.nameRequired') }]}>
                <Input />
              </Form.Item>
              <Form.Item name="phone" label={t('pop.phones')}>
                <Input />
              </Form.Item>
              <Form.Item name="email" label={t('pop.email')}>
                <Input type="email" />
              </Form.Item>
              <Button htmlType="submit" type="primary">
                {t('pop.saveCustomer')}
              </Button>
            </Form>
          </div>
        )}

        <div data-testid="pop-ticket">
          <NewTicket tenant={tenant} customerId={customer?.id ?? null} callId={pop.callId ?? null} />
        </div>

        <WrapUpForm key={pop.callId ?? ''} tenant={tenant} me={me} pop={pop} customerId={customer?.id ?? null} />

        <div>
          <Typography.Title level={2} style={H2}>{t('pop.history')}</Typography.Title>
          <List
            data-testid="pop-history"
            size="small"
            locale={{ emptyText: <Typography.Text type="secondary">{t('pop.noHistory')}</Typography.Text> }}
            dataSource={pop.history ?? []}
            renderItem={(h) => (
              <List.Item>
                <Space orientation="vertical" size={0}>
                  <Typography.Text type="secondary">
                    {when(h.at)} · {t(`pop.kind.${h.kind}`, { defaultValue: h.kind ?? '' })}
                  </Typography.Text>
                  <Typography.Text>{historyText(h as Parameters<typeof historyText>[0], t, i18n.language)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </div>

        {script && (
          <div data-testid="pop-script">
            <Typography.Title level={2} style={H2}>
              {t('pop.script')}: {script.title ?? script.name}
            </Typography.Title>
            <ScriptSteps script={script} step={step} setStep={setStep} />
          </div>
        )}
      </Space>
    </Card>
  );
}

type Script = NonNullable<ScreenPop['script']>;

/**
 * A call script's current step: its text, its options (each leads to its next step, or ends the script) and Start
 * again. The desk's screen pop runs the script of the call; the script editor previews the one being written.
 */
export function ScriptSteps({ script, step, setStep }: { script: Script; step: string | null; setStep: (id: string | null) => void }) {
  const { t } = useTranslation();
  const currentStep = script.steps?.find((s) => s.id === step) ?? null;
  return currentStep ? (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph data-testid="script-step" data-step={currentStep.id} style={{ fontSize: 16, whiteSpace: 'pre-wrap' }}>
        {currentStep.text}
      </Typography.Paragraph>
      <Space wrap>
        {(currentStep.options ?? []).map((o) => (
          <Button key={`${o.label}-${o.next}`} onClick={() => setStep(o.next ?? null)}>
            {o.label}
          </Button>
        ))}
        <Button type="link" onClick={() => setStep(script.start ?? script.steps?.[0]?.id ?? null)}>
          {t('pop.scriptRestart')}
        </Button>
      </Space>
    </Space>
  ) : (
    <Typography.Text type="secondary">{t('pop.scriptEnd')}</Typography.Text>
  );
}
