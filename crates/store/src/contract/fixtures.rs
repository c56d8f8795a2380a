//! Small builders for the contract tests.

use crate::Store;
use jiff::Timestamp;
use jiff::civil::Date;
use std::sync::Arc;
use zk_domain::client::{ClientRecord, PostalAddress};
use zk_domain::provider::{Practitioner, Provider, SecretariatContact};
use zk_domain::*;

pub type DynStore = Arc<dyn Store>;

pub fn ts(s: &str) -> Timestamp {
    s.parse().expect("a valid timestamp in a test")
}

pub fn provider(name: &str) -> Provider {
    Provider {
        id: ProviderId::new(),
        name: name.to_owned(),
        secretariat: SecretariatContact {
            email: "secretariaat@example.nl".into(),
            phone: "010 123 45 67".into(),
        },
        letter_validity_days: 30,
    }
}

pub fn practitioner(provider: &Provider, name: &str) -> Practitioner {
    Practitioner {
        id: PractitionerId::new(),
        provider_id: provider.id,
        name: name.to_owned(),
        discipline: "GZ-psycholoog".into(),
    }
}

pub fn client(provider: &Provider, number: &str) -> ClientRecord {
    ClientRecord {
        id: ClientRecordId::new(),
        provider_id: provider.id,
        client_number: number.to_owned(),
        first_name: "Sanne".into(),
        last_name: "de Vries".into(),
        birth_date: BirthDate::new(Date::constant(1990, 12, 31)),
        email: Some("sanne@example.nl".into()),
        address: Some(PostalAddress {
            street: "Dorpsstraat 1".into(),
            postal_code: "1234 AB".into(),
            city: "Utrecht".into(),
        }),
    }
}

/// A provider with one client record, stored.
pub async fn provider_with_client(store: &DynStore) -> (Provider, ClientRecord) {
    let p = provider("GGZ Test");
    store.insert_provider(&p).await.expect("insert provider");
    let c = client(&p, "C-1");
    store
        .insert_client_record(&c, crate::Audit::NONE)
        .await
        .expect("insert client");
    (p, c)
}

/// Reads every page of a list, asserting that no page exceeds `size`.
pub async fn all_pages<T, F, Fut>(size: u32, mut fetch: F) -> Vec<T>
where
    F: FnMut(zk_domain::page::PageRequest) -> Fut,
    Fut: std::future::Future<Output = crate::StoreResult<zk_domain::page::Page<T>>>,
{
    let mut out = Vec::new();
    let mut req = zk_domain::page::PageRequest::first(size);
    loop {
        let page = fetch(req.clone()).await.expect("list a page");
        assert!(page.items.len() <= size as usize, "page larger than asked");
        out.extend(page.items);
        match page.next {
            Some(next) => req = zk_domain::page::PageRequest::after(next, size),
            None => return out,
        }
    }
}
