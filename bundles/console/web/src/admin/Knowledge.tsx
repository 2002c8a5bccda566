import { useState } from 'react';
import { App, AutoComplete, Button, Col, Drawer, Form, Input, List, Menu, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { dateTime } from '../lib/format';
import type { AdminProps } from './Admin';
import { useConfirmDanger, useSave, useServerSort } from './hooks';
import { SearchBox } from './SearchBox';

type Article = Schemas['KnowledgeServiceArticle'];
const PAGE = 20;

/**
 * The knowledge base (知识库) — its editors' (supervisors, the company's administrator): articles by category, or
 * found by full-text search (Chinese and English), paged on the server; an article is written with its category,
 * keywords and text; each save is a new version, and an earlier version can be read and brought back (as a new one).
 * Agents search it from their desk.
 */
export function Knowledge({ tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const [category, setCategory] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Article | 'new' | null>(null);
  const categories = useQuery({ queryKey: ['kb', tenant, 'categories'], queryFn: () => unwrap(api.GET('/tenants/{tenant}/kb/categories', { params: { path: { tenant } } })) });
  const order = useServerSort(() => setPage(1));
  // found articles come by relevance; the list of all (or a category's) sorts by the column clicked
  const sort = q ? undefined : order.sort;
  const col = (key: string) => (q ? { key } : order.sortable(key));
  const list = useQuery({
    queryKey: ['kb', tenant, 'list', category, q, sort, page],
    queryFn: async () => {
      const query = { category: category ?? undefined, offset: (page - 1) * PAGE, limit: PAGE };
      if (q) {
        const hits = await unwrap(api.GET('/tenants/{tenant}/kb/search', { params: { path: { tenant }, query: { ...query, q } } }));
        return { items: (hits.items ?? []).map((h) => ({ ...h.article!, snippet: h.snippet })), total: hits.total ?? 0 };
      }
      const articles = await unwrap(api.GET('/tenants/{tenant}/kb/articles', { params: { path: { tenant }, query: { ...query, sort } } }));
      return { items: (articles.items ?? []) as (Article & { snippet?: string | null })[], total: articles.total ?? 0 };
    },
    placeholderData: keepPreviousData,
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['kb', tenant] });
  const counts = Object.entries(categories.data ?? {}) as [string, number][];
  const total = counts.reduce((n, [, c]) => n + c, 0);
  return (
    <Row gutter={16}>
      <Col xs={24} md={6}>
        <Menu
          aria-label={t('kbAdmin.categories')}
          mode="inline"
          selectedKeys={[category ?? '*']}
          onClick={({ key }) => {
            setCategory(key === '*' ? null : key);
            setPage(1);
          }}
          items={[{ key: '*', label: t('kbAdmin.all', { n: total }) }, ...counts.map(([c, n]) => ({ key: c, label: `${c} (${n})` }))]}
        />
      </Col>
      <Col xs={24} md={18}>
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Space wrap>
            <SearchBox
              label={t('kbAdmin.search')} width={320}
              onSearch={(v) => {
                setQ(v);
                setPage(1);
              }}
            />
            <Button type="primary" onClick={() => setOpen('new')}>
              {t('kbAdmin.new')}
            </Button>
          </Space>
          <Table<Article & { snippet?: string | null }>
            rowKey="id"
            data-testid="kb-table"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
            onChange={order.onChange}
            locale={{ emptyText: <Typography.Text type="secondary">{q ? t('kbAdmin.noneFound', { q }) : t('kbAdmin.none')}</Typography.Text> }}
            columns={[
              {
                title: t('kbAdmin.title'),
                ...col('title'),
                render: (_, a) => (
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>{a.title}</Typography.Text>
                    {a.snippet && <Typography.Text type="secondary">{a.snippet}</Typography.Text>}
                  </Space>
                ),
              },
              { title: t('kbAdmin.category'), dataIndex: 'category', ...col('category') },
              { title: t('kbAdmin.keywords'), dataIndex: 'keywords', render: (v: string[] | null) => (v ?? []).map((k) => <Tag key={k}>{k}</Tag>) },
              { title: t('kbAdmin.version'), dataIndex: 'version', ...col('version') },
              { title: t('kbAdmin.usage'), dataIndex: 'usage', ...col('usage') },
              { title: t('kbAdmin.updated'), dataIndex: 'updatedAt', ...col('updated'), render: (v: string | null) => (v ? dateTime(v, i18n.language) : '–') },
              {
                title: t('common.actions'),
                key: 'a',
                render: (_, a) => (
                  <Space>
                    <Button size="small" onClick={() => setOpen(a)} aria-label={t('kbAdmin.editOne', { title: a.title })}>
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      aria-label={t('kbAdmin.deleteOne', { title: a.title })}
                      onClick={() =>
                        danger({
                          title: t('kbAdmin.deleteOne', { title: a.title }),
                          content: t('kbAdmin.deleteHint'),
                          work: async () => {
                            await unwrap(api.DELETE('/tenants/{tenant}/kb/articles/{id}', { params: { path: { tenant, id: a.id! } } }));
                            await refresh();
                          },
                        })
                      }
                    >
                      {t('common.delete')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Space>
      </Col>
      {open && (
        <ArticleDrawer
          tenant={tenant}
          article={open === 'new' ? null : open}
          categories={counts.map(([c]) => c)}
          onClose={() => {
            setOpen(null);
            void refresh();
          }}
        />
      )}
    </Row>
  );
}

function ArticleDrawer({ tenant, article, categories, onClose }: { tenant: string; article: Article | null; categories: string[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form, (f) => ['category', 'title', 'body', 'keywords'].includes(String(f[0])));
  const [tab, setTab] = useState('edit');
  const versions = useQuery({
    queryKey: ['kb', tenant, 'versions', article?.id],
    enabled: !!article,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/kb/articles/{id}/versions', { params: { path: { tenant, id: article!.id! } } })),
  });
  const submit = (v: { category: string; title: string; body: string; keywords?: string[] }) =>
    void save(async () => {
      const body = { category: v.category, title: v.title, body: v.body, keywords: v.keywords ?? [] };
      const saved = article
        ? await unwrap(api.PUT('/tenants/{tenant}/kb/articles/{id}', { params: { path: { tenant, id: article.id! } }, body }))
        : await unwrap(api.POST('/tenants/{tenant}/kb/articles', { params: { path: { tenant } }, body }));
      void message.success(t('kbAdmin.savedVersion', { version: saved.version }));
      onClose();
    });
  return (
    <Drawer
      open
      size={820}
      title={article ? t('kbAdmin.editOne', { title: article.title }) : t('kbAdmin.new')}
      onClose={onClose}
      extra={
        tab === 'edit' && (
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'edit',
            label: t('kbAdmin.article'),
            forceRender: true,
            children: (
              <Form
                form={form}
                layout="vertical"
                initialValues={{ category: article?.category, title: article?.title, body: article?.body, keywords: article?.keywords ?? [] }}
                onFinish={submit}
              >
                <Space wrap align="start">
                  <Form.Item name="category" label={t('kbAdmin.category')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                    <AutoComplete
                      style={{ width: 200 }}
                      options={categories.map((c) => ({ value: c }))}
                      filterOption={(input, o) => String(o?.value ?? '').includes(input)}
                    />
                  </Form.Item>
                  <Form.Item name="title" label={t('kbAdmin.title')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                    <Input style={{ width: 400 }} maxLength={200} />
                  </Form.Item>
                </Space>
                <Form.Item name="keywords" label={t('kbAdmin.keywords')} extra={t('kbAdmin.keywordsHint')}>
                  <Select mode="tags" tokenSeparators={[',', '，']} />
                </Form.Item>
                <Form.Item name="body" label={t('kbAdmin.body')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                  <Input.TextArea autoSize={{ minRows: 10, maxRows: 30 }} />
                </Form.Item>
              </Form>
            ),
          },
          ...(article
            ? [
                {
                  key: 'versions',
                  label: t('kbAdmin.versions', { n: versions.data?.length ?? article.version }),
                  children: (
                    <List
                      data-testid="kb-versions"
                      dataSource={versions.data ?? []}
                      renderItem={(v) => (
                        <List.Item
                          actions={
                            v.version === article.version
                              ? [<Tag key="c">{t('kbAdmin.current')}</Tag>]
                              : [
                                  <Button
                                    key="r"
                                    size="small"
                                    aria-label={t('kbAdmin.restoreN', { n: v.version })}
                                    onClick={() => {
                                      form.setFieldsValue({ title: v.title, body: v.body, keywords: v.keywords ?? [] });
                                      setTab('edit');
                                      void message.info(t('kbAdmin.restored', { n: v.version }));
                                    }}
                                  >
                                    {t('kbAdmin.restore')}
                                  </Button>,
                                ]
                          }
                        >
                          <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                            <Typography.Text strong>
                              v{v.version} · {v.title}
                            </Typography.Text>
                            <Typography.Text type="secondary">
                              {v.at ? dateTime(v.at, i18n.language) : '–'} · {v.by ?? '–'}
                            </Typography.Text>
                            <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                              {v.body}
                            </Typography.Paragraph>
                          </Space>
                        </List.Item>
                      )}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Drawer>
  );
}
