-- Recovery codes: ten single-use codes per account, for when the phone or the app is not at
-- hand. The same table as the SQLite backend, in PostgreSQL's own types. A code exists here
-- only as a keyed hash.

CREATE TABLE recovery_codes (
    account_id uuid NOT NULL REFERENCES accounts (id),
    code_hash  text NOT NULL,
    created_at timestamptz NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (account_id, code_hash)
);
