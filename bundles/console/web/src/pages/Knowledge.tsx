import { useState } from 'react';
import { App, Card, Empty, Input, List, Modal, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, errorText, type Schemas, unwrap } from '../api/client';

type Article = Schemas['KnowledgeServiceArticle'];

/**
 * The knowledge base's ranked hits for {@code q} (up to eight; nothing asked while it is blank), under one cache entry
 * for the call panel's search and the ticket's article picker.
 */
export function useKbSearch(tenant: string, q: string) {
  return useQuery({
    queryKey: ['kb', tenant, q],
    enabled: q.trim() !== '',
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/kb/search', { params: { path: { tenant }, query: { q, limit: 8 } } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * The knowledge base beside the call: full-text search in Chinese or English (the server segments Chinese words),
 * ranked hits with a snippet; opening an article shows it whole and counts a use.
 */
export function KnowledgeSearch({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [article, setArticle] = useState<Article | null>(null);
  const hits = useKbSearch(tenant, q);
  const open = async (id: string) => {
    try {
      setArticle(await unwrap(api.GET('/tenants/{tenant}/kb/articles/{id}', { params: { path: { tenant, id } } })));
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  const items = hits.data?.items ?? [];
  return (
    <Card data-testid="kb">
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
        {t('kb.title')}
      </Typography.Title>
      <Input.Search aria-label={t('kb.search')} placeholder={t('kb.placeholder')} allowClear enterButton={t('kb.search')} onSearch={(v) => setQ(v.trim())} loading={hits.isFetching} />
      {q !== '' && !hits.isFetching && items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.none', { q })} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(h) => (
            <List.Item data-testid={`kb-hit-${h.article?.id}`}>
              <List.Item.Meta
                title={<Typography.Link onClick={() => void open(h.article!.id!)}>{h.article?.title}</Typography.Link>}
                description={
                  <>
                    <Tag>{h.article?.category}</Tag>
                    {h.snippet}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      <Modal open={article !== null} title={article?.title} footer={null} onCancel={() => setArticle(null)} width={640}>
        {article && (
          <>
            <Tag>{article.category}</Tag>
            {(article.keywords ?? []).map((k) => (
              <Tag key={k} color="blue">
                {k}
              </Tag>
            ))}
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }} data-testid="kb-article">
              {article.body}
            </Typography.Paragraph>
          </>
        )}
      </Modal>
    </Card>
  );
}
