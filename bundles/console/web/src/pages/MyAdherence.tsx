import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText, unwrap } from '../api/client';
import { todayIn } from '../lib/format';
import { AdherenceTimeline, ExceptionList } from './AdherenceTimeline';

/**
 * The agent's own adherence today (公平: the agent sees what the supervisor sees): the timeline against the schedule, the
 * figures, the exceptions asked for, and a request for a new one (a meeting, a system outage) with a reason.
 */
export function MyAdherence({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [form] = Form.useForm();
  const date = todayIn();
  const mine = useQuery({
    queryKey: ['my-adherence', tenant, date],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/adherence/mine', { params: { path: { tenant }, query: { date } } })),
    refetchInterval: 60_000,
  });
  if (mine.data && (mine.data.schedule ?? []).length === 0) {
    return null; // nothing scheduled today: nothing to adhere to
  }
  const request = async (v: { from: string; to: string; reason: string; note?: string }) => {
    try {
      await unwrap(api.POST('/tenants/{tenant}/adherence/exceptions', {
      params: { path: { tenant } },
      body: { from: `${date}T${v.from}`, to: `${date}T${v.to}`, reason: v.reason, note: v.note },
    }));
    } catch (e) {
      void message.error(errorText(e));
      return;
    }
    message.success(t('adherence.requested'));
    setAsking(false);
    form.resetFields();
    void client.invalidateQueries({ queryKey: ['my-adherence', tenant] });
  };
  const withdraw = async (id: string) => {
    try {
      await unwrap(api.DELETE('/tenants/{tenant}/adherence/exceptions/{id}', { params: { path: { tenant, id } } }));
    } catch (e) {
      void message.error(errorText(e));
    }
    void client.invalidateQueries({ queryKey: ['my-adherence', tenant] });
  };
  return (
    <Card
      title={t('adherence.mine')}
      data-testid="my-adherence"
      loading={mine.isPending}
      extra={
        <Button onClick={() => setAsking(true)} data-testid="ask-exception">
          {t('adherence.askException')}
        </Button>
      }
    >
      {mine.data && (
        <>
          <AdherenceTimeline day={mine.data} />
          <div style={{ marginTop: 12 }}>
            <ExceptionList
              items={mine.data.exceptions ?? []}
              extra={(x) =>
                x.status === 'PENDING' ? (
                  <Popconfirm title={t('adherence.withdrawConfirm')} onConfirm={() => void withdraw(x.id ?? '')}>
                    <Button size="small">{t('adherence.withdraw')}</Button>
                  </Popconfirm>
                ) : null
              }
            />
          </div>
        </>
      )}
      <Modal open={asking} title={t('adherence.askException')} onCancel={() => setAsking(false)} onOk={() => form.submit()} okText={t('adherence.send')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={request}>
          <Form.Item name="from" label={t('adherence.from')} rules={[{ required: true, pattern: /^\d{2}:\d{2}(:\d{2})?$/, message: 'HH:mm' }]}>
            <Input placeholder="HH:mm" />
          </Form.Item>
          <Form.Item name="to" label={t('adherence.to')} rules={[{ required: true, pattern: /^\d{2}:\d{2}(:\d{2})?$/, message: 'HH:mm' }]}>
            <Input placeholder="HH:mm" />
          </Form.Item>
          <Form.Item name="reason" label={t('adherence.reason')} rules={[{ required: true, max: 64 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="note" label={t('adherence.note')} rules={[{ max: 1000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
