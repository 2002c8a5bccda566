import { useState } from 'react';
import { App, Button, Card, Descriptions, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api, errorText, type Schemas, unwrap } from '../api/client';

type Contact = Schemas['Contact'];

/**
 * Preview dialling (预览外呼): the agent takes the next record of a PREVIEW campaign it works, reads it, then dials it
 * (its phone and the customer's are connected; the pop and wrap-up follow as for any call) or skips it (the record
 * goes back to the list). Shown only while such a campaign runs.
 */
export function PreviewDialling({ tenant, busy }: { tenant: string; busy: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const campaigns = useQuery({
    queryKey: ['my-campaigns', tenant],
    refetchInterval: 30_000,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/me/campaigns', { params: { path: { tenant } } })),
  });
  const preview = (campaigns.data ?? []).filter((c) => c.spec?.mode === 'PREVIEW');
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const campaign = preview.find((c) => c.id === chosen) ?? preview[0];
  const [contact, setContact] = useState<Contact | null>(null);
  const [working, setWorking] = useState(false);
  if (!campaign) {
    return null;
  }
  const id = campaign.id!;
  const act = async (work: () => Promise<void>) => {
    setWorking(true);
    try {
      await work();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setWorking(false);
    }
  };
  const next = () =>
    act(async () => {
      const c = await unwrap(api.POST('/tenants/{tenant}/campaigns/{id}/preview/next', { params: { path: { tenant, id } } }));
      if (!c) {
        void message.info(t('preview.noneNow'));
      }
      setContact(c ?? null);
    });
  const dial = () =>
    act(async () => {
      await unwrap(api.POST('/tenants/{tenant}/campaigns/{id}/preview/{contact}/dial', { params: { path: { tenant, id, contact: contact!.id! } } }));
      void message.info(t('pop.calling', { number: contact!.phone ?? '' }));
      setContact(null);
    });
  const skip = () =>
    act(async () => {
      await unwrap(api.POST('/tenants/{tenant}/campaigns/{id}/preview/{contact}/skip', { params: { path: { tenant, id, contact: contact!.id! } } }));
      setContact(null);
    });
  return (
    <Card data-testid="preview">
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
        {t('preview.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        {preview.length > 1 ? (
          <Select
            aria-label={t('preview.campaign')}
            style={{ minWidth: 200 }}
            value={id}
            disabled={!!contact}
            onChange={setChosen}
            options={preview.map((c) => ({ value: c.id!, label: c.spec?.displayName ?? c.spec?.name }))}
          />
        ) : (
          <Typography.Text strong>{campaign.spec?.displayName ?? campaign.spec?.name}</Typography.Text>
        )}
        {!contact && (
          <Button type="primary" disabled={busy || working} onClick={() => void next()}>
            {t('preview.next')}
          </Button>
        )}
      </Space>
      {contact && (
        <>
          <Descriptions column={1} size="small" bordered data-testid="preview-contact">
            <Descriptions.Item label={t('pop.name')}>{contact.name ?? '–'}</Descriptions.Item>
            <Descriptions.Item label={t('pop.number')}>{contact.phone}</Descriptions.Item>
            {Object.entries(contact.fields ?? {}).map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>
                {String(v)}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('preview.attempts')}>
              {contact.attempts ?? 0}
              {contact.lastOutcome ? ` · ${contact.lastOutcome}` : ''}
            </Descriptions.Item>
          </Descriptions>
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" disabled={busy || working} onClick={() => void dial()}>
              {t('preview.dial')}
            </Button>
            <Button disabled={working} onClick={() => void skip()}>
              {t('preview.skip')}
            </Button>
          </Space>
        </>
      )}
    </Card>
  );
}
