-- Staff membership by invitation (SPEC S8): an admin invites an e-mail address; the membership is
-- made only when the account with exactly that address accepts through the link mailed to it.
CREATE TABLE staff_invitations (
    id          uuid PRIMARY KEY NOT NULL,
    provider_id uuid NOT NULL REFERENCES providers (id),
    email       text NOT NULL,
    first_name  text NOT NULL,
    last_name   text NOT NULL,
    role        text NOT NULL CHECK (role IN ('secretariat', 'admin')),
    invited_by  uuid REFERENCES accounts (id),
    token_hash  bytea NOT NULL UNIQUE,
    state       text NOT NULL CHECK (state IN ('open', 'accepted', 'withdrawn', 'replaced')),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    decided_at  timestamptz,
    account_id  uuid REFERENCES accounts (id)
);
CREATE INDEX staff_invitations_open ON staff_invitations (provider_id, id) WHERE state = 'open';
CREATE UNIQUE INDEX staff_invitations_one_open ON staff_invitations (provider_id, email)
    WHERE state = 'open';
