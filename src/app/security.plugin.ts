import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { domainError, type AppError } from '../core/errors.js';
import { forbiddenCharacterOf } from '../core/text.js';
import type { Config } from '../config.js';
import { sessionCookieName } from './http.js';

/**
 * Web hardening of every answer and every request (issue #18, docs/security.md "Web hardening"):
 * security headers, the same-origin rule for state-changing requests of a logged-in browser, and
 * no control characters in any text the API receives.
 */

/**
 * The web app is Vite's build: scripts only from this server (no inline script, no eval). Ant
 * Design writes its styles at run time (CSS-in-JS `<style>` elements and `style` attributes), so
 * styles alone allow 'unsafe-inline'. Images: this server, `data:` (the favicon, QR codes, Swagger
 * UI's icons) and `blob:` (downloaded files shown before saving).
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
].join('; ');

/** One year: browsers keep to HTTPS for this host once they have seen the answer over HTTPS. */
const hstsMaxAgeSeconds = 365 * 24 * 3600;

const staticHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Paths hold personal IDs (/beneficiaries/<id>): never sent to another site. Same-origin
  // requests keep their Origin header, which the origin check reads.
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'x-dns-prefetch-control': 'off',
  'x-permitted-cross-domain-policies': 'none',
};

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A cross-site login would log the victim's browser into the attacker's account: checked without a cookie too. */
const loginPath = '/api/v1/auth/login';
const sessionCookiePattern = new RegExp(`(?:^|;\\s*)${sessionCookieName}=`);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** This server's origin as the browser sees it: scheme and host through the trusted proxy, if any. */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`.toLowerCase();
}

function crossSiteRefused(origin: string | undefined, fetchSite: string | undefined): AppError {
  return domainError(
    'CROSS_SITE_REQUEST_REFUSED',
    403,
    'Yêu cầu thay đổi dữ liệu gửi từ một trang web khác đã bị từ chối; hãy thao tác trên trang của hệ thống',
    'A state-changing request sent from another website was refused; use the application’s own pages',
    { origin: origin ?? null, fetchSite: fetchSite ?? null },
  );
}

/**
 * Whether a state-changing request is refused as cross-site. Browsers send Sec-Fetch-Site (which
 * a page cannot forge) and Origin on every POST, PUT, PATCH and DELETE; `same-origin` is this
 * site. Without either header the caller is not a browser carrying a page's request (the `asxh`
 * CLI, a provider's signed callback, scripts), and no other site can make a browser send it.
 */
export function crossSiteReason(request: FastifyRequest, allowedOrigins: readonly string[]): AppError | undefined {
  const fetchSite = header(request, 'sec-fetch-site')?.toLowerCase();
  const origin = header(request, 'origin')?.toLowerCase();
  if (fetchSite === 'same-origin') return undefined;
  if (origin !== undefined) {
    if (origin !== 'null' && (origin === ownOrigin(request) || allowedOrigins.includes(origin))) return undefined;
    return crossSiteRefused(origin, fetchSite);
  }
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return crossSiteRefused(origin, fetchSite);
  return undefined;
}

function forbiddenCharacter(field: string, location: string, character: string): AppError {
  const name = field || location;
  const vi = `Trường «${name}» chứa ký tự điều khiển không được phép (${character})`;
  const en = `The field "${name}" holds a control character that is not allowed (${character})`;
  return domainError('TEXT_FORBIDDEN_CHARACTER', 400, vi, en, {
    field: name,
    location,
    character,
    issues: [{ field: name, code: 'TEXT_FORBIDDEN_CHARACTER', message: vi, messageEn: en }],
  });
}

/** Deepest nesting walked; deeper JSON is refused, as no route takes it. */
const jsonDepthMax = 32;

