import { useState } from 'react';
import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, showOnField } from './forms';

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
