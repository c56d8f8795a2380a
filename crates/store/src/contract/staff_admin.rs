//! Contract tests for the provider admin's storage: the staff list, role changes and removals
//! that never leave a provider without an admin (also when raced), the provider's settings,
//! editing a client record, the search by first or full name, and the provider's connections.

use super::accounts::{issued_letter, new_account, registration, token};
use super::fixtures::*;
use crate::{
    AccountCreation, ClientSearch, OutgoingMessage, ProviderSettings, StaffChange,
    StaffChangeOutcome, StaffMembership, StaffRole, StoreError,
};
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::Account;
use zk_domain::page::PageRequest;
use zk_domain::provider::SecretariatContact;
use zk_domain::*;

fn member_account(email: &str, first: &str, now: Timestamp) -> Account {
    Account {
        id: AccountId::new(),
        email: email.to_owned(),
        first_name: first.to_owned(),
        last_name: "Jansen".into(),
        password_hash: "!unusable".into(),
        phone: None,
        phone_verified_at: None,
        language: "nl".into(),
        created_at: now,
        has_authenticator: false,
        passkeys: 0,
    }
}

/// Adds a new account to `provider` with `role`.
async fn add_member(
    store: &DynStore,
    provider: ProviderId,
    email: &str,
    role: StaffRole,
    now: Timestamp,
) -> AccountId {
    let account = member_account(email, "Petra", now);
    let m = StaffMembership {
        account_id: account.id,
        provider_id: provider,
        role,
        created_at: now,
    };
    store.add_staff_member(Some(&account), &m).await.unwrap();
    account.id
}

fn mail(now: Timestamp) -> OutgoingMessage {
    OutgoingMessage::mail("petra@ggz.example", "Je rol", "tekst", None, now)
}

async fn admins(store: &DynStore, provider: ProviderId) -> usize {
    store
        .list_staff(provider, &PageRequest::first(100))
        .await
        .unwrap()
        .items
        .iter()
        .filter(|s| s.membership.role == StaffRole::Admin)
        .count()
}

pub async fn staff_are_listed_and_changed_but_one_admin_always_stays(store: DynStore) {
    let now = ts("2026-11-23T11:00:00Z");
    let a = provider("GGZ A");
    let b = provider("GGZ B");
    store.insert_provider(&a).await.unwrap();
    store.insert_provider(&b).await.unwrap();
    let admin = add_member(&store, a.id, "admin@ggz.example", StaffRole::Admin, now).await;
    let sec = add_member(&store, a.id, "sec@ggz.example", StaffRole::Secretariat, now).await;
    let elsewhere = add_member(&store, b.id, "b@ggz.example", StaffRole::Admin, now).await;

    let listed = all_pages(1, |req: PageRequest| {
        let store = store.clone();
        async move { store.list_staff(a.id, &req).await }
    })
    .await;
    let mut ids = vec![admin, sec];
    ids.sort();
    assert_eq!(
        listed
            .iter()
            .map(|s| s.membership.account_id)
            .collect::<Vec<_>>(),
        ids,
        "this provider's staff only, by account id"
    );
    let row = listed
        .iter()
        .find(|s| s.membership.account_id == sec)
        .unwrap();
    assert_eq!(row.email, "sec@ggz.example");
    assert_eq!(
        (row.first_name.as_str(), row.last_name.as_str()),
        ("Petra", "Jansen")
    );
    assert_eq!(row.membership.role, StaffRole::Secretariat);
    assert_eq!(row.membership.created_at, now);

    // The only admin can neither lose the role nor leave; nothing is written, no mail.
    for change in [
        StaffChange::Role(StaffRole::Secretariat),
        StaffChange::Remove,
    ] {
        assert_eq!(
            store
                .change_staff(a.id, admin, change, &mail(now))
                .await
                .unwrap(),
            StaffChangeOutcome::LastAdmin
        );
    }
    assert_eq!(store.count_pending_messages().await.unwrap(), 0);
    assert_eq!(admins(&store, a.id).await, 1);
    // Someone of another provider is not a member here.
    assert_eq!(
        store
            .change_staff(a.id, elsewhere, StaffChange::Remove, &mail(now))
            .await
            .unwrap(),
        StaffChangeOutcome::NotMember
    );

    // A second admin; then the first may step down, and the mail goes with the change.
    assert_eq!(
        store
            .change_staff(a.id, sec, StaffChange::Role(StaffRole::Admin), &mail(now))
            .await
            .unwrap(),
        StaffChangeOutcome::Done
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), 1);
    assert_eq!(
        store
            .change_staff(
                a.id,
                admin,
                StaffChange::Role(StaffRole::Secretariat),
                &mail(now)
            )
            .await
            .unwrap(),
        StaffChangeOutcome::Done
    );
    assert_eq!(
        store
            .staff_membership(admin, a.id)
            .await
            .unwrap()
            .unwrap()
            .role,
        StaffRole::Secretariat
    );
    // A secretariat member may always go; the account stays.
    assert_eq!(
        store
            .change_staff(a.id, admin, StaffChange::Remove, &mail(now))
            .await
            .unwrap(),
        StaffChangeOutcome::Done
    );
    assert_eq!(store.staff_membership(admin, a.id).await.unwrap(), None);
    assert!(store.get_account(admin).await.unwrap().is_some());
    assert_eq!(store.count_pending_messages().await.unwrap(), 3);
    assert_eq!(
        store
            .change_staff(a.id, sec, StaffChange::Remove, &mail(now))
            .await
            .unwrap(),
        StaffChangeOutcome::LastAdmin
    );
    assert_eq!(
        store
            .staff_membership(elsewhere, b.id)
            .await
            .unwrap()
            .unwrap()
            .role,
        StaffRole::Admin,
        "another provider is untouched"
    );
}

