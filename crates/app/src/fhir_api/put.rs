//! `PUT [base]/{type}/{id}`: create or replace a resource by the provider's own id. The same
//! PUT twice gives the same answer (201, then 200 with the same version): nothing changes.

use super::locate::{Origin, refusal};
use super::prepare::prepare;
use super::scope::require;
use super::{FhirError, logical_id, resource_type};
use crate::App;
use crate::api_tokens::Access;
use jiff::Timestamp;
use serde_json::Value;
use zk_domain::audit::AuditAction;
use zk_fhir::{Limits, Meta, OperationOutcome, ResourceType, parse_resource};
use zk_store::ApiToken;
use zk_store::fhir::{FhirWrite, FhirWriteOutcome, FhirWriteResult};

/// A stored resource, as the answer to a PUT.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    pub created: bool,
    pub resource_type: ResourceType,
    pub id: String,
    pub version_id: i64,
    pub last_updated: Timestamp,
    /// The resource as a read returns it.
    pub resource: Value,
}

impl Written {
    /// `Type/id/_history/version`, relative to the base URL.
    pub fn location(&self) -> String {
        format!(
            "{}/{}/_history/{}",
            self.resource_type, self.id, self.version_id
        )
    }
}

pub async fn put(
    app: &App,
    token: &ApiToken,
    type_name: &str,
    id: &str,
    body: &[u8],
    limits: &Limits,
) -> Result<Written, FhirError> {
    let rt = resource_type(type_name)?;
    require(token, Access::Write, rt, None)?;
    let id = logical_id(id)?;
    let resource = parse_resource(Some(rt), body, limits).map_err(FhirError::outcome)?;
    resource.ensure_id(id).map_err(FhirError::outcome)?;
    let now = super::write_time(app);
    let write = prepare(&resource, rt.as_str(), app.today(), now)
        .map_err(|issues| FhirError::outcome(OperationOutcome::from_issues(issues)))?;
    let what = format!("{}/{id}", rt.as_str());
    let audit =
        crate::audit::api::write_by_token(app, token, AuditAction::Update, rt.as_str(), what);
    let outcome = app
        .store
        .write_fhir(
            token.provider_id,
            &[FhirWrite::Put(Box::new(write))],
            now,
            audit.audit(),
        )
        .await?;
    match outcome {
        FhirWriteOutcome::Done(results) => match results.first() {
            Some(FhirWriteResult::Put {
                created,
                version_id,
                last_updated,
            }) => {
                let meta = Meta::new(*last_updated).with_version(version_id.to_string());
                Ok(Written {
                    created: *created,
                    resource_type: rt,
                    id: id.to_owned(),
                    version_id: *version_id,
                    last_updated: *last_updated,
                    resource: resource.to_json(Some(&meta)),
                })
            }
            _ => Err(zk_store::StoreError::Other("a PUT without its result".into()).into()),
        },
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
