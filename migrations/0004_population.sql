-- National population database checks: indexes for the verification run's keyset batches.
--
-- A run walks the people of an area in person-id order, 500 at a time. People living in the area
-- come from persons_commune / persons_province (code, id); people paid by the area but living
-- elsewhere come from these indexes, already in person order and limited to enrolments still paid
-- or suspended (a terminated enrolment needs no check). Without them every batch of a province run
-- re-read all of the province's enrolments.
CREATE INDEX enrolments_open_commune_person ON enrolments (commune_code, person_id) WHERE status <> 'THOI_HUONG';
CREATE INDEX enrolments_open_province_person ON enrolments (province_code, person_id) WHERE status <> 'THOI_HUONG';

-- A run skips a discrepancy an officer already dismissed for the same proposed value; this finds a
-- person's earlier items of a kind without reading the whole queue.
CREATE INDEX review_items_person_kind ON review_items (person_id, kind);
