import { ApiError } from '../../api';
import type { Language } from '../../i18n';

/**
 * File transfers, which api.ts (JSON only) does not cover: a multipart upload and a download that
 * reports the server's error message instead of saving an error page as a file.
 */

async function errorOf(response: Response, fallback: string): Promise<ApiError> {
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown; details?: unknown };
    if (typeof body.code === 'string' && typeof body.message === 'string') {
      const details = typeof body.details === 'object' && body.details !== null ? (body.details as Record<string, unknown>) : {};
      return new ApiError(response.status, body.code, body.message, details);
    }
  } catch {
    // Not our JSON error body (a proxy's page): the generic message below.
  }
  return new ApiError(response.status, `HTTP_${response.status}`, `${fallback} (HTTP ${response.status})`);
}

const networkMessage: Record<Language, string> = {
  vi: 'Không kết nối được máy chủ. Hãy kiểm tra mạng và thử lại.',
  en: 'Cannot reach the server. Check the network and try again.',
};

const failedMessage: Record<Language, string> = { vi: 'Không tải được tệp', en: 'The file could not be loaded' };

/** POSTs one file as multipart field `file` and returns the JSON answer. */
export async function uploadFile<T>(url: string, file: File, language: Language): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': language } });
  } catch {
    throw new ApiError(0, 'NETWORK', networkMessage[language]);
  }
  if (!response.ok) throw await errorOf(response, failedMessage[language]);
  return (await response.json()) as T;
}

/** `attachment; filename="x"; filename*=UTF-8''b%C3%A1o-c%C3%A1o.xlsx` → "báo-cáo.xlsx". */
function fileNameOf(disposition: string | null): string | null {
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

/** Downloads a file the server builds (XLSX report, PDF card) and saves it under the server's name. */
export async function downloadFile(url: string, fallbackName: string, language: Language): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': language } });
  } catch {
    throw new ApiError(0, 'NETWORK', networkMessage[language]);
  }
  if (!response.ok) throw await errorOf(response, failedMessage[language]);
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns.
  window.setTimeout(() => URL.revokeObjectURL(href), 30_000);
  return name;
}
