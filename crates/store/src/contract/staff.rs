//! Contract tests for provider staff: adding a member writes account and membership at once or
//! nothing; memberships are found per account and provider.

use super::fixtures::*;
use crate::{StaffMembership, StaffRole, StoreError};
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::Account;
use zk_domain::page::PageRequest;
use zk_domain::*;

pub(super) fn staff_account(email: &str, now: Timestamp) -> Account {
    Account {
        id: AccountId::new(),
        email: email.to_owned(),
        first_name: "Petra".into(),
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

fn membership(account: AccountId, provider: ProviderId, now: Timestamp) -> StaffMembership {
    StaffMembership {
        account_id: account,
        provider_id: provider,
        role: StaffRole::Secretariat,
        created_at: now,
    }
}

pub async fn staff_members_are_added_at_once_or_not_at_all(store: DynStore) {
    let now = ts("2026-11-23T11:00:00Z");
    let a = provider("GGZ A");
    let b = provider("GGZ B");
    store.insert_provider(&a).await.unwrap();
    store.insert_provider(&b).await.unwrap();

    let petra = staff_account("petra@ggz.example", now);
    let admin = StaffMembership {
        role: StaffRole::Admin,
        ..membership(petra.id, a.id, now)
    };
    store.add_staff_member(Some(&petra), &admin).await.unwrap();
    assert_eq!(
        store
            .find_account_by_email("petra@ggz.example")
            .await
            .unwrap()
            .map(|x| x.id),
        Some(petra.id)
    );
    assert_eq!(
        store.staff_membership(petra.id, a.id).await.unwrap(),
        Some(admin.clone())
    );
    assert_eq!(store.staff_membership(petra.id, b.id).await.unwrap(), None);
    assert_eq!(
        store.count_pending_messages().await.unwrap(),
        0,
        "no link and no mail: the account exists only with what the caller gave it"
    );

    // The same membership again, or a new account with a taken address: nothing is written.
    assert!(matches!(
        store.add_staff_member(None, &admin).await,
        Err(StoreError::Conflict(_))
    ));
    let twin = staff_account("petra@ggz.example", now);
    assert!(matches!(
        store
            .add_staff_member(Some(&twin), &membership(twin.id, b.id, now))
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.staff_membership(twin.id, b.id).await.unwrap(), None);

    // An existing account joins a second provider.
    let second = membership(petra.id, b.id, now);
    store.add_staff_member(None, &second).await.unwrap();
    let listed = all_pages(1, |req: PageRequest| {
        let store = store.clone();
        async move { store.staff_memberships_of(petra.id, &req).await }
    })
    .await;
    let mut expected = vec![admin, second];
    expected.sort_by_key(|m| m.provider_id);
    assert_eq!(listed, expected);

    // An unknown provider is refused.
    assert!(matches!(
        store
            .add_staff_member(None, &membership(petra.id, ProviderId::new(), now))
            .await,
        Err(StoreError::MissingReference(_))
    ));
}

pub async fn client_records_are_searched_by_name_birth_date_and_number(store: DynStore) {
    use crate::ClientSearch;
    use jiff::civil::Date;
    let a = provider("GGZ A");
    let b = provider("GGZ B");
    store.insert_provider(&a).await.unwrap();
    store.insert_provider(&b).await.unwrap();
    let names = ["Jansen", "janssen", "Jager", "Bakker", "JANS"];
    for (i, name) in names.iter().enumerate() {
        let mut c = client(&a, &format!("A-{i}"));
        c.last_name = (*name).to_owned();
        if i % 2 == 0 {
            c.birth_date = BirthDate::new(Date::constant(1980, 1, 2));
        }
        store
            .insert_client_record(&c, crate::Audit::NONE)
            .await
            .unwrap();
    }
    let mut other = client(&b, "A-0");
    other.last_name = "Jansen".into();
    store
        .insert_client_record(&other, crate::Audit::NONE)
        .await
        .unwrap();

    let search = |s: ClientSearch, provider: ProviderId| {
        let store = store.clone();
        async move {
            all_pages(1, |req: PageRequest| {
                let store = store.clone();
                let s = s.clone();
                async move { store.search_client_records(provider, &s, &req).await }
            })
            .await
        }
    };
    let found = search(ClientSearch::NamePrefix("jans".into()), a.id).await;
    assert_eq!(
        found
            .iter()
            .map(|c| c.last_name.as_str())
            .collect::<Vec<_>>(),
        ["JANS", "Jansen", "janssen"],
        "case-insensitive, ordered by name, this provider only"
    );
    assert!(
        search(ClientSearch::NamePrefix("x".into()), a.id)
            .await
            .is_empty()
    );
    let born = search(ClientSearch::BirthDate(Date::constant(1980, 1, 2)), a.id).await;
    assert_eq!(
        born.iter()
            .map(|c| c.client_number.as_str())
            .collect::<Vec<_>>(),
        ["A-0", "A-2", "A-4"]
    );
    let by_number = search(ClientSearch::ClientNumber("A-3".into()), a.id).await;
    assert_eq!(by_number.len(), 1);
    assert_eq!(by_number[0].last_name, "Bakker");
    let in_b = search(ClientSearch::ClientNumber("A-0".into()), b.id).await;
    assert_eq!(in_b, vec![other]);
    assert!(matches!(
        store
            .search_client_records(
                a.id,
                &ClientSearch::NamePrefix("j".into()),
                &PageRequest::after("zz.nonsense", 5)
            )
            .await,
        Err(StoreError::BadCursor)
    ));
}

pub async fn a_letter_pdf_is_kept_for_its_provider_until_its_time(store: DynStore) {
    let (p, c) = provider_with_client(&store).await;
    let now = ts("2026-11-23T11:00:00Z");
    let letter = zk_domain::letter::Letter {
        id: LetterId::new(),
        provider_id: p.id,
        client_record_id: c.id,
        intended_for: zk_domain::letter::IntendedFor::Client,
        issued_at: now,
        expires_at: now + SignedDuration::from_hours(24 * 30),
        state: zk_domain::letter::LetterState::Issued,
    };
    let until = now + SignedDuration::from_hours(24);
    store
        .issue_printed_letter(
            &crate::PrintedLetter {
                letter: &letter,
                code_hash: &[5; 32],
                sealed_pdf: b"sealed",
                available_until: until,
            },
            crate::Audit::NONE,
        )
        .await
        .unwrap();
    assert_eq!(
        store.letter_pdf(letter.id, p.id, now).await.unwrap(),
        Some(b"sealed".to_vec())
    );
    assert_eq!(
        store.letter_pdf(letter.id, p.id, until).await.unwrap(),
        None
    );
    assert_eq!(
        store
            .letter_pdf(letter.id, ProviderId::new(), now)
            .await
            .unwrap(),
        None
    );
}
