-- Staff membership by invitation (SPEC S8): an admin invites an e-mail address; the membership is
-- made only when the account with exactly that address accepts through the link mailed to it.
CREATE TABLE staff_invitations (
    id          BLOB PRIMARY KEY NOT NULL,
    provider_id BLOB NOT NULL REFERENCES providers (id),
    email       TEXT NOT NULL,
    first_name  TEXT NOT NULL,
    last_name   TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('secretariat', 'admin')),
    invited_by  BLOB REFERENCES accounts (id),
    token_hash  BLOB NOT NULL UNIQUE,
    state       TEXT NOT NULL CHECK (state IN ('open', 'accepted', 'withdrawn', 'replaced')),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    decided_at  INTEGER,
    account_id  BLOB REFERENCES accounts (id)
) STRICT;
CREATE INDEX staff_invitations_open ON staff_invitations (provider_id, id) WHERE state = 'open';
CREATE UNIQUE INDEX staff_invitations_one_open ON staff_invitations (provider_id, email)
    WHERE state = 'open';
