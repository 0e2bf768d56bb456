/**
 * The provider directory (GET /api/v1/providers) needs a login, so the public page carries the
 * common choices itself: NAPAS BINs of the banks that pay most allowances, the wallets and Mobile
 * Money services of the directory, VNPost for cash. Another bank is a free 6-digit code.
 */
export interface PublicProvider {
  code: string;
  name: string;
}

export const publicBanks: readonly PublicProvider[] = [
  { code: '970405', name: 'Agribank' },
  { code: '999888', name: 'Ngân hàng Chính sách xã hội (VBSP)' },
  { code: '970449', name: 'LPBank (Lộc Phát)' },
  { code: '970436', name: 'Vietcombank' },
  { code: '970415', name: 'VietinBank' },
  { code: '970418', name: 'BIDV' },
  { code: '970422', name: 'MB' },
  { code: '970407', name: 'Techcombank' },
  { code: '970403', name: 'Sacombank' },
  { code: '970416', name: 'ACB' },
  { code: '970432', name: 'VPBank' },
];

export const publicWallets: readonly PublicProvider[] = [
  { code: '971005', name: 'Viettel Money' },
  { code: '971011', name: 'VNPT Money' },
  { code: '971025', name: 'MoMo' },
];

export const publicMobileMoney: readonly PublicProvider[] = [
  { code: '971005', name: 'Viettel Money' },
  { code: '971011', name: 'VNPT Money' },
];

export const cashProvider = 'VNPOST';

/** "0987 654 321", "+84987654321" → true for a Vietnamese mobile number. */
export function isVietnameseMobile(value: string): boolean {
  return /^(0|\+?84)[35789]\d{8}$/.test(value.replace(/[\s.-]/g, ''));
}

/** "12031950" or "12/3/1950" → "12/03/1950"; null when it is not a real past date. */
export function normalizeBirthDate(value: string): string | null {
  const digits = value.replace(/\D/g, '');
  let day: number;
  let month: number;
  let year: number;
  const parts = value.split(/[/.-]/).filter(Boolean);
  if (parts.length === 3) [day, month, year] = parts.map(Number) as [number, number, number];
  else if (digits.length === 8) [day, month, year] = [Number(digits.slice(0, 2)), Number(digits.slice(2, 4)), Number(digits.slice(4))];
  else return null;
  const date = new Date(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day || year < 1900 || date > new Date()) return null;
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}
