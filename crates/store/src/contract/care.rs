//! Contract tests for care data: care team, appointments, care plans, reports, documents and
//! measurements, each found through its client record and read in pages.

use super::fixtures::*;
use crate::StoreError;
use jiff::SignedDuration;
use jiff::civil::Date;
use zk_domain::care::*;
use zk_domain::page::PageRequest;
use zk_domain::*;

pub async fn care_team_round_trip(store: DynStore) {
    let (p, c) = provider_with_client(&store).await;
    let dr = practitioner(&p, "Dr. Jansen");
    store.insert_practitioner(&dr).await.unwrap();
    let member = CareTeamMember {
        id: CareTeamMemberId::new(),
        client_record_id: c.id,
        practitioner_id: dr.id,
        role: "behandelaar".into(),
    };
    store.insert_care_team_member(&member).await.unwrap();
    let twice = CareTeamMember {
        id: CareTeamMemberId::new(),
        ..member.clone()
    };
    assert!(matches!(
        store.insert_care_team_member(&twice).await,
        Err(StoreError::Conflict(_))
    ));
    let page = store
        .list_care_team(c.id, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(page.items, vec![member]);
}

pub async fn appointments_upcoming_and_past_in_pages(store: DynStore) {
    let (_, c) = provider_with_client(&store).await;
    let now = ts("2026-11-20T12:00:00Z");
    let mut past = Vec::new();
    let mut upcoming = Vec::new();
    for offset_days in [-10i64, -3, -1, 1, 2, 9] {
        let starts_at = now + SignedDuration::from_hours(24 * offset_days);
        let a = Appointment {
            id: AppointmentId::new(),
            client_record_id: c.id,
            practitioner_id: None,
            starts_at,
            ends_at: starts_at + SignedDuration::from_mins(45),
            title: "Gesprek".into(),
            location: (offset_days % 2 == 0).then(|| "Kamer 2".to_owned()),
            video_url: (offset_days % 2 != 0).then(|| "https://video.example/abc".to_owned()),
            // One in the past the client did not come to: the state round-trips.
            cancelled: offset_days == -3,
            state: if offset_days == -3 {
                AppointmentState::NoShow
            } else {
                AppointmentState::Planned
            },
        };
        store.insert_appointment(&a).await.unwrap();
        if offset_days < 0 {
            past.push(a)
        } else {
            upcoming.push(a)
        }
    }
    // An appointment that has started but not ended is still upcoming.
    let running = Appointment {
        id: AppointmentId::new(),
        starts_at: now - SignedDuration::from_mins(10),
        ends_at: now + SignedDuration::from_mins(20),
        ..upcoming[0].clone()
    };
    store.insert_appointment(&running).await.unwrap();
    upcoming.insert(0, running);
    past.reverse();

    let listed_up = all_pages(2, |req| {
        let store = store.clone();
        async move {
            store
                .list_appointments(c.id, AppointmentWindow::Upcoming { now }, &req)
                .await
        }
    })
    .await;
    assert_eq!(listed_up, upcoming);
    let listed_past = all_pages(2, |req| {
        let store = store.clone();
        async move {
            store
                .list_appointments(c.id, AppointmentWindow::Past { now }, &req)
                .await
        }
    })
    .await;
    assert_eq!(listed_past, past);
}

pub async fn care_plans_with_goals(store: DynStore) {
    let (_, c) = provider_with_client(&store).await;
    let plan = CarePlan {
        id: CarePlanId::new(),
        client_record_id: c.id,
        title: "Behandelplan".into(),
        description: "Minder somber zijn en weer werken.".into(),
        period_start: Date::constant(2026, 9, 1),
        period_end: Some(Date::constant(2027, 3, 1)),
        // A finer status and a proposal: both round-trip.
        status: CarePlanStatus::OnHold,
        intent: CarePlanIntent::Proposal,
    };
    store.insert_care_plan(&plan).await.unwrap();
    let goals: Vec<Goal> = ["Elke dag wandelen", "Twee dagen werken"]
        .into_iter()
        .enumerate()
        .map(|(i, d)| Goal {
            id: GoalId::new(),
            care_plan_id: plan.id,
            description: d.into(),
            achieved: i == 0,
            target_date: (i == 1).then(|| Date::constant(2027, 1, 15)),
        })
        .collect();
    for g in &goals {
        store.insert_goal(g).await.unwrap();
    }
    let plans = store
        .list_care_plans(c.id, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(plans.items, vec![plan.clone()]);
    let listed = store
        .list_goals(plan.id, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(listed.items, goals);
}

pub async fn reports_newest_first_in_pages(store: DynStore) {
    let (p, c) = provider_with_client(&store).await;
    let dr = practitioner(&p, "Dr. Jansen");
    store.insert_practitioner(&dr).await.unwrap();
    let mut reports = Vec::new();
    for day in 1..=5 {
        let r = Report {
            id: ReportId::new(),
            client_record_id: c.id,
            author_id: Some(dr.id),
            written_at: ts(&format!("2026-10-0{day}T10:00:00Z")),
            title: format!("Verslag {day}"),
            body: "Het gaat iets beter.\nWe gaan zo door.".into(),
        };
        store.insert_report(&r).await.unwrap();
        reports.push(r);
    }
    reports.reverse();
    let listed = all_pages(2, |req| {
        let store = store.clone();
        async move { store.list_reports(c.id, &req).await }
    })
    .await;
    assert_eq!(listed, reports);
}

pub async fn documents_and_their_content(store: DynStore) {
    let (_, c) = provider_with_client(&store).await;
    let bytes = b"%PDF-1.7\n...".to_vec();
    let d = Document {
        id: DocumentId::new(),
        client_record_id: c.id,
        title: "Behandelplan.pdf".into(),
        content_type: "application/pdf".into(),
        size_bytes: bytes.len() as u64,
        created_at: ts("2026-10-01T10:00:00Z"),
    };
    store.insert_document(&d, &bytes).await.unwrap();
    assert_eq!(store.get_document(d.id).await.unwrap(), Some(d.clone()));
    assert_eq!(
        store.read_document_content(d.id).await.unwrap(),
        Some(bytes)
    );
    assert_eq!(
        store
            .read_document_content(DocumentId::new())
            .await
            .unwrap(),
        None
    );
    let page = store
        .list_documents(c.id, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(page.items, vec![d]);
}

pub async fn measurements_newest_first(store: DynStore) {
    let (_, c) = provider_with_client(&store).await;
    let mut ms = Vec::new();
    for (i, v) in [72.5, 71.0, 70.25].into_iter().enumerate() {
        // The last is made of parts only and not yet final: the new columns round-trip.
        let parts = i == 2;
        let m = Measurement {
            id: MeasurementId::new(),
            client_record_id: c.id,
            label: "Gewicht".into(),
            value: (!parts).then_some(v),
            unit: "kg".into(),
            measured_at: ts(&format!("2026-0{}-01T08:00:00Z", i + 7)),
            status: if parts {
                MeasurementStatus::Preliminary
            } else {
                MeasurementStatus::Final
            },
            components: if parts {
                vec![
                    MeasurementComponent {
                        label: "Links".into(),
                        value: v,
                        unit: "kg".into(),
                    },
                    MeasurementComponent {
                        label: "Rechts".into(),
                        value: 1.5,
                        unit: "kg".into(),
                    },
                ]
            } else {
                Vec::new()
            },
        };
        store.insert_measurement(&m).await.unwrap();
        ms.push(m);
    }
    ms.reverse();
    let listed = all_pages(2, |req| {
        let store = store.clone();
        async move { store.list_measurements(c.id, &req).await }
    })
    .await;
    assert_eq!(listed, ms);
}
