import { Button, Checkbox, Form, Input, Select, Space, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';

type FieldDef = Schemas['FieldDef'];
export const FIELD_TYPES = ['TEXT', 'NUMBER', 'DATE', 'BOOLEAN', 'CHOICE'] as const;

/**
 * Own fields (自定义字段) — a ticket category's or the customers' — as rows: key, name, type, required, and the choices
 * of a CHOICE field. {@code name} is the list's name inside its form (or its parent list), {@code path} its full path
 * in the form (to read a row's type).
 */
export function FieldDefRows({ form, name, path, title }: { form: FormInstance; name: (string | number)[]; path: (string | number)[]; title?: string }) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(fields, f) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {title && <Typography.Text type="secondary">{title}</Typography.Text>}
          {fields.map((fd, i) => (
            <Space key={fd.key} wrap align="start" data-testid="field-def">
              <Form.Item name={[fd.name, 'name']} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,63}$/, message: t('fields.keyRule') }]}>
                <Input placeholder={t('fields.key')} aria-label={t('fields.keyN', { n: i + 1 })} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name={[fd.name, 'label']}>
                <Input placeholder={t('fields.label')} aria-label={t('fields.labelN', { n: i + 1 })} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name={[fd.name, 'type']} initialValue="TEXT">
                <Select aria-label={t('fields.typeN', { n: i + 1 })} style={{ width: 120 }} options={FIELD_TYPES.map((x) => ({ value: x, label: t(`fields.types.${x}`) }))} />
              </Form.Item>
              <Form.Item name={[fd.name, 'required']} valuePropName="checked">
                <Checkbox aria-label={t('fields.requiredN', { n: i + 1 })}>{t('fields.required')}</Checkbox>
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() =>
                  form.getFieldValue([...path, fd.name, 'type']) === 'CHOICE' && (
                    <Form.Item name={[fd.name, 'choices']} rules={[{ required: true, message: t('fields.choicesRule') }]}>
                      <Select mode="tags" aria-label={t('fields.choicesN', { n: i + 1 })} placeholder={t('fields.choices')} style={{ minWidth: 200 }} />
                    </Form.Item>
                  )
                }
              </Form.Item>
              <Button onClick={() => f.remove(fd.name)} aria-label={t('fields.removeN', { n: i + 1 })}>
                {t('common.remove')}
              </Button>
            </Space>
          ))}
          <Button size="small" onClick={() => f.add({ type: 'TEXT', required: false })}>
            {t('fields.add')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}

/** The rows as the API takes them: nulls left out, choices only for a CHOICE field. */
export function fieldDefsBody(defs: FieldDef[] | null | undefined) {
  return (defs ?? []).map((f) => ({
    name: f.name ?? undefined,
    label: f.label || undefined,
    type: f.type ?? 'TEXT',
    required: !!f.required,
    choices: f.type === 'CHOICE' ? (f.choices ?? []) : undefined,
  }));
}