pub async fn racing_removals_of_two_admins_leave_one(store: DynStore) {
    let now = ts("2026-11-23T11:00:00Z");
    const ROUNDS: usize = 20;
    for round in 0..ROUNDS {
        let p = provider(&format!("GGZ {round}"));
        store.insert_provider(&p).await.unwrap();
        let one = add_member(
            &store,
            p.id,
            &format!("een{round}@x.example"),
            StaffRole::Admin,
            now,
        )
        .await;
        let two = add_member(
            &store,
            p.id,
            &format!("twee{round}@x.example"),
            StaffRole::Admin,
            now,
        )
        .await;
        // Both start at the same moment; one removal races a demotion, and both would take an
        // admin away.
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let (s1, s2, b1, b2) = (store.clone(), store.clone(), barrier.clone(), barrier);
        let first = tokio::spawn(async move {
            b1.wait().await;
            s1.change_staff(p.id, one, StaffChange::Remove, &mail(now))
                .await
        });
        let second = tokio::spawn(async move {
            b2.wait().await;
            s2.change_staff(
                p.id,
                two,
                StaffChange::Role(StaffRole::Secretariat),
                &mail(now),
            )
            .await
        });
        let mut outcomes = vec![
            first.await.unwrap().unwrap(),
            second.await.unwrap().unwrap(),
        ];
        outcomes.sort_by_key(|o| format!("{o:?}"));
        assert_eq!(
            outcomes,
            [StaffChangeOutcome::Done, StaffChangeOutcome::LastAdmin],
            "round {round}"
        );
        assert_eq!(admins(&store, p.id).await, 1, "round {round}");
    }
    assert_eq!(store.count_pending_messages().await.unwrap(), ROUNDS as u64);
}

pub async fn provider_settings_are_replaced(store: DynStore) {
    let p = provider("GGZ A");
    store.insert_provider(&p).await.unwrap();
    let settings = ProviderSettings {
        letter_validity_days: 14,
        secretariat: SecretariatContact {
            email: "balie@ggz.example".into(),
            phone: "030 765 43 21".into(),
        },
    };
    assert!(
        store
            .update_provider_settings(p.id, &settings)
            .await
            .unwrap()
    );
    let read = store.get_provider(p.id).await.unwrap().unwrap();
    assert_eq!(read.letter_validity_days, 14);
    assert_eq!(read.secretariat, settings.secretariat);
    assert_eq!(read.name, p.name);
    assert!(
        !store
            .update_provider_settings(ProviderId::new(), &settings)
            .await
            .unwrap()
    );
}

