-- Messages (berichten, SPEC S5b): threads on a care page between chosen participants (accounts
-- of the network, or providers whose staff answer for them), their messages, what each
-- participant read and when they were last told by e-mail, and whether a provider takes part.
CREATE TABLE message_threads (
    id              uuid PRIMARY KEY,
    care_page_id    uuid NOT NULL REFERENCES care_pages (id),
    subject         text NOT NULL,
    started_by      uuid NOT NULL,
    created_at      timestamptz NOT NULL,
    last_message_at timestamptz NOT NULL
);
CREATE INDEX message_threads_newest_first ON message_threads (care_page_id, last_message_at DESC, id DESC);
CREATE INDEX message_threads_by_last_message ON message_threads (last_message_at);

-- party_id is an account's or a provider's id (party_kind says which); the name is kept so a
-- former participant is still shown by name.
CREATE TABLE message_participants (
    thread_id    uuid NOT NULL REFERENCES message_threads (id),
    party_kind   text NOT NULL CHECK (party_kind IN ('account', 'provider')),
    party_id     uuid NOT NULL,
    name         text NOT NULL,
    added_at     timestamptz NOT NULL,
    last_read_at timestamptz,
    notified_at  timestamptz,
    PRIMARY KEY (thread_id, party_id)
);
CREATE INDEX message_participants_by_party ON message_participants (party_id, thread_id);

CREATE TABLE messages (
    id           uuid PRIMARY KEY,
    thread_id    uuid NOT NULL REFERENCES message_threads (id),
    care_page_id uuid NOT NULL REFERENCES care_pages (id),
    author_kind  text NOT NULL CHECK (author_kind IN ('account', 'provider')),
    author_id    uuid NOT NULL,
    writer_id    uuid NOT NULL,
    writer_name  text NOT NULL,
    body         text NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX messages_newest_first ON messages (thread_id, created_at DESC, id DESC);
CREATE INDEX messages_by_writer ON messages (writer_id, created_at);

CREATE TABLE provider_messaging (
    provider_id uuid PRIMARY KEY REFERENCES providers (id),
    enabled     boolean NOT NULL,
    changed_at  timestamptz NOT NULL
);
