import { useEffect, useRef, useState } from 'react';
import { App, Button, Checkbox, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../api/client';
import { readDraft, writeDraft } from '../lib/draft';
import type { ScreenPop } from '../lib/useMyEvents';

/** a section heading of the desk: second level under the page's, in the size of a card's title */
const H2 = { fontSize: 16, marginTop: 0 };

/** time zones the browser knows, for the callback's (the customer's) zone */
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/**
 * The call's wrap-up: the outcome (the tenant's disposition codes), a note and, for a callback, when (in the
 * customer's time zone; the tenant's unless another is chosen) and whether only this agent makes it. The outcome goes
 * on the call's CDR and into the customer's history (a campaign call's also settles its contact); a note alone goes
 * to the customer's history, tied to the call. The note is kept as a draft in the browser until it is saved, so an
 * ended session does not lose it.
 */
export function WrapUpForm({ tenant, me, pop, customerId }: { tenant: string; me: string; pop: ScreenPop; customerId: string | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const callId = pop.callId ?? '';
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [zone, setZone] = useState<string | undefined>(undefined);
  const [onlyMe, setOnlyMe] = useState(false);
  const [code, setCode] = useState<string | undefined>(undefined);
  const [callbackAt, setCallbackAt] = useState('');
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  // the call this form is for now: an answer about an earlier call must not land on the next one's form
  const current = useRef(callId);
  current.current = callId;
  // a campaign call's callback is in the contact's time zone, the dialer's to know
  const campaign = !!(pop.callData as Record<string, unknown> | undefined)?.['dialer.attempt'];

  useEffect(() => {
    setNote(readDraft(me, callId));
    setCode(undefined);
    setCallbackAt('');
    setZone(undefined);
    setOnlyMe(false);
    setFieldError(null);
    setSaved(false);
  }, [me, callId]);

  const codes = useQuery({
    queryKey: ['dispositions', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/dispositions', { params: { path: { tenant } } })),
    retry: false,
  });
  const chosen = (codes.data ?? []).find((d) => d.code === code);
  const callback = chosen?.action === 'CALLBACK';

  const save = async () => {
    if (saving) {
      return;
    }
    const forCall = callId;
    setFieldError(null);
    setSaving(true);
    try {
      if (code) {
        await unwrap(
          api.POST('/tenants/{tenant}/wrap-ups', {
            params: { path: { tenant } },
            body: {
              callId,
              code,
              ...(note ? { note } : {}),
              ...(customerId ? { customerId } : {}),
              ...(callback && callbackAt ? { callbackAt: `${callbackAt}:00`, callbackSameAgent: onlyMe, ...(zone && !campaign ? { callbackZone: zone } : {}) } : {}),
            },
          }),
        );
        if (callback) {
          void queryClient.invalidateQueries({ queryKey: ['callbacks', tenant] });
        }
      } else if (customerId && note) {
        await unwrap(api.POST('/tenants/{tenant}/customers/{id}/notes', { params: { path: { tenant, id: customerId } }, body: { text: note, callId } }));
      }
      writeDraft(me, forCall, '');
      if (current.current !== forCall) {
        return;
      }
      setSaved(true);
      void message.success(t('wrapUp.saved'));
    } catch (e) {
      if (current.current !== forCall) {
        return;
      }
      if (e instanceof ApiError && e.field) {
        setFieldError({ field: e.field, message: e.message });
      } else {
        void message.error(e instanceof ApiError ? e.message : String(e));
      }
    } finally {
      setSaving(false);
    }
  };

  const nothingToFile = !code && !note;
  // a note without an outcome belongs to a customer's history
  const noPlace = !code && !customerId;
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
            // typed to: a company may have dozens of outcomes, and the agent's hands are on the keyboard
            showSearch={{ optionFilterProp: 'label' }}
            status={fieldError?.field === 'code' ? 'error' : undefined}
            options={(codes.data ?? []).map((d) => ({ value: d.code, label: d.label ?? d.code }))}
          />
        )}
        {callback && (
          <Space wrap>
            <label>
              <Typography.Text>{t('wrapUp.callbackAt')} </Typography.Text>
              <Input
                type="datetime-local"
                aria-label={t('wrapUp.callbackAt')}
                value={callbackAt}
                onChange={(e) => setCallbackAt(e.target.value)}
                status={fieldError?.field === 'callbackAt' ? 'error' : undefined}
                style={{ width: 'auto' }}
              />
            </label>
            {!campaign && (
            <Select
              aria-label={t('wrapUp.zone')}
              placeholder={t('wrapUp.tenantZone')}
              style={{ minWidth: 200 }}
              value={zone}
              onChange={setZone}
              allowClear
              showSearch
              status={fieldError?.field === 'callbackZone' ? 'error' : undefined}
              options={ZONES.map((z) => ({ value: z, label: z }))}
            />
            )}
            <Checkbox checked={onlyMe} onChange={(e) => setOnlyMe(e.target.checked)}>
              {t('wrapUp.onlyMe')}
            </Checkbox>
          </Space>
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
        <Button type="primary" disabled={nothingToFile || noPlace || saved || (callback && !callbackAt)} loading={saving} onClick={() => void save()}>
          {saved ? t('wrapUp.done') : t('wrapUp.save')}
        </Button>
      </Space>
    </div>
  );
}
