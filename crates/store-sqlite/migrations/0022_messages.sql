-- Messages (berichten, SPEC S5b): threads on a care page between chosen participants (accounts
-- of the network, or providers whose staff answer for them), their messages, what each
-- participant read and when they were last told by e-mail, and whether a provider takes part.
CREATE TABLE message_threads (
    id              BLOB NOT NULL PRIMARY KEY,
    care_page_id    BLOB NOT NULL REFERENCES care_pages (id),
    subject         TEXT NOT NULL,
    started_by      BLOB NOT NULL,
    created_at      INTEGER NOT NULL,
    last_message_at INTEGER NOT NULL
) STRICT;
CREATE INDEX message_threads_newest_first ON message_threads (care_page_id, last_message_at DESC, id DESC);
CREATE INDEX message_threads_by_last_message ON message_threads (last_message_at);

-- party_id is an account's or a provider's id (party_kind says which); the name is kept so a
-- former participant is still shown by name.
CREATE TABLE message_participants (
    thread_id    BLOB NOT NULL REFERENCES message_threads (id),
    party_kind   TEXT NOT NULL CHECK (party_kind IN ('account', 'provider')),
    party_id     BLOB NOT NULL,
    name         TEXT NOT NULL,
    added_at     INTEGER NOT NULL,
    last_read_at INTEGER,
    notified_at  INTEGER,
    PRIMARY KEY (thread_id, party_id)
) STRICT;
CREATE INDEX message_participants_by_party ON message_participants (party_id, thread_id);

CREATE TABLE messages (
    id           BLOB NOT NULL PRIMARY KEY,
    thread_id    BLOB NOT NULL REFERENCES message_threads (id),
    care_page_id BLOB NOT NULL REFERENCES care_pages (id),
    author_kind  TEXT NOT NULL CHECK (author_kind IN ('account', 'provider')),
    author_id    BLOB NOT NULL,
    writer_id    BLOB NOT NULL,
    writer_name  TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX messages_newest_first ON messages (thread_id, created_at DESC, id DESC);
CREATE INDEX messages_by_writer ON messages (writer_id, created_at);

CREATE TABLE provider_messaging (
    provider_id BLOB NOT NULL PRIMARY KEY REFERENCES providers (id),
    enabled     INTEGER NOT NULL,
    changed_at  INTEGER NOT NULL
) STRICT;
