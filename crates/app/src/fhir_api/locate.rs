//! Turning a store refusal into an OperationOutcome that says where the problem is: the
//! element of the request body (found by walking its JSON) or the entry of the Bundle.

use super::FhirError;
use serde_json::Value;
use zk_fhir::{Issue, IssueCode, OperationOutcome};
use zk_store::fhir::FhirRefusal;

/// The FHIRPath, under `root`, of the first string element named `key` whose value is `wanted`.
pub(crate) fn find(value: &Value, root: &str, key: &str, wanted: &str) -> Option<String> {
    match value {
        Value::Object(map) => {
            if map.get(key).and_then(Value::as_str) == Some(wanted) {
                return Some(format!("{root}.{key}"));
            }
            map.iter()
                .find_map(|(k, v)| find(v, &format!("{root}.{k}"), key, wanted))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(n, v)| find(v, &format!("{root}[{n}]"), key, wanted)),
        _ => None,
    }
}

/// Where a refused write came from: its resource JSON (none for a DELETE) and FHIRPath root,
/// and the path of the Bundle entry (none for a single interaction).
pub(crate) struct Origin<'a> {
    pub resource: Option<&'a Value>,
    pub root: String,
    pub entry: Option<String>,
}

impl Origin<'_> {
    /// `path` in the resource, or the entry when there is no resource.
    fn at(&self, path: &str) -> Option<String> {
        self.resource
            .map(|_| format!("{}.{path}", self.root))
            .or_else(|| self.entry.clone())
    }

    /// The element `key` holding `wanted`, else `fallback`.
    fn locate(&self, key: &str, wanted: &str, fallback: &str) -> Option<String> {
        self.resource
            .and_then(|r| find(r, &self.root, key, wanted))
            .or_else(|| self.at(fallback))
    }
}

fn issue(code: IssueCode, at: Option<String>, diagnostics: String) -> OperationOutcome {
    let issue = Issue::error(code, diagnostics);
    OperationOutcome::from_issues(vec![match at {
        Some(at) => issue.at(at),
        None => issue,
    }])
}

/// The answer to a refusal of the write that `origin` describes.
pub(crate) fn refusal(refusal: &FhirRefusal, origin: &Origin<'_>) -> FhirError {
    match refusal {
        FhirRefusal::MissingReference {
            resource_type, id, ..
        } => {
            let target = format!("{resource_type}/{id}");
            let at = origin
                .resource
                .and_then(|r| {
                    find(r, &origin.root, "reference", &target)
                        .or_else(|| find(r, &origin.root, "url", &target))
                })
                .or_else(|| origin.entry.clone());
            FhirError::new(
                422,
                issue(
                    IssueCode::NotFound,
                    at,
                    format!("{target} does not exist; send it first (or in the same transaction)"),
                ),
            )
        }
        FhirRefusal::IdentifierTaken { patient, .. } => {
            let by = match patient {
                Some(p) => format!("Patient/{p}"),
                None => "a client record registered outside the API".to_owned(),
            };
            FhirError::new(
                422,
                issue(
                    IssueCode::BusinessRule,
                    origin.at("identifier[0].value"),
                    format!(
                        "This client number is already used by {by}; a client number is unique per provider"
                    ),
                ),
            )
        }
        FhirRefusal::InOtherCareTeam {
            practitioner,
            care_team,
            ..
        } => {
            let target = format!("Practitioner/{practitioner}");
            let other = care_team
                .as_ref()
                .map_or("the care team".to_owned(), |c| format!("CareTeam/{c}"));
            FhirError::new(
                422,
                issue(
                    IssueCode::BusinessRule,
                    origin.locate("reference", &target, "participant"),
                    format!(
                        "{target} is already in {other} of this patient; a practitioner can be in one care team per patient"
                    ),
                ),
            )
        }
        FhirRefusal::GoalOfOtherPatient { goal, .. } => {
            let target = format!("Goal/{goal}");
            FhirError::new(
                422,
                issue(
                    IssueCode::BusinessRule,
                    origin.locate("reference", &target, "goal"),
                    format!("{target} is about another patient than this care plan"),
                ),
            )
        }
        FhirRefusal::VersionMismatch { current, .. } => {
            super::conditional::version_mismatch(*current, origin.entry.clone())
        }
        FhirRefusal::StillReferenced {
            resource_type, id, ..
        } => FhirError::new(
            409,
            issue(
                IssueCode::Conflict,
                origin.entry.clone(),
                format!(
                    "This resource is still referred to by {resource_type}/{id}; delete or change that first"
                ),
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_the_element_holding_a_reference() {
        let v = json!({
            "resourceType": "Appointment",
            "participant": [
                { "actor": { "reference": "Practitioner/dr" } },
                { "actor": { "reference": "Patient/p1" } }
            ]
        });
        assert_eq!(
            find(&v, "Appointment", "reference", "Patient/p1").as_deref(),
            Some("Appointment.participant[1].actor.reference")
        );
        assert_eq!(find(&v, "Appointment", "reference", "Patient/p2"), None);
    }
}
