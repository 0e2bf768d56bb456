import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../core/errors.js';
import { loadProviderDirectory, parseProviderDirectory } from './providers.js';

const bank = { code: '970405', kind: 'BANK', shortName: 'Agribank', name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam', vietqrCode: 'VBA', channels: ['TK_NGAN_HANG'] };

function problemsOf(data: unknown): string {
  try {
    parseProviderDirectory(data, 'test.json');
  } catch (error) {
    expect(isAppError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected the directory to be rejected');
}

describe('the shipped provider directory', () => {
  const directory = loadProviderDirectory();

  it('has the big four banks, the wallets and VNPost', () => {
    expect(directory.get('970405')?.shortName).toBe('Agribank');
    expect(directory.get('970436')?.vietqrCode).toBe('VCB');
    expect(directory.get('971005')?.kind).toBe('MOBILE_MONEY');
    expect(directory.get('971025')?.channels).toEqual(['VI_DIEN_TU']);
    expect(directory.get('VNPOST')?.channels).toEqual(['TIEN_MAT', 'TAI_NHA']);
    expect(directory.get('000000')).toBeUndefined();
  });

  it('finds a provider by code, VietQR code or short name, as a "Ngân hàng" column of an exported list names it', () => {
    expect(directory.find('970405')?.code).toBe('970405');
    expect(directory.find('vnpost')?.code).toBe('VNPOST');
    expect(directory.find('VBA')?.code).toBe('970405');
    expect(directory.find(' agribank ')?.code).toBe('970405');
    expect(directory.find('Vietcombank')?.code).toBe('970436');
    expect(directory.find('Vietin Bank')?.code).toBe('970415');
    expect(directory.find('Ngân hàng không có')).toBeUndefined();
  });

  it('lists the providers of a channel', () => {
    expect(directory.forChannel('MOBILE_MONEY').map((provider) => provider.code)).toEqual(['971005', '971011']);
    expect(directory.forChannel('VI_DIEN_TU').map((provider) => provider.code)).toEqual(['971005', '971011', '971025']);
    expect(directory.forChannel('TAI_NHA').map((provider) => provider.code)).toEqual(['VNPOST']);
    expect(directory.forChannel('TK_NGAN_HANG').length).toBe(31);
    expect(directory.serves('971005', 'TK_NGAN_HANG')).toBe(false);
    expect(directory.serves('970418', 'TK_NGAN_HANG')).toBe(true);
  });
});

describe('parseProviderDirectory', () => {
  it('rejects what is not an array, bad fields, duplicates and impossible channels', () => {
    expect(problemsOf({})).toContain('expected a JSON array');
    expect(problemsOf([])).toContain('empty');
    expect(problemsOf([{ ...bank, code: '9704' }])).toContain('code 9704 must be a 6-digit BIN');
    expect(problemsOf([{ ...bank, kind: 'SHOP' }])).toContain('kind must be one of');
    expect(problemsOf([bank, bank])).toContain('code 970405 appears twice');
    expect(problemsOf([{ ...bank, channels: ['VI_DIEN_TU'] }])).toContain('only an EWALLET or MOBILE_MONEY provider');
    expect(problemsOf([{ ...bank, kind: 'EWALLET' }])).toContain('only a BANK can serve TK_NGAN_HANG');
    expect(problemsOf([{ ...bank, channels: [] }])).toContain('channels must be a non-empty list');
    expect(problemsOf([{ ...bank, vietqrCode: 5 }])).toContain('vietqrCode');
    expect(problemsOf([{ ...bank, name: ' ' }])).toContain('provider 1: shortName and name');
  });

  it('accepts a POSTAL provider with a letter code and no VietQR code', () => {
    const directory = parseProviderDirectory([{ code: 'VIETTELPOST', kind: 'POSTAL', shortName: 'Viettel Post', name: 'Tổng Công ty Cổ phần Bưu chính Viettel', channels: ['TIEN_MAT'] }], 'test');
    expect(directory.get('VIETTELPOST')?.vietqrCode).toBeNull();
  });
});

describe('loadProviderDirectory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asxh-providers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file when it is not JSON', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '[{');
    expect(() => loadProviderDirectory(path)).toThrow(/PROVIDER_DIRECTORY_INVALID.*broken\.json/);
  });

  it('reads a file of the shipped format', () => {
    const path = join(dir, 'one.json');
    writeFileSync(path, JSON.stringify([bank]));
    expect(loadProviderDirectory(path).get('970405')?.name).toBe(bank.name);
  });
});
