/**
 * What the web's component tests (web/src/**\/*.test.tsx, run by `npm test` in jsdom) share: a
 * fake API at the fetch level — routes answered by handlers, every request recorded — and the
 * app's providers around the component under test (language, Ant Design's App, router, the
 * session from GET /api/v1/auth/me, the locality). Components talk to it through the real API
 * client, so what a test asserts about a request is what the browser would send.
 */
import { StyleProvider } from '@ant-design/cssinjs';
import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { App as AntApp, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, expect, vi } from 'vitest';
import { AuthProvider } from '../auth';
import { RequireAuth } from '../components/guards';
import { LanguageProvider } from '../language';
import type { Permission } from '../permissions';
import type { Role, Unit, UserView } from '../types';

// A loaded CI machine answers slower than Testing Library's default second.
configure({ asyncUtilTimeout: 10_000 });

// jsdom lacks what Ant Design measures the screen with.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body, or for a multipart upload the names of its files by field. */
  body: unknown;
  headers: Record<string, string>;
}

export interface Reply {
  status?: number;
  body?: unknown;
}

export type Handler = (request: RecordedRequest, params: Record<string, string>) => Reply | unknown | Promise<Reply | unknown>;

/** A reply with a status: `reply(403, {...})`; a handler returning anything else answers 200 with it. */
export function reply(status: number, body?: unknown): Reply & { [replyMark]: true } {
  return { status, body, [replyMark]: true };
}
const replyMark = Symbol('reply');

/** The server's error shape: `{code, message, details}` with both languages in details. */
export function apiError(status: number, code: string, message: string, details: Record<string, unknown> = {}): Reply {
  return reply(status, { code, message, details: { ...details, messageVi: message, messageEn: message } });
}

function compile(pattern: string): { method: string; regex: RegExp; names: string[] } {
  const [method, path] = pattern.split(' ') as [string, string];
  const names: string[] = [];
  const regex = new RegExp(`^${path.replace(/:(\w+)/g, (_whole, name: string) => (names.push(name), '([^/]+)'))}$`);
  return { method, regex, names };
}

export interface FakeServer {
  requests: RecordedRequest[];
  /** Requests of a method and path (exact, without the query). */
  sent(method: string, path: string): RecordedRequest[];
  on(pattern: string, handler: Handler): void;
}

/**
 * Replaces fetch with the given routes ("POST /api/v1/payroll/cycles/:id/submit" → handler). A
 * route nobody answers gets the server's 404 for a missing route, and is recorded like the rest.
 */
export function fakeServer(routes: Record<string, Handler> = {}): FakeServer {
  const table = Object.entries(routes).map(([pattern, handler]) => ({ ...compile(pattern), handler }));
  const requests: RecordedRequest[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    let body: unknown;
    if (typeof init.body === 'string') body = JSON.parse(init.body) as unknown;
    else if (init.body instanceof FormData) {
      const files: Record<string, string> = {};
      init.body.forEach((value, key) => (files[key] = value instanceof File ? value.name : String(value)));
      body = files;
    }
    const request: RecordedRequest = { method: init.method ?? 'GET', path: url.pathname, query: url.searchParams, body, headers: (init.headers ?? {}) as Record<string, string> };
    requests.push(request);
    // Later routes (added with `on`) win over the defaults.
    for (const route of [...table].reverse()) {
      const match = route.method === request.method ? route.regex.exec(request.path) : null;
      if (!match) continue;
      const params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
      const result = await route.handler(request, params);
      const { status, body: payload } = result && typeof result === 'object' && replyMark in result ? (result as Reply) : { status: 200, body: result };
      return new Response(payload === undefined ? '' : JSON.stringify(payload), { status, headers: { 'Content-Type': 'application/json' } });
    }
    return new Response(JSON.stringify({ code: 'NOT_FOUND', message: 'Không tìm thấy', details: { path: request.path } }), { status: 404 });
  });
  vi.stubGlobal('fetch', fetchStub);
  return {
    requests,
    sent: (method, path) => requests.filter((request) => request.method === method && request.path === path),
    on: (pattern, handler) => table.push({ ...compile(pattern), handler }),
  };
}

