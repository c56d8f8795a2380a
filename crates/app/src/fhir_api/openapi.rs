//! The OpenAPI 3.1 document of the FHIR API, built from the same `capabilities()` that the
//! CapabilityStatement and the search code read, so the three cannot disagree. Resource bodies
//! are described as FHIR JSON objects with their `resourceType`; the FHIR specification is the
//! schema of their contents.

use super::capabilities::capabilities;
use serde_json::{Map, Value, json};
use zk_fhir::{Capabilities, Interaction, ResourceCapability};

/// The OpenAPI document of the API at `base_url` (e.g. `https://zorg.example/fhir/r4`).
pub fn openapi_document(base_url: &str) -> Value {
    let capabilities = capabilities();
    let mut paths = Map::new();
    paths.insert("/metadata".into(), metadata_path());
    if capabilities.transaction {
        paths.insert("/".into(), transaction_path());
    }
    paths.insert("/$import".into(), import_path());
    paths.insert("/$import/{job}".into(), import_status_path());
    for resource in &capabilities.resources {
        let name = resource.resource_type.as_str();
        paths.insert(format!("/{name}"), type_path(resource));
        paths.insert(format!("/{name}/{{id}}"), instance_path(resource));
        super::openapi_writes::extend(&mut paths, resource);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Zorgkring FHIR R4 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The API through which a care provider's record system keeps its clients' care data in Zorgkring. Every request needs a bearer API token of the provider, made in the staff area; a token reads and/or writes, for every resource type or a chosen few. A provider only ever sees and changes its own data: another provider's resources answer as missing. Every refusal is an OperationOutcome naming the problem and its location.",
            "license": { "name": "EUPL-1.2", "identifier": "EUPL-1.2" },
        },
        "servers": [{ "url": base_url }],
        "security": [{ "apiToken": [] }],
        "paths": paths,
        "components": components(&capabilities),
    })
}

