import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setUnauthenticatedHandler } from './api/client';
import { knownPermissions, type Permission } from './permissions';
import type { MeResponse, UserView } from './types';

export interface Session {
  user: UserView;
  permissions: ReadonlySet<Permission>;
}

export type AuthState =
  | { status: 'loading' }
  /** `expired`: the session ended while the app was open (shown on the login page). */
  | { status: 'anonymous'; expired: boolean }
  | { status: 'authenticated'; session: Session };

interface AuthContextValue {
  state: AuthState;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Reloads the user (after a password change clears `mustChangePassword`). */
  refresh(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

function toSession(me: MeResponse): Session {
  return { user: me.user, permissions: knownPermissions(me.permissions) };
}

/** Asks the server who is logged in: the session cookie is httpOnly, so only the server knows. */
async function fetchSession(): Promise<Session | null> {
  try {
    return toSession(await api.get<MeResponse>('/api/v1/auth/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    fetchSession().then(
      (session) => {
        if (!cancelled) setState(session ? { status: 'authenticated', session } : { status: 'anonymous', expired: false });
      },
      // The server is unreachable: show the login form, which reports the error on submit.
      () => {
        if (!cancelled) setState({ status: 'anonymous', expired: false });
      },
    );
    setUnauthenticatedHandler(() =>
      setState((previous) => (previous.status === 'authenticated' ? { status: 'anonymous', expired: true } : previous)),
    );
    return () => {
      cancelled = true;
      setUnauthenticatedHandler(null);
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    await api.post('/api/v1/auth/login', { username, password });
    // /auth/me also returns the permissions, which the login response does not carry.
    const session = await fetchSession();
    setState(session ? { status: 'authenticated', session } : { status: 'anonymous', expired: false });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout');
    } finally {
      setState({ status: 'anonymous', expired: false });
    }
  }, []);

  const refresh = useCallback(async () => {
    const session = await fetchSession();
    setState(session ? { status: 'authenticated', session } : { status: 'anonymous', expired: true });
  }, []);

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

export interface SessionAccess extends Session {
  can(permission: Permission): boolean;
  /** True when any of the permissions is granted; an empty list means "everyone". */
  canAny(permissions: readonly Permission[]): boolean;
}

/** The logged-in user; only for components rendered behind RequireAuth. */
export function useSession(): SessionAccess {
  const { state } = useAuth();
  const session = state.status === 'authenticated' ? state.session : null;
  const access = useMemo<SessionAccess | null>(
    () =>
      session && {
        ...session,
        can: (permission) => session.permissions.has(permission),
        canAny: (permissions) => permissions.length === 0 || permissions.some((permission) => session.permissions.has(permission)),
      },
    [session],
  );
  if (!access) throw new Error('useSession without a session');
  return access;
}
