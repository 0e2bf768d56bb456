import { sql, type SQL } from 'drizzle-orm';
import { arrayParam, queryOne, type Executor } from '../../../db/client.js';
import { profiled } from '../../../core/profile.js';
import { inScope, type Scope } from '../../access/scope.js';
import { hivCategoryCodes } from '../../rules/categories.js';
import { legacyUnitTargetsRelation } from '../../units/units.service.js';
import { personVisible } from '../registry.repository.js';

/**
 * The checks that need the whole file or the database, set-based over the staged rows. Each
 * rejecting check writes its issues and marks the rows; later checks see only surviving rows.
 *
 * No oracle (issue 18): a check that finds a registered person outside the importer's area says
 * only that the row cannot be registered here (or, for a warning, that a possible duplicate exists
 * outside the area) and to contact the province: never that person's birth date, sex, commune,
 * category, personal ID or account. The issue keeps its code and is marked `outside_scope`. Inside
 * the area the detailed message stays (marked `registry_data`: such a preview shows registered
 * people's data and is audited as a bulk view), with the programme instead of a category the
 * importer's role may not see.
 */
interface RejectingCheck {
  field: string;
  code: string;
  /**
   * SELECT row_no, vi, en FROM … over surviving rows (alias r); a check about registered people
   * (`registry`) also selects `outside_scope`.
   */
  select: SQL;
  registry?: boolean;
}

async function reject(executor: Executor, check: RejectingCheck): Promise<void> {
  return profiled(`check ${check.code}`, () => rejectNow(executor, check));
}

async function rejectNow(executor: Executor, check: RejectingCheck): Promise<void> {
  const scopeColumns = check.registry ? sql`outside_scope, NOT outside_scope` : sql`false, false`;
  await executor.execute(sql`
    WITH found AS (${check.select})
    INSERT INTO import_issues (row_no, field, code, message, message_en, severity, outside_scope, registry_data)
    SELECT row_no, ${check.field}, ${check.code}, vi, en, 'error', ${scopeColumns} FROM found`);
  await executor.execute(sql`
    UPDATE import_rows SET rejected = true
    WHERE NOT rejected AND row_no IN (SELECT row_no FROM import_issues WHERE code = ${check.code} AND severity = 'error')`);
}

/**
 * One warning per row; `select` gives row_no, vi, en, outside_scope and registry_data. When a row
 * matches people both inside and outside the area, the advice to contact the province wins.
 */
async function warn(executor: Executor, field: string, code: string, select: SQL): Promise<void> {
  return profiled(`warn ${code}`, () => warnNow(executor, field, code, select));
}

async function warnNow(executor: Executor, field: string, code: string, select: SQL): Promise<void> {
  await executor.execute(sql`
    WITH found AS (${select})
    INSERT INTO import_issues (row_no, field, code, message, message_en, severity, outside_scope, registry_data)
    SELECT DISTINCT ON (row_no) row_no, ${field}, ${code}, vi, en, 'warning', outside_scope, registry_data
    FROM found ORDER BY row_no, outside_scope DESC, registry_data`);
}

/** What every refusal about a person outside the area says: nothing about that person. */
const cannotRegisterHere = {
  vi: 'Không thể đăng ký người này tại đây: hồ sơ liên quan thuộc địa bàn khác. Hãy liên hệ cấp tỉnh để được hướng dẫn',
  en: 'This person cannot be registered here: the related record belongs to another area. Contact the province for guidance',
};

/** A category the importer's role may not see is named by its programme (need-to-know). */
function categoryLabel(hidden: readonly string[], alias: string): { vi: SQL; en: SQL } {
  const category = sql.raw(`${alias}.category`);
  const programme = sql.raw(`${alias}.programme`);
  const isHidden = sql`${category} = ANY(${arrayParam(hidden)}::text[])`;
  return {
    vi: sql`CASE WHEN ${isHidden} THEN 'một chế độ thuộc chương trình ' || ${programme} ELSE ${category} END`,
    en: sql`CASE WHEN ${isHidden} THEN 'a benefit of programme ' || ${programme} ELSE ${category} END`,
  };
}

