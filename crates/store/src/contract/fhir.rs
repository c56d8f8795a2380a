//! Contract tests for FHIR resources: writes with their care-data projection, all or nothing;
//! references within one provider; idempotent puts; searches in pages; deletes; goals that wait
//! for their care plan; care teams; documents that follow their Binary.

use super::audit::{audited, chain_length, change_record};
use super::fixtures::*;
use crate::Audit;
use crate::fhir::*;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use uuid::Uuid;
use zk_domain::care::{
    AppointmentState, AppointmentWindow, CarePlanIntent, CarePlanStatus, MeasurementStatus,
};
use zk_domain::page::PageRequest;
use zk_domain::provider::Provider;
use zk_domain::*;

fn put(
    resource_type: &str,
    id: &str,
    patient: Option<&str>,
    mut references: Vec<FhirReference>,
    projection: Projection,
) -> FhirPut {
    if let Some(p) = patient {
        references.insert(0, FhirReference::required("Patient", p));
    }
    FhirPut {
        resource_type: resource_type.to_owned(),
        id: id.to_owned(),
        body: format!(
            "{{\"resourceType\":\"{resource_type}\",\"id\":\"{id}\",\"v\":{projection:?}}}"
        )
        .replace('\n', " "),
        content: None,
        search_date: None,
        search_date_end: None,
        identifier: None,
        identifiers: Vec::new(),
        patient: patient.map(str::to_owned),
        references,
        projection,
        new_care_id: Uuid::now_v7(),
    }
}

fn w(put: FhirPut) -> FhirWrite {
    FhirWrite::Put(Box::new(put))
}

fn delete(resource_type: &str, id: &str) -> FhirWrite {
    FhirWrite::Delete {
        resource_type: resource_type.to_owned(),
        id: id.to_owned(),
        refuse_while_referenced: resource_type != "Goal",
    }
}

fn patient(id: &str, number: &str, last_name: &str) -> FhirPut {
    let mut p = put(
        "Patient",
        id,
        None,
        vec![],
        Projection::ClientRecord {
            client_number: number.to_owned(),
            first_name: "Sanne".into(),
            last_name: last_name.to_owned(),
            birth_date: Date::constant(1990, 12, 31),
            email: None,
            address: None,
        },
    );
    p.identifier = Some(number.to_owned());
    p.identifiers = vec![("https://ggz.example/clientnummer".into(), number.to_owned())];
    p
}

fn practitioner(id: &str, name: &str) -> FhirPut {
    put(
        "Practitioner",
        id,
        None,
        vec![],
        Projection::Practitioner {
            name: name.to_owned(),
            discipline: "GZ-psycholoog".into(),
        },
    )
}

fn appointment(id: &str, patient: &str, with: Option<&str>, starts_at: Timestamp) -> FhirPut {
    let mut p = put(
        "Appointment",
        id,
        Some(patient),
        with.map(|pr| vec![FhirReference::required("Practitioner", pr)])
            .unwrap_or_default(),
        Projection::Appointment {
            practitioner: with.map(str::to_owned),
            starts_at,
            ends_at: starts_at + SignedDuration::from_mins(45),
            title: format!("Gesprek {id}"),
            location: Some("Kamer 1".into()),
            video_url: None,
            cancelled: false,
            state: AppointmentState::Planned,
        },
    );
    p.search_date = Some(starts_at);
    p
}

fn observation(id: &str, patient: &str, measured_at: Timestamp) -> FhirPut {
    let mut p = put(
        "Observation",
        id,
        Some(patient),
        vec![],
        Projection::Measurement {
            label: "Gewicht".into(),
            value: Some(70.5),
            unit: "kg".into(),
            measured_at,
            status: MeasurementStatus::Final,
            components: Vec::new(),
        },
    );
    p.search_date = Some(measured_at);
    p.search_date_end = Some(measured_at + SignedDuration::from_secs(1));
    p
}

async fn write(
    store: &DynStore,
    provider: &Provider,
    writes: Vec<FhirWrite>,
    at: &str,
) -> FhirWriteOutcome {
    store
        .write_fhir(provider.id, &writes, ts(at), Audit::NONE)
        .await
        .unwrap()
}

