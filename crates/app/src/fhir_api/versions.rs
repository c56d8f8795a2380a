//! `GET [base]/{type}/{id}/_history/{vid}` (vread) and `GET [base]/{type}/{id}/_history`: the
//! kept versions of a resource (the last `FHIR_VERSIONS_KEPT`, a deletion counting as one).
//! A version no longer kept is 404, a deletion 410, each with an OperationOutcome saying so.

use super::read::Found;
use super::render::to_json;
use super::scope::require;
use super::{FhirError, logical_id, resource_type};
use crate::App;
use crate::api_tokens::Access;
use serde_json::Value;
use zk_domain::audit::AuditAction;
use zk_fhir::{History, IssueCode, OperationOutcome, ResourceType};
use zk_store::ApiToken;
use zk_store::fhir::{FHIR_VERSIONS_KEPT, FhirHistory};

async fn kept(
    app: &App,
    token: &ApiToken,
    type_name: &str,
    id: &str,
) -> Result<(ResourceType, String, FhirHistory), FhirError> {
    let rt = resource_type(type_name)?;
    require(token, Access::Read, rt, None)?;
    let id = logical_id(id)?.to_owned();
    let history = app
        .store
        .fhir_history(token.provider_id, rt.as_str(), &id)
        .await?;
    if history.versions.is_empty() {
        return Err(FhirError::not_found(rt, &id));
    }
    let what = format!("{}/{id}/_history", rt.as_str());
    crate::audit::api::by_token(app, token, AuditAction::Read, rt.as_str(), what).await?;
    Ok((rt, id, history))
}

fn no_such_version(rt: ResourceType, id: &str, vid: &str, latest: i64) -> FhirError {
    let kept = format!(
        "this server keeps the last {FHIR_VERSIONS_KEPT} versions of a resource (a deletion counts as one)"
    );
    let diagnostics = match vid.parse::<i64>() {
        Ok(v) if v >= 1 && v < latest => {
            format!("Version {v} of {rt}/{id} is no longer kept; {kept}")
        }
        _ => format!("{rt}/{id} has no version '{vid}'; its latest is {latest}"),
    };
    FhirError::new(
        404,
        OperationOutcome::error(IssueCode::NotFound, diagnostics),
    )
}

/// One version of a resource.
pub async fn vread(
    app: &App,
    token: &ApiToken,
    type_name: &str,
    id: &str,
    vid: &str,
) -> Result<Found, FhirError> {
    let (rt, id, history) = kept(app, token, type_name, id).await?;
    let version = history
        .versions
        .iter()
        .find(|v| v.version_id.to_string() == vid)
        .ok_or_else(|| no_such_version(rt, &id, vid, history.latest))?;
    match &version.resource {
        Some(stored) => Ok(Found {
            version_id: version.version_id,
            last_updated: version.last_updated,
            resource: to_json(stored)?,
        }),
        None => Err(FhirError::new(
            410,
            OperationOutcome::error(
                IssueCode::Deleted,
                format!("Version {vid} of {rt}/{id} is its deletion"),
            ),
        )),
    }
}

/// The kept versions as a `history` Bundle, newest first.
pub async fn history(
    app: &App,
    token: &ApiToken,
    type_name: &str,
    id: &str,
    base_url: &str,
) -> Result<Value, FhirError> {
    let (rt, id, history) = kept(app, token, type_name, id).await?;
    let mut out = History::new(base_url, rt, &id);
    for (n, v) in history.versions.iter().enumerate() {
        match &v.resource {
            Some(stored) => {
                let created = match history.versions.get(n + 1) {
                    Some(older) => older.resource.is_none(),
                    None => v.version_id == 1,
                };
                out.version(to_json(stored)?, created, v.version_id, v.last_updated);
            }
            None => out.deletion(v.version_id, v.last_updated),
        }
    }
    Ok(out.to_json())
}
