import { translate, type Language } from './i18n';

/**
 * The one place the web app talks to the server. Every request carries the session cookie and
 * the interface language (the server localises error messages from Accept-Language); every
 * failure becomes an ApiError with the server's stable code.
 */

/** An API failure: the server's {code, message, details} body, or a local code such as NETWORK. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

let language: Language = 'vi';
let onUnauthenticated: (() => void) | null = null;

/** Called by the language context so that server messages come back in the chosen language. */
export function setApiLanguage(next: Language): void {
  language = next;
}

/**
 * Called by the session context: a request that finds no valid session (it expired, or the user
 * logged out in another tab) sends the user back to the login page.
 */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  if (isRecord(body) && typeof body.code === 'string' && typeof body.message === 'string') {
    return new ApiError(status, body.code, body.message, isRecord(body.details) ? body.details : {});
  }
  // A proxy or a crashed server answered without our error body.
  return new ApiError(status, `HTTP_${status}`, `${translate(language, 'error.unexpected')} (HTTP ${status})`);
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      // The API is always served from the app's own origin (the dev server proxies it), so the
      // session cookie is sent there and never to another origin.
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK', translate(language, 'error.network'));
  }
  const body = await readBody(response);
  if (!response.ok) {
    const error = toApiError(response.status, body);
    if (error.code === 'UNAUTHENTICATED') onUnauthenticated?.();
    throw error;
  }
  return body as T;
}

export const api = {
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return apiRequest<T>(path, { query, signal });
  },
  post<T>(path: string, body?: unknown): Promise<T> {
    return apiRequest<T>(path, { method: 'POST', body });
  },
};

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return translate(language, 'error.unexpected');
}
