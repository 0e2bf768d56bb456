import { translate, type Language } from '../i18n';

/**
 * The one place the web app talks to the server: JSON requests, file downloads and multipart
 * uploads. Every request carries the session cookie and the interface language (the server
 * localises its messages from Accept-Language); every failure becomes an ApiError with the
 * server's stable code, whatever kind of request it was, and an answer without a valid session
 * (401 UNAUTHENTICATED) sends the user back to the login page from any of them.
 */

/**
 * An API failure: the server's `{code, message, details}` body (details.messageVi / messageEn
 * carry the message in both languages), or a local code: NETWORK, HTTP_<status>.
 */
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

  /** The server's message in the given language when it sent both, else the message received. */
  messageIn(language: Language): string {
    const localized = language === 'vi' ? this.details.messageVi : this.details.messageEn;
    return typeof localized === 'string' && localized ? localized : this.message;
  }

  /** 403: the role may not do this (the message says why). */
  get forbidden(): boolean {
    return this.status === 403;
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

/**
 * A 404 that names no record but a path: the route itself is missing (a server without the
 * module, or an older version). Pages say so instead of "Không tìm thấy".
 */
export function isRouteMissing(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && typeof error.details.path === 'string' && !('entity' in error.details);
}

function toApiError(status: number, body: unknown): ApiError {
  if (isRecord(body) && typeof body.code === 'string' && typeof body.message === 'string') {
    const details = isRecord(body.details) ? body.details : {};
    const error = new ApiError(status, body.code, body.message, details);
    if (!isRouteMissing(error)) return error;
    return new ApiError(status, body.code, translate(language, 'error.routeMissing', { path: String(details.path) }), details);
  }
  // A proxy or a crashed server answered without our error body.
  if (status === 403) return new ApiError(status, 'FORBIDDEN', translate(language, 'error.forbiddenPage'));
  return new ApiError(status, `HTTP_${status}`, `${translate(language, 'error.unexpected')} (HTTP ${status})`);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Sends a request and turns a network failure into ApiError NETWORK (an abort stays an abort). */
async function send(path: string, init: RequestInit, extraHeaders: Record<string, string>): Promise<Response> {
  try {
    return await fetch(path, {
      ...init,
      // The API is always served from the app's own origin (the dev server proxies it), so the
      // session cookie is sent there and never to another origin.
      credentials: 'same-origin',
      headers: { 'Accept-Language': language, ...extraHeaders },
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK', translate(language, 'error.network'));
  }
}

/** Every non-2xx answer, of any kind of request, goes through here. */
async function failure(response: Response): Promise<ApiError> {
  const error = toApiError(response.status, await readBody(response));
  if (error.code === 'UNAUTHENTICATED') onUnauthenticated?.();
  return error;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await send(
    withQuery(path, options.query),
    { method: options.method ?? 'GET', body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: options.signal },
    headers,
  );
  if (!response.ok) throw await failure(response);
  return (await readBody(response)) as T;
}

/** The file name the server gave in Content-Disposition (the UTF-8 form first). */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      // Fall through to the plain name.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? null;
}

/** Hands a blob to the browser as a download named `name`. */
function save(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = name;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Some browsers read the object URL after click() returns.
  window.setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

export interface DownloadOptions {
  query?: Query;
  /** The name to save under when the server sends none. */
  fallbackName?: string;
}

export const api = {
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return apiRequest<T>(path, { query, signal });
  },
  post<T>(path: string, body?: unknown): Promise<T> {
    return apiRequest<T>(path, { method: 'POST', body });
  },
  put<T>(path: string, body?: unknown): Promise<T> {
    return apiRequest<T>(path, { method: 'PUT', body });
  },

  /**
   * Downloads a file the server builds (XLSX, PDF, XML, CSV) and saves it under the server's name,
   * which it returns. A failure is the server's error, never an error page saved as a file.
   */
  async download(path: string, options: DownloadOptions = {}): Promise<string> {
    const response = await send(withQuery(path, options.query), { method: 'GET' }, {});
    if (!response.ok) throw await failure(response);
    const name = fileNameOf(response.headers.get('content-disposition')) ?? options.fallbackName ?? 'tai-lieu';
    save(await response.blob(), name);
    return name;
  },

  /** Uploads one file as multipart field "file" and returns the JSON answer. */
  async upload<T>(path: string, file: File): Promise<T> {
    const form = new FormData();
    form.append('file', file, file.name);
    const response = await send(path, { method: 'POST', body: form }, { Accept: 'application/json' });
    if (!response.ok) throw await failure(response);
    return (await readBody(response)) as T;
  },
};

/** The message to show for any thrown value, in the interface language. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.messageIn(language);
  if (error instanceof Error) return error.message;
  return translate(language, 'error.unexpected');
}
