-- Account security beyond the first factors: when a session last proved its password (sensitive
-- changes ask again after five minutes), e-mail address changes waiting for the new address to
-- confirm, the browsers an account logged in from (a new one gets an e-mail), passkeys, and the
-- WebAuthn ceremonies in progress. The same tables as the SQLite backend, in PostgreSQL's types.

ALTER TABLE sessions ADD COLUMN authenticated_at timestamptz;
UPDATE sessions SET authenticated_at = created_at;
ALTER TABLE sessions ALTER COLUMN authenticated_at SET NOT NULL;

CREATE TABLE email_changes (
    token_hash bytea PRIMARY KEY NOT NULL,
    account_id uuid NOT NULL REFERENCES accounts (id),
    new_email  text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX email_changes_by_account ON email_changes (account_id);

CREATE TABLE known_browsers (
    account_id    uuid NOT NULL REFERENCES accounts (id),
    browser_hash  bytea NOT NULL,
    first_seen_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, browser_hash)
);

CREATE TABLE passkeys (
    id            uuid PRIMARY KEY NOT NULL,
    account_id    uuid NOT NULL REFERENCES accounts (id),
    credential_id bytea NOT NULL UNIQUE,
    name          text NOT NULL,
    credential    text NOT NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz
);
CREATE INDEX passkeys_by_account ON passkeys (account_id, created_at);

CREATE TABLE webauthn_ceremonies (
    id         uuid PRIMARY KEY NOT NULL,
    account_id uuid REFERENCES accounts (id),
    purpose    text NOT NULL,
    state      text NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX webauthn_ceremonies_by_expiry ON webauthn_ceremonies (expires_at);
