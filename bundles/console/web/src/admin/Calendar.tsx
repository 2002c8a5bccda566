import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { AdminProps } from './Admin';
import { errorText, showOnField } from './forms';

const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

/** A day's opening hours as typed ("09:00-12:00, 13:30-18:00") and back; empty is closed. */
export function hoursText(ranges: string[] | undefined): string {
  return (ranges ?? []).join(', ');
}

export function hoursList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[,，;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The business calendar (营业时间) IVR "hours" nodes ask: opening hours per weekday in the company's time zone, and
 * holidays (closed all day). The server checks each range and names the day it refuses.
 */
export default function Calendar({ tenant }: AdminProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm();
  const [holidays, setHolidays] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const cal = useQuery({ queryKey: ['calendar', tenant], queryFn: () => unwrap(api.GET('/tenants/{tenant}/calendar', { params: { path: { tenant } } })) });
  if (!cal.data) {
    return <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>;
  }
  const days = holidays ?? [...(cal.data.holidays ?? [])].sort();
  const weekly = (cal.data.weekly ?? {}) as Record<string, string[]>;
  const save = async (v: Record<string, string>) => {
    setBusy(true);
    try {
      await unwrap(
        api.PUT('/tenants/{tenant}/calendar', {
          params: { path: { tenant } },
          body: {
            timezone: v.timezone,
            weekly: Object.fromEntries(DAYS.map((d) => [d, hoursList(v[`weekly.${d}`])]).filter(([, r]) => (r as string[]).length > 0)),
            holidays: days,
          },
        }),
      );
      void message.success(t('common.saved'));
      setHolidays(null);
      await queries.invalidateQueries({ queryKey: ['calendar', tenant] });
    } catch (e) {
      // the server names "weekly.MON": the form's field of that day
      const f = (e as { field?: string }).field;
      if (f?.startsWith('weekly.')) {
        form.setFields([{ name: f, errors: [errorText(e)] }]);
      } else if (!showOnField(form, e)) {
        void message.error(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [cal.data.timezone ?? 'UTC'];
  return (
    <Form
      form={form}
      layout="horizontal"
      labelCol={{ flex: '140px' }}
      initialValues={{ timezone: cal.data.timezone, ...Object.fromEntries(DAYS.map((d) => [`weekly.${d}`, hoursText(weekly[d])])) }}
      onFinish={(v) => void save(v)}
    >
      <Card size="small" title={t('calendar.weekly')} style={{ marginBottom: 16 }}>
        <Form.Item name="timezone" label={t('tenants.zone')}>
          <Select showSearch style={{ maxWidth: 320 }} options={zones.map((z) => ({ value: z, label: z }))} />
        </Form.Item>
        {DAYS.map((d) => (
          <Form.Item key={d} name={`weekly.${d}`} label={t(`calendar.day.${d}`)} extra={d === 'MON' ? t('calendar.hoursHint') : undefined}>
            <Input placeholder={t('calendar.closed')} style={{ maxWidth: 320 }} />
          </Form.Item>
        ))}
      </Card>
      <Card size="small" title={t('calendar.holidays')} style={{ marginBottom: 16 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          {days.map((h) => (
            <Tag key={h} closable onClose={() => setHolidays(days.filter((x) => x !== h))} closeIcon={<span aria-label={t('calendar.removeHoliday', { date: h })}>×</span>}>
              {h}
            </Tag>
          ))}
          {days.length === 0 && <Typography.Text type="secondary">{t('calendar.noHolidays')}</Typography.Text>}
        </Space>
        <div>
          <DatePicker
            aria-label={t('calendar.addHoliday')}
            placeholder={t('calendar.addHoliday')}
            value={null}
            onChange={(d) => {
              const iso = d ? dayjs(d).format('YYYY-MM-DD') : null;
              if (iso && !days.includes(iso)) {
                setHolidays([...days, iso].sort());
              }
            }}
          />
        </div>
      </Card>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('common.save')}
      </Button>
    </Form>
  );
}
