-- The registers of one status in id order: the staff dashboard and the
-- daily summary walk the running ones a slice at a time.
CREATE INDEX registers_status_id ON registers (status, id);
