-- Invitations to a care page's network (SPEC S6). The link's token is stored as its SHA-256
-- only; re-sending replaces it, so the old link stops working. State: open, accepted,
-- declined or withdrawn; only an open, unexpired invitation can be accepted, once.
CREATE TABLE care_page_invitations (
    id            BLOB PRIMARY KEY NOT NULL,
    care_page_id  BLOB NOT NULL REFERENCES care_pages (id),
    invited_by    BLOB NOT NULL REFERENCES accounts (id),
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    language      TEXT NOT NULL,
    relation      TEXT NOT NULL,
    permissions   INTEGER NOT NULL,
    sees_contacts INTEGER NOT NULL,
    token_hash    BLOB NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    state         TEXT NOT NULL,
    decided_at    INTEGER
) STRICT;
CREATE INDEX care_page_invitations_open ON care_page_invitations (care_page_id, state, created_at, id);
CREATE INDEX care_page_invitations_by_inviter ON care_page_invitations (invited_by, state);