pub async fn client_records_are_edited_keeping_numbers_unique(store: DynStore) {
    let (p, c) = provider_with_client(&store).await;
    let other = client(&p, "C-2");
    store
        .insert_client_record(&other, crate::Audit::NONE)
        .await
        .unwrap();
    let q = provider("GGZ Q");
    store.insert_provider(&q).await.unwrap();

    let mut edited = c.clone();
    edited.client_number = "C-9".into();
    edited.first_name = "Sam".into();
    edited.last_name = "Visser".into();
    edited.birth_date = BirthDate::new(jiff::civil::Date::constant(1985, 6, 1));
    edited.email = None;
    edited.address = None;
    assert!(
        store
            .update_client_record(&edited, crate::Audit::NONE)
            .await
            .unwrap()
    );
    assert_eq!(
        store.get_client_record(c.id).await.unwrap(),
        Some(edited.clone())
    );

    // Another record's number: refused, nothing changed.
    let mut clash = edited.clone();
    clash.client_number = "C-2".into();
    clash.first_name = "Niet".into();
    assert!(matches!(
        store.update_client_record(&clash, crate::Audit::NONE).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store.get_client_record(c.id).await.unwrap(),
        Some(edited.clone())
    );
    // Through another provider: no such record.
    let foreign = zk_domain::client::ClientRecord {
        provider_id: q.id,
        ..edited.clone()
    };
    assert!(
        !store
            .update_client_record(&foreign, crate::Audit::NONE)
            .await
            .unwrap()
    );
    assert_eq!(store.get_client_record(c.id).await.unwrap(), Some(edited));
}

pub async fn client_records_are_found_by_first_and_full_name(store: DynStore) {
    let p = provider("GGZ A");
    store.insert_provider(&p).await.unwrap();
    let people = [
        ("Jan", "de Vries"),
        ("Jan", "Jansen"),
        ("Janneke", "Bakker"),
        ("Sanne", "Jager"),
        ("Piet", "de Vos"),
        ("Anna", "Jan"),
    ];
    for (i, (first, last)) in people.iter().enumerate() {
        let mut c = client(&p, &format!("N-{i}"));
        c.first_name = (*first).to_owned();
        c.last_name = (*last).to_owned();
        store
            .insert_client_record(&c, crate::Audit::NONE)
            .await
            .unwrap();
    }
    let names = |prefix: &'static str, size: u32| {
        let store = store.clone();
        async move {
            all_pages(size, |req: PageRequest| {
                let store = store.clone();
                async move {
                    store
                        .search_client_records(p.id, &ClientSearch::NamePrefix(prefix.into()), &req)
                        .await
                }
            })
            .await
            .into_iter()
            .map(|c| c.full_name())
            .collect::<Vec<_>>()
        }
    };
    for size in [1, 2, 10] {
        // Each record once, at the first of its names that matches: "jan" < "jan de vries"
        // < "jan jansen" < "janneke bakker" < "jansen" (Jan Jansen already listed).
        assert_eq!(
            names("jan", size).await,
            ["Anna Jan", "Jan de Vries", "Jan Jansen", "Janneke Bakker"],
            "page size {size}"
        );
        assert_eq!(names("jan de v", size).await, ["Jan de Vries"]);
        assert_eq!(
            names("de v", size).await,
            ["Piet de Vos", "Jan de Vries"],
            "last names with a prefix word"
        );
        assert_eq!(names("ja", size).await.len(), 5, "page size {size}");
    }
    assert!(names("jan b", 5).await.is_empty());
}

pub async fn a_providers_connections_are_listed_newest_first(store: DynStore) {
    let (p, _) = provider_with_client(&store).await;
    let q = provider("GGZ Q");
    store.insert_provider(&q).await.unwrap();
    let start = ts("2026-11-23T10:00:00Z");
    let mut expected = Vec::new();
    for i in 0u8..4 {
        let provider = if i == 3 { &q } else { &p };
        let c = client(provider, &format!("K-{i}"));
        store
            .insert_client_record(&c, crate::Audit::NONE)
            .await
            .unwrap();
        // Two connections at the same moment: the id decides their order.
        let at = start + SignedDuration::from_mins(i64::from(i.min(1)));
        let letter = issued_letter(&store, &c, at, 100 + i).await;
        let r = registration(at);
        store
            .create_registration(&r, &token(120 + i))
            .await
            .unwrap();
        let mut new = new_account(
            &format!("b{i}@voorbeeld.example"),
            at,
            r.id,
            Some(&letter),
            140 + i,
        );
        new.account.first_name = format!("Beheerder{i}");
        assert_eq!(
            store
                .create_account(&new, at, crate::Audit::NONE)
                .await
                .unwrap(),
            AccountCreation::Created
        );
        if i < 3 {
            expected.push((new.connection.unwrap().id, c, at, new.account.first_name));
        }
    }
    expected.sort_by_key(|(id, _, at, _)| (std::cmp::Reverse(*at), std::cmp::Reverse(*id)));
    let listed = all_pages(1, |req: PageRequest| {
        let store = store.clone();
        async move { store.list_provider_connections(p.id, &req).await }
    })
    .await;
    assert_eq!(listed.len(), 3, "this provider's only");
    for (got, (id, c, at, beheerder)) in listed.iter().zip(&expected) {
        assert_eq!(got.id, *id);
        assert_eq!(got.client_record_id, c.id);
        assert_eq!(got.client_number, c.client_number);
        assert_eq!(got.client_first_name, c.first_name);
        assert_eq!(got.client_last_name, c.last_name);
        assert_eq!(&got.beheerder_first_name, beheerder);
        assert_eq!(got.beheerder_last_name, "de Vries");
        assert_eq!(got.connected_at, *at);
    }
    assert!(matches!(
        store
            .list_provider_connections(p.id, &PageRequest::after("nonsense", 5))
            .await,
        Err(StoreError::BadCursor)
    ));
}
