-- Payment news of a cash payment (issue 22): the person is told the day the post office recorded
-- the cash as paid to them or to their representative, so that a payment recorded but not received
-- comes to light at once. A province may word it as the other kinds.
ALTER TABLE notification_templates DROP CONSTRAINT notification_templates_purpose_check;
ALTER TABLE notification_templates ADD CONSTRAINT notification_templates_purpose_check
  CHECK (purpose IN ('payment.credited', 'payment.failed', 'payment.cash_schedule', 'payment.cash_paid'));
