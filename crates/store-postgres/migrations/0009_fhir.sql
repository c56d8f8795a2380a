-- The FHIR API: providers' API tokens (kept as SHA-256 only), the resources providers push by
-- their own logical ids, and the references between them. The same tables as the SQLite
-- backend, in PostgreSQL's types; logical ids sort bytewise (COLLATE "C") as in SQLite.

CREATE TABLE api_tokens (
    id             uuid PRIMARY KEY NOT NULL,
    provider_id    uuid NOT NULL REFERENCES providers (id),
    token_hash     bytea NOT NULL UNIQUE,
    name           text NOT NULL,
    can_read       boolean NOT NULL,
    can_write      boolean NOT NULL,
    -- Space-separated resource type names; NULL for all types.
    resource_types text,
    created_at     timestamptz NOT NULL,
    last_used_at   timestamptz,
    revoked_at     timestamptz
);
CREATE INDEX api_tokens_by_provider ON api_tokens (provider_id, id);

CREATE TABLE fhir_resources (
    provider_id      uuid NOT NULL REFERENCES providers (id),
    resource_type    text COLLATE "C" NOT NULL,
    logical_id       text COLLATE "C" NOT NULL,
    -- The client the resource is about (for a Patient: its own record).
    client_record_id uuid REFERENCES client_records (id),
    care_id          uuid NOT NULL,
    body             text NOT NULL,
    content          bytea,
    version_id       bigint NOT NULL,
    last_updated     timestamptz NOT NULL,
    search_date      timestamptz,
    identifier       text COLLATE "C",
    PRIMARY KEY (provider_id, resource_type, logical_id)
);
CREATE INDEX fhir_by_updated ON fhir_resources (provider_id, resource_type, last_updated, logical_id);
CREATE INDEX fhir_by_client_updated ON fhir_resources (provider_id, resource_type, client_record_id, last_updated, logical_id);
CREATE INDEX fhir_by_date ON fhir_resources (provider_id, resource_type, search_date, logical_id);
CREATE INDEX fhir_by_client_date ON fhir_resources (provider_id, resource_type, client_record_id, search_date, logical_id);
CREATE INDEX fhir_by_identifier ON fhir_resources (provider_id, resource_type, identifier, logical_id);

CREATE TABLE fhir_references (
    provider_id uuid NOT NULL REFERENCES providers (id),
    source_type text COLLATE "C" NOT NULL,
    source_id   text COLLATE "C" NOT NULL,
    target_type text COLLATE "C" NOT NULL,
    target_id   text COLLATE "C" NOT NULL,
    PRIMARY KEY (provider_id, source_type, source_id, target_type, target_id)
);
CREATE INDEX fhir_references_to ON fhir_references (provider_id, target_type, target_id, source_type, source_id);

-- A CareTeam resource replaces its own members; members added otherwise have none.
ALTER TABLE care_team_members ADD COLUMN care_team_id uuid;
CREATE INDEX care_team_by_team ON care_team_members (care_team_id);

-- A Goal waits (no care plan) until a CarePlan lists it.
ALTER TABLE goals ALTER COLUMN care_plan_id DROP NOT NULL;
