//! Writing one resource: `PUT [base]/{type}/{id}` (create or replace by the provider's own id,
//! optionally `If-Match`), `PUT [base]/{type}?identifier=…` (conditional update) and
//! `POST [base]/{type}` (create with a server-assigned id, optionally `If-None-Exist`). The same
//! PUT twice gives the same answer (201, then 200 with the same version): nothing changes.

use super::conditional::{etag_version, matching_ids, new_id, several_match, version_mismatch};
use super::locate::{Origin, refusal};
use super::prepare::prepare;
use super::render::to_json;
use super::scope::require;
use super::{FhirError, logical_id, resource_type};
use crate::App;
use crate::api_tokens::Access;
use jiff::Timestamp;
use serde_json::Value;
use zk_domain::audit::AuditAction;
use zk_fhir::{Limits, Meta, OperationOutcome, ResourceType, parse_resource};
use zk_store::ApiToken;
use zk_store::fhir::{FhirRefusal, FhirWrite, FhirWriteOutcome, FhirWriteResult};

/// A stored resource, as the answer to a write.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    /// False for an update, and for a conditional create that found the resource.
    pub created: bool,
    pub resource_type: ResourceType,
    pub id: String,
    pub version_id: i64,
    pub last_updated: Timestamp,
    /// The resource as a read returns it.
    pub resource: Value,
}

impl Written {
    /// `Type/id/_history/version`, relative to the base URL; a vread resolves it.
    pub fn location(&self) -> String {
        format!(
            "{}/{}/_history/{}",
            self.resource_type, self.id, self.version_id
        )
    }
}

/// `PUT Type/id`; `if_match` is the `If-Match` header (`W/"3"`): 412 unless it names the
/// current version.
pub async fn put(
    app: &App,
    token: &ApiToken,
    type_name: &str,
    id: &str,
    body: &[u8],
    limits: &Limits,
    if_match: Option<&str>,
) -> Result<Written, FhirError> {
    let rt = resource_type(type_name)?;
    require(token, Access::Write, rt, None)?;
    let id = logical_id(id)?;
    let expect = if_match.map(|m| etag_version(m, None)).transpose()?;
    let resource = parse_resource(Some(rt), body, limits).map_err(FhirError::outcome)?;
    resource.ensure_id(id).map_err(FhirError::outcome)?;
    store(app, token, rt, &resource, body, expect, AuditAction::Update).await
}

/// `PUT Type?identifier=…`: no match creates (with the body's id, else a new one), one match
/// updates it (the body's id, if any, must be its id), more are refused (412).
pub async fn conditional_put(
    app: &App,
    token: &ApiToken,
    type_name: &str,
    query: &str,
    body: &[u8],
    limits: &Limits,
) -> Result<Written, FhirError> {
    let rt = resource_type(type_name)?;
    require(token, Access::Write, rt, None)?;
    let found = matching_ids(app, token.provider_id, rt, query, rt.as_str()).await?;
    let given = body_id(body);
    let id = match found.as_slice() {
        [] => given.clone().unwrap_or_else(new_id),
        [one] => one.clone(),
        _ => return Err(several_match(query, None)),
    };
    let id = logical_id(&id)?.to_owned();
    let body = with_id(body, &id);
    let resource = parse_resource(Some(rt), &body, limits).map_err(FhirError::outcome)?;
    if let Some(given) = given {
        resource.ensure_id(&given).map_err(FhirError::outcome)?;
    }
    store(app, token, rt, &resource, &body, None, AuditAction::Update).await
}

/// `POST Type`: a new resource with a server-assigned id (an id in the body is ignored, as FHIR
/// says). With `If-None-Exist` (`identifier=…`): one match answers it without writing, more
/// are refused (412).
pub async fn create(
    app: &App,
    token: &ApiToken,
    type_name: &str,
    body: &[u8],
    limits: &Limits,
    if_none_exist: Option<&str>,
) -> Result<Written, FhirError> {
    let rt = resource_type(type_name)?;
    require(token, Access::Write, rt, None)?;
    if let Some(query) = if_none_exist {
        let found = matching_ids(app, token.provider_id, rt, query, "If-None-Exist").await?;
        match found.as_slice() {
            [] => {}
            [one] => return existing(app, token, rt, one).await,
            _ => return Err(several_match(query, None)),
        }
    }
    let id = new_id();
    let body = with_id(body, &id);
    let resource = parse_resource(Some(rt), &body, limits).map_err(FhirError::outcome)?;
    store(app, token, rt, &resource, &body, None, AuditAction::Create).await
}

