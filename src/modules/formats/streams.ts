import { TextDecoder } from 'node:util';
import { parseFailed } from './errors.js';

/** Input sources for the streaming parsers: a Node Readable, any async or sync iterable of chunks. */
export type ChunkSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/**
 * Decodes a byte stream as UTF-8 text chunk by chunk. `stream: true` keeps a multi-byte character
 * split across two chunks intact. A leading BOM is dropped (banks' Windows tools add one). Invalid
 * UTF-8 is refused rather than silently replaced: a mangled reference would match nothing.
 */
export async function* utf8Chunks(source: ChunkSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let atStart = true;
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decode(decoder, chunk);
    if (atStart && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      atStart = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decode(decoder, undefined);
  if (rest.length > 0) yield rest;
}

function decode(decoder: TextDecoder, bytes: Uint8Array | undefined): string {
  try {
    return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
  } catch {
    throw parseFailed('input is not valid UTF-8');
  }
}

/** Collects a string generator: for tests and small outputs only (defeats streaming). */
export async function collectText(chunks: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return parts.join('');
}

/**
 * Renders items to text and yields it in chunks of `perChunk` items: one string per item would
 * make a million tiny writes, one string for all would hold the whole file in memory.
 */
export async function* renderInChunks<T>(
  items: AsyncIterable<T> | Iterable<T>,
  render: (item: T, position: number) => string,
  perChunk = 1000,
): AsyncGenerator<string> {
  let chunk = '';
  let position = 0;
  for await (const item of items) {
    chunk += render(item, position);
    position++;
    if (position % perChunk === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
