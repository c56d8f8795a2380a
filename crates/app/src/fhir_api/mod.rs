//! The FHIR R4 API of a provider's record system, without HTTP: create or update (PUT) by the
//! provider's own ids, create with a server-assigned id (POST), conditional create and update
//! by `identifier`, read, vread and `_history`, delete, search, and transaction and batch
//! Bundles, each checked against the caller's token scopes and answered with FHIR JSON or an
//! OperationOutcome.
//!
//! Every write goes to the store in one call (one transaction), which keeps the resource as it
//! was received (only `meta.versionId` and `meta.lastUpdated` are the server's) and projects it
//! into the care tables the care page reads:
//!
//! | resource | care page |
//! |---|---|
//! | Patient | the client record with the client number `identifier[0].value` (an unlinked record of the provider with that number is taken over) |
//! | Practitioner | a practitioner (name, `qualification[0]` as discipline) |
//! | PractitionerRole | nothing (kept and served only) |
//! | CareTeam | its members in the client's care team; a practitioner is in one CareTeam per client; an inactive or suspended team shows no members |
//! | Appointment | an appointment; cancelled, no-show ("niet verschenen") and not yet confirmed (proposed, pending, waitlist) are said in words |
//! | CarePlan | a care plan with its exact status (on-hold "gepauzeerd", revoked "gestopt", …) and a proposal or option said as such |
//! | Goal | a goal, under the CarePlan of the same client that lists it (the one written last when several do); a Goal no CarePlan lists yet waits out of sight until one does |
//! | DocumentReference | a report (inline `text/plain`) or a document (a PDF inline or in a Binary, following that Binary's updates) |
//! | Binary | nothing by itself |
//! | Observation | a measurement, with its parts (a blood pressure 120/80); preliminary and amended values are marked |
//!
//! Resources with status `entered-in-error` are kept but leave the care page, and so do cancelled
//! Observations, cancelled or rejected Goals and superseded DocumentReferences. What the care page
//! cannot show correctly is refused with 422 naming the element (see `zk_fhir`). A DELETE removes
//! the resource and what it shows; a Patient's client record stays (letters and a connection
//! hang on it), and a Patient, Practitioner or Binary cannot be deleted while another resource
//! refers to it. References to a Patient, Practitioner or Binary must exist for the same
//! provider (in the store or in the same transaction); another provider's resources do not
//! exist for the caller, whatever their ids.
//!
//! Versions: every write that changes a resource, and every deletion, is a new version; version
//! ids only grow per resource, also over a deletion and a new create. The last
//! `FHIR_VERSIONS_KEPT` (10) versions are kept for vread and `_history`. `If-Match` on PUT,
//! DELETE and Bundle entries is checked inside the write's transaction (412 when stale).

mod binary;
mod bsn;
mod capabilities;
mod conditional;
mod delete;
pub mod import;
mod locate;
mod openapi;
mod openapi_writes;
mod prepare;
mod put;
mod read;
mod render;
mod scope;
mod search;
mod search_index;
mod transaction;
mod versions;

pub use binary::{BinaryContent, read_binary};
pub use capabilities::{capabilities, capability_statement, search_support};
pub use delete::delete;
pub use openapi::openapi_document;
pub use put::{Written, conditional_put, create, put};
pub use read::{Found, read};
pub use search::search;
pub use transaction::transaction;
pub use versions::{history, vread};

use zk_fhir::{IssueCode, OperationOutcome, ResourceType};
use zk_store::StoreError;

/// A refusal or failure, with the HTTP status it is answered with.
#[derive(Clone, Debug, PartialEq)]
pub struct FhirError {
    pub status: u16,
    pub outcome: OperationOutcome,
}

impl FhirError {
    pub fn new(status: u16, outcome: OperationOutcome) -> Self {
        Self { status, outcome }
    }

    /// The outcome with the status its issues suggest.
    pub fn outcome(outcome: OperationOutcome) -> Self {
        Self {
            status: outcome.http_status(),
            outcome,
        }
    }

    /// 400 with one issue.
    pub fn bad_request(code: IssueCode, diagnostics: impl Into<String>) -> Self {
        Self::new(400, OperationOutcome::error(code, diagnostics))
    }

    /// 404: the resource does not exist for this provider.
    pub fn not_found(resource_type: ResourceType, id: &str) -> Self {
        Self::new(404, OperationOutcome::not_found(resource_type, id))
    }
}

impl From<StoreError> for FhirError {
    /// Logs the cause (store errors name operations, never values) and answers without it.
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "FHIR request failed in the store");
        match e {
            StoreError::Unavailable(_) => Self::new(
                503,
                OperationOutcome::exception("The database is unavailable; try again shortly"),
            ),
            StoreError::Conflict(_) => Self::new(
                409,
                OperationOutcome::conflict(
                    "Another request changed the same data at the same time; try again",
                ),
            ),
            _ => Self::new(
                500,
                OperationOutcome::exception("An internal error occurred; nothing was stored"),
            ),
        }
    }
}

/// The resource type in a URL, which must be one we store: another is 404 `not-supported`, as
/// FHIR asks for a type the server does not support.
pub(crate) fn resource_type(name: &str) -> Result<ResourceType, FhirError> {
    let unsupported = |diagnostics: String| {
        FhirError::new(
            404,
            OperationOutcome::error(IssueCode::NotSupported, diagnostics),
        )
    };
    match ResourceType::parse(name) {
        Some(ResourceType::Bundle) => Err(unsupported(
            "Bundles are not stored; post a transaction Bundle to the base URL".into(),
        )),
        Some(t) => Ok(t),
        None => Err(unsupported(format!(
            "Resource type '{name}' is not supported by this server; see the CapabilityStatement at [base]/metadata"
        ))),
    }
}

/// A logical id from a URL.
pub(crate) fn logical_id(id: &str) -> Result<&str, FhirError> {
    if zk_fhir::is_valid_id(id) {
        Ok(id)
    } else {
        Err(FhirError::bad_request(
            IssueCode::Invalid,
            format!("'{id}' is not a valid id; {}", zk_fhir::ID_RULE),
        ))
    }
}

#[cfg(test)]
mod tests;

/// The time of a write as the databases keep it (whole microseconds), so that what a PUT
/// answers in `meta.lastUpdated` is exactly what a later read or search shows.
pub(crate) fn write_time(app: &crate::App) -> jiff::Timestamp {
    let now = app.now();
    jiff::Timestamp::from_microsecond(now.as_microsecond()).unwrap_or(now)
}
