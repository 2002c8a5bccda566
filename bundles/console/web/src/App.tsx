import { lazy, Suspense, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, ConfigProvider, Layout, Menu, Select, Space, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import { LoadingOutlined } from '@ant-design/icons';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { onSessionExpired } from './api/client';
import { can, currentSession, signOut, type SessionInfo } from './api/session';
import { setTenantZone } from './lib/format';
import { chooseLanguage, LANGUAGES, type Language } from './i18n';
import { adminPage, dispatchToken, screenOf, useRoute, type Screen } from './lib/route';
import { adminLabel, adminPages } from './admin/pages';
import { SignIn } from './pages/SignIn';
import { FONT_FAMILY, FONT_FAMILY_CODE } from './lib/fonts';

// each screen is its own chunk: an agent's browser never loads the wallboard's charts
const BUSY_ICON = <LoadingOutlined />;

const AgentDesktop = lazy(() => import('./pages/AgentDesktop'));
const Wallboard = lazy(() => import('./pages/Wallboard'));
const BigScreen = lazy(() => import('./pages/BigScreen'));
const Admin = lazy(() => import('./admin/Admin'));
// an outside department's page for a dispatched ticket: no sign-in, its own chunk
const Dispatched = lazy(() => import('./pages/Dispatched').then((m) => ({ default: m.Dispatched })));
// the bell's popover and list in a chunk of their own: the desk's first load stays lean
const Notifications = lazy(() => import('./pages/Notifications').then((m) => ({ default: m.Notifications })));

function screens(s: SessionInfo): Screen[] {
  const out: Screen[] = [];
  if ((s.user.roles ?? []).includes('agent') && can(s, 'agents:self')) {
    out.push('agent');
  }
  if (s.user.tenantId && can(s, 'realtime:read') && ((s.user.roles ?? []).some((r) => r !== 'agent') || s.user.operator)) {
    out.push('wallboard', 'bigscreen');
  }
  if (adminPages(s).length > 0) {
    out.push('admin');
  }
  return out;
}

/**
 * Ant Design's default primary blue, error red and secondary greys fall short of WCAG AA contrast (4.5:1) for text on
 * white or white on them; these darker shades meet it (the axe check in the browser suite holds us to it).
 */
const THEME = {
  token: {
    // the system's own fonts first (Chinese ones included); the shipped CJK font only where none has the characters
    fontFamily: FONT_FAMILY,
    fontFamilyCode: FONT_FAMILY_CODE,
    // no sliding, zooming or fading for someone whose system asks for reduced motion (WCAG 2.3.3): dialogs, menus and
    // drop-downs appear and go at once
    motion: !(typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches),
    colorPrimary: '#0958d9',
    // hovered and pressed buttons and links get darker, not lighter: the default light blue is 3:1 on white
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    colorError: '#cf1322',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
  },
  components: {
    // labels of an unbordered Descriptions (the screen pop's customer) are tertiary grey by default: 3.4:1
    Descriptions: { labelColor: 'rgba(0, 0, 0, 0.65)' },
  },
};

export function App() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const queries = useQueryClient();
  const [expired, setExpired] = useState(false);
  const [route, go] = useRoute();
  // an outside department's page of a dispatched ticket: its link is its only credential, no session is read
  const dispatched = dispatchToken(location.pathname);
  const session = useQuery({ queryKey: ['session'], queryFn: currentSession, staleTime: Infinity, enabled: !dispatched });

  useEffect(
    () =>
      onSessionExpired(() => {
        setExpired(true);
        queries.setQueryData(['session'], null);
      }),
    [queries],
  );

  const s = session.data ?? null;
  // dates and "today" in the tenant's time zone, for every screen below
  setTenantZone(s?.tenantZone);
  const allowed = s ? screens(s) : [];
  const screen = screenOf(route);
  const current: Screen | null = screen !== 'home' && allowed.includes(screen) ? screen : (allowed[0] ?? null);

  let body;
  if (dispatched) {
    // the signed link is the department's only credential: no session is asked for, none is used
    body = (
      <Suspense fallback={<Spin />}>
        <Dispatched token={dispatched} languages={<LanguageSelect value={lang} />} />
      </Suspense>
    );
  } else if (session.isPending) {
    body = <Spin style={{ margin: 64 }} tip={t('app.loading')} />;
  } else if (!s) {
    body = (
      <SignIn
        expired={expired}
        onSignedIn={(info) => {
          setExpired(false);
          queries.setQueryData(['session'], info);
        }}
      />
    );
  } else {
    body = (
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
          <Typography.Title level={1} style={{ color: '#fff', fontSize: 18, margin: 0 }}>
            {t('app.title')}
          </Typography.Title>
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={current ? [current] : []}
            style={{ flex: 1, minWidth: 0 }}
            items={allowed.map((r) => ({ key: r, label: t(`nav.${r === 'admin' ? adminLabel(s) : r}`) }))}
            onClick={(e) => go(e.key as Screen)}
          />
          <Space>
            <Typography.Text style={{ color: '#ddd' }}>{t('nav.signedInAs', { login: s.user.login })}</Typography.Text>
            {s.user.tenantId && can(s, 'tickets:read') && (
              <Suspense fallback={null}>
                <Notifications tenant={s.user.tenantId} openTickets={() => go('admin/tickets')} />
              </Suspense>
            )}
            <LanguageSelect value={lang} />
            <Button
              onClick={async () => {
                await signOut();
                // the session query keeps its observer (clear() would orphan it); everything else read as this user goes
                queries.setQueryData(['session'], null);
                queries.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
              }}
            >
              {t('nav.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<Spin />}>
            {current === 'agent' && <AgentDesktop session={s} />}
            {current === 'wallboard' && <Wallboard session={s} />}
            {current === 'bigscreen' && <BigScreen session={s} />}
            {current === 'admin' && <Admin session={s} page={adminPage(route)} go={go} />}
            {current === null && <Alert type="info" showIcon title={t('error.forbidden')} />}
          </Suspense>
        </Layout.Content>
      </Layout>
    );
  }
  return (
    // no space put between two Chinese characters of a button ("呼 叫"): its visible text must match its accessible name.
    // A busy button's spinner shown and removed at once: Ant Design's own slides in and out, and when a request ends
    // within a frame or two of its start the slide-out never gets its transitionend, so the hidden spinner stayed for
    // good and a screen reader kept announcing "loading Save" (seen 1 in 20 quick refusals on the dispositions page).
    <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={THEME} button={{ autoInsertSpace: false, loadingIcon: BUSY_ICON }}>
      <AntApp>{body}</AntApp>
    </ConfigProvider>
  );
}

export function LanguageSelect({ value }: { value: Language }) {
  const { t } = useTranslation();
  return (
    <Select
      aria-label={t('nav.language')}
      value={value}
      style={{ width: 110 }}
      onChange={(v: Language) => chooseLanguage(v)}
      options={LANGUAGES.map((l) => ({ value: l, label: l === 'en' ? 'English' : '简体中文' }))}
    />
  );
}
