import { useState } from 'react';
import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { errorText, showOnField } from './forms';
import { sortOrderOf, sortParam } from './logic';

/**
 * The companies for the operator's pickers (company, number's owner, audit scope, billing run): up to 500, active and
 * suspended, under one cache entry. {@code enabled} false for users who may not list them (the company's own staff,
 * the billing staff), whose pickers hold only their own or a typed id.
 */
export function useTenants<T = TenantList>(enabled = true, select?: (d: TenantList) => T) {
  return useQuery({ queryKey: ['tenants', 'picker'], queryFn: fetchTenants, enabled, select });
}

const fetchTenants = () => unwrap(api.GET('/tenants', { params: { query: { limit: 500 } } }));
type TenantList = Awaited<ReturnType<typeof fetchTenants>>;

/**
 * A company's users (up to 500) for pickers — seat assignment, team supervisors, campaign agents — under one cache entry;
 * {@code enabled} false for someone who may not read them (an agent).
 */
export function useAllUsers<T = UserList>(tenant: string, select?: (d: UserList) => T, enabled = true) {
  return useQuery({ queryKey: ['users', tenant, 'all'], queryFn: () => fetchUsers(tenant), select, enabled });
}

const fetchUsers = (tenant: string) => unwrap(api.GET('/tenants/{tenant}/users', { params: { path: { tenant }, query: { limit: 500 } } }));
type UserList = Awaited<ReturnType<typeof fetchUsers>>;

/**
 * Asks before a destructive action (danger button, Cancel), then does it; a refusal is shown as a toast. okText
 * defaults to Delete.
 */
export function useConfirmDanger() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  return (o: { title: string; content?: string; okText?: string; work: () => Promise<unknown> }) =>
    modal.confirm({
      title: o.title,
      content: o.content,
      okText: o.okText ?? t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await o.work();
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });
}

/**
 * Saves a form: busy while the request runs; the server's refusal on the field it names (when {@code known} accepts
 * that field), else as a toast.
 */
export function useSave(form: FormInstance, known?: (name: (string | number)[]) => boolean) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const save = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      return true;
    } catch (e) {
      if (!showOnField(form, e, known)) {
        void message.error(errorText(e));
      }
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, save };
}

/**
 * A server-sorted table: the `sort` parameter chosen by clicking a column's header (for the list's query and its key),
 * the Table's onChange that records it (and goes back to the first page through {@code toFirstPage}), and the column
 * props of a sortable column whose key is the API's field name.
 */
export function useServerSort(toFirstPage: () => void, initial?: string) {
  const [sort, setSort] = useState<string | undefined>(initial);
  return {
    sort,
    onChange: (_p: unknown, _f: unknown, sorter: Parameters<typeof sortParam>[0], extra: { action: string }) => {
      if (extra.action === 'sort') {
        setSort(sortParam(sorter));
        toFirstPage();
      }
    },
    sortable: (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(sort, key), sortDirections: ['ascend' as const, 'descend' as const] }),
  };
}
