//! Conditional interactions: the resources a search criterion such as
//! `identifier=system|value` matches (for `If-None-Exist`, `ifNoneExist` and
//! `PUT Type?identifier=…`), version preconditions (`If-Match`) and server-assigned ids.
//!
//! Only `identifier` is supported as a criterion, as `system|value`, `|value` (an identifier
//! without a system) or `value` (any system), matched against all identifiers of a resource.
//! The matching reads the stored JSON of candidate resources; [`matching_ids`] is the one place
//! that does it.

use super::FhirError;
use crate::App;
use serde_json::Value;
use zk_domain::ProviderId;
use zk_fhir::{IssueCode, OperationOutcome, ResourceType};

/// An identifier criterion: `system` `None` means any system, `Some("")` none.
#[derive(Clone, Debug, PartialEq, Eq)]
struct IdentifierCriterion {
    system: Option<String>,
    value: String,
}

/// Parses `identifier=system|value` (URL-encoded, as in a query string).
fn criterion(query: &str, at: &str) -> Result<IdentifierCriterion, FhirError> {
    let refuse = |diagnostics: String| {
        FhirError::new(
            400,
            OperationOutcome::from_issues(vec![
                zk_fhir::Issue::error(IssueCode::NotSupported, diagnostics).at(at.to_owned()),
            ]),
        )
    };
    let mut found = None;
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if name != "identifier" {
            return Err(refuse(format!(
                "Conditional operations support only the 'identifier' parameter, not '{name}'"
            )));
        }
        if found.is_some() {
            return Err(refuse("Give 'identifier' once in a condition".into()));
        }
        if value.contains(',') {
            return Err(refuse(
                "A condition takes one identifier, not a list separated by commas".into(),
            ));
        }
        let (system, value) = match value.split_once('|') {
            Some((system, value)) => (Some(system.to_owned()), value.to_owned()),
            None => (None, value.into_owned()),
        };
        if value.is_empty() {
            return Err(refuse(
                "The identifier in the condition has no value".into(),
            ));
        }
        found = Some(IdentifierCriterion { system, value });
    }
    found.ok_or_else(|| refuse("The condition is empty; give identifier=system|value".into()))
}

fn matches(resource: &Value, c: &IdentifierCriterion) -> bool {
    let Some(identifiers) = resource.get("identifier").and_then(Value::as_array) else {
        return false;
    };
    identifiers.iter().any(|i| {
        let value = i.get("value").and_then(Value::as_str);
        let system = i.get("system").and_then(Value::as_str);
        value == Some(c.value.as_str())
            && match c.system.as_deref() {
                None => true,
                Some("") => system.is_none(),
                Some(s) => system == Some(s),
            }
    })
}

/// The ids of the provider's resources of type `rt` that the criterion (`identifier=…`, as in
/// a query string) matches, by id. `at` names where the criterion was given, for a refusal.
pub(crate) async fn matching_ids(
    app: &App,
    provider: ProviderId,
    rt: ResourceType,
    query: &str,
    at: &str,
) -> Result<Vec<String>, FhirError> {
    let c = criterion(query, at)?;
    // A value that JSON writes as it is can narrow the candidates in the database.
    let plain = c
        .value
        .chars()
        .all(|ch| ch.is_ascii_graphic() && ch != '"' && ch != '\\' && ch != '/');
    let needle = plain.then_some(c.value.as_str());
    let candidates = app
        .store
        .fhir_bodies_containing(provider, rt.as_str(), needle)
        .await?;
    Ok(candidates
        .into_iter()
        .filter(|(_, body)| serde_json::from_str::<Value>(body).is_ok_and(|v| matches(&v, &c)))
        .map(|(id, _)| id)
        .collect())
}

/// 412 for a condition that matches more than one resource; `at` names where it was given.
pub(crate) fn several_match(query: &str, at: Option<String>) -> FhirError {
    let issue = zk_fhir::Issue::error(
        IssueCode::Conflict,
        format!("More than one resource matches '{query}'; the condition must pick one"),
    );
    FhirError::new(
        412,
        OperationOutcome::from_issues(vec![match at {
            Some(at) => issue.at(at),
            None => issue,
        }]),
    )
}

/// The version an ETag such as `W/"3"` names; 400 when it names none.
pub(crate) fn etag_version(etag: &str, at: Option<&str>) -> Result<i64, FhirError> {
    let t = etag.trim();
    let t = t.strip_prefix("W/").unwrap_or(t);
    let t = t.trim_matches('"');
    t.parse::<i64>().map_err(|_| {
        let issue = zk_fhir::Issue::error(
            IssueCode::Invalid,
            format!("'{etag}' is not a version ETag of this server; send W/\"versionId\""),
        );
        FhirError::new(
            400,
            OperationOutcome::from_issues(vec![match at {
                Some(at) => issue.at(at.to_owned()),
                None => issue,
            }]),
        )
    })
}

/// 412 for a stale `If-Match`.
pub(crate) fn version_mismatch(current: Option<i64>, at: Option<String>) -> FhirError {
    let diagnostics = match current {
        Some(v) => format!("The resource has changed: its current version is {v}; read it again"),
        None => "The resource does not exist (any more); there is no version to match".to_owned(),
    };
    let issue = zk_fhir::Issue::error(IssueCode::Conflict, diagnostics);
    FhirError::new(
        412,
        OperationOutcome::from_issues(vec![match at {
            Some(at) => issue.at(at),
            None => issue,
        }]),
    )
}

/// A new server-assigned logical id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn c(q: &str) -> IdentifierCriterion {
        criterion(q, "url").unwrap()
    }

    #[test]
    fn identifiers_match_with_and_without_a_system() {
        let r = json!({ "identifier": [
            { "system": "https://a.example/nr", "value": "1" },
            { "value": "2" }
        ]});
        assert!(matches(&r, &c("identifier=https%3A%2F%2Fa.example%2Fnr|1")));
        assert!(matches(&r, &c("identifier=1")));
        assert!(matches(&r, &c("identifier=%7C2")));
        assert!(!matches(&r, &c("identifier=|1")));
        assert!(!matches(&r, &c("identifier=https://b.example|1")));
        assert!(criterion("name=x", "url").is_err());
        assert!(criterion("identifier=1,2", "url").is_err());
    }

    #[test]
    fn etags_name_versions() {
        assert_eq!(etag_version("W/\"3\"", None).unwrap(), 3);
        assert_eq!(etag_version("\"4\"", None).unwrap(), 4);
        assert!(etag_version("W/\"x\"", None).is_err());
    }
}
