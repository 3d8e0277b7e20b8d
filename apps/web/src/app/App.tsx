import 'dayjs/locale/vi';
// Ant Design's styles built ahead of time (zeroRuntime below): no style computed in the page as components mount.
import 'antd/dist/antd.css';

import { ApolloProvider } from '@apollo/client/react';
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import { RouterProvider } from 'react-router';

import { LanguageProvider, useLang } from '../shared/i18n';
import { apolloClient } from './apollo';
import { router } from './router';
import { readNonce, stampStyleNonce } from './style-nonce';

/** The nonce the gateway stamped into this response's index.html; Ant Design's <style> elements carry it. */
const nonce = readNonce();
stampStyleNonce(nonce);

/** People who asked their system for less motion get none: popups and messages appear and go at once. */
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

function Themed() {
  const { lang } = useLang();
  dayjs.locale(lang === 'vi' ? 'vi' : 'en');
  return (
    <ConfigProvider
      locale={lang === 'vi' ? viVN : enUS}
      csp={nonce ? { nonce } : undefined}
      // Colours darker than Ant Design's defaults where text uses them: its red, orange and grey text fall short
      // of WCAG AA contrast (4.5:1) on white, which axe checks on every page.
      theme={{
        zeroRuntime: true,
        token: {
          colorPrimary: '#b71c1c',
          colorError: '#c41d1d',
          colorWarning: '#ad6800',
          colorWarningText: '#874d00',
          colorErrorText: '#a8071a',
          colorLink: '#a31515',
          colorTextTertiary: 'rgba(0, 0, 0, 0.66)',
          colorTextDescription: 'rgba(0, 0, 0, 0.66)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
          fontSize: 15,
          borderRadius: 6,
          motion: !reducedMotion,
        },
      }}
    >
      <RouterProvider router={router} />
    </ConfigProvider>
  );
}

export function App() {
  return (
    <ApolloProvider client={apolloClient()}>
      <LanguageProvider>
        <Themed />
      </LanguageProvider>
    </ApolloProvider>
  );
}
