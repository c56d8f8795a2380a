//! Contract tests for the reads behind the client's care page: a report by its id, and the
//! connection of a client record (who may see its documents and reports).

use super::accounts::{issued_letter, new_account, registration, token};
use super::fixtures::*;
use crate::AccountCreation;
use zk_domain::care::Report;
use zk_domain::*;

pub async fn a_report_is_read_by_id(store: DynStore) {
    let (p, c) = provider_with_client(&store).await;
    let dr = practitioner(&p, "Dr. Jansen");
    store.insert_practitioner(&dr).await.unwrap();
    let r = Report {
        id: ReportId::new(),
        client_record_id: c.id,
        author_id: Some(dr.id),
        written_at: ts("2026-10-01T10:00:00Z"),
        title: "Verslag".into(),
        body: "Regel een.\nRegel twee.".into(),
    };
    store.insert_report(&r).await.unwrap();
    assert_eq!(store.get_report(r.id).await.unwrap(), Some(r));
    assert_eq!(store.get_report(ReportId::new()).await.unwrap(), None);
}

pub async fn a_connected_client_record_finds_its_connection(store: DynStore) {
    let (p, c) = provider_with_client(&store).await;
    let other = client(&p, "C-2");
    store
        .insert_client_record(&other, crate::Audit::NONE)
        .await
        .unwrap();
    let now = ts("2026-11-23T10:00:00Z");
    let letter = issued_letter(&store, &c, now, 7).await;
    let r = registration(now);
    store.create_registration(&r, &token(7)).await.unwrap();
    let new = new_account("sanne@voorbeeld.example", now, r.id, Some(&letter), 70);
    assert_eq!(
        store
            .create_account(&new, now, crate::Audit::NONE)
            .await
            .unwrap(),
        AccountCreation::Created
    );
    assert_eq!(
        store.connection_of_client(c.id).await.unwrap(),
        new.connection
    );
    assert_eq!(store.connection_of_client(other.id).await.unwrap(), None);
}
