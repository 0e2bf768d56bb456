/**
 * Assertions catch programmer errors (TigerStyle): a failed assertion is a bug, never an expected
 * operating condition. Operating errors are `AppError`s with a stable code.
 */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function unreachable(value: never, message = 'unreachable'): never {
  throw new AssertionError(`${message}: ${String(value)}`);
}
