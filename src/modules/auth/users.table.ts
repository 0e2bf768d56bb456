import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Role } from '../access/scope.js';

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  username: text('username').notNull(),
  fullName: text('full_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<Role>().notNull(),
  unitId: integer('unit_id'),
  scopeProvinceCode: text('scope_province_code'),
  scopeCommuneCode: text('scope_commune_code'),
  providerCode: text('provider_code'),
  phone: text('phone'),
  status: text('status').$type<'active' | 'disabled'>().notNull(),
  failedLogins: integer('failed_logins').notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
  mustChangePassword: boolean('must_change_password').notNull(),
  /** Who created the account and who last reset its password: that account never approves their proposals. */
  createdBy: text('created_by'),
  passwordResetBy: text('password_reset_by'),
  passwordResetAt: timestamp('password_reset_at', { withTimezone: true, mode: 'date' }),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true, mode: 'date' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: integer('user_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  ip: text('ip'),
  userAgent: text('user_agent'),
});

export type UserRow = typeof users.$inferSelect;
