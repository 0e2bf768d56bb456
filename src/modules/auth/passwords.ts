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

export function checkPasswordPolicy(password: string, username: string): void {
  if (password.length < limits.passwordLengthMin || password.length > limits.passwordLengthMax) {
    throw domainError(
      'PASSWORD_WEAK',
      400,
      `Mật khẩu phải dài từ ${limits.passwordLengthMin} đến ${limits.passwordLengthMax} ký tự`,
      `The password must be ${limits.passwordLengthMin} to ${limits.passwordLengthMax} characters long`,
      { field: 'password' },
    );
  }
  if (password.toLowerCase().includes(username.toLowerCase())) {
    throw domainError('PASSWORD_WEAK', 400, 'Mật khẩu không được chứa tên đăng nhập', 'The password must not contain the username', {
      field: 'password',
    });
  }
}
