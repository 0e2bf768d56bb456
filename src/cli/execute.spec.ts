import { afterEach, describe, expect, it, vi } from 'vitest';
import { printResult } from './execute.js';

/** What `asxh` prints without --json: an outline people read, amounts with thousand separators (issue 22 item 7). */
describe('the readable outline of a result', () => {
  const written: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    written.length = 0;
  });
  const print = (result: unknown, json: boolean) => {
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    printResult(result, json);
    return written.join('');
  };

  it('groups the thousands of every amount (…Vnd), a recovery with its sign; other numbers and codes stay as they are', () => {
    const text = print({ cycleId: 12345, status: 'FUNDED', totalVnd: 1234567890, lines: [{ amountVnd: '-500000', component: 'RECOVERY' }], feeVnd: 0 }, false);
    expect(text).toContain('totalVnd: 1.234.567.890 ₫');
    expect(text).toContain('amountVnd: -500.000 ₫');
    expect(text).toContain('feeVnd: 0 ₫');
    expect(text).toContain('cycleId: 12345');
    expect(text).toContain('status: FUNDED');
  });

  it('keeps the numbers of --json for machines', () => {
    expect(JSON.parse(print({ totalVnd: 1234567890 }, true))).toEqual({ totalVnd: 1234567890 });
  });
});