fn fhir_body(schema: &str) -> Value {
    json!({ "application/fhir+json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } })
}

fn answer(description: &str, schema: &str) -> Value {
    json!({ "description": description, "content": fhir_body(schema) })
}

/// The refusals every authenticated interaction can answer with.
fn refusals(extra: &[(&str, &str)]) -> Map<String, Value> {
    let mut map = Map::new();
    let common = [
        ("401", "No token, or an unknown or revoked token."),
        ("403", "The token's scopes do not allow this."),
    ];
    for (status, description) in common.iter().chain(extra) {
        map.insert((*status).into(), answer(description, "OperationOutcome"));
    }
    map
}

fn metadata_path() -> Value {
    json!({ "get": {
        "summary": "The CapabilityStatement: what this API supports",
        "operationId": "metadata",
        "security": [],
        "responses": { "200": answer("The CapabilityStatement.", "Resource") },
    }})
}

fn transaction_path() -> Value {
    let mut responses = refusals(&[
        (
            "400",
            "Not a transaction or batch Bundle, or an entry is invalid; nothing was written.",
        ),
        (
            "409",
            "A DELETE entry's resource is still referred to; nothing was written.",
        ),
        ("413", "The body is larger than the configured limit."),
        ("415", "The body is not FHIR JSON."),
        (
            "422",
            "An entry refers to a resource that does not exist for this provider, or breaks a business rule; nothing was written.",
        ),
    ]);
    responses.insert(
        "200".into(),
        answer(
            "A transaction-response Bundle (every entry was written), or a batch-response Bundle (each entry with its own status; a failed one with its OperationOutcome).",
            "Bundle",
        ),
    );
    json!({ "post": {
        "summary": "A transaction Bundle (all entries or none) or a batch Bundle (each entry on its own) of PUT, conditional PUT, POST (with ifNoneExist) and DELETE entries; urn:uuid references between entries are resolved",
        "operationId": "transaction",
        "requestBody": { "required": true, "content": fhir_body("Bundle") },
        "responses": responses,
    }})
}

fn import_path() -> Value {
    let mut responses = refusals(&[
        ("400", "An empty upload; nothing was stored."),
        (
            "413",
            "The upload is larger than the configured import limit; nothing was stored.",
        ),
        ("415", "The body is not NDJSON."),
    ]);
    responses.insert(
        "202".into(),
        json!({
            "description": "The upload is stored and waits for the import worker; `Content-Location` gives the status URL.",
            "headers": { "Content-Location": { "schema": { "type": "string" } } },
            "content": fhir_body("OperationOutcome"),
        }),
    );
    json!({ "post": {
        "summary": "Bulk import: an NDJSON file, one resource per line, each written like a PUT by its id, in the background",
        "operationId": "bulkImport",
        "requestBody": { "required": true, "content": {
            "application/fhir+ndjson": { "schema": { "type": "string" } },
        }},
        "responses": responses,
    }})
}

fn import_status_path() -> Value {
    let mut responses = refusals(&[("404", "No such import job for this provider.")]);
    responses.insert(
        "202".into(),
        json!({
            "description": "Still waiting or running; `X-Progress` tells how far it is.",
            "headers": { "X-Progress": { "schema": { "type": "string" } } },
            "content": { "application/json": { "schema": { "type": "object" } } },
        }),
    );
    responses.insert(
        "200".into(),
        json!({
            "description": "Done: lines read, written and failed, and an OperationOutcome naming each failing line (`Line[n]…`).",
            "content": { "application/json": { "schema": { "type": "object" } } },
        }),
    );
    json!({
        "parameters": [{ "name": "job", "in": "path", "required": true, "schema": { "type": "string" } }],
        "get": {
            "summary": "The status of a bulk import",
            "operationId": "bulkImportStatus",
            "responses": responses,
        },
    })
}

fn type_path(resource: &ResourceCapability) -> Value {
    let name = resource.resource_type.as_str();
    let mut parameters = Vec::new();
    for param in &resource.search_params {
        let description = param
            .documentation
            .clone()
            .unwrap_or_else(|| param.name.clone());
        parameters.push(json!({
            "name": param.name,
            "in": "query",
            "required": false,
            "description": format!("{description} (FHIR {} parameter)", param.kind.as_str()),
            "schema": { "type": "string" },
        }));
    }
    let mut responses = refusals(&[("400", "An unknown or malformed search parameter.")]);
    responses.insert(
        "200".into(),
        answer(
            "A searchset Bundle, one page; the `next` link gives the next page.",
            "Bundle",
        ),
    );
    let mut item = Map::new();
    if resource.interactions.contains(&Interaction::SearchType) {
        item.insert(
            "get".into(),
            json!({
                "summary": format!("Search {name} resources"),
                "operationId": format!("search{name}"),
                "parameters": parameters,
                "responses": responses,
            }),
        );
    }
    Value::Object(item)
}

fn instance_path(resource: &ResourceCapability) -> Value {
    let name = resource.resource_type.as_str();
    let id = json!({
        "name": "id", "in": "path", "required": true,
        "description": "The provider's own id of the resource (FHIR id: letters, digits, `-` and `.`, at most 64).",
        "schema": { "type": "string", "pattern": "^[A-Za-z0-9\\-\\.]{1,64}$" },
    });
    let mut item = Map::new();
    item.insert("parameters".into(), json!([id]));
    for interaction in &resource.interactions {
        match interaction {
            Interaction::Read => {
                let mut responses = refusals(&[("404", "No such resource for this provider.")]);
                responses.insert("200".into(), answer("The resource.", name));
                item.insert(
                    "get".into(),
                    json!({
                        "summary": format!("Read a {name}"),
                        "operationId": format!("read{name}"),
                        "responses": responses,
                    }),
                );
            }
            Interaction::Update => {
                let mut responses = refusals(&[
                    (
                        "400",
                        "Invalid JSON, a wrong resourceType or id, or a missing required field; nothing was written.",
                    ),
                    ("413", "The body is larger than the configured limit."),
                    ("415", "The body is not FHIR JSON."),
                    (
                        "422",
                        "A reference to a resource that does not exist for this provider, or a broken business rule (e.g. a client number in use); nothing was written.",
                    ),
                ]);
                responses.insert("200".into(), answer("Updated.", name));
                responses.insert("201".into(), answer("Created.", name));
                let create = if resource.update_create {
                    " (creates it when it does not exist yet)"
                } else {
                    ""
                };
                item.insert(
                    "put".into(),
                    json!({
                        "summary": format!("Create or update a {name} by its id{create}; idempotent"),
                        "operationId": format!("update{name}"),
                        "requestBody": { "required": true, "content": fhir_body(name) },
                        "responses": responses,
                    }),
                );
            }
            Interaction::Delete => {
                let mut responses = refusals(&[
                    ("404", "No such resource for this provider."),
                    ("409", "Another resource still refers to it."),
                ]);
                responses.insert("204".into(), json!({ "description": "Deleted." }));
                item.insert(
                    "delete".into(),
                    json!({
                        "summary": format!("Delete a {name}"),
                        "operationId": format!("delete{name}"),
                        "responses": responses,
                    }),
                );
            }
            _ => {}
        }
    }
    Value::Object(item)
}

fn components(capabilities: &Capabilities) -> Value {
    let mut schemas = Map::new();
    schemas.insert(
        "Resource".into(),
        json!({
            "type": "object",
            "description": "A FHIR R4 resource in JSON; see the FHIR specification for its contents.",
            "required": ["resourceType"],
            "properties": { "resourceType": { "type": "string" }, "id": { "type": "string" } },
        }),
    );
    let mut names: Vec<&str> = capabilities
        .resources
        .iter()
        .map(|r| r.resource_type.as_str())
        .collect();
    names.extend(["Bundle", "OperationOutcome"]);
    for name in names {
        schemas.insert(
            name.into(),
            json!({
                "allOf": [{ "$ref": "#/components/schemas/Resource" }],
                "properties": { "resourceType": { "const": name } },
            }),
        );
    }
    json!({
        "securitySchemes": { "apiToken": {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token of the provider (`zk_` and 43 characters).",
        }},
        "schemas": schemas,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn every_capability_has_its_paths() {
        let doc = openapi_document("https://zorg.example/fhir/r4");
        for resource in capabilities().resources {
            let name = resource.resource_type.as_str();
            let instance = &doc["paths"][format!("/{name}/{{id}}")];
            assert!(instance["get"].is_object(), "{name} read");
            assert!(instance["put"].is_object(), "{name} update");
            assert!(instance["delete"].is_object(), "{name} delete");
            let search = &doc["paths"][format!("/{name}")]["get"];
            let params: Vec<&str> = search["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            for param in &resource.search_params {
                assert!(
                    params.contains(&param.name.as_str()),
                    "{name} {}",
                    param.name
                );
            }
        }
        assert!(doc["paths"]["/"]["post"].is_object());
        assert_eq!(doc["paths"]["/metadata"]["get"]["security"], json!([]));
    }
}
