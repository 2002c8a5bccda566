import type { ReactNode } from 'react';
import { Button, Drawer, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';

/** A form in a drawer: its title, Save at the top (busy while the request runs), closed by the caller once saved. */
export function FormDrawer({
  title,
  size,
  form,
  busy,
  saveText,
  onClose,
  children,
}: {
  title: ReactNode;
  size: number;
  form: FormInstance;
  busy: boolean;
  saveText?: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      open
      size={size}
      title={title}
      onClose={onClose}
      extra={
        <Button type="primary" loading={busy} onClick={() => form.submit()}>
          {saveText ?? t('common.save')}
        </Button>
      }
    >
      {children}
    </Drawer>
  );
}
