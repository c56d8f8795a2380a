-- SMS codes, for verifying a phone number and for the second login step. The code exists here
-- only as a keyed hash.

CREATE TABLE sms_challenges (
    id              BLOB PRIMARY KEY NOT NULL,
    account_id      BLOB NOT NULL REFERENCES accounts (id),
    purpose         TEXT NOT NULL CHECK (purpose IN ('verify-phone', 'login')),
    phone           TEXT NOT NULL,
    code_hash       TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    used_at         INTEGER
) STRICT;
-- The newest challenge of an account for a purpose.
CREATE INDEX sms_challenges_latest ON sms_challenges (account_id, purpose, created_at, id);
-- How many an account was sent recently, all purposes.
CREATE INDEX sms_challenges_by_account ON sms_challenges (account_id, created_at);
