-- FHIR versions: the last versions of every resource (a deletion is a version without a body),
-- for vread and _history. The newest row of a resource is never pruned, so it also carries the
-- version counter over a deletion: a resource created again goes on from there.

CREATE TABLE fhir_history (
    provider_id   uuid NOT NULL REFERENCES providers (id),
    resource_type text COLLATE "C" NOT NULL,
    logical_id    text COLLATE "C" NOT NULL,
    version_id    bigint NOT NULL,
    last_updated  timestamptz NOT NULL,
    -- NULL for a deletion.
    body          text,
    content       bytea,
    PRIMARY KEY (provider_id, resource_type, logical_id, version_id)
);

INSERT INTO fhir_history (provider_id, resource_type, logical_id, version_id, last_updated, body, content)
    SELECT provider_id, resource_type, logical_id, version_id, last_updated, body, content
    FROM fhir_resources;
