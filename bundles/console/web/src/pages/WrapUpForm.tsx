import { useEffect, useState } from 'react';
import { App, Button, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../api/client';
import { readDraft, writeDraft } from '../lib/draft';
import type { ScreenPop } from '../lib/useMyEvents';

/** a section heading of the desk: second level under the page's, in the size of a card's title */
const H2 = { fontSize: 16, marginTop: 0 };

/**
 * The call's wrap-up: the outcome (the tenant's disposition codes), a note and, for a callback, when. A campaign call's
 * outcome goes to the dialer (which schedules the callback); any call's note goes to the customer's history, tied to
 * the call. The note is kept as a draft in the browser until it is saved, so an ended session does not lose it.
 */
export function WrapUpForm({ tenant, me, pop, customerId }: { tenant: string; me: string; pop: ScreenPop; customerId: string | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const callId = pop.callId ?? '';
  const campaign = !!(pop.callData as Record<string, unknown> | undefined)?.['dialer.attempt'];
  const [note, setNote] = useState('');
  const [code, setCode] = useState<string | undefined>(undefined);
  const [callbackAt, setCallbackAt] = useState('');
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setNote(readDraft(me, callId));
    setCode(undefined);
    setCallbackAt('');
    setFieldError(null);
    setSaved(false);
  }, [me, callId]);

  const codes = useQuery({
    queryKey: ['dispositions', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/dispositions', { params: { path: { tenant } } })),
    retry: false,
  });
  const chosen = (codes.data ?? []).find((d) => d.code === code);
  const label = chosen?.label ?? code;

  const save = async () => {
    setFieldError(null);
    try {
      if (campaign && code) {
        await unwrap(
          api.POST('/tenants/{tenant}/dispositions/apply', {
            params: { path: { tenant } },
            body: { callId, code, ...(note ? { note } : {}), ...(callbackAt ? { callbackAt: `${callbackAt}:00` } : {}) },
          }),
        );
      }
      if (customerId && (note || code)) {
        const text = [label ? `[${label}]` : null, note || null].filter(Boolean).join(' ');
        await unwrap(api.POST('/tenants/{tenant}/customers/{id}/notes', { params: { path: { tenant, id: customerId } }, body: { text, callId } }));
      }
      writeDraft(me, callId, '');
      setSaved(true);
      void message.success(t('wrapUp.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.field) {
        setFieldError({ field: e.field, message: e.message });
      } else {
        void message.error(e instanceof ApiError ? e.message : String(e));
      }
    }
  };

  const nothingToFile = !code && !note;
  const noPlace = !campaign && !customerId;
  return (
    <div data-testid="pop-wrapup">
      <Typography.Title level={2} style={H2}>{t('wrapUp.title')}</Typography.Title>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {(codes.data ?? []).length > 0 && (
          <Select
            aria-label={t('wrapUp.outcome')}
            placeholder={t('wrapUp.outcome')}
            style={{ width: '100%' }}
            value={code}
            onChange={setCode}
            allowClear
            status={fieldError?.field === 'code' ? 'error' : undefined}
            options={(codes.data ?? []).map((d) => ({ value: d.code, label: d.label ?? d.code }))}
          />
        )}
        {campaign && chosen?.action === 'CALLBACK' && (
          <label>
            <Typography.Text>{t('wrapUp.callbackAt')} </Typography.Text>
            <Input
              type="datetime-local"
              aria-label={t('wrapUp.callbackAt')}
              value={callbackAt}
              onChange={(e) => setCallbackAt(e.target.value)}
              status={fieldError?.field === 'callbackAt' ? 'error' : undefined}
            />
          </label>
        )}
        <Input.TextArea
          aria-label={t('wrapUp.note')}
          placeholder={t('wrapUp.notePlaceholder')}
          rows={3}
          maxLength={2000}
          value={note}
          status={fieldError?.field === 'note' || fieldError?.field === 'text' ? 'error' : undefined}
          onChange={(e) => {
            setNote(e.target.value);
            setSaved(false);
            writeDraft(me, callId, e.target.value);
          }}
        />
        {fieldError && <Typography.Text type="danger">{fieldError.message}</Typography.Text>}
        {noPlace && <Typography.Text type="secondary">{t('wrapUp.fileCustomerFirst')}</Typography.Text>}
        <Button type="primary" disabled={nothingToFile || noPlace || saved} onClick={() => void save()}>
          {saved ? t('wrapUp.done') : t('wrapUp.save')}
        </Button>
      </Space>
    </div>
  );
}
