import argon2 from 'argon2';
import { domainError } from '../../core/errors.js';
import { limits } from '../../limits.js';

/** argon2id with the library's defaults (64 MiB, 3 passes, parallelism 4): ~50 ms per hash here. */
export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash of a random string, verified for unknown usernames so timing does not reveal them. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy-' + Math.random().toString(36));
  return decoyHash;
}

function weak(reason: string, vi: string, en: string): never {
  throw domainError('PASSWORD_WEAK', 400, vi, en, { field: 'password', reason });
}

/**
 * The most used passwords of public leak corpora, as zxcvbn ranks them (@zxcvbn-ts/language-common,
 * about 49,000 entries), lower-cased. Loaded on first use: the CLI's commands without passwords never pay for it.
 */
let commonPasswords: Set<string> | undefined;
async function loadCommonPasswords(): Promise<Set<string>> {
  if (!commonPasswords) {
    const { dictionary } = await import('@zxcvbn-ts/language-common');
    commonPasswords = new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
  }
  return commonPasswords;
}

/**
 * Whether the password is a common one, also once decorated: `Password2025!` is `password` with
 * a year and a sign, which every guessing list tries first.
 */
function isCommon(list: Set<string>, password: string): boolean {
  const lower = password.toLowerCase();
  if (list.has(lower)) return true;
  const core = lower.replace(/^[^a-z]+/, '').replace(/[^a-z]+$/, '');
  return core.length > 0 && core.length < lower.length && list.has(core);
}

/**
 * A short pattern repeated (`aaaaaaaaaaaa`, `abcabcabcabc`, `Ab1!Ab1!Ab1!`): the password has no
 * more than 3 distinct characters, or is one block of up to 4 characters repeated.
 */
function isTrivialRepetition(password: string): boolean {
  if (new Set(password).size <= 3) return true;
  return /^(.{1,4})\1+$/su.test(password);
}

/** A run of consecutive keys or digits over the whole password (`123456789012`, `abcdefghijkl`, `qwertyuiop[]`). */
function isSequence(password: string): boolean {
  const lower = password.toLowerCase();
  const rows = ['1234567890', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
  for (const row of rows) {
    const cycle = row + row;
    const backwards = [...cycle].reverse().join('');
    if (lower.length <= cycle.length && (cycle.includes(lower) || backwards.includes(lower))) return true;
  }
  return false;
}

/**
 * The password policy (docs/security.md): 12 to 256 characters; not the username nor containing
 * it; not a common password (decorated with digits or signs or not); not a short pattern repeated
 * nor a run of consecutive keys. Errors in Vietnamese and English, code PASSWORD_WEAK with the reason.
 */
export async function checkPasswordPolicy(password: string, username: string): Promise<void> {
  if (password.length < limits.passwordLengthMin || password.length > limits.passwordLengthMax) {
    weak(
      'length',
      `Mật khẩu phải dài từ ${limits.passwordLengthMin} đến ${limits.passwordLengthMax} ký tự`,
      `The password must be ${limits.passwordLengthMin} to ${limits.passwordLengthMax} characters long`,
    );
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    weak('username', 'Mật khẩu không được chứa tên đăng nhập', 'The password must not contain the username');
  }
  if (isTrivialRepetition(password) || isSequence(password)) {
    weak('repetition', 'Mật khẩu không được là một ký tự hay một nhóm ký tự lặp lại, hay một dãy phím liên tiếp', 'The password must not be one character or a short group repeated, or a run of consecutive keys');
  }
  if (isCommon(await loadCommonPasswords(), password)) {
    weak('common', 'Mật khẩu này nằm trong danh sách mật khẩu phổ biến, dễ bị đoán; hãy chọn mật khẩu khác', 'This password is in the list of common passwords, easily guessed; choose another');
  }
}
