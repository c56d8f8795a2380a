-- The FHIR API: providers' API tokens (kept as SHA-256 only), the resources providers push by
-- their own logical ids, and the references between them. A resource's care data is also
-- written to the care tables the care page reads ("projection"); `care_id` is the id of its
-- row there, kept over updates.

CREATE TABLE api_tokens (
    id             BLOB PRIMARY KEY NOT NULL,
    provider_id    BLOB NOT NULL REFERENCES providers (id),
    token_hash     BLOB NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    can_read       INTEGER NOT NULL,
    can_write      INTEGER NOT NULL,
    -- Space-separated resource type names; NULL for all types.
    resource_types TEXT,
    created_at     INTEGER NOT NULL,
    last_used_at   INTEGER,
    revoked_at     INTEGER
) STRICT;
CREATE INDEX api_tokens_by_provider ON api_tokens (provider_id, id);

CREATE TABLE fhir_resources (
    provider_id      BLOB NOT NULL REFERENCES providers (id),
    resource_type    TEXT NOT NULL,
    logical_id       TEXT NOT NULL,
    -- The client the resource is about (for a Patient: its own record).
    client_record_id BLOB REFERENCES client_records (id),
    care_id          BLOB NOT NULL,
    body             TEXT NOT NULL,
    content          BLOB,
    version_id       INTEGER NOT NULL,
    last_updated     INTEGER NOT NULL,
    search_date      INTEGER,
    identifier       TEXT,
    PRIMARY KEY (provider_id, resource_type, logical_id)
) STRICT;
CREATE INDEX fhir_by_updated ON fhir_resources (provider_id, resource_type, last_updated, logical_id);
CREATE INDEX fhir_by_client_updated ON fhir_resources (provider_id, resource_type, client_record_id, last_updated, logical_id);
CREATE INDEX fhir_by_date ON fhir_resources (provider_id, resource_type, search_date, logical_id);
CREATE INDEX fhir_by_client_date ON fhir_resources (provider_id, resource_type, client_record_id, search_date, logical_id);
CREATE INDEX fhir_by_identifier ON fhir_resources (provider_id, resource_type, identifier, logical_id);

CREATE TABLE fhir_references (
    provider_id BLOB NOT NULL REFERENCES providers (id),
    source_type TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    PRIMARY KEY (provider_id, source_type, source_id, target_type, target_id)
) STRICT;
CREATE INDEX fhir_references_to ON fhir_references (provider_id, target_type, target_id, source_type, source_id);

-- A CareTeam resource replaces its own members; members added otherwise have none.
ALTER TABLE care_team_members ADD COLUMN care_team_id BLOB;
CREATE INDEX care_team_by_team ON care_team_members (care_team_id);

-- A Goal waits (no care plan) until a CarePlan lists it. SQLite cannot drop NOT NULL in place.
CREATE TABLE goals_new (
    id           BLOB PRIMARY KEY NOT NULL,
    care_plan_id BLOB REFERENCES care_plans (id),
    description  TEXT NOT NULL,
    achieved     INTEGER NOT NULL DEFAULT 0,
    target_date  TEXT
) STRICT;
INSERT INTO goals_new (id, care_plan_id, description, achieved, target_date)
    SELECT id, care_plan_id, description, achieved, target_date FROM goals;
DROP TABLE goals;
ALTER TABLE goals_new RENAME TO goals;
CREATE INDEX goals_by_plan ON goals (care_plan_id, id);