// vitest runs without globals, so Testing Library cannot unmount by itself.
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const provinceUnit: Unit = {
  id: 51,
  code: '51',
  level: 'province',
  generation: '2025',
  name: 'Quảng Ngãi',
  nameWithType: 'Tỉnh Quảng Ngãi',
  provinceCode: '51',
  parentCode: null,
  validFrom: null,
  validTo: null,
};
const communeUnit: Unit = { ...provinceUnit, id: 23293, code: '23293', level: 'commune', name: 'Kon Tum', nameWithType: 'Phường Kon Tum', parentCode: '51' };

export interface SessionOptions {
  role?: Role;
  username?: string;
  permissions?: readonly Permission[];
  /** commune (Phường Kon Tum, the default), province (Quảng Ngãi) or national. */
  scope?: 'commune' | 'province' | 'national';
}

/** The routes every rendered page needs: who is logged in, and the units of their locality. */
export function sessionRoutes({ role = 'officer', username = 'canbo.kontum', permissions = [], scope = 'commune' }: SessionOptions = {}): Record<string, Handler> {
  const user: UserView = {
    id: 7,
    username,
    fullName: 'Nguyễn Thị Lan',
    role,
    unitCode: scope === 'commune' ? '23293' : scope === 'province' ? '51' : null,
    scopeLevel: scope,
    providerCode: null,
    status: 'active',
    locked: false,
    mustChangePassword: false,
  };
  return {
    'GET /api/v1/auth/me': () => ({ user, permissions }),
    'GET /api/v1/units/:code': (_request, { code }) => ({ unit: code === '51' ? provinceUnit : communeUnit }),
  };
}

/**
 * The open dialog (Ant Design renders it in a portal). Queries by role are slow on Ant Design's
 * markup in jsdom, so the helpers below find elements by text and label instead.
 */
export async function findDialog(): Promise<HTMLElement> {
  return waitFor(() => {
    const dialogs = [...document.querySelectorAll<HTMLElement>('.ant-modal-wrap[role="dialog"], .ant-modal[role="dialog"], [role="dialog"]')];
    const open = dialogs.filter((element) => element.closest('[style*="display: none"]') === null);
    expect(open.length).toBeGreaterThan(0);
    return open.at(-1)!;
  });
}

/** The button whose text is `name` (exactly, spaces ignored) inside `container`. */
export function button(container: HTMLElement, name: string): HTMLButtonElement {
  const found = [...container.querySelectorAll<HTMLButtonElement>('button')].filter((element) => element.textContent?.replace(/\s+/g, ' ').trim() === name);
  if (found.length !== 1) throw new Error(`${found.length} buttons named "${name}"`);
  return found[0]!;
}

/** A user-event session without delays or the pointer-events check (both only slow jsdom down here). */
export function userSession({ applyAccept = true }: { applyAccept?: boolean } = {}) {
  return userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never, applyAccept });
}

/** Opens an Ant Design Select (by its field's label) and picks the option with this text. */
export async function choose(user: ReturnType<typeof userSession>, container: HTMLElement, label: string, option: string): Promise<void> {
  await user.click(within(container).getByLabelText(label));
  const item = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((element) => element.textContent === option);
    expect(found, `option "${option}"`).toBeDefined();
    return found!;
  });
  await user.click(item);
}

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

/**
 * Renders `ui` inside the app's providers, in Vietnamese, for the session the fake server's
 * /auth/me describes, and waits until the session and locality are loaded. The current route is
 * in `screen.getByTestId('location')`.
 */
export async function renderInApp(ui: ReactNode, { path = '/' }: { path?: string } = {}) {
  const result = render(
    <LanguageProvider initial="vi">
      {/* No CSS in jsdom: generating and parsing Ant Design's styles is most of a test's time. */}
      <StyleProvider mock="server">
      <ConfigProvider locale={viVN} theme={{ token: { motion: false } }}>
        <AntApp>
          <MemoryRouter initialEntries={[path]}>
            <AuthProvider>
              <RequireAuth>
                <Routes>
                  <Route path="*" element={<>{ui}<LocationProbe /></>} />
                </Routes>
              </RequireAuth>
            </AuthProvider>
          </MemoryRouter>
        </AntApp>
      </ConfigProvider>
      </StyleProvider>
    </LanguageProvider>,
  );
  await waitFor(() => expect(screen.queryByTestId('location')).not.toBeNull());
  return result;
}
