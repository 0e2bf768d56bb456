import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth';
import { AppLayout } from './components/AppLayout';
import { FullPageSpinner } from './components/FullPageSpinner';
import { RequireAuth, RequirePermission } from './components/guards';
import { useI18n } from './language';
import { modules } from './navigation';
import { theme } from './theme';

const LoginPage = lazy(() => import('./pages/LoginPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));
const SelfServicePage = lazy(() => import('./pages/selfservice/SelfServicePage'));

function AppRoutes() {
  const { t } = useI18n();
  return (
    <Suspense fallback={<FullPageSpinner label={t('common.loading')} />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/tu-dang-ky" element={<SelfServicePage />} />
        <Route path="/tra-cuu" element={<SelfServicePage initialMode="status" />} />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          {modules.map(({ key, path, anyOf, Page }) => (
            <Route
              key={key}
              path={path}
              element={
                <RequirePermission anyOf={anyOf}>
                  <Page />
                </RequirePermission>
              }
            />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export function App() {
  const { language } = useI18n();
  return (
    <ConfigProvider locale={language === 'vi' ? viVN : enUS} theme={theme}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
