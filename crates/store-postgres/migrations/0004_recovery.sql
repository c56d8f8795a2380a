-- Password reset links, and the index for an account's own list of sessions. The same table
-- and indexes as the SQLite backend, in PostgreSQL's own types. A link's token exists here only
-- as its SHA-256 (32 bytes); a used or voided link has `used_at` set.

CREATE TABLE password_resets (
    token_hash bytea PRIMARY KEY NOT NULL,
    account_id uuid NOT NULL REFERENCES accounts (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX password_resets_by_account ON password_resets (account_id);

-- An account's sessions, most recently used first; also serves every lookup by account alone,
-- so it replaces the index on (account_id).
CREATE INDEX sessions_by_account_seen ON sessions (account_id, last_seen_at, id);
DROP INDEX sessions_by_account;
