-- Indexes found missing by the benchmarks (bench/): registry lists read each person's active
-- instruments, and campaign figures test "has an account" per person.
CREATE INDEX payment_instruments_person ON payment_instruments (person_id) WHERE active;
CREATE INDEX instrument_proposals_person ON instrument_proposals (person_id);
CREATE INDEX campaign_stages_person_stage ON campaign_stages (stage);
