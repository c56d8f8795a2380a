//! The one place that recognises a BSN (the Dutch citizen service number), which is never
//! accepted or stored (SPEC S9): any `identifier` anywhere in a resource (its own, a contained
//! resource's, a reference's) whose system is the BSN naming system however it is written, or
//! whose `type` is coded `NNNLD` (HL7 v2 table 0203, "National unique individual identifier").

use serde_json::Value;
use zk_fhir::{Issue, IssueCode};

/// The BSN naming system without scheme, in lower case and without a trailing slash.
const BSN_URL: &str = "fhir.nl/fhir/namingsystem/bsn";
/// The OID of the BSN.
const BSN_OID: &str = "2.16.840.1.113883.2.4.6.3";
/// The code system of identifier types and its code for a national person number.
const V2_0203: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";
const NNNLD: &str = "NNNLD";

const WHY: &str = "A BSN (citizen service number) is never accepted or stored: the law allows only care providers to process it, and Zorgkring is not one; identify the person by your own number";

/// Whether an identifier system names the BSN: `http` or `https`, any case, with or without a
/// trailing slash, or the OID with or without `urn:oid:`.
pub(crate) fn is_bsn_system(system: &str) -> bool {
    let s = system.trim().to_ascii_lowercase();
    let oid = s.strip_prefix("urn:oid:").unwrap_or(&s);
    if oid == BSN_OID {
        return true;
    }
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(&s);
    rest.trim_end_matches('/') == BSN_URL
}

/// Whether an `Identifier` (JSON) is a BSN, by its system or its type.
fn is_bsn(identifier: &Value) -> bool {
    let by_system = identifier
        .get("system")
        .and_then(Value::as_str)
        .is_some_and(is_bsn_system);
    let by_type = identifier
        .pointer("/type/coding")
        .and_then(Value::as_array)
        .is_some_and(|codings| {
            codings.iter().any(|c| {
                let system = c.get("system").and_then(Value::as_str);
                c.get("code").and_then(Value::as_str) == Some(NNNLD)
                    && system.is_none_or(|s| s.trim_end_matches('/') == V2_0203)
            })
        });
    by_system || by_type
}

/// One issue per BSN identifier in `resource`, at its FHIRPath under `root` (e.g.
/// `Patient.identifier[1]` or `Bundle.entry[0].resource.contained[0].identifier[0]`).
pub(crate) fn bsn_issues(resource: &Value, root: &str) -> Vec<Issue> {
    let mut issues = Vec::new();
    walk(resource, root, &mut issues);
    issues
}

fn walk(value: &Value, path: &str, issues: &mut Vec<Issue>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let at = format!("{path}.{key}");
                if key == "identifier" {
                    let found = match child {
                        Value::Array(items) => items
                            .iter()
                            .enumerate()
                            .filter(|(_, i)| is_bsn(i))
                            .map(|(n, _)| format!("{at}[{n}]"))
                            .collect(),
                        one if is_bsn(one) => vec![at.clone()],
                        _ => Vec::new(),
                    };
                    for place in found {
                        issues.push(Issue::error(IssueCode::Invalid, WHY).at(place));
                    }
                }
                walk(child, &at, issues);
            }
        }
        Value::Array(items) => {
            for (n, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{n}]"), issues);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn places(v: &Value) -> Vec<String> {
        let mut found: Vec<String> = bsn_issues(v, "X")
            .into_iter()
            .flat_map(|i| i.expression)
            .collect();
        found.sort();
        found
    }

    #[test]
    fn every_spelling_of_the_bsn_system_is_one() {
        for system in [
            "http://fhir.nl/fhir/NamingSystem/bsn",
            "https://fhir.nl/fhir/NamingSystem/bsn",
            "http://fhir.nl/fhir/NamingSystem/BSN",
            "HTTP://FHIR.NL/fhir/namingsystem/bsn/",
            "urn:oid:2.16.840.1.113883.2.4.6.3",
            "URN:OID:2.16.840.1.113883.2.4.6.3",
            "2.16.840.1.113883.2.4.6.3",
        ] {
            assert!(is_bsn_system(system), "{system}");
        }
        for system in [
            "https://ggz.example/clientnummer",
            "http://fhir.nl/fhir/NamingSystem/agb-z",
            "urn:oid:2.16.840.1.113883.2.4.6.1",
            "http://fhir.nl/fhir/NamingSystem/bsnx",
        ] {
            assert!(!is_bsn_system(system), "{system}");
        }
    }

    #[test]
    fn a_bsn_is_found_anywhere_by_system_or_type() {
        let v = json!({
            "resourceType": "Patient",
            "identifier": [
                { "system": "https://ggz.example/clientnummer", "value": "C-1" },
                { "type": { "coding": [{ "system": V2_0203, "code": "NNNLD" }] }, "value": "1" }
            ],
            "contained": [{ "resourceType": "Practitioner",
                "identifier": [{ "system": "urn:oid:2.16.840.1.113883.2.4.6.3", "value": "2" }] }],
            "generalPractitioner": [{ "identifier": { "system": "https://fhir.nl/fhir/NamingSystem/BSN/", "value": "3" } }]
        });
        assert_eq!(
            places(&v),
            [
                "X.contained[0].identifier[0]",
                "X.generalPractitioner[0].identifier",
                "X.identifier[1]"
            ]
        );
        let clean = json!({ "identifier": [{ "system": "https://ggz.example/clientnummer", "value": "C-1" }],
            "type": { "coding": [{ "code": "NNNLD" }] } });
        assert!(places(&clean).is_empty());
    }
}
