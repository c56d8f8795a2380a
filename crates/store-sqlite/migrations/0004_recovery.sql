-- Password reset links, and the index for an account's own list of sessions. A link's token
-- exists here only as its SHA-256 (a 32-byte blob); a used or voided link has `used_at` set.

CREATE TABLE password_resets (
    token_hash BLOB PRIMARY KEY NOT NULL,
    account_id BLOB NOT NULL REFERENCES accounts (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;
CREATE INDEX password_resets_by_account ON password_resets (account_id);

-- An account's sessions, most recently used first; also serves every lookup by account alone,
-- so it replaces the index on (account_id).
CREATE INDEX sessions_by_account_seen ON sessions (account_id, last_seen_at, id);
DROP INDEX sessions_by_account;
