-- A data export that could not be built is tried at most three times, then marked failed, so a
-- build that always breaks is not retried for ever and the requester sees it did not work.
ALTER TABLE export_jobs DROP CONSTRAINT export_jobs_state_check;
ALTER TABLE export_jobs ADD CONSTRAINT export_jobs_state_check
    CHECK (state IN ('waiting', 'running', 'ready', 'expired', 'failed'));
