-- SMS codes, for verifying a phone number and for the second login step. The same table and
-- indexes as the SQLite backend, in PostgreSQL's own types. The code exists here only as a
-- keyed hash.

CREATE TABLE sms_challenges (
    id              uuid PRIMARY KEY NOT NULL,
    account_id      uuid NOT NULL REFERENCES accounts (id),
    purpose         text NOT NULL CHECK (purpose IN ('verify-phone', 'login')),
    phone           text NOT NULL,
    code_hash       text NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    failed_attempts integer NOT NULL DEFAULT 0,
    used_at         timestamptz
);
-- The newest challenge of an account for a purpose.
CREATE INDEX sms_challenges_latest ON sms_challenges (account_id, purpose, created_at, id);
-- How many an account was sent recently, all purposes.
CREATE INDEX sms_challenges_by_account ON sms_challenges (account_id, created_at);
