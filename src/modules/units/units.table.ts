import { date, integer, jsonb, pgTable, smallint, text } from 'drizzle-orm/pg-core';

export const adminUnits = pgTable('admin_units', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  generation: text('generation').$type<UnitGeneration>().notNull(),
  level: text('level').$type<UnitLevel>().notNull(),
  code: text('code').notNull(),
  parentId: integer('parent_id'),
  name: text('name').notNull(),
  nameWithType: text('name_with_type').notNull(),
  unitType: text('unit_type').notNull(),
  nameFolded: text('name_folded').notNull(),
  provinceCode: text('province_code').notNull(),
  path: text('path').notNull(),
  depth: smallint('depth').notNull(),
  validFrom: date('valid_from'),
  validTo: date('valid_to'),
  formerNames: jsonb('former_names').notNull(),
});

export const adminUnitMappings = pgTable('admin_unit_mappings', {
  oldUnitId: integer('old_unit_id').notNull(),
  newUnitId: integer('new_unit_id').notNull(),
  mappingType: text('mapping_type').notNull(),
  note: text('note').notNull(),
});

export type UnitGeneration = 'legacy' | '2025';
export type UnitLevel = 'province' | 'district' | 'commune';
export type AdminUnitRow = typeof adminUnits.$inferSelect;

/** The date the two-level organisation took effect (Resolution 202/2025/QH15). */
export const reformDate = '2025-07-01';
export const legacyValidTo = '2025-06-30';
