-- The network of a care page (SPEC S6). A care page knows how its beheerder is related to its
-- client (NULL: the client manages the page themselves) and since when it has no beheerder
-- (its beheerder deleted their account; a new letter gives it a new one). Members are the
-- accounts invited to the page, with their relation and permissions as bits.
ALTER TABLE care_pages ADD COLUMN beheerder_relation text;
ALTER TABLE care_pages ADD COLUMN vacant_since timestamptz;

CREATE TABLE care_page_members (
    care_page_id  uuid NOT NULL REFERENCES care_pages (id),
    account_id    uuid NOT NULL REFERENCES accounts (id),
    relation      text NOT NULL,
    permissions   integer NOT NULL,
    co_beheerder  boolean NOT NULL,
    sees_contacts boolean NOT NULL,
    joined_at     timestamptz NOT NULL,
    PRIMARY KEY (care_page_id, account_id)
);
CREATE INDEX care_page_members_in_order ON care_page_members (care_page_id, joined_at, account_id);
CREATE INDEX care_page_members_by_account ON care_page_members (account_id, joined_at, care_page_id);