/** The first key or string value (depth-first) holding a forbidden character: its dotted path and the character. */
export function findForbiddenText(value: unknown, path = '', depth = 0): { field: string; character: string } | undefined {
  if (typeof value === 'string') {
    const character = forbiddenCharacterOf(value);
    return character ? { field: path, character } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= jsonDepthMax) return { field: path, character: 'depth' };
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = findForbiddenText(value[index], path ? `${path}.${index}` : String(index), depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const field = path ? `${path}.${key}` : key;
    const keyCharacter = forbiddenCharacterOf(key);
    if (keyCharacter) return { field: scrubKey(field), character: keyCharacter };
    const found = findForbiddenText(item, field, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A path shown back with its control characters as `?` (the answer itself must stay clean). */
function scrubKey(path: string): string {
  return [...path].map((character) => (forbiddenCharacterOf(character) ? '?' : character)).join('');
}

function checkText(value: unknown, location: string): void {
  const found = findForbiddenText(value);
  if (!found) return;
  if (found.character === 'depth') {
    throw domainError('JSON_TOO_DEEP', 400, `Dữ liệu lồng quá ${jsonDepthMax} cấp`, `The data is nested deeper than ${jsonDepthMax} levels`, { field: found.field, location });
  }
  throw forbiddenCharacter(found.field, location, found.character);
}

/**
 * Multipart text fields and the file's name: checked when the route asks for the file
 * (`request.file()`), on the fields sent before it. The file's bytes are the importer's business.
 */
function checkMultipartFile(file: MultipartFile): void {
  const nameCharacter = forbiddenCharacterOf(file.filename) ?? forbiddenCharacterOf(file.fieldname);
  if (nameCharacter) throw forbiddenCharacter('filename', 'multipart', nameCharacter);
  for (const [name, entry] of Object.entries(file.fields)) {
    const parts = Array.isArray(entry) ? entry : [entry];
    for (const part of parts) {
      if (!part) continue;
      const nameFound = forbiddenCharacterOf(name);
      if (nameFound) throw forbiddenCharacter(scrubKey(name), 'multipart', nameFound);
      if (part.type !== 'field' || typeof part.value !== 'string') continue;
      const character = forbiddenCharacterOf(part.value);
      if (character) throw forbiddenCharacter(name, 'multipart', character);
    }
  }
}

/**
 * `request.file()` of a multipart request, guarded: its text fields and name checked, and a file
 * over @fastify/multipart's size limit fails its stream with the plugin's 413 error (the plugin
 * itself only marks the stream truncated), so the route's copy of the file stops with a 413.
 */
function guardMultipart(request: FastifyRequest): void {
  if (!request.isMultipart()) return;
  const original = request.file.bind(request);
  const { RequestFileTooLargeError } = request.server.multipartErrors;
  request.file = async (options) => {
    const file = await original(options);
    if (!file) return file;
    try {
      checkMultipartFile(file);
      // Busboy may have read past the limit already (a small body arrives at once).
      if (file.file.truncated) throw new RequestFileTooLargeError();
    } catch (error) {
      // Drain the refused upload so the answer is not held up by a stream no one reads.
      file.file.resume();
      throw error;
    }
    file.file.once('limit', () => file.file.destroy(new RequestFileTooLargeError()));
    return file;
  };
}

/** Config's `trustProxy` as Fastify takes it (a number of hops as the function Fastify would make of it). */
export function trustProxyOption(trustProxy: Config['trustProxy'] | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return trustProxy ?? false;
}

export function registerSecurity(app: FastifyInstance, config: Pick<Config, 'allowedOrigins'>): void {
  // A context built from a partial configuration (some scripts) has no allow-list: own origin only.
  const allowedOrigins = (config.allowedOrigins as string[] | undefined ?? []).map((origin) => origin.toLowerCase());

  app.addHook('onRequest', async (request) => {
    if (!stateChanging.has(request.method)) return;
    const path = request.url.split('?', 1)[0];
    const cookie = header(request, 'cookie');
    if (path !== loginPath && !(cookie && sessionCookiePattern.test(cookie))) return;
    const refused = crossSiteReason(request, allowedOrigins);
    if (refused) throw refused;
  });

  app.addHook('preValidation', async (request) => {
    checkText(request.params, 'params');
    checkText(request.query, 'querystring');
    // A body kept as one string (a signed callback's raw bytes) is its route's to read.
    if (request.body !== null && typeof request.body === 'object') checkText(request.body, 'body');
    guardMultipart(request);
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(staticHeaders);
    // Only over HTTPS (directly, or through a proxy trusted with ASXH_TRUST_PROXY): over plain
    // HTTP browsers ignore it, and a plain-HTTP intranet install must stay reachable.
    if (request.protocol === 'https') reply.header('strict-transport-security', `max-age=${hstsMaxAgeSeconds}`);
  });
}
