-- Each paid payroll line's current payment, kept in the same transaction as every change of its
-- payments (issue 21, performance). The monthly results report derived it from the payments each
-- time — the lines joined to every item that pays them, the latest item per line, its state and
-- whether the line is carried over: 6 of the 11 s of a province of 1,000,000. It now reads this
-- table instead: one row per payroll line that has at least one payment item, with exactly what the
-- report derived —
--   item_id        the line's latest item (the highest id: a cash payment replacing a failed
--                  transfer comes after it), with its channel, provider, reason code and paid_at;
--   state          PAID when that item is paid, FAILED or RETURNED when it is so and final,
--                  OUTSTANDING otherwise (no outcome yet, on hold, not final);
--   carried        some item of the line is owed again in a later cycle (carryOverPaymentsRelation:
--                  a final failure or return not replaced, under the carry-over policy or in cash);
--   items          how many items pay the line (one, unless a payment replaced another);
-- and the line's own columns the report groups and filters by (cycle, unit, programme, person,
-- amount, reversed), so that it reads one narrow table, not the lines too (0.11 s instead of
-- 0.75 s for the lines of a province of 1,000,000 with their state).
--
-- Kept by statement-level triggers with transition tables (set-based: a cycle's million links in
-- one statement, a callback's one item in another), so every writer — batches created, result
-- files, callbacks, cash confirmations, camt returns, follow-ups and carry-overs, reversals — keeps
-- it without knowing it:
--   links inserted (disbursement_item_lines)   the lines they link are derived again;
--   items updated (disbursement_items)         the lines the items pay (below);
--   lines updated (payroll_lines)              `reversed` follows reversed_at (and province_code,
--                                              which payroll_lines_frozen does not hold still).
-- Items inserted need nothing: an item pays no line until its links are inserted, after it (the
-- links' check, 0017, refuses a link to an item that does not exist yet). Items, links and the
-- lines of a cycle that has items are never deleted (0007, 0017), nor are the lines' other columns
-- changed once the cycle is submitted (payroll_lines_frozen).
CREATE TABLE line_states (
  line_id       bigint  PRIMARY KEY,
  cycle_id      bigint  NOT NULL,
  person_id     bigint  NOT NULL,
  province_code text    COLLATE "C" NOT NULL,
  commune_code  text    COLLATE "C" NOT NULL,
  programme     text    COLLATE "C" NOT NULL,
  amount_vnd    bigint  NOT NULL,
  reversed      boolean NOT NULL,
  item_id       bigint  NOT NULL,
  channel       text    COLLATE "C" NOT NULL,
  provider_code text    COLLATE "C" NOT NULL,
  state         text    NOT NULL CHECK (state IN ('PAID', 'FAILED', 'RETURNED', 'OUTSTANDING')),
  reason_code   text,
  paid_at       timestamptz,
  carried       boolean NOT NULL,
  items         integer NOT NULL CHECK (items > 0)
) WITH (fillfactor = 80);
-- The report reads the month's cycles. Room on each page (fillfactor) lets a line's change of state
-- stay on its page (a HOT update: neither index is touched).
CREATE INDEX line_states_cycle ON line_states (cycle_id);
-- The few lines paid by more than one item, which an item's update derives again (below).
CREATE INDEX line_states_several ON line_states (line_id) WHERE items > 1;

-- How many of each cycle's lines have a row above (rows are never deleted): fewer than the cycle's
-- lines (payroll_cycles.line_count) means some line has no payment — none made yet, a person's
-- lines netted to nothing, a line reversed before it was paid — and the report then looks for those
-- lines among the cycle's; otherwise it reads this table alone.
CREATE TABLE line_states_cycles (
  cycle_id bigint PRIMARY KEY,
  lines    bigint NOT NULL CHECK (lines >= 0)
);

-- The statement that derives the lines of `changed` (a query with a line_id column) again from all
-- their payments and writes those that differ. Each trigger EXECUTEs it itself: a transition table
-- is visible to the trigger's own function only, not to a function it calls.
CREATE FUNCTION line_states_refresh_sql(changed text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($sql$
    WITH written AS (
    INSERT INTO line_states AS s (line_id, cycle_id, person_id, province_code, commune_code, programme, amount_vnd, reversed,
                                  item_id, channel, provider_code, state, reason_code, paid_at, carried, items)
    SELECT l.id, l.cycle_id, l.person_id, l.province_code, l.commune_code, l.programme, l.amount_vnd, l.reversed_at IS NOT NULL,
           t.item_id, t.channel, t.provider_code,
           CASE WHEN t.outcome = 'PAID' THEN 'PAID'
                WHEN t.is_final AND t.outcome IN ('FAILED', 'RETURNED') THEN t.outcome
                ELSE 'OUTSTANDING' END,
           t.reason_code, t.paid_at, COALESCE(t.carried, false), t.items
    FROM (
      SELECT DISTINCT ON (il.line_id) il.line_id, i.id AS item_id, i.channel, i.provider_code, i.outcome, i.is_final, i.reason_code, i.paid_at,
             bool_or(i.outcome IN ('FAILED', 'RETURNED') AND i.is_final AND i.replaced_by_item_id IS NULL
                     AND (i.follow_up IS NOT DISTINCT FROM 'CARRY_OVER' OR i.channel IN ('TIEN_MAT', 'TAI_NHA')))
               OVER (PARTITION BY il.line_id ORDER BY i.id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS carried,
             count(*) OVER (PARTITION BY il.line_id ORDER BY i.id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS items
      FROM (SELECT DISTINCT line_id FROM (%s) c) c
      JOIN disbursement_item_lines il ON il.line_id = c.line_id
      JOIN disbursement_items i ON i.id = il.item_id
      ORDER BY il.line_id, i.id DESC) t
    JOIN payroll_lines l ON l.id = t.line_id
    ON CONFLICT (line_id) DO UPDATE SET
      reversed = EXCLUDED.reversed, item_id = EXCLUDED.item_id, channel = EXCLUDED.channel, provider_code = EXCLUDED.provider_code,
      state = EXCLUDED.state, reason_code = EXCLUDED.reason_code, paid_at = EXCLUDED.paid_at, carried = EXCLUDED.carried, items = EXCLUDED.items
    WHERE (s.reversed, s.item_id, s.channel, s.provider_code, s.state, s.reason_code, s.paid_at, s.carried, s.items)
          IS DISTINCT FROM (EXCLUDED.reversed, EXCLUDED.item_id, EXCLUDED.channel, EXCLUDED.provider_code, EXCLUDED.state,
                            EXCLUDED.reason_code, EXCLUDED.paid_at, EXCLUDED.carried, EXCLUDED.items)
    -- a row inserted, not updated, has no xmax (ON CONFLICT DO UPDATE sets it on the row it updates)
    RETURNING s.cycle_id, s.xmax = 0 AS inserted)
    INSERT INTO line_states_cycles AS n (cycle_id, lines)
    SELECT cycle_id, count(*) FROM written WHERE inserted GROUP BY cycle_id
    ON CONFLICT (cycle_id) DO UPDATE SET lines = n.lines + EXCLUDED.lines $sql$, changed)
$f$;

-- Large statements (a cycle's links, a result file) are planned with hash joins: the links' index
-- by line is off during a first bulk load (db/bulk.ts), and a million look-ups would be slow anyway
-- (as 0021 does for the links' check); nested loops are put back at once.
CREATE FUNCTION line_states_links_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  many boolean := EXISTS (SELECT 1 FROM new_rows OFFSET 10000);
  nestloop text := current_setting('enable_nestloop');
BEGIN
  IF many THEN PERFORM set_config('enable_nestloop', 'off', true); END IF;
  EXECUTE line_states_refresh_sql('SELECT line_id FROM new_rows');
  IF many THEN PERFORM set_config('enable_nestloop', nestloop, true); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER line_states_links_inserted AFTER INSERT ON disbursement_item_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION line_states_links_inserted();

-- An item's update never changes which item is a line's latest (only a new link does, above): a
-- line paid by the updated item alone takes the item's new state directly; the lines paid by more
-- than one item (a failed transfer and the cash payment replacing it) are derived again from all
-- their payments. Only what differs is written: handing a batch over (transmission) writes nothing.
CREATE FUNCTION line_states_items_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- planned by the sizes of the statement (hash joins for a result file, look-ups for a callback)
  UPDATE line_states s SET state = n.state, reason_code = n.reason_code, paid_at = n.paid_at, carried = n.carried
  FROM (
    SELECT il.line_id, n.reason_code, n.paid_at,
           CASE WHEN n.outcome = 'PAID' THEN 'PAID'
                WHEN n.is_final AND n.outcome IN ('FAILED', 'RETURNED') THEN n.outcome
                ELSE 'OUTSTANDING' END AS state,
           COALESCE(n.outcome IN ('FAILED', 'RETURNED') AND n.is_final AND n.replaced_by_item_id IS NULL
                    AND (n.follow_up IS NOT DISTINCT FROM 'CARRY_OVER' OR n.channel IN ('TIEN_MAT', 'TAI_NHA')), false) AS carried,
           n.id AS item_id
    FROM new_rows n JOIN disbursement_item_lines il ON il.item_id = n.id) n
  WHERE s.line_id = n.line_id AND s.item_id = n.item_id AND s.items = 1
    AND (s.state, s.reason_code, s.paid_at, s.carried) IS DISTINCT FROM (n.state, n.reason_code, n.paid_at, n.carried);
  EXECUTE line_states_refresh_sql(
    $sql$SELECT il.line_id FROM new_rows n JOIN disbursement_item_lines il ON il.item_id = n.id
         JOIN line_states s ON s.line_id = il.line_id WHERE s.items > 1$sql$);
  RETURN NULL;
END $$;
CREATE TRIGGER line_states_items_updated AFTER UPDATE ON disbursement_items
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION line_states_items_updated();

CREATE FUNCTION line_states_lines_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE line_states s SET reversed = (n.reversed_at IS NOT NULL), province_code = n.province_code
  FROM new_rows n
  WHERE s.line_id = n.id AND (s.reversed, s.province_code) IS DISTINCT FROM (n.reversed_at IS NOT NULL, n.province_code);
  RETURN NULL;
END $$;
CREATE TRIGGER line_states_lines_updated AFTER UPDATE ON payroll_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION line_states_lines_updated();

-- The lines paid so far.
SET LOCAL work_mem = '256MB';
SET LOCAL enable_nestloop = off;
DO $$ BEGIN EXECUTE line_states_refresh_sql('SELECT line_id FROM disbursement_item_lines'); END $$;
RESET enable_nestloop;
ANALYZE line_states;
ANALYZE line_states_cycles;
