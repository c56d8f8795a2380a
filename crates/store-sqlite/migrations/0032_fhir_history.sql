-- FHIR versions: the last versions of every resource (a deletion is a version without a body),
-- for vread and _history. The newest row of a resource is never pruned, so it also carries the
-- version counter over a deletion: a resource created again goes on from there.

CREATE TABLE fhir_history (
    provider_id   BLOB NOT NULL REFERENCES providers (id),
    resource_type TEXT NOT NULL,
    logical_id    TEXT NOT NULL,
    version_id    INTEGER NOT NULL,
    last_updated  INTEGER NOT NULL,
    -- NULL for a deletion.
    body          TEXT,
    content       BLOB,
    PRIMARY KEY (provider_id, resource_type, logical_id, version_id)
) STRICT;

INSERT INTO fhir_history (provider_id, resource_type, logical_id, version_id, last_updated, body, content)
    SELECT provider_id, resource_type, logical_id, version_id, last_updated, body, content
    FROM fhir_resources;
