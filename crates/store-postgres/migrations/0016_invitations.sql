-- Invitations to a care page's network (SPEC S6). The link's token is stored as its SHA-256
-- only; re-sending replaces it, so the old link stops working. State: open, accepted,
-- declined or withdrawn; only an open, unexpired invitation can be accepted, once.
CREATE TABLE care_page_invitations (
    id            uuid PRIMARY KEY NOT NULL,
    care_page_id  uuid NOT NULL REFERENCES care_pages (id),
    invited_by    uuid NOT NULL REFERENCES accounts (id),
    name          text NOT NULL,
    email         text NOT NULL,
    language      text NOT NULL,
    relation      text NOT NULL,
    permissions   integer NOT NULL,
    sees_contacts boolean NOT NULL,
    token_hash    bytea NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    state         text NOT NULL,
    decided_at    timestamptz
);
CREATE INDEX care_page_invitations_open ON care_page_invitations (care_page_id, state, created_at, id);
CREATE INDEX care_page_invitations_by_inviter ON care_page_invitations (invited_by, state);