/**
 * Unit codes from before 1 July 2025 (issue 22): a staged row whose code is not a current commune
 * (its `province_code` is NULL) is looked up among the former communes and districts of the
 * official conversion table (units' `legacyUnitTargetsRelation`). Where the former unit became
 * one current commune, the row takes that commune (`unit_code_in_file` keeps the file's code, for
 * the warning UNIT_LEGACY_MAPPED and the messages of later checks); a former commune split among
 * several is refused naming the candidates (UNIT_LEGACY_SPLIT), a former district that became
 * several communes is refused asking for the commune (UNIT_LEGACY_DISTRICT). A code valid in both
 * generations is the current commune's. Set-based: one statement per step over the few distinct
 * codes of the file that are not current.
 */
async function mapLegacyUnits(executor: Executor): Promise<boolean> {
  const found = await profiled('check legacy unit codes', async () => {
    // one row per former code found in the file: its current communes, named
    await executor.execute(sql`
      CREATE TEMP TABLE import_legacy_units ON COMMIT DROP AS
      SELECT t.old_code, min(t.old_level) AS old_level,
             string_agg(DISTINCT t.old_name, ' / ') AS old_name,
             count(DISTINCT t.new_code)::int AS targets,
             min(t.new_code) AS new_code, min(t.new_name) AS new_name, min(t.new_province_code) AS new_province_code,
             string_agg(DISTINCT t.new_code || ' ' || t.new_name, ', ') AS candidates
      FROM ${legacyUnitTargetsRelation()} t
      WHERE t.old_code IN (SELECT DISTINCT commune_code FROM import_rows WHERE province_code IS NULL AND NOT rejected)
        AND t.old_level = CASE length(t.old_code) WHEN 5 THEN 'commune' ELSE 'district' END
      GROUP BY t.old_code`);
    await executor.execute(sql`
      UPDATE import_rows r SET unit_code_in_file = r.commune_code, commune_code = l.new_code, province_code = l.new_province_code
      FROM import_legacy_units l
      WHERE r.province_code IS NULL AND NOT r.rejected AND l.old_code = r.commune_code AND l.targets = 1`);
    return (await queryOne<{ found: boolean }>(executor, sql`SELECT EXISTS (SELECT 1 FROM import_legacy_units) AS found`))?.found ?? false;
  });
  // a file of current codes only (the usual case) scans its rows no further
  if (!found) return false;

  await reject(executor, {
    field: 'ma_don_vi',
    code: 'UNIT_LEGACY_SPLIT',
    select: sql`
      SELECT r.row_no,
             format('Mã xã/phường %s (%s) là mã trước 01/07/2025 và đã được chia cho nhiều xã/phường mới: %s — hãy ghi mã xã/phường mới nơi người này cư trú', r.commune_code, l.old_name, l.candidates) AS vi,
             format('Commune code %s (%s) is from before 1 July 2025 and was split among several current communes: %s — give the code of the current commune where this person lives', r.commune_code, l.old_name, l.candidates) AS en
      FROM import_rows r JOIN import_legacy_units l ON l.old_code = r.commune_code
      WHERE r.province_code IS NULL AND NOT r.rejected AND l.old_level = 'commune' AND l.targets > 1`,
  });

  await reject(executor, {
    field: 'ma_don_vi',
    code: 'UNIT_LEGACY_DISTRICT',
    select: sql`
      SELECT r.row_no,
             format('Mã %s là mã quận/huyện trước 01/07/2025 (%s), nay gồm nhiều xã/phường: cần mã xã/phường (5 chữ số) nơi người này cư trú. Nếu đây là mã xã bị Excel bỏ số 0 ở đầu, hãy định dạng cột là Văn bản', r.commune_code, l.old_name) AS vi,
             format('Code %s is a district code from before 1 July 2025 (%s), now several communes: the code of the commune (5 digits) where this person lives is needed. If it is a commune code whose leading zeros Excel dropped, format the column as Text', r.commune_code, l.old_name) AS en
      FROM import_rows r JOIN import_legacy_units l ON l.old_code = r.commune_code
      WHERE r.province_code IS NULL AND NOT r.rejected AND l.old_level = 'district' AND l.targets > 1`,
  });
  return true;
}

/**
 * Runs every check in order. `activeInstruments` is the payment accounts' relation of active
 * instruments (registry/ports.ts: `person_id`, `provider_code`, `account_number`, `holder_kind`,
 * `representative_id`), for the shared-account warning. `hiddenCategories` are the categories the
 * importer's role may not see (need-to-know.ts `hiddenCategories`); by default the HIV-related ones.
 */
