//! The CapabilityStatement lists exactly what the caller passes in.

use serde_json::json;
use zk_fhir::*;

#[test]
fn lists_exactly_what_was_passed() {
    let caps = Capabilities {
        resources: vec![
            ResourceCapability {
                resource_type: ResourceType::Patient,
                interactions: vec![Interaction::Read, Interaction::Update, Interaction::Delete],
                search_params: vec![],
                update_create: true,
                versions_kept: None,
                conditional: false,
            },
            ResourceCapability {
                resource_type: ResourceType::Appointment,
                interactions: vec![Interaction::Read, Interaction::SearchType],
                search_params: vec![
                    SearchParam::new("patient", SearchParamType::Reference),
                    SearchParam::new("date", SearchParamType::Date),
                ],
                update_create: false,
                versions_kept: None,
                conditional: false,
            },
        ],
        transaction: true,
        batch: false,
        operations: vec![OperationCapability {
            name: "import".into(),
            definition: "urn:example:import".into(),
            documentation: "Bulk NDJSON".into(),
        }],
    };
    let date = "2024-05-01T00:00:00Z".parse().unwrap();
    let cs = capability_statement("https://zorg.example/fhir", "0.1.0", date, &caps);
    assert_eq!(
        cs,
        json!({
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": "2024-05-01T00:00:00Z",
            "publisher": "Zorgkring",
            "kind": "instance",
            "software": { "name": "Zorgkring", "version": "0.1.0" },
            "implementation": { "description": "Zorgkring FHIR API for care providers", "url": "https://zorg.example/fhir" },
            "fhirVersion": "4.0.1",
            "format": ["json"],
            "rest": [{
                "mode": "server",
                "resource": [
                    {
                        "type": "Patient",
                        "interaction": [{ "code": "read" }, { "code": "update" }, { "code": "delete" }],
                        "updateCreate": true
                    },
                    {
                        "type": "Appointment",
                        "interaction": [{ "code": "read" }, { "code": "search-type" }],
                        "searchParam": [
                            { "name": "patient", "type": "reference" },
                            { "name": "date", "type": "date" }
                        ]
                    }
                ],
                "interaction": [{ "code": "transaction" }],
                "operation": [{ "name": "import", "definition": "urn:example:import", "documentation": "Bulk NDJSON" }]
            }]
        })
    );
}

#[test]
fn nothing_passed_nothing_listed() {
    let date = "2024-05-01T00:00:00Z".parse().unwrap();
    let cs = capability_statement(
        "https://zorg.example/fhir",
        "0.1.0",
        date,
        &Capabilities::default(),
    );
    // No empty arrays in FHIR JSON: no resources, no `resource`.
    assert_eq!(cs["rest"], json!([{ "mode": "server" }]));
    assert_eq!(cs["fhirVersion"], "4.0.1");
    assert_eq!(cs["kind"], "instance");
}
