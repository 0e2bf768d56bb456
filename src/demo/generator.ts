import { addMonths } from '../core/month.js';
import { toBankAscii } from '../core/text.js';
import { categoryByCode } from '../modules/rules/categories.js';
import type { TemplateRow } from '../modules/registry/validation/import-row.js';
import { hash32, Random } from './random.js';

/**
 * Synthetic but realistic beneficiaries in the import template's format: Vietnamese names, valid
 * personal IDs (DOMAIN.md §5.1), a category mix close to the national one, and the channels seen
 * in 2024–2025 (about 40 % paid into accounts). Deterministic: row i of a seed is always the same.
 */

const surnames: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 3], ['Huỳnh', 2], ['Phan', 4.5], ['Vũ', 2], ['Võ', 2],
  ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5], ['Đinh', 0.8], ['Lò', 0.3], ['Y', 0.4],
];
const maleMiddle = ['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Hữu', 'Quang', 'Xuân', 'Công', 'Thanh', 'Ngọc', 'Đình'];
const femaleMiddle = ['Thị', 'Thị', 'Thị', 'Thị', 'Ngọc', 'Thanh', 'Thu', 'Minh', 'Kim', 'Mỹ', 'Xuân'];
const maleGiven = ['An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hùng', 'Huy', 'Khánh', 'Long', 'Minh', 'Nam', 'Phong', 'Phúc', 'Quân', 'Sơn', 'Tài', 'Thắng', 'Thành', 'Toàn', 'Trung', 'Tuấn', 'Việt', 'Vinh'];
const femaleGiven = ['An', 'Anh', 'Chi', 'Dung', 'Đào', 'Giang', 'Hà', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Liên', 'Linh', 'Mai', 'Nga', 'Ngọc', 'Nhung', 'Phương', 'Tâm', 'Thảo', 'Thu', 'Trang', 'Vân', 'Yến'];

/** Birth-registration province codes (legacy 3-digit), DOMAIN.md §5.1. */
const birthProvinces = [
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024', '025', '026', '027', '030', '031',
  '033', '034', '035', '036', '037', '038', '040', '042', '044', '045', '046', '048', '049', '051', '052', '054', '056', '058', '060', '062',
  '064', '066', '067', '068', '070', '072', '074', '075', '077', '079', '080', '082', '083', '084', '086', '087', '089', '091', '092', '093',
  '094', '095', '096',
];

interface CategoryPlan {
  programme: 'TGXH' | 'NCC' | 'HTXH';
  category: string;
  ageMin: number;
  ageMax: number;
  children?: boolean;
  injuryRate?: readonly [number, number];
  guardian?: boolean;
}

const plans: readonly (readonly [CategoryPlan, number])[] = [
  [{ programme: 'TGXH', category: 'BTXH_K5C', ageMin: 80, ageMax: 98 }, 30],
  [{ programme: 'TGXH', category: 'BTXH_K6_NANG', ageMin: 18, ageMax: 85 }, 18],
  [{ programme: 'TGXH', category: 'BTXH_K6_DBN', ageMin: 20, ageMax: 85 }, 8],
  [{ programme: 'TGXH', category: 'BTXH_K5A', ageMin: 62, ageMax: 90 }, 4],
  [{ programme: 'TGXH', category: 'BTXH_K5B', ageMin: 75, ageMax: 79 }, 2],
  [{ programme: 'TGXH', category: 'BTXH_K1', ageMin: 1, ageMax: 15, guardian: true }, 2.5],
  [{ programme: 'TGXH', category: 'BTXH_K4', ageMin: 24, ageMax: 50, children: true }, 2.5],
  [{ programme: 'TGXH', category: 'BTXH_K2', ageMin: 16, ageMax: 21 }, 0.7],
  [{ programme: 'TGXH', category: 'BTXH_K7', ageMin: 0, ageMax: 2, guardian: true }, 0.6],
  [{ programme: 'TGXH', category: 'BTXH_K8', ageMin: 25, ageMax: 60 }, 0.4],
  [{ programme: 'TGXH', category: 'BTXH_K3', ageMin: 2, ageMax: 15, guardian: true }, 0.1],
  [{ programme: 'TGXH', category: 'BTXH_K5D', ageMin: 65, ageMax: 90 }, 0.3],
  [{ programme: 'HTXH', category: 'HTXH_75', ageMin: 75, ageMax: 79 }, 3],
  [{ programme: 'NCC', category: 'NCC_THAN_NHAN_LS_1', ageMin: 60, ageMax: 95 }, 8],
  [{ programme: 'NCC', category: 'NCC_THUONG_BINH', ageMin: 65, ageMax: 90, injuryRate: [21, 100] }, 5],
  [{ programme: 'NCC', category: 'NCC_CDHH', ageMin: 65, ageMax: 90, injuryRate: [21, 100] }, 2.5],
  [{ programme: 'NCC', category: 'NCC_BENH_BINH', ageMin: 65, ageMax: 90, injuryRate: [41, 100] }, 1.5],
  [{ programme: 'NCC', category: 'NCC_TU_DAY', ageMin: 70, ageMax: 95 }, 1.5],
  [{ programme: 'NCC', category: 'NCC_GIUP_CM_KC', ageMin: 75, ageMax: 98 }, 1],
  [{ programme: 'NCC', category: 'NCC_THAN_NHAN_LS_2', ageMin: 75, ageMax: 98 }, 0.6],
  [{ programme: 'NCC', category: 'NCC_BMVNAH', ageMin: 95, ageMax: 100 }, 0.05],
];

const banks: readonly (readonly [string, number])[] = [
  ['970405', 45], ['970415', 12], ['970418', 12], ['970436', 10], ['970449', 8], ['970422', 5], ['970407', 3], ['970403', 3], ['999888', 2],
];
const wallets: readonly (readonly [string, string, number])[] = [
  ['MOBILE_MONEY', '971005', 6], ['MOBILE_MONEY', '971011', 3], ['VI_DIEN_TU', '971025', 1],
];
const mobilePrefixes = ['032', '033', '034', '035', '036', '037', '038', '039', '086', '096', '097', '098', '081', '082', '083', '084', '085', '088', '091', '094', '070', '076', '077', '078', '079', '090', '093'];
const relationships = ['con', 'con gái', 'con trai', 'cháu', 'vợ', 'chồng', 'người chăm sóc'];

/** Communes of the demo: the source documents' localities get most people. */
export const demoCommunes: readonly (readonly [string, number])[] = [
  ['23293', 30], ['23500', 25], ['19975', 12], ['20107', 10], ['22015', 4], ['21157', 4], ['13456', 3], ['00004', 3], ['25747', 3], ['16738', 3], ['03160', 3],
];

function pad(value: number, length: number): string {
  return String(value).padStart(length, '0');
}

function isoToVi(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function monthToVi(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

function fullName(random: Random, male: boolean): string {
  const surname = random.weighted(surnames);
  const middle = random.pick(male ? maleMiddle : femaleMiddle);
  const given = random.pick(male ? maleGiven : femaleGiven);
  return surname === 'Y' ? `Y ${given}` : `${surname} ${middle} ${given}`;
}

/**
 * 12-digit personal ID. The 6-digit random part is a bijection of the row index (7919 is prime
 * to 10^6), so rows i and i + k·10^6 differ only in the birth province, which is shifted by k:
 * IDs stay unique up to 63 million rows without remembering any.
 */
function personalId(index: number, provinceIndex: number, birthYear: number, male: boolean): string {
  const block = Math.floor(index / 1_000_000);
  const province = birthProvinces[(provinceIndex + block) % birthProvinces.length]!;
  const centuryBase = birthYear >= 2000 ? 2 : 0;
  const digit = centuryBase + (male ? 0 : 1);
  const serial = ((index % 1_000_000) * 7919 + 104729) % 1_000_000;
  return `${province}${digit}${pad(birthYear % 100, 2)}${pad(serial, 6)}`;
}

/** A representative's ID: only its structure matters (representatives need not be unique). */
function randomPersonalId(random: Random, birthYear: number, male: boolean): string {
  const digit = (birthYear >= 2000 ? 2 : 0) + (male ? 0 : 1);
  return `${random.pick(birthProvinces)}${digit}${pad(birthYear % 100, 2)}${pad(random.int(0, 999_999), 6)}`;
}

/**
 * The first month must fit the category's ages (IMPORT-TEMPLATE CATEGORY_AGE) and follow the
 * birth: not before the month the minimum age is reached, and before the upper age limit.
 */
function clampFirstMonth(month: string, birthDate: string, category: string, adult: boolean): string {
  const info = categoryByCode.get(category);
  const birthMonth = birthDate.slice(0, 7);
  let result = month < birthMonth ? birthMonth : month;
  // Without a guardian the person must be 16 on the 1st of the first month (GUARDIAN_REQUIRED).
  const sixteen = addMonths(birthMonth, 16 * 12 + 1);
  if (adult && result < sixteen) result = sixteen;
  if (info?.ageMin !== undefined) {
    const reached = addMonths(birthMonth, info.ageMin * 12);
    if (result < reached) result = reached;
  }
  if (info?.ageBelow !== undefined) {
    // On the 1st of this month the person is still under the limit.
    const last = addMonths(birthMonth, info.ageBelow * 12 - 1);
    if (result > last) result = last;
  }
  return result;
}

export interface DemoOptions {
  seed: number;
  /** ISO date the data is "as of" (decisions are before it). */
  today: string;
  /** Communes to spread people over, with weights. */
  communes?: readonly (readonly [string, number])[];
  /**
   * The last month the previous system paid, per commune (default: `today`'s month). Earlier
   * where ASXH Pay is to hold the months after it as its own history (demo/history.ts).
   */
  paidThroughMonth?: (communeCode: string) => string;
}

function phone(random: Random): string {
  return random.pick(mobilePrefixes) + pad(random.int(0, 9_999_999), 7);
}

/** One enrolment row (and for a few single poor parents a second, disability row of the same person). */
export function demoRows(index: number, options: DemoOptions): TemplateRow[] {
  // Birth date and sex depend on the index modulo 10^6 only: see personalId().
  const base = new Random(hash32(options.seed, index % 1_000_000));
  const random = new Random(hash32(options.seed, index, 0x5eed));
  const plan = random.weighted(plans);
  const todayYear = Number(options.today.slice(0, 4));
  const age = plan.ageMin + Math.floor(base.next() * (plan.ageMax - plan.ageMin + 1));
  const male = plan.category === 'NCC_BMVNAH' || plan.category === 'BTXH_K4' ? plan.category !== 'NCC_BMVNAH' && base.chance(0.1) : base.chance(0.48);
  const birthYear = todayYear - age - 1;
  const birthDate = `${birthYear}-${pad(base.int(1, 12), 2)}-${pad(base.int(1, 28), 2)}`;
  const name = fullName(random, male);
  const id = personalId(index, base.int(0, birthProvinces.length - 1), birthYear, male);
  const commune = random.weighted(options.communes ?? demoCommunes);
  const todayMonth = options.today.slice(0, 7);
  // Most people have been paid for years by the previous system; a few have a recent decision.
  const recent = random.chance(0.06);
  const firstMonth = clampFirstMonth(
    recent ? addMonths(todayMonth, -random.int(0, 3)) : addMonths(todayMonth, -random.int(6, 60)),
    birthDate,
    plan.category,
    !plan.guardian,
  );
  const decisionDate = `${firstMonth}-${pad(random.int(1, 25), 2)}`;
  const safeDecisionDate = decisionDate > options.today ? `${firstMonth}-01` : decisionDate;
  // By default the current month is already paid by the previous system: the next list is next month's.
  const previousSystemMonth = options.paidThroughMonth?.(commune) ?? todayMonth;
  const paidThrough = recent || firstMonth > previousSystemMonth ? '' : monthToVi(previousSystemMonth);
  const row: Record<string, string> = {
    ho_ten: name,
    ngay_sinh: isoToVi(birthDate),
    gioi_tinh: male ? 'Nam' : 'Nữ',
    so_dinh_danh: id,
    ma_don_vi: commune,
    dia_chi: `Thôn ${random.int(1, 12)}`,
    so_dien_thoai: age >= 16 && random.chance(0.6) ? phone(random) : '',
    chuong_trinh: plan.programme,
    ma_doi_tuong: plan.category,
    so_quyet_dinh: `${random.int(1, 999)}/QĐ-${plan.programme === 'NCC' ? 'SNV' : 'UBND'}`,
    ngay_quyet_dinh: isoToVi(safeDecisionDate),
    thang_bat_dau: monthToVi(firstMonth),
    chi_tra_den_thang: paidThrough,
    trang_thai: 'DANG_HUONG',
  };
  if (plan.children) row.so_con = String(random.int(1, 3));
  if (plan.injuryRate) row.ty_le_ton_thuong = String(random.int(plan.injuryRate[0], plan.injuryRate[1]));
  let representativeName: string | null = null;
  if (plan.guardian || (age >= 85 && random.chance(0.3))) {
    representativeName = fullName(random, random.chance(0.4));
    const repBirthYear = todayYear - random.int(30, 60);
    const repMale = representativeName.includes(' Văn ');
    row.nguoi_nhan_thay_loai = plan.guardian ? 'GIAM_HO' : 'UY_QUYEN';
    row.nguoi_nhan_thay_ho_ten = representativeName;
    row.nguoi_nhan_thay_so_dinh_danh = randomPersonalId(random, repBirthYear, repMale);
    row.nguoi_nhan_thay_quan_he = plan.guardian ? 'bà nội' : random.pick(relationships);
    if (!plan.guardian) row.giay_uy_quyen_het_han = `01/01/${todayYear + random.int(1, 3)}`;
  }
  const roll = random.next();
  const holder = representativeName && random.chance(0.5) ? representativeName : name;
  if (roll < 0.3 && age >= 16) {
    row.hinh_thuc_nhan = 'TK_NGAN_HANG';
    row.ma_to_chuc = random.weighted(banks);
    row.so_tai_khoan = pad(random.int(1, 9_999_999), 7) + pad(random.int(0, 999_999), 6);
    row.chu_tai_khoan = toBankAscii(holder);
  } else if (roll < 0.4 && age >= 16) {
    const [channel, provider] = random.weighted(wallets.map(([c, p, w]) => [[c, p] as const, w] as const));
    row.hinh_thuc_nhan = channel;
    row.ma_to_chuc = provider;
    row.so_tai_khoan = row.so_dien_thoai || phone(random);
    row.chu_tai_khoan = holder;
  } else if (roll < 0.45 || age >= 95) {
    row.hinh_thuc_nhan = 'TAI_NHA';
    row.ma_to_chuc = 'VNPOST';
  } else {
    row.hinh_thuc_nhan = 'TIEN_MAT';
    row.ma_to_chuc = 'VNPOST';
  }
  // A few people are suspended or have left.
  const statusRoll = random.next();
  if (!recent && statusRoll < 0.02) {
    row.trang_thai = 'THOI_HUONG';
    row.ly_do = random.pick(['CHET', 'CHUYEN_DI', 'KHONG_DU_DIEU_KIEN']);
    row.ngay_su_kien = isoToVi(`${addMonths(todayMonth, -random.int(1, 4))}-${pad(random.int(1, 28), 2)}`);
  } else if (!recent && statusRoll < 0.04) {
    row.trang_thai = 'TAM_DUNG';
    row.ly_do = 'KHONG_NHAN_3_THANG';
    row.ngay_su_kien = isoToVi(`${addMonths(todayMonth, -random.int(1, 3))}-${pad(random.int(1, 28), 2)}`);
  }
  const rows = [row as TemplateRow];
  // A single poor parent who is also severely disabled gets both amounts (Decree 20/2021 Art. 6(2)).
  if (plan.category === 'BTXH_K4' && random.chance(0.2)) {
    rows.push({ ...row, ma_doi_tuong: 'BTXH_K6_NANG', so_con: '', so_quyet_dinh: `${random.int(1, 999)}/QĐ-UBND` } as TemplateRow);
  }
  return rows;
}

export function* demoDataset(size: number, options: DemoOptions): Generator<TemplateRow> {
  for (let index = 0; index < size; index++) yield* demoRows(index, options);
}
