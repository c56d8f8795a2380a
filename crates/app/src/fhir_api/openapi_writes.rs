//! The OpenAPI paths of versions and creates: `POST /{type}` (with `If-None-Exist`),
//! `PUT /{type}?identifier=…`, `GET /{type}/{id}/_history` and `…/_history/{vid}`, and the
//! `If-Match`/`If-None-Match` headers of the instance interactions; added to the paths
//! `openapi` builds from the same capabilities.

use serde_json::{Map, Value, json};
use zk_fhir::{Interaction, ResourceCapability};
use zk_store::fhir::FHIR_VERSIONS_KEPT;

fn body(schema: &str) -> Value {
    json!({ "application/fhir+json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } })
}

fn answer(description: &str, schema: &str) -> Value {
    json!({ "description": description, "content": body(schema) })
}

fn outcome(description: &str) -> Value {
    answer(description, "OperationOutcome")
}

fn header(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "header", "required": false, "description": description, "schema": { "type": "string" } })
}

fn id_parameter() -> Value {
    json!({
        "name": "id", "in": "path", "required": true,
        "description": "The id of the resource.",
        "schema": { "type": "string", "pattern": "^[A-Za-z0-9\\-\\.]{1,64}$" },
    })
}

const WRITTEN: &str = "`Location` is `{type}/{id}/_history/{version}` (a vread resolves it), `ETag` is `W/\"{version}\"`.";

/// Adds the paths and headers of `resource`'s versioning and create interactions.
pub(crate) fn extend(paths: &mut Map<String, Value>, resource: &ResourceCapability) {
    let name = resource.resource_type.as_str();
    let has = |i: Interaction| resource.interactions.contains(&i);
    if let Some(Value::Object(type_item)) = paths.get_mut(&format!("/{name}")) {
        if has(Interaction::Create) {
            type_item.insert("post".into(), json!({
                "summary": format!("Create a {name} with a server-assigned id (an id in the body is ignored)"),
                "operationId": format!("create{name}"),
                "parameters": [header("If-None-Exist", "Conditional create: `identifier=system|value`, `identifier=|value` or `identifier=value`. One match: 200 with it, nothing written; more: 412.")],
                "requestBody": { "required": true, "content": body(name) },
                "responses": {
                    "201": answer(&format!("Created. {WRITTEN}"), name),
                    "200": answer("If-None-Exist found this one; nothing was written.", name),
                    "400": outcome("Invalid JSON or content, or an unsupported condition."),
                    "412": outcome("If-None-Exist matches more than one resource."),
                    "422": outcome("A missing reference or a broken business rule; nothing was written."),
                },
            }));
        }
        if resource.conditional && has(Interaction::Update) {
            type_item.insert("put".into(), json!({
                "summary": format!("Conditional update of a {name} by identifier: no match creates, one match updates, more are refused"),
                "operationId": format!("conditionalUpdate{name}"),
                "parameters": [{ "name": "identifier", "in": "query", "required": true, "description": "`system|value`, `|value` or `value`, matched against all identifiers.", "schema": { "type": "string" } }],
                "requestBody": { "required": true, "content": body(name) },
                "responses": {
                    "201": answer(&format!("Created. {WRITTEN}"), name),
                    "200": answer(&format!("Updated. {WRITTEN}"), name),
                    "400": outcome("Invalid content, an unsupported condition, or a body id other than the one found."),
                    "412": outcome("The condition matches more than one resource."),
                },
            }));
        }
    }
    if let Some(Value::Object(instance)) = paths.get_mut(&format!("/{name}/{{id}}")) {
        let add = |op: Option<&mut Value>, h: Value, status: &str, what: &str| {
            if let Some(Value::Object(op)) = op {
                if let Value::Array(params) = op.entry("parameters").or_insert_with(|| json!([])) {
                    params.push(h);
                }
                if let Some(Value::Object(responses)) = op.get_mut("responses") {
                    responses.insert(
                        status.into(),
                        if status == "304" {
                            json!({ "description": what })
                        } else {
                            outcome(what)
                        },
                    );
                }
            }
        };
        add(
            instance.get_mut("get"),
            header(
                "If-None-Match",
                "`W/\"{version}\"` or `*`: 304 when it is the current version.",
            ),
            "304",
            "Not modified: the version named is the current one.",
        );
        add(
            instance.get_mut("put"),
            header(
                "If-Match",
                "`W/\"{version}\"`: only update when this is the current version.",
            ),
            "412",
            "If-Match names another version than the current one; nothing was written.",
        );
        add(
            instance.get_mut("delete"),
            header(
                "If-Match",
                "`W/\"{version}\"`: only delete when this is the current version.",
            ),
            "412",
            "If-Match names another version than the current one; nothing was deleted.",
        );
    }
    let kept =
        format!("The last {FHIR_VERSIONS_KEPT} versions are kept (a deletion counts as one).");
    if has(Interaction::HistoryInstance) {
        paths.insert(format!("/{name}/{{id}}/_history"), json!({
            "parameters": [id_parameter()],
            "get": {
                "summary": format!("The kept versions of a {name}, newest first (a history Bundle; deletions as DELETE entries)"),
                "operationId": format!("history{name}"),
                "description": kept,
                "responses": {
                    "200": answer("A history Bundle.", "Bundle"),
                    "404": outcome("No such resource for this provider."),
                },
            },
        }));
    }
    if has(Interaction::Vread) {
        paths.insert(format!("/{name}/{{id}}/_history/{{vid}}"), json!({
            "parameters": [id_parameter(), { "name": "vid", "in": "path", "required": true, "schema": { "type": "string" } }],
            "get": {
                "summary": format!("One version of a {name} (vread)"),
                "operationId": format!("vread{name}"),
                "description": kept,
                "responses": {
                    "200": answer("That version.", name),
                    "404": outcome("No such version, or no longer kept."),
                    "410": outcome("That version is the resource's deletion."),
                },
            },
        }));
    }
}