async fn done(
    store: &DynStore,
    provider: &Provider,
    writes: Vec<FhirWrite>,
    at: &str,
) -> Vec<FhirWriteResult> {
    match write(store, provider, writes, at).await {
        FhirWriteOutcome::Done(results) => results,
        FhirWriteOutcome::Refused(r) => panic!("refused: {r:?}"),
    }
}

async fn two_providers(store: &DynStore) -> (Provider, Provider) {
    let a = provider("GGZ A");
    let b = provider("GGZ B");
    store.insert_provider(&a).await.unwrap();
    store.insert_provider(&b).await.unwrap();
    (a, b)
}

const T0: &str = "2026-11-20T10:00:00Z";
const T1: &str = "2026-11-20T11:00:00Z";

pub async fn fhir_puts_project_care_data_and_repeat_without_change(store: DynStore) {
    let (a, _) = two_providers(&store).await;
    let results = done(
        &store,
        &a,
        vec![
            w(patient("p1", "C-1", "de Vries")),
            w(practitioner("dr1", "Dr. Jansen")),
            w(appointment(
                "ap1",
                "p1",
                Some("dr1"),
                ts("2026-12-01T09:00:00Z"),
            )),
        ],
        T0,
    )
    .await;
    for r in &results {
        assert_eq!(
            *r,
            FhirWriteResult::Put {
                created: true,
                version_id: 1,
                last_updated: ts(T0)
            }
        );
    }
    let record = store
        .find_client_record_by_number(a.id, "C-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.last_name, "de Vries");
    let upcoming = store
        .list_appointments(
            record.id,
            AppointmentWindow::Upcoming { now: ts(T0) },
            &PageRequest::first(10),
        )
        .await
        .unwrap()
        .items;
    assert_eq!(upcoming.len(), 1);
    assert_eq!(upcoming[0].title, "Gesprek ap1");
    let dr = store
        .get_practitioner(PractitionerId(upcoming[0].practitioner_id.unwrap().0))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((dr.name.as_str(), dr.provider_id), ("Dr. Jansen", a.id));

    // The same PUT again changes nothing, not even the version or time.
    let again = done(&store, &a, vec![w(patient("p1", "C-1", "de Vries"))], T1).await;
    assert_eq!(
        again,
        vec![FhirWriteResult::Put {
            created: false,
            version_id: 1,
            last_updated: ts(T0)
        }]
    );
    // A change is a new version, projected in place.
    let changed = done(&store, &a, vec![w(patient("p1", "C-1", "Jansen"))], T1).await;
    assert_eq!(
        changed,
        vec![FhirWriteResult::Put {
            created: false,
            version_id: 2,
            last_updated: ts(T1)
        }]
    );
    let read = store
        .read_fhir(a.id, "Patient", "p1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.version_id, 2);
    assert_eq!(read.body, patient("p1", "C-1", "Jansen").body);
    let record2 = store.get_client_record(record.id).await.unwrap().unwrap();
    assert_eq!(record2.last_name, "Jansen");
    // Moving the appointment replaces its projection.
    done(
        &store,
        &a,
        vec![w(appointment(
            "ap1",
            "p1",
            None,
            ts("2026-12-02T09:00:00Z"),
        ))],
        T1,
    )
    .await;
    let upcoming = store
        .list_appointments(
            record.id,
            AppointmentWindow::Upcoming { now: ts(T0) },
            &PageRequest::first(10),
        )
        .await
        .unwrap()
        .items;
    assert_eq!(upcoming.len(), 1);
    assert_eq!(upcoming[0].starts_at, ts("2026-12-02T09:00:00Z"));
    assert_eq!(upcoming[0].practitioner_id, None);
    assert!(
        store
            .read_fhir(a.id, "Patient", "nope")
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn fhir_references_stay_within_a_provider_and_refusals_write_nothing(store: DynStore) {
    let (a, b) = two_providers(&store).await;
    done(&store, &a, vec![w(patient("p1", "C-1", "de Vries"))], T0).await;
    // Provider B cannot refer to A's patient: it does not exist for B.
    let refused = write(
        &store,
        &b,
        vec![
            w(practitioner("dr1", "Dr. B")),
            w(appointment(
                "ap1",
                "p1",
                Some("dr1"),
                ts("2026-12-01T09:00:00Z"),
            )),
        ],
        T0,
    )
    .await;
    assert_eq!(
        refused,
        FhirWriteOutcome::Refused(FhirRefusal::MissingReference {
            write: 1,
            resource_type: "Patient".into(),
            id: "p1".into()
        })
    );
    assert!(
        store
            .read_fhir(b.id, "Practitioner", "dr1")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .list_practitioners(b.id, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    // B's own Patient with the same id is another resource.
    done(&store, &b, vec![w(patient("p1", "C-1", "Bakker"))], T0).await;
    let a_read = store
        .read_fhir(a.id, "Patient", "p1")
        .await
        .unwrap()
        .unwrap();
    assert!(a_read.body.contains("de Vries"));
    // A missing practitioner refuses the whole call, including the writes before it, and the
    // call's record is not appended.
    let record = change_record(CarePageId::new());
    let chain = chain_length(&store).await;
    let refused = store
        .write_fhir(
            a.id,
            &[
                w(observation("o1", "p1", ts("2026-11-01T09:00:00Z"))),
                w(appointment(
                    "ap1",
                    "p1",
                    Some("ghost"),
                    ts("2026-12-01T09:00:00Z"),
                )),
            ],
            ts(T1),
            audited(&record),
        )
        .await
        .unwrap();
    assert_eq!(chain_length(&store).await, chain);
    assert!(matches!(
        refused,
        FhirWriteOutcome::Refused(FhirRefusal::MissingReference { write: 1, .. })
    ));
    assert!(
        store
            .read_fhir(a.id, "Observation", "o1")
            .await
            .unwrap()
            .is_none()
    );
    let client = store
        .find_client_record_by_number(a.id, "C-1")
        .await
        .unwrap()
        .unwrap();
    assert!(
        store
            .list_measurements(client.id, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    // Applied writes append their record in the same transaction.
    let outcome = store
        .write_fhir(
            a.id,
            &[w(observation("o1", "p1", ts("2026-11-01T09:00:00Z")))],
            ts(T1),
            audited(&record),
        )
        .await
        .unwrap();
    assert!(matches!(outcome, FhirWriteOutcome::Done(_)), "{outcome:?}");
    assert_eq!(chain_length(&store).await, chain + 1);
}

pub async fn fhir_patients_take_over_unlinked_records_and_keep_numbers_unique(store: DynStore) {
    let (a, _) = two_providers(&store).await;
    let secretariat = client(&a, "C-7");
    store
        .insert_client_record(&secretariat, crate::Audit::NONE)
        .await
        .unwrap();
    done(&store, &a, vec![w(patient("p7", "C-7", "Smit"))], T0).await;
    let record = store
        .get_client_record(secretariat.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        record.last_name, "Smit",
        "the existing record was taken over"
    );
    // Another Patient cannot have the same number.
    let refused = write(&store, &a, vec![w(patient("p8", "C-7", "Smit"))], T1).await;
    assert_eq!(
        refused,
        FhirWriteOutcome::Refused(FhirRefusal::IdentifierTaken {
            write: 0,
            patient: Some("p7".into())
        })
    );
    // Nor take the number of a record made without the API.
    store
        .insert_client_record(&client(&a, "C-9"), crate::Audit::NONE)
        .await
        .unwrap();
    let refused = write(&store, &a, vec![w(patient("p7", "C-9", "Smit"))], T1).await;
    assert_eq!(
        refused,
        FhirWriteOutcome::Refused(FhirRefusal::IdentifierTaken {
            write: 0,
            patient: None
        })
    );
    // A new number for the same Patient is fine.
    done(&store, &a, vec![w(patient("p7", "C-70", "Smit"))], T1).await;
    let record = store
        .get_client_record(secretariat.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.client_number, "C-70");
}

pub async fn fhir_searches_page_by_update_date_patient_and_identifier(store: DynStore) {
    let (a, b) = two_providers(&store).await;
    done(
        &store,
        &a,
        vec![
            w(patient("p1", "C-1", "de Vries")),
            w(patient("p2", "C-2", "Bakker")),
        ],
        T0,
    )
    .await;
    done(&store, &b, vec![w(patient("p1", "C-1", "Anders"))], T0).await;
    let base = ts("2026-11-01T08:00:00Z");
    for n in 0..5i64 {
        let at = (ts(T0) + SignedDuration::from_mins(n)).to_string();
        done(
            &store,
            &a,
            vec![
                w(observation(
                    &format!("o{n}"),
                    "p1",
                    base + SignedDuration::from_hours(24 * (4 - n)),
                )),
                w(observation(&format!("x{n}"), "p2", base)),
            ],
            &at,
        )
        .await;
    }
    let ids = |rows: Vec<StoredFhirResource>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    let query = |q: FhirQuery| FhirQuery {
        resource_type: if q.resource_type.is_empty() {
            "Observation".into()
        } else {
            q.resource_type
        },
        limit: if q.limit == 0 { 10 } else { q.limit },
        ..q
    };
    let of = |patients: &[&str]| {
        query(FhirQuery {
            patients: Some(patients.iter().map(|p| (*p).to_owned()).collect()),
            ..FhirQuery::default()
        })
    };
    // p1's, in pages of two by logical id, each continuing after the last id.
    let mut found = Vec::new();
    let mut after_id = None;
    loop {
        let page = query(FhirQuery {
            after_id: after_id.clone(),
            limit: 2,
            ..of(&["p1"])
        });
        let rows = store.search_fhir(a.id, &page).await.unwrap();
        assert!(rows.len() <= 3);
        let more = rows.len() > 2;
        let page: Vec<_> = rows.into_iter().take(2).collect();
        after_id = page.last().map(|r| r.id.clone());
        found.extend(ids(page));
        if !more {
            break;
        }
    }
    assert_eq!(found, ["o0", "o1", "o2", "o3", "o4"]);
    assert_eq!(store.count_fhir(a.id, &of(&["p1"])).await.unwrap(), 5);
    assert_eq!(
        store.count_fhir(a.id, &of(&["p1", "p2"])).await.unwrap(),
        10
    );
    // Within days 1 to 3: o3 (day 1), o2 (day 2), o1 (day 3).
    let within = |from: Timestamp, until: Timestamp| DateTest {
        prefix: DatePrefix::Eq,
        from,
        until,
    };
    let days = within(
        base + SignedDuration::from_hours(24),
        base + SignedDuration::from_hours(24 * 3) + SignedDuration::from_secs(1),
    );
    let q = FhirQuery {
        dates: vec![vec![days]],
        ..of(&["p1"])
    };
    assert_eq!(
        ids(store.search_fhir(a.id, &q).await.unwrap()),
        ["o1", "o2", "o3"]
    );
    // Everyone's at `base`: the five x, with o4; AND with another date: nothing.
    let at_base = within(base, base + SignedDuration::from_secs(1));
    let q = query(FhirQuery {
        dates: vec![vec![at_base]],
        ..FhirQuery::default()
    });
    assert_eq!(
        ids(store.search_fhir(a.id, &q).await.unwrap()),
        ["o4", "x0", "x1", "x2", "x3", "x4"]
    );
    let q = FhirQuery {
        dates: vec![vec![at_base], vec![days]],
        ..q
    };
    assert!(store.search_fhir(a.id, &q).await.unwrap().is_empty());
    // Ended before day 1 (o4 and the x), started after day 3 (o0).
    let q = query(FhirQuery {
        dates: vec![vec![DateTest {
            prefix: DatePrefix::Eb,
            ..days
        }]],
        ..of(&["p1"])
    });
    assert_eq!(ids(store.search_fhir(a.id, &q).await.unwrap()), ["o4"]);
    let q = query(FhirQuery {
        dates: vec![vec![DateTest {
            prefix: DatePrefix::Sa,
            ..days
        }]],
        ..of(&["p1"])
    });
    assert_eq!(ids(store.search_fhir(a.id, &q).await.unwrap()), ["o0"]);
    // Last updated from the third minute on, of everyone.
    let q = query(FhirQuery {
        last_updated: TimeRange {
            from: Some(ts(T0) + SignedDuration::from_mins(3)),
            until: None,
        },
        ..FhirQuery::default()
    });
    assert_eq!(
        ids(store.search_fhir(a.id, &q).await.unwrap()),
        ["o3", "o4", "x3", "x4"]
    );
    // An unknown patient, another provider's, or none at all finds nothing.
    assert!(
        store
            .search_fhir(b.id, &of(&["p1"]))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .search_fhir(a.id, &of(&["p9"]))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.search_fhir(a.id, &of(&[])).await.unwrap().is_empty());
    // By identifier: any system, this system, or no system; OR within a list, AND between.
    let token = |system: Option<&str>, value: &str| IdentifierToken {
        system: system.map(str::to_owned),
        value: value.to_owned(),
    };
    let by = |lists: Vec<Vec<IdentifierToken>>| {
        query(FhirQuery {
            resource_type: "Patient".into(),
            identifiers: lists,
            ..FhirQuery::default()
        })
    };
    let system = Some("https://ggz.example/clientnummer");
    for (lists, expected) in [
        (vec![vec![token(None, "C-2")]], vec!["p2"]),
        (vec![vec![token(system, "C-2")]], vec!["p2"]),
        (vec![vec![token(Some(""), "C-2")]], vec![]),
        (
            vec![vec![token(None, "C-1"), token(system, "C-2")]],
            vec!["p1", "p2"],
        ),
        (
            vec![vec![token(None, "C-1")], vec![token(None, "C-2")]],
            vec![],
        ),
    ] {
        let q = by(lists.clone());
        assert_eq!(
            ids(store.search_fhir(a.id, &q).await.unwrap()),
            expected,
            "{lists:?}"
        );
        assert_eq!(
            store.count_fhir(a.id, &q).await.unwrap(),
            expected.len() as u64
        );
    }
    let rows = store
        .search_fhir(b.id, &by(vec![vec![token(None, "C-1")]]))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].body.contains("Anders"));
    assert!(
        store
            .search_fhir(b.id, &by(vec![vec![token(None, "C-2")]]))
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn fhir_deletes_wait_until_nothing_refers(store: DynStore) {
    let (a, _) = two_providers(&store).await;
    done(
        &store,
        &a,
        vec![
            w(patient("p1", "C-1", "de Vries")),
            w(practitioner("dr1", "Dr. Jansen")),
            w(appointment(
                "ap1",
                "p1",
                Some("dr1"),
                ts("2026-12-01T09:00:00Z"),
            )),
        ],
        T0,
    )
    .await;
    let refused = write(&store, &a, vec![delete("Practitioner", "dr1")], T1).await;
    assert_eq!(
        refused,
        FhirWriteOutcome::Refused(FhirRefusal::StillReferenced {
            write: 0,
            resource_type: "Appointment".into(),
            id: "ap1".into()
        })
    );
    let results = done(
        &store,
        &a,
        vec![
            delete("Appointment", "ap1"),
            delete("Practitioner", "dr1"),
            delete("Observation", "never-was"),
        ],
        T1,
    )
    .await;
    assert_eq!(
        results,
        vec![
            FhirWriteResult::Deleted { existed: true },
            FhirWriteResult::Deleted { existed: true },
            FhirWriteResult::Deleted { existed: false },
        ]
    );
    assert!(
        store
            .read_fhir(a.id, "Appointment", "ap1")
            .await
            .unwrap()
            .is_none()
    );
    let record = store
        .find_client_record_by_number(a.id, "C-1")
        .await
        .unwrap()
        .unwrap();
    let now = ts(T0);
    assert!(
        store
            .list_appointments(
                record.id,
                AppointmentWindow::Upcoming { now },
                &PageRequest::first(5)
            )
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        store
            .list_practitioners(a.id, &PageRequest::first(5))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    // A deleted Patient is gone from the API; its client record stays for letters and links.
    done(&store, &a, vec![delete("Patient", "p1")], T1).await;
    assert!(
        store
            .read_fhir(a.id, "Patient", "p1")
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.get_client_record(record.id).await.unwrap().is_some());
}

fn care_plan(id: &str, patient: &str, goals: &[&str]) -> FhirPut {
    put(
        "CarePlan",
        id,
        Some(patient),
        goals
            .iter()
            .map(|g| FhirReference::optional("Goal", g))
            .collect(),
        Projection::CarePlan {
            title: format!("Plan {id}"),
            description: "Samen afgesproken".into(),
            period_start: Date::constant(2026, 9, 1),
            period_end: None,
            status: CarePlanStatus::Active,
            intent: CarePlanIntent::Plan,
            goals: goals.iter().map(|g| (*g).to_owned()).collect(),
        },
    )
}

fn goal(id: &str, patient: &str) -> FhirPut {
    put(
        "Goal",
        id,
        Some(patient),
        vec![],
        Projection::Goal {
            description: format!("Doel {id}"),
            achieved: false,
            target_date: None,
        },
    )
}

async fn goals_of(store: &DynStore, provider: &Provider, plan: &str) -> Vec<String> {
    let client = store
        .find_client_record_by_number(provider.id, "C-1")
        .await
        .unwrap()
        .unwrap();
    let plans = store
        .list_care_plans(client.id, &PageRequest::first(10))
        .await
        .unwrap()
        .items;
    let Some(plan) = plans.iter().find(|p| p.title == format!("Plan {plan}")) else {
        return Vec::new();
    };
    store
        .list_goals(plan.id, &PageRequest::first(10))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|g| g.description)
        .collect()
}

pub async fn fhir_goals_wait_for_a_care_plan_that_lists_them(store: DynStore) {
    let (a, _) = two_providers(&store).await;
    done(
        &store,
        &a,
        vec![
            w(patient("p1", "C-1", "de Vries")),
            w(patient("p2", "C-2", "Bakker")),
            w(goal("g1", "p1")),
        ],
        T0,
    )
    .await;
    // The plan lists g1 (stored) and g2 (not yet).
    done(
        &store,
        &a,
        vec![w(care_plan("cp1", "p1", &["g1", "g2"]))],
        T0,
    )
    .await;
    assert_eq!(goals_of(&store, &a, "cp1").await, ["Doel g1"]);
    done(&store, &a, vec![w(goal("g2", "p1"))], T1).await;
    let mut listed = goals_of(&store, &a, "cp1").await;
    listed.sort();
    assert_eq!(listed, ["Doel g1", "Doel g2"]);
    // A second plan that lists g2 takes it; when it stops listing it, g2 goes back.
    done(&store, &a, vec![w(care_plan("cp2", "p1", &["g2"]))], T1).await;
    assert_eq!(goals_of(&store, &a, "cp1").await, ["Doel g1"]);
    assert_eq!(goals_of(&store, &a, "cp2").await, ["Doel g2"]);
    done(&store, &a, vec![delete("CarePlan", "cp2")], T1).await;
    let mut listed = goals_of(&store, &a, "cp1").await;
    listed.sort();
    assert_eq!(listed, ["Doel g1", "Doel g2"]);
    // A goal of another client cannot be listed.
    done(&store, &a, vec![w(goal("g3", "p2"))], T1).await;
    let refused = write(
        &store,
        &a,
        vec![w(care_plan("cp1", "p1", &["g1", "g3"]))],
        T1,
    )
    .await;
    assert_eq!(
        refused,
        FhirWriteOutcome::Refused(FhirRefusal::GoalOfOtherPatient {
            write: 0,
            goal: "g3".into()
        })
    );
    // Deleting the plan leaves its goals waiting; deleting a goal is always allowed.
    done(
        &store,
        &a,
        vec![delete("Goal", "g1"), delete("CarePlan", "cp1")],
        T1,
    )
    .await;
    assert!(goals_of(&store, &a, "cp1").await.is_empty());
    assert!(store.read_fhir(a.id, "Goal", "g2").await.unwrap().is_some());
}

fn care_team(id: &str, patient: &str, members: &[(&str, &str)]) -> FhirPut {
    put(
        "CareTeam",
        id,
        Some(patient),
        members
            .iter()
            .map(|(p, _)| FhirReference::required("Practitioner", p))
            .collect(),
        Projection::CareTeam {
            members: members
                .iter()
                .map(|(p, r)| ((*p).to_owned(), (*r).to_owned()))
                .collect(),
        },
    )
}

pub async fn fhir_care_teams_replace_their_members(store: DynStore) {
    let (a, _) = two_providers(&store).await;
    done(
        &store,
        &a,
        vec![
            w(patient("p1", "C-1", "de Vries")),
            w(practitioner("dr1", "Dr. Jansen")),
            w(practitioner("dr2", "Dr. Bos")),
            w(care_team(
                "ct1",
                "p1",
                &[("dr1", "behandelaar"), ("dr2", "psychiater")],
            )),
        ],
        T0,
    )
    .await;
    let client = store
        .find_client_record_by_number(a.id, "C-1")
        .await
        .unwrap()
        .unwrap();
    let roles = |store: DynStore| async move {
        let mut roles: Vec<String> = store
            .list_care_team(client.id, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|m| m.role)
            .collect();
        roles.sort();
        roles
    };
    assert_eq!(roles(store.clone()).await, ["behandelaar", "psychiater"]);
    done(
        &store,
        &a,
        vec![w(care_team("ct1", "p1", &[("dr2", "regiebehandelaar")]))],
        T1,
    )
    .await;
    assert_eq!(roles(store.clone()).await, ["regiebehandelaar"]);
    let refused = write(
        &store,
        &a,
        vec![w(care_team("ct2", "p1", &[("dr2", "arts")]))],
        T1,
    )
    .await;
    assert_eq!(
        refused,
        FhirWriteOutcome::Refused(FhirRefusal::InOtherCareTeam {
            write: 0,
            practitioner: "dr2".into(),
            care_team: Some("ct1".into())
        })
    );
    done(&store, &a, vec![delete("CareTeam", "ct1")], T1).await;
    assert!(roles(store.clone()).await.is_empty());
}

pub async fn fhir_documents_and_reports_follow_their_sources(store: DynStore) {
    let (a, _) = two_providers(&store).await;
    let mut binary = put("Binary", "b1", None, vec![], Projection::None);
    binary.content = Some(b"%PDF-1.7 one".to_vec());
    let document = |source| {
        put(
            "DocumentReference",
            "d1",
            Some("p1"),
            match &source {
                DocumentSource::Binary(id) => vec![FhirReference::required("Binary", id)],
                DocumentSource::Inline(_) => vec![],
            },
            Projection::Document {
                title: "Behandelplan".into(),
                content_type: "application/pdf".into(),
                created_at: ts(T0),
                source,
            },
        )
    };
    done(
        &store,
        &a,
        vec![
            w(patient("p1", "C-1", "de Vries")),
            w(binary.clone()),
            w(document(DocumentSource::Binary("b1".into()))),
        ],
        T0,
    )
    .await;
    let client = store
        .find_client_record_by_number(a.id, "C-1")
        .await
        .unwrap()
        .unwrap();
    let docs = store
        .list_documents(client.id, &PageRequest::first(10))
        .await
        .unwrap()
        .items;
    assert_eq!(docs.len(), 1);
    assert_eq!(
        store
            .read_document_content(docs[0].id)
            .await
            .unwrap()
            .unwrap(),
        b"%PDF-1.7 one"
    );
    let stored = store
        .read_fhir(a.id, "Binary", "b1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.content.as_deref(), Some(&b"%PDF-1.7 one"[..]));
    // A new Binary content reaches the document.
    binary.content = Some(b"%PDF-1.7 two!".to_vec());
    done(&store, &a, vec![w(binary)], T1).await;
    let docs = store
        .list_documents(client.id, &PageRequest::first(10))
        .await
        .unwrap()
        .items;
    assert_eq!(docs[0].size_bytes, 13);
    assert_eq!(
        store
            .read_document_content(docs[0].id)
            .await
            .unwrap()
            .unwrap(),
        b"%PDF-1.7 two!"
    );
    let refused = write(&store, &a, vec![delete("Binary", "b1")], T1).await;
    assert!(matches!(
        refused,
        FhirWriteOutcome::Refused(FhirRefusal::StillReferenced { .. })
    ));
    // The same DocumentReference as a report: the document goes, the report comes.
    let report = put(
        "DocumentReference",
        "d1",
        Some("p1"),
        vec![],
        Projection::Report {
            author: None,
            written_at: ts(T1),
            title: "Verslag".into(),
            body: "Het gaat goed.".into(),
        },
    );
    done(&store, &a, vec![w(report), delete("Binary", "b1")], T1).await;
    assert!(
        store
            .list_documents(client.id, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let reports = store
        .list_reports(client.id, &PageRequest::first(10))
        .await
        .unwrap()
        .items;
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].body, "Het gaat goed.");
    // Hidden (e.g. entered in error): off the care page, still readable through the API.
    let hidden = put(
        "DocumentReference",
        "d1",
        Some("p1"),
        vec![],
        Projection::None,
    );
    done(&store, &a, vec![w(hidden)], T1).await;
    assert!(
        store
            .list_reports(client.id, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        store
            .read_fhir(a.id, "DocumentReference", "d1")
            .await
            .unwrap()
            .is_some()
    );
}

/// Versions only grow (also over a deletion), the last `FHIR_VERSIONS_KEPT` are kept with the
/// deletion as a version without a body, an `Expect` holds only for the current version, and
/// the bodies containing a text are found for one provider only.
pub async fn fhir_versions_grow_over_deletes_and_expectations_hold(store: DynStore) {
    let (a, b) = two_providers(&store).await;
    let g = |text: &str| {
        let mut p = practitioner("g1", text);
        p.body = format!("{{\"resourceType\":\"Practitioner\",\"id\":\"g1\",\"text\":\"{text}\"}}");
        w(p)
    };
    done(&store, &a, vec![g("een")], T0).await;
    done(&store, &a, vec![g("twee")], T0).await;
    let expect = |version_id| FhirWrite::Expect {
        resource_type: "Practitioner".into(),
        id: "g1".into(),
        version_id,
    };
    assert_eq!(
        write(&store, &a, vec![expect(1), g("drie")], T1).await,
        FhirWriteOutcome::Refused(FhirRefusal::VersionMismatch {
            write: 0,
            current: Some(2)
        })
    );
    let results = done(
        &store,
        &a,
        vec![expect(2), delete("Practitioner", "g1")],
        T1,
    )
    .await;
    assert_eq!(
        results,
        [
            FhirWriteResult::Checked,
            FhirWriteResult::Deleted { existed: true }
        ]
    );
    assert_eq!(
        write(&store, &a, vec![expect(2)], T1).await,
        FhirWriteOutcome::Refused(FhirRefusal::VersionMismatch {
            write: 0,
            current: None
        })
    );
    let results = done(&store, &a, vec![g("vier")], T1).await;
    assert!(
        matches!(
            results[0],
            FhirWriteResult::Put {
                created: true,
                version_id: 4,
                ..
            }
        ),
        "{results:?}"
    );
    let history = store
        .fhir_history(a.id, "Practitioner", "g1")
        .await
        .unwrap();
    assert_eq!(history.latest, 4);
    let kept: Vec<(i64, bool)> = history
        .versions
        .iter()
        .map(|v| (v.version_id, v.resource.is_some()))
        .collect();
    assert_eq!(kept, [(4, true), (3, false), (2, true), (1, true)]);
    assert!(
        history.versions[2]
            .resource
            .as_ref()
            .unwrap()
            .body
            .contains("twee")
    );
    for n in 0..FHIR_VERSIONS_KEPT {
        done(&store, &a, vec![g(&format!("v{n}"))], T1).await;
    }
    let history = store
        .fhir_history(a.id, "Practitioner", "g1")
        .await
        .unwrap();
    assert_eq!(history.versions.len() as i64, FHIR_VERSIONS_KEPT);
    assert_eq!(history.latest, 4 + FHIR_VERSIONS_KEPT);
    assert!(
        store
            .fhir_history(b.id, "Practitioner", "g1")
            .await
            .unwrap()
            .versions
            .is_empty()
    );
    let found = store
        .fhir_bodies_containing(a.id, "Practitioner", Some("v9"))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert!(
        store
            .fhir_bodies_containing(b.id, "Practitioner", None)
            .await
            .unwrap()
            .is_empty()
    );
}
