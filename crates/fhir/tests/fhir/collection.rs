//! Export collections: a Bundle of type `collection` reads back with every entry validated,
//! and one invalid entry is reported at its place.

use serde_json::json;
use zk_fhir::bundle::{collection, parse_collection};
use zk_fhir::{Limits, Resource};

fn practitioner(id: &str) -> serde_json::Value {
    json!({"resourceType": "Practitioner", "id": id, "name": [{"text": "Dr. Jansen"}]})
}

#[test]
fn a_collection_reads_back_entry_by_entry() {
    let at: jiff::Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
    let bundle = collection("export-1", at, vec![practitioner("p1"), practitioner("p2")]);
    assert_eq!(bundle["type"], "collection");
    let read = parse_collection(&serde_json::to_vec(&bundle).unwrap(), &Limits::default()).unwrap();
    assert_eq!(read.len(), 2);
    assert!(matches!(&read[1], Resource::Practitioner(p) if p.id == "p2"));
}

#[test]
fn an_invalid_entry_or_another_bundle_type_is_refused() {
    let at: jiff::Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
    let bad = json!({"resourceType": "Practitioner", "id": "not valid!"});
    let bundle = collection("export-1", at, vec![practitioner("p1"), bad]);
    let outcome =
        parse_collection(&serde_json::to_vec(&bundle).unwrap(), &Limits::default()).unwrap_err();
    assert!(
        outcome.issue[0].expression[0].starts_with("Bundle.entry[1].resource"),
        "{outcome:?}"
    );
    let mut searchset = bundle.clone();
    searchset["type"] = json!("searchset");
    assert!(
        parse_collection(&serde_json::to_vec(&searchset).unwrap(), &Limits::default()).is_err()
    );
}
