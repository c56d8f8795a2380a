-- Recovery codes: ten single-use codes per account, for when the phone or the app is not at
-- hand. A code exists here only as a keyed hash.

CREATE TABLE recovery_codes (
    account_id BLOB NOT NULL REFERENCES accounts (id),
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER,
    PRIMARY KEY (account_id, code_hash)
) STRICT;
