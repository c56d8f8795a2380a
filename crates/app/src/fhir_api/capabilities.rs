//! What the API supports, in one place: the search parameters per type (which `search` reads)
//! and the CapabilityStatement built from them.

use jiff::Timestamp;
use serde_json::Value;
use zk_fhir::{
    Capabilities, Interaction, OperationCapability, ResourceCapability, ResourceType, SearchParam,
    SearchParamType,
};

/// When the API's capabilities last changed (the CapabilityStatement's `date`).
const CAPABILITIES_CHANGED: Timestamp = Timestamp::constant(1_795_392_000, 0);

/// Zorgkring's own bulk import (not an HL7 operation), named by a URN.
pub const IMPORT_DEFINITION: &str = "urn:zorgkring:fhir:operation:import";

/// The search parameters a type supports besides `_lastUpdated` and `_count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchSupport {
    /// `patient`: the Patient the resource is about.
    pub patient: bool,
    /// `date`: the resource's own date (see `prepare`).
    pub date: bool,
    /// `identifier`: any of the resource's identifiers.
    pub identifier: bool,
}

impl SearchSupport {
    /// The names of the type's own parameters (besides `_lastUpdated` and friends).
    pub fn names(&self) -> Vec<&'static str> {
        [
            (self.patient, "patient"),
            (self.date, "date"),
            (self.identifier, "identifier"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }
}

pub fn search_support(resource_type: ResourceType) -> SearchSupport {
    use ResourceType::*;
    let patient = matches!(
        resource_type,
        CareTeam | Appointment | CarePlan | Goal | DocumentReference | Observation
    );
    let date = matches!(
        resource_type,
        Appointment | CarePlan | DocumentReference | Observation
    );
    SearchSupport {
        patient,
        date,
        identifier: resource_type != Binary,
    }
}

/// The search parameters of a type with what they take: the one table the CapabilityStatement,
/// the OpenAPI document and the refusals of `search` are made from.
pub fn search_params(resource_type: ResourceType) -> Vec<SearchParam> {
    use super::search::{DATE_PREFIXES, DEFAULT_COUNT, LAST_UPDATED_PREFIXES, MAX_COUNT};
    let support = search_support(resource_type);
    let mut params = vec![
        SearchParam::new("_lastUpdated", SearchParamType::Date).documented(format!(
            "When the resource was last written here. Prefixes {}; repeats narrow (AND). No modifiers.",
            LAST_UPDATED_PREFIXES.join(", ")
        )),
        SearchParam::new("_count", SearchParamType::Number).documented(format!(
            "Results per page, 0 to {MAX_COUNT} (default {DEFAULT_COUNT}); 0 answers only the total."
        )),
        SearchParam::new("_summary", SearchParamType::Token)
            .documented("Only `count` (the total without entries) or `false` (the default)."),
        SearchParam::new("_total", SearchParamType::Token).documented(
            "`accurate` (the default: every searchset has its exact `total`), `estimate` (the same) or `none`.",
        ),
    ];
    if support.patient {
        params.push(
            SearchParam::new("patient", SearchParamType::Reference).documented(
                "The Patient the resource is about, as `Patient/{id}` or `{id}`; commas OR, repeats AND. No modifiers.",
            ),
        );
    }
    if support.date {
        params.push(SearchParam::new("date", SearchParamType::Date).documented(format!(
            "The resource's own date as a range (a period, an appointment's start to end; a date is a whole day in Dutch time) compared with the value's range. Prefixes {}; commas OR, repeats AND. No modifiers.",
            DATE_PREFIXES.join(", ")
        )));
    }
    if support.identifier {
        params.push(SearchParam::new("identifier", SearchParamType::Token).documented(
            "Any of the resource's identifiers, as `system|value`, `|value` (no system) or `value` (any system); commas OR, repeats AND. No modifiers.",
        ));
    }
    params
}

/// Every stored type: read, vread, history, create, update (which creates; also conditional),
/// delete and search; and transactions and batches.
pub fn capabilities() -> Capabilities {
    let resources = ResourceType::ALL
        .into_iter()
        .filter(|t| *t != ResourceType::Bundle)
        .map(|t| {
            let search_params = search_params(t);
            ResourceCapability {
                resource_type: t,
                interactions: vec![
                    Interaction::Read,
                    Interaction::Vread,
                    Interaction::Update,
                    Interaction::Delete,
                    Interaction::HistoryInstance,
                    Interaction::Create,
                    Interaction::SearchType,
                ],
                search_params,
                update_create: true,
                versions_kept: Some(zk_store::fhir::FHIR_VERSIONS_KEPT),
                conditional: true,
            }
        })
        .collect();
    Capabilities {
        resources,
        transaction: true,
        batch: true,
        operations: vec![OperationCapability {
            name: "import".into(),
            definition: IMPORT_DEFINITION.into(),
            documentation: "Bulk import: POST an NDJSON file (application/fhir+ndjson), one resource per line, each written like a PUT by its id, in the background; 202 Accepted with the status URL in Content-Location, which reports each failing line (Line[n]...).".into(),
        }],
    }
}

/// The CapabilityStatement of the API at `base_url` (e.g. `https://zorg.example/fhir/r4`).
pub fn capability_statement(base_url: &str) -> Value {
    zk_fhir::capability_statement(
        base_url,
        env!("CARGO_PKG_VERSION"),
        CAPABILITIES_CHANGED,
        &capabilities(),
    )
}
