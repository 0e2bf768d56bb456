-- A cashless target is a share of the people paid (target_pct) or a number of people paid into an
-- account or wallet (target_people, e.g. 150 people by the end of Q1): exactly one of the two.
ALTER TABLE campaign_targets ALTER COLUMN target_pct DROP NOT NULL;
ALTER TABLE campaign_targets ADD COLUMN target_people integer CHECK (target_people > 0);
ALTER TABLE campaign_targets ADD CONSTRAINT campaign_targets_share_or_people CHECK ((target_pct IS NULL) <> (target_people IS NULL));
