import { describe, expect, it } from 'vitest';
import { collectText, renderInChunks, utf8Chunks } from './streams.js';

describe('utf8Chunks', () => {
  it('decodes characters split across chunks and drops a BOM', async () => {
    const bytes = Buffer.from('\uFEFFĐào ơi', 'utf8');
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(await collectText(utf8Chunks(chunks))).toBe('Đào ơi');
    expect(await collectText(utf8Chunks(['\uFEFFabc', 'def']))).toBe('abcdef');
  });

  it('refuses invalid UTF-8', async () => {
    await expect(collectText(utf8Chunks([Uint8Array.of(0x61, 0xc3)]))).rejects.toThrow(/not valid UTF-8/);
  });
});

describe('renderInChunks', () => {
  it('joins items into chunks of the given size', async () => {
    const chunks: string[] = [];
    for await (const chunk of renderInChunks([1, 2, 3, 4, 5], (n, i) => `${i}:${n};`, 2)) chunks.push(chunk);
    expect(chunks).toEqual(['0:1;1:2;', '2:3;3:4;', '4:5;']);
    const none: string[] = [];
    for await (const chunk of renderInChunks([], String)) none.push(chunk);
    expect(none).toEqual([]);
  });
});
