import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, useSession } from '../auth';
import { useI18n } from '../language';
import { LocalityProvider } from '../locality';
import type { Permission } from '../permissions';
import { FullPageSpinner } from './FullPageSpinner';

/** Where the login page sends the user back to. */
export interface LoginRedirectState {
  from?: string;
}

/** Pages behind it need a session; without one the user goes to /login and comes back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  if (state.status === 'loading') return <FullPageSpinner label={t('common.loading')} />;
  if (state.status === 'anonymous') {
    const redirect: LoginRedirectState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/login" replace state={redirect} />;
  }
  const { user } = state.session;
  return (
    <LocalityProvider key={user.id} user={user}>
      {children}
    </LocalityProvider>
  );
}

/** A module opened by URL although the menu hides it: explain instead of showing server errors. */
export function RequirePermission({ anyOf, children }: { anyOf: readonly Permission[]; children: ReactNode }) {
  const { canAny } = useSession();
  const { t } = useI18n();
  const navigate = useNavigate();
  if (canAny(anyOf)) return children;
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('error.forbiddenPage')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('error.backHome')}
        </Button>
      }
    />
  );
}
