-- Account security beyond the first factors: when a session last proved its password (sensitive
-- changes ask again after five minutes), e-mail address changes waiting for the new address to
-- confirm, the browsers an account logged in from (a new one gets an e-mail), passkeys, and the
-- WebAuthn ceremonies in progress (kept here so any instance can finish what another started).

ALTER TABLE sessions ADD COLUMN authenticated_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET authenticated_at = created_at;

CREATE TABLE email_changes (
    token_hash BLOB PRIMARY KEY NOT NULL,
    account_id BLOB NOT NULL REFERENCES accounts (id),
    new_email  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX email_changes_by_account ON email_changes (account_id);

CREATE TABLE known_browsers (
    account_id    BLOB NOT NULL REFERENCES accounts (id),
    browser_hash  BLOB NOT NULL,
    first_seen_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, browser_hash)
) STRICT;

CREATE TABLE passkeys (
    id            BLOB PRIMARY KEY NOT NULL,
    account_id    BLOB NOT NULL REFERENCES accounts (id),
    credential_id BLOB NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    credential    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER
) STRICT;
CREATE INDEX passkeys_by_account ON passkeys (account_id, created_at);

CREATE TABLE webauthn_ceremonies (
    id         BLOB PRIMARY KEY NOT NULL,
    account_id BLOB REFERENCES accounts (id),
    purpose    TEXT NOT NULL,
    state      TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX webauthn_ceremonies_by_expiry ON webauthn_ceremonies (expires_at);