/// The resource a conditional create found, as it is (audited as a read).
pub(crate) async fn existing(
    app: &App,
    token: &ApiToken,
    rt: ResourceType,
    id: &str,
) -> Result<Written, FhirError> {
    let stored = app
        .store
        .read_fhir(token.provider_id, rt.as_str(), id)
        .await?
        .ok_or_else(|| FhirError::not_found(rt, id))?;
    let what = format!("{}/{id}", rt.as_str());
    crate::audit::api::by_token(app, token, AuditAction::Read, rt.as_str(), what).await?;
    Ok(Written {
        created: false,
        resource_type: rt,
        id: id.to_owned(),
        version_id: stored.version_id,
        last_updated: stored.last_updated,
        resource: to_json(&stored)?,
    })
}

/// The `id` of a JSON body, if it has one.
pub(crate) fn body_id(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<Value>(body)
        .ok()?
        .get("id")?
        .as_str()
        .map(str::to_owned)
}

/// The body with `id` as its id. A body without one gets it inserted as the first member, the
/// rest of the text untouched (so the parser still sees exactly what was sent); a body with
/// another id has it replaced. A body that is not a JSON object is left for the parser to
/// refuse.
pub(crate) fn with_id(body: &[u8], id: &str) -> Vec<u8> {
    let Ok(Value::Object(mut map)) = serde_json::from_slice::<Value>(body) else {
        return body.to_vec();
    };
    if map.contains_key("id") {
        map.insert("id".into(), Value::String(id.to_owned()));
        return serde_json::to_vec(&Value::Object(map)).unwrap_or_else(|_| body.to_vec());
    }
    let Some(open) = body.iter().position(|b| *b == b'{') else {
        return body.to_vec();
    };
    let member = serde_json::to_string(id).unwrap_or_default();
    let separator = if map.is_empty() { "" } else { "," };
    let mut out = body[..=open].to_vec();
    out.extend_from_slice(format!("\"id\":{member}{separator}").as_bytes());
    out.extend_from_slice(&body[open + 1..]);
    out
}

/// Stores one parsed resource, `expect`ing its current version when given.
async fn store(
    app: &App,
    token: &ApiToken,
    rt: ResourceType,
    resource: &zk_fhir::Resource,
    body: &[u8],
    expect: Option<i64>,
    action: AuditAction,
) -> Result<Written, FhirError> {
    let id = resource.id().unwrap_or_default().to_owned();
    let now = super::write_time(app);
    let write = prepare(resource, rt.as_str(), app.today(), now).map_err(|issues| {
        FhirError::outcome(OperationOutcome::from_issues(issues).unprocessable())
    })?;
    let mut writes = Vec::with_capacity(2);
    if let Some(version_id) = expect {
        writes.push(FhirWrite::Expect {
            resource_type: rt.as_str().to_owned(),
            id: id.clone(),
            version_id,
        });
    }
    writes.push(FhirWrite::Put(Box::new(write)));
    let what = format!("{}/{id}", rt.as_str());
    let audit = crate::audit::api::write_by_token(app, token, action, rt.as_str(), what);
    let outcome = app
        .store
        .write_fhir(token.provider_id, &writes, now, audit.audit())
        .await?;
    match outcome {
        FhirWriteOutcome::Done(results) => match results.last() {
            Some(FhirWriteResult::Put {
                created,
                version_id,
                last_updated,
            }) => {
                let meta = Meta::new(*last_updated).with_version(version_id.to_string());
                Ok(Written {
                    created: *created,
                    resource_type: rt,
                    id,
                    version_id: *version_id,
                    last_updated: *last_updated,
                    resource: resource.to_json(Some(&meta)),
                })
            }
            _ => Err(zk_store::StoreError::Other("a PUT without its result".into()).into()),
        },
        FhirWriteOutcome::Refused(FhirRefusal::VersionMismatch { current, .. }) => {
            Err(version_mismatch(current, None))
        }
        FhirWriteOutcome::Refused(r) => {
            let raw: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
            Err(refusal(
                &r,
                &Origin {
                    resource: Some(&raw),
                    root: rt.as_str().to_owned(),
                    entry: None,
                },
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_put_in_without_touching_the_rest() {
        assert_eq!(
            with_id(br#" { "resourceType": "Goal" }"#, "g1"),
            br#" {"id":"g1", "resourceType": "Goal" }"#.to_vec()
        );
        assert_eq!(with_id(b"{}", "g1"), br#"{"id":"g1"}"#.to_vec());
        assert_eq!(
            body_id(&with_id(br#"{"id":"x","a":1}"#, "g1")).as_deref(),
            Some("g1")
        );
        assert_eq!(with_id(b"[1]", "g1"), b"[1]".to_vec());
    }
}
