import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, toApiError, unwrap, type Present, type Schemas } from '../api/client';
import { dateTime } from '../lib/format';
import type { AdminProps } from './Admin';
import { useConfirmDanger } from './hooks';
import { errorText, showOnField } from './forms';
import { PlayPrompt } from './Ivr';
import { usePrompts } from './Queues';

type Prompt = Present<Schemas['Prompt'], 'name'>;
const PROMPT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Prompts (语音提示): the recordings IVR menus and queues play. Built-in ones are listed for reference; a company
 * uploads its own as WAV (the server converts and checks it), plays any of them here, replaces or deletes its own.
 */
export default function Prompts({ tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const prompts = usePrompts(tenant);
  const [uploading, setUploading] = useState<string | true | null>(null);
  const remove = (p: Prompt) =>
    danger({
      title: t('prompts.deleteTitle', { name: p.name }),
      content: t('prompts.deleteHint'),
      work: async () => {
      await unwrap(api.DELETE('/tenants/{tenant}/prompts/{name}', { params: { path: { tenant, name: p.name } } }));
      await queries.invalidateQueries({ queryKey: ['prompts', tenant] });
      },
    });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Button type="primary" onClick={() => setUploading(true)}>
        {t('prompts.upload')}
      </Button>
      <Table<Prompt>
        rowKey="name"
        data-testid="prompts-table"
        loading={prompts.isFetching}
        dataSource={(prompts.data ?? []) as Prompt[]}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('prompts.name'), dataIndex: 'name', render: (v: string, p) => (p.builtIn ? <Space>{v}<Tag>{t('queues.builtIn')}</Tag></Space> : <Typography.Text strong>{v}</Typography.Text>) },
          { title: t('prompts.length'), key: 'len', render: (_, p) => t('prompts.seconds', { n: (p.durationMs / 1000).toFixed(1) }) },
          { title: t('prompts.uploaded'), key: 'at', render: (_, p) => (p.uploadedAt ? dateTime(p.uploadedAt, i18n.language) : '–') },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, p) => (
              <Space>
                <PlayPrompt tenant={tenant} name={p.name} />
                {!p.builtIn && (
                  <>
                    <Button size="small" onClick={() => setUploading(p.name)} aria-label={t('prompts.replaceOne', { name: p.name })}>
                      {t('prompts.replace')}
                    </Button>
                    <Button size="small" danger onClick={() => remove(p)} aria-label={t('prompts.deleteTitle', { name: p.name })}>
                      {t('common.delete')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      {uploading && (
        <UploadPrompt
          tenant={tenant}
          name={uploading === true ? null : uploading}
          onClose={() => {
            setUploading(null);
            void queries.invalidateQueries({ queryKey: ['prompts', tenant] });
          }}
        />
      )}
    </Space>
  );
}

function UploadPrompt({ tenant, name, onClose }: { tenant: string; name: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async ({ name: n }: { name: string }) => {
    if (!file) {
      form.setFields([{ name: 'name', errors: [] }]);
      void message.error(t('prompts.chooseFile'));
      return;
    }
    setBusy(true);
    try {
      const { error, response } = await api.PUT('/tenants/{tenant}/prompts/{name}', {
        params: { path: { tenant, name: n } },
        body: file as never,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { 'Content-Type': 'audio/wav' },
      });
      if (!response.ok) {
        throw toApiError(response, error);
      }
      void message.success(t('prompts.uploadedOne', { name: n }));
      onClose();
    } catch (e) {
      if (!showOnField(form, e, (f) => f[0] === 'name')) {
        void message.error(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={name ? t('prompts.replaceOne', { name }) : t('prompts.upload')}
      okText={t('prompts.send')}
      okButtonProps={{ loading: busy }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" initialValues={{ name: name ?? '' }} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="name"
          label={t('prompts.name')}
          extra={t('prompts.nameHint')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: PROMPT_NAME, message: t('prompts.nameHint') },
          ]}
        >
          <Input disabled={!!name} autoComplete="off" />
        </Form.Item>
        <Upload.Dragger
          accept=".wav,audio/wav"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            if (!form.getFieldValue('name')) {
              form.setFieldValue('name', f.name.replace(/\.wav$/i, '').replace(/[^A-Za-z0-9_.-]/g, '-'));
            }
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <p>{t('prompts.drop')}</p>
        </Upload.Dragger>
      </Form>
    </Modal>
  );
}