export async function runFileChecks(executor: Executor, scope: Scope, activeInstruments: SQL, hiddenCategories: readonly string[] = hivCategoryCodes): Promise<void> {
  // A registered person is inside the area when they live there or are paid there (the registry's rule).
  const personInScope = personVisible(scope, 'p');
  const enrolmentInScope = inScope(scope, { province: sql`e.province_code`, commune: sql`e.commune_code` });
  const category = categoryLabel(hiddenCategories, 'e');

  const legacyCodes = await mapLegacyUnits(executor);

  await reject(executor, {
    field: 'ma_don_vi',
    code: 'UNIT_UNKNOWN',
    select: sql`
      SELECT r.row_no,
             CASE WHEN r.province_code IS NULL AND length(r.commune_code) <> 5
                    THEN format('Mã đơn vị %s phải là mã xã/phường gồm 5 chữ số (có thể Excel đã bỏ số 0 ở đầu: hãy định dạng cột là Văn bản)', r.commune_code)
                  WHEN r.province_code IS NULL THEN format('Mã đơn vị %s không phải mã xã/phường hiện hành (từ 01/07/2025) hay mã xã/phường trước 01/07/2025', r.commune_code)
                  WHEN r.unit_code_in_file IS NOT NULL
                    THEN format('Mã đơn vị %s (mã cũ %s trong tệp) nằm ngoài địa bàn bạn được giao', r.commune_code, r.unit_code_in_file)
                  ELSE format('Mã đơn vị %s nằm ngoài địa bàn bạn được giao', r.commune_code) END AS vi,
             CASE WHEN r.province_code IS NULL AND length(r.commune_code) <> 5
                    THEN format('Commune code %s must be 5 digits (Excel may have dropped leading zeros: format the column as Text)', r.commune_code)
                  WHEN r.province_code IS NULL THEN format('Unit code %s is neither a current commune code (from 1 July 2025) nor a commune code from before 1 July 2025', r.commune_code)
                  WHEN r.unit_code_in_file IS NOT NULL
                    THEN format('Unit code %s (former code %s in the file) is outside your area', r.commune_code, r.unit_code_in_file)
                  ELSE format('Unit code %s is outside your area', r.commune_code) END AS en
      FROM import_rows r
      WHERE NOT r.rejected AND (r.province_code IS NULL OR NOT (${inScope(scope, { province: sql`r.province_code`, commune: sql`r.commune_code` })}))`,
  });

  await reject(executor, {
    field: 'so_dinh_danh',
    code: 'DUPLICATE_IN_FILE',
    select: sql`
      SELECT row_no,
             format('Số định danh %s với mã đối tượng %s đã có ở dòng %s', personal_id, category, first_row) AS vi,
             format('Personal ID %s with category %s already appears in row %s', personal_id, category, first_row) AS en
      FROM (SELECT row_no, personal_id, category,
                   min(row_no) OVER (PARTITION BY personal_id, category) AS first_row
            FROM import_rows WHERE NOT rejected) d
      WHERE row_no <> first_row`,
  });

  // Two rows of one person (two categories) must describe the same person.
  await reject(executor, {
    field: 'so_dinh_danh',
    code: 'PERSON_INCONSISTENT',
    select: sql`
      SELECT r.row_no,
             format('Dòng này và dòng %s cùng số định danh %s nhưng khác họ tên, ngày sinh, giới tính hoặc mã đơn vị', r.first_row, r.personal_id) AS vi,
             format('This row and row %s share personal ID %s but differ in name, date of birth, sex or unit code', r.first_row, r.personal_id) AS en
      -- each row against the person's first row, from one sort of the rows (not a second pass
      -- picking the first rows and a join of a million rows with them)
      FROM (
        SELECT row_no, personal_id, name_folded, birth_date, sex, commune_code,
               first_value(row_no) OVER person AS first_row, first_value(name_folded) OVER person AS first_name,
               first_value(birth_date) OVER person AS first_birth_date, first_value(sex) OVER person AS first_sex,
               first_value(commune_code) OVER person AS first_commune
        FROM import_rows WHERE NOT rejected
        WINDOW person AS (PARTITION BY personal_id ORDER BY row_no)
      ) r
      WHERE r.row_no <> r.first_row
        AND (r.name_folded, r.birth_date, r.sex, r.commune_code) IS DISTINCT FROM (r.first_name, r.first_birth_date, r.first_sex, r.first_commune)`,
  });

  // A personal ID belongs to one person for life: other birth data means a typing error in the ID.
  await reject(executor, {
    field: 'so_dinh_danh',
    code: 'ID_CONFLICT',
    registry: true,
    select: sql`
      SELECT row_no, outside_scope,
             CASE WHEN outside_scope THEN ${cannotRegisterHere.vi}
                  ELSE format('Số định danh %s đã được ghi cho người sinh ngày %s, giới tính %s — kiểm tra lại số định danh',
                              personal_id, to_char(birth_date, 'DD/MM/YYYY'), CASE sex WHEN 'M' THEN 'Nam' ELSE 'Nữ' END) END AS vi,
             CASE WHEN outside_scope THEN ${cannotRegisterHere.en}
                  ELSE format('Personal ID %s is registered for a person born %s, sex %s — check the ID',
                              personal_id, to_char(birth_date, 'DD/MM/YYYY'), sex) END AS en
      FROM (
        SELECT r.row_no, r.personal_id, p.birth_date, p.sex, NOT (${personInScope}) AS outside_scope
        FROM import_rows r JOIN persons p ON p.personal_id = r.personal_id
        WHERE NOT r.rejected AND (p.birth_date <> r.birth_date OR p.sex <> r.sex)
      ) found`,
  });

  // Nobody is paid the same benefit by two communes: a move needs the old commune's termination first.
  await reject(executor, {
    field: 'ma_doi_tuong',
    code: 'ENROLMENT_ELSEWHERE',
    registry: true,
    select: sql`
      SELECT row_no, outside_scope,
             CASE WHEN outside_scope THEN ${cannotRegisterHere.vi}
                  ELSE format('Người này đang hưởng %s tại đơn vị %s; cần quyết định thôi hưởng hoặc di chuyển hồ sơ ở đó trước', category_vi, commune_code) END AS vi,
             CASE WHEN outside_scope THEN ${cannotRegisterHere.en}
                  ELSE format('This person already receives %s in unit %s; that unit must terminate or transfer the record first', category_en, commune_code) END AS en
      FROM (
        SELECT r.row_no, e.commune_code, ${category.vi} AS category_vi, ${category.en} AS category_en, NOT (${enrolmentInScope}) AS outside_scope
        FROM import_rows r
        JOIN persons p ON p.personal_id = r.personal_id
        JOIN enrolments e ON e.person_id = p.id AND e.category = r.category
        WHERE NOT r.rejected AND e.status <> 'THOI_HUONG' AND e.commune_code <> r.commune_code
      ) found`,
  });

  await warn(
    executor,
    'ma_don_vi',
    'ALREADY_REGISTERED_ELSEWHERE',
    sql`
      SELECT row_no, outside_scope, NOT outside_scope AS registry_data,
             CASE WHEN outside_scope THEN 'Người này có thể đã được đăng ký ở địa bàn khác — hãy liên hệ cấp tỉnh để kiểm tra'
                  ELSE format('Người này đang hưởng chế độ %s tại đơn vị %s', category_vi, commune_code) END AS vi,
             CASE WHEN outside_scope THEN 'This person may already be registered in another area — contact the province to check'
                  ELSE format('This person is already active (%s) in unit %s', category_en, commune_code) END AS en
      FROM (
        SELECT r.row_no, e.commune_code, ${category.vi} AS category_vi, ${category.en} AS category_en, NOT (${enrolmentInScope}) AS outside_scope
        FROM import_rows r JOIN persons p ON p.personal_id = r.personal_id JOIN enrolments e ON e.person_id = p.id
        WHERE NOT r.rejected AND e.status <> 'THOI_HUONG' AND e.commune_code <> r.commune_code
      ) found`,
  );

  await warn(
    executor,
    'ho_ten',
    'POSSIBLE_DUPLICATE',
    sql`
      SELECT row_no, outside_scope, registry_data,
             CASE WHEN outside_scope THEN 'Có thể trùng với một người đã đăng ký ở địa bàn khác (cùng họ tên và ngày sinh) — hãy liên hệ cấp tỉnh để kiểm tra'
                  ELSE format('Có người khác cùng họ tên và ngày sinh (số định danh %s) — có thể trùng đối tượng', other_id) END AS vi,
             CASE WHEN outside_scope THEN 'Possible duplicate of a person registered in another area (same name and date of birth) — contact the province to check'
                  ELSE format('Another person has the same name and date of birth (personal ID %s) — possible duplicate', other_id) END AS en
      FROM (
        SELECT r.row_no, p.personal_id AS other_id, NOT (${personInScope}) AS outside_scope, ${personInScope} AS registry_data
        FROM import_rows r
        JOIN persons p ON p.name_folded = r.name_folded AND p.birth_date = r.birth_date AND p.personal_id <> r.personal_id
        WHERE NOT r.rejected
        UNION ALL
        -- within the file: a name and date of birth shared by two personal IDs, from one sort of
        -- the rows (a self-join of a million rows hashed them all and matched every pair)
        SELECT row_no, CASE WHEN personal_id = lowest_id THEN highest_id ELSE lowest_id END, false, false FROM (
          SELECT row_no, personal_id, min(personal_id) OVER same AS lowest_id, max(personal_id) OVER same AS highest_id
          FROM import_rows WHERE NOT rejected
          WINDOW same AS (PARTITION BY name_folded, birth_date)
        ) d
        WHERE lowest_id <> highest_id
      ) r`,
  );

  if (legacyCodes) {
    await warn(
      executor,
      'ma_don_vi',
      'UNIT_LEGACY_MAPPED',
      sql`
        SELECT r.row_no, false AS outside_scope, false AS registry_data,
               format('Mã %s (%s) là mã trước 01/07/2025; đã chuyển thành mã xã/phường mới %s (%s) theo bảng chuyển đổi chính thức — nên sửa mã trong tệp',
                      r.unit_code_in_file, l.old_name, r.commune_code, l.new_name) AS vi,
               format('Code %s (%s) is from before 1 July 2025; mapped to the current commune %s (%s) by the official conversion table — correct the code in the file',
                      r.unit_code_in_file, l.old_name, r.commune_code, l.new_name) AS en
        FROM import_rows r JOIN import_legacy_units l ON l.old_code = r.unit_code_in_file
        WHERE NOT r.rejected AND r.unit_code_in_file IS NOT NULL`,
    );
  }

  // A shared account is normal only when one guardian or authorised person is paid for several people.
  await warn(
    executor,
    'so_tai_khoan',
    'ACCOUNT_SHARED',
    sql`
      SELECT row_no, outside_scope, registry_data,
             CASE WHEN outside_scope THEN 'Tài khoản này cũng là tài khoản nhận của một người ở địa bàn khác — hãy liên hệ cấp tỉnh để kiểm tra'
                  ELSE format('Tài khoản %s cũng là tài khoản nhận của người khác (số định danh %s)', account_number, other_id) END AS vi,
             CASE WHEN outside_scope THEN 'This account is also the payee account of a person in another area — contact the province to check'
                  ELSE format('Account %s is also the payee account of another person (personal ID %s)', account_number, other_id) END AS en
      FROM (
        SELECT r.row_no, r.account_number, p.personal_id AS other_id, NOT (${personInScope}) AS outside_scope, ${personInScope} AS registry_data
        FROM import_rows r
        JOIN ${activeInstruments} i ON i.provider_code = r.provider_code AND i.account_number = r.account_number
        JOIN persons p ON p.id = i.person_id AND p.personal_id <> r.personal_id
        LEFT JOIN representatives rep ON rep.id = i.representative_id
        WHERE NOT r.rejected AND r.account_number IS NOT NULL
          AND NOT (r.holder_kind = 'REPRESENTATIVE' AND i.holder_kind = 'REPRESENTATIVE' AND rep.personal_id = r.rep_personal_id)
        UNION ALL
        SELECT r.row_no, r.account_number, o.personal_id, false, false FROM import_rows r
        JOIN import_rows o ON o.provider_code = r.provider_code AND o.account_number = r.account_number
                          AND o.personal_id <> r.personal_id AND NOT o.rejected
        WHERE NOT r.rejected AND r.account_number IS NOT NULL
          AND NOT (r.holder_kind = 'REPRESENTATIVE' AND o.holder_kind = 'REPRESENTATIVE' AND o.rep_personal_id = r.rep_personal_id)
      ) r`,
  );
}
