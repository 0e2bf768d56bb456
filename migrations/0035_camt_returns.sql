-- ISO 20022 account reports and notifications (issue 20, item 6): returns after success read
-- from camt.052 / camt.054 are a message source of their own (deduplicated per provider by their
-- MsgId, like pain.002 reports), in inbound_messages and in the results held for unsent batches.
ALTER TABLE inbound_messages DROP CONSTRAINT inbound_messages_source_check;
ALTER TABLE inbound_messages ADD CONSTRAINT inbound_messages_source_check
  CHECK (source IN ('pain002', 'csv', 'callback', 'cash', 'status-query', 'camt'));
ALTER TABLE held_results DROP CONSTRAINT held_results_source_check;
ALTER TABLE held_results ADD CONSTRAINT held_results_source_check
  CHECK (source IN ('pain002', 'csv', 'callback', 'cash', 'status-query', 'camt'));
