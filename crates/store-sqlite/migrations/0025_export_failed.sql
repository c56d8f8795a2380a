-- A data export that could not be built is tried at most three times, then marked failed, so a
-- build that always breaks is not retried for ever and the requester sees it did not work.
-- SQLite cannot change a CHECK: the table is rebuilt with the same columns and indexes.
CREATE TABLE export_jobs_new (
    id             BLOB PRIMARY KEY NOT NULL,
    account_id     BLOB NOT NULL REFERENCES accounts (id),
    care_page_id   BLOB NOT NULL REFERENCES care_pages (id),
    state          TEXT NOT NULL
                   CHECK (state IN ('waiting', 'running', 'ready', 'expired', 'failed')),
    requested_at   INTEGER NOT NULL,
    locked_until   INTEGER,
    claim_id       BLOB,
    attempts       INTEGER NOT NULL DEFAULT 0,
    ready_at       INTEGER,
    expires_at     INTEGER,
    bundle         BLOB,
    summary        BLOB,
    notice_to      TEXT NOT NULL,
    notice_subject TEXT NOT NULL,
    notice_text    TEXT NOT NULL,
    notice_html    TEXT
) STRICT;
INSERT INTO export_jobs_new SELECT id, account_id, care_page_id, state, requested_at,
    locked_until, claim_id, attempts, ready_at, expires_at, bundle, summary, notice_to,
    notice_subject, notice_text, notice_html FROM export_jobs;
DROP TABLE export_jobs;
ALTER TABLE export_jobs_new RENAME TO export_jobs;
CREATE INDEX export_jobs_by_account ON export_jobs (account_id, requested_at);
CREATE INDEX export_jobs_waiting ON export_jobs (state, requested_at) WHERE state IN ('waiting', 'running');
CREATE INDEX export_jobs_expiring ON export_jobs (expires_at) WHERE state = 'ready';
