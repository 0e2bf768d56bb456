import { api, ApiError, apiRequest, withQuery, type Query } from '../../api';
import type { Language } from '../../i18n';

/**
 * What the shared api.ts does not cover yet: PUT, file downloads (XLSX, PDF, XML, CSV) and file
 * uploads (multipart). Errors become the same ApiError as every other request, so pages show the
 * server's own message ("Số tiền chuyển … khác tổng danh sách …").
 */

export function apiPut<T>(path: string, body: unknown): Promise<T> {
  return apiRequest<T>(path, { method: 'PUT', body });
}

const texts = {
  network: { vi: 'Không kết nối được máy chủ. Hãy kiểm tra mạng và thử lại.', en: 'Cannot reach the server. Check the network and try again.' },
  unexpected: { vi: 'Đã xảy ra lỗi ngoài dự kiến', en: 'Something unexpected went wrong' },
  routeMissing: {
    vi: 'Chức năng này chưa được bật trên máy chủ (không tìm thấy {path}). Hãy báo quản trị hệ thống.',
    en: 'This function is not enabled on the server yet ({path} not found). Tell the system administrator.',
  },
} as const;

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

export function routeMissingMessage(error: unknown, language: Language): string | null {
  if (!isRouteMissing(error)) return null;
  const path = (error as ApiError).details.path as string;
  return texts.routeMissing[language].replace('{path}', path);
}

async function failure(response: Response, language: Language): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  const error =
    isRecord(body) && typeof body.code === 'string' && typeof body.message === 'string'
      ? new ApiError(response.status, body.code, body.message, isRecord(body.details) ? body.details : {})
      : new ApiError(response.status, `HTTP_${response.status}`, `${texts.unexpected[language]} (HTTP ${response.status})`);
  // Lets the session context notice an expired session (it listens on the shared api module).
  if (response.status === 401) void api.get('/api/v1/auth/me').catch(() => undefined);
  return error;
}

/** The file name the server gave in Content-Disposition (the UTF-8 form first). */
function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (utf8?.[1]) {
    try {
      return decodeURIComponent(utf8[1]);
    } catch {
      // fall through to the ASCII name
    }
  }
  const ascii = /filename="([^"]+)"/i.exec(header);
  return ascii?.[1] ?? fallback;
}

/** Downloads a generated file and hands it to the browser as a download; returns the file name. */
export async function downloadFile(path: string, query: Query | undefined, language: Language, fallbackName = 'tai-lieu'): Promise<string> {
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), { credentials: 'same-origin', headers: { 'Accept-Language': language } });
  } catch {
    throw new ApiError(0, 'NETWORK', texts.network[language]);
  }
  if (!response.ok) throw await failure(response, language);
  const blob = await response.blob();
  const name = fileNameOf(response, fallbackName);
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Some browsers read the object URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return name;
}

/** Uploads one file as multipart field "file" and returns the JSON answer. */
export async function uploadFile<T>(path: string, file: File, language: Language): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': language }, body: form });
  } catch {
    throw new ApiError(0, 'NETWORK', texts.network[language]);
  }
  if (!response.ok) throw await failure(response, language);
  return (await response.json()) as T;
}
