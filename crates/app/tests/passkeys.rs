//! Passkeys end to end with a software authenticator: registering, logging in with a passkey
//! alone, proving oneself again, the second login step, and everything that must be refused
//! (replays, changed answers, used, foreign and expired ceremonies, unknown addresses, bursts of
//! failures). On SQLite, and the login on PostgreSQL too.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use jiff::SignedDuration;
use serde_json::Value;
use std::sync::Arc;
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_authenticator_rs::prelude::{
    CreationChallengeResponse, PublicKeyCredential, RequestChallengeResponse, Url,
};
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use zk_app::passkeys::{
    self, PasskeyRefusal, Passkeys, begin_login, begin_reauth, begin_registration,
    begin_second_step, finish_login, finish_reauth, finish_registration, finish_second_step,
};
use zk_app::password_check::PASSWORD_TRIES;
use zk_app::sessions::{self, LoginRefusal};
use zk_app::tokens::hash_token;
use zk_app::{App, SecretKey};
use zk_domain::FixedClock;
use zk_domain::account::{Account, Session};
use zk_store::{Ceremony, FactorRemoval, Store, StoredPasskey};
use zk_store_postgres::PostgresStore;
use zk_store_postgres::test_db::TestDatabase;
use zk_store_sqlite::SqliteStore;

const ORIGIN: &str = "https://zorgkring.example";
const DAAN: &str = "daan@voorbeeld.example";
const SANNE: &str = "sanne@voorbeeld.example";
const IP: &str = "192.0.2.7";

fn origin() -> Url {
    Url::parse(ORIGIN).unwrap()
}

fn verifier() -> Passkeys {
    let passkeys = Passkeys::for_public_url(ORIGIN);
    assert!(passkeys.is_available());
    passkeys
}

fn authenticator() -> SoftPasskey {
    // `true`: the soft key claims user verification, as a real passkey does after a PIN or face.
    SoftPasskey::new(true)
}

struct World {
    app: App,
    clock: FixedClock,
    pk: Passkeys,
    _dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("db.sqlite"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let (app, clock) = app_on(Arc::new(store));
    World {
        app,
        clock,
        pk: verifier(),
        _dir: dir,
    }
}

fn app_on(store: Arc<dyn Store>) -> (App, FixedClock) {
    let clock = FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap());
    let app = App::new(store, Arc::new(clock.clone()), SecretKey::generate());
    (app, clock)
}

async fn account(app: &App, email: &str) -> Account {
    common::with_account(app, email).await;
    reload(app, email).await
}

async fn reload(app: &App, email: &str) -> Account {
    app.store
        .find_account_by_email(email)
        .await
        .unwrap()
        .unwrap()
}

async fn session_of(app: &App, token: &str) -> Session {
    app.store
        .find_session(&hash_token(token))
        .await
        .unwrap()
        .unwrap()
}

/// A session after the password only (the second step still to do), and its token.
async fn password_session(app: &App, email: &str) -> (String, Session) {
    let accepted = sessions::login(app, email, common::PASSWORD, IP, "Firefox op Linux")
        .await
        .unwrap()
        .unwrap();
    let session = session_of(app, &accepted.token).await;
    (accepted.token, session)
}

async fn register(
    app: &App,
    pk: &Passkeys,
    account: &Account,
    key: &mut SoftPasskey,
    name: &str,
) -> StoredPasskey {
    let (ceremony, options) = begin_registration(app, pk, account).await.unwrap().unwrap();
    let answer = create(key, options);
    finish_registration(app, pk, account, ceremony, &answer, name)
        .await
        .unwrap()
        .unwrap()
}

/// The browser's `navigator.credentials.create()`.
fn create(key: &mut SoftPasskey, options: Value) -> String {
    let options: CreationChallengeResponse = serde_json::from_value(options).unwrap();
    serde_json::to_string(&key.do_registration(origin(), options).unwrap()).unwrap()
}

/// The browser's `navigator.credentials.get()`.
fn get(key: &mut SoftPasskey, options: Value) -> String {
    let options: RequestChallengeResponse = serde_json::from_value(options).unwrap();
    serde_json::to_string(&key.do_authentication(origin(), options).unwrap()).unwrap()
}

async fn login_answer(
    app: &App,
    pk: &Passkeys,
    email: &str,
    key: &mut SoftPasskey,
) -> (zk_domain::CeremonyId, String) {
    let (ceremony, options) = begin_login(app, pk, email).await.unwrap().unwrap();
    (ceremony, get(key, options))
}

/// Registers a passkey and logs in with it alone: a fully logged-in session.
async fn register_and_log_in(app: &App, pk: &Passkeys) {
    let daan = account(app, DAAN).await;
    assert_eq!(daan.passkeys, 0);
    let mut key = authenticator();
    let stored = register(app, pk, &daan, &mut key, "  Telefoon  ").await;
    assert_eq!(stored.name, "Telefoon");
    assert_eq!(stored.account_id, daan.id);
    let daan = reload(app, DAAN).await;
    assert_eq!(daan.passkeys, 1);
    assert!(daan.has_second_factor());

    let (ceremony, answer) = login_answer(app, pk, " Daan@Voorbeeld.example ", &mut key).await;
    let login = finish_login(app, pk, ceremony, &answer, IP, "Safari op iPhone")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(login.account.id, daan.id);
    assert_eq!(login.account.passkeys, 1);
    let session = session_of(app, &login.token).await;
    assert_eq!(session.account_id, daan.id);
    assert_eq!(session.second_factor_at, Some(app.now()), "fully logged in");
    assert_eq!(session.authenticated_at, app.now());
    let authenticated = sessions::authenticate(app, &login.token, app.policy.sessions)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(authenticated.account.id, daan.id);
}

#[tokio::test]
async fn a_registered_passkey_logs_in_on_its_own() {
    let w = world().await;
    register_and_log_in(&w.app, &w.pk).await;
}

#[tokio::test]
async fn a_registered_passkey_logs_in_on_its_own_on_postgresql() {
    let db = TestDatabase::create().await.unwrap();
    let store = PostgresStore::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let (app, _clock) = app_on(Arc::new(store.clone()));
    register_and_log_in(&app, &verifier()).await;
    store.close().await;
    db.drop().await.unwrap();
}

#[tokio::test]
async fn the_same_credential_is_never_registered_twice() {
    let w = world().await;
    let daan = account(&w.app, DAAN).await;
    let sanne = account(&w.app, SANNE).await;
    let mut key = authenticator();
    let first = register(&w.app, &w.pk, &daan, &mut key, "Sleutel").await;

    // The next challenge asks the browser to refuse a device that is registered already.
    let (_, options) = begin_registration(&w.app, &w.pk, &daan)
        .await
        .unwrap()
        .unwrap();
    let excluded = options["publicKey"]["excludeCredentials"]
        .as_array()
        .unwrap();
    assert_eq!(excluded.len(), 1);
    let (_, login) = begin_login(&w.app, &w.pk, DAAN).await.unwrap().unwrap();
    assert_eq!(
        excluded[0]["id"],
        login["publicKey"]["allowCredentials"][0]["id"]
    );

    // A browser that ignores that and answers twice with the same credential (simulated by
    // giving one challenge two ceremonies) is refused by the server, for either account.
    let (ceremony, options) = begin_registration(&w.app, &w.pk, &daan)
        .await
        .unwrap()
        .unwrap();
    let taken: Ceremony = w
        .app
        .store
        .take_ceremony(ceremony, "register", w.app.now())
        .await
        .unwrap()
        .unwrap();
    let copies: Vec<Ceremony> = [Some(daan.id), Some(daan.id), Some(sanne.id)]
        .into_iter()
        .map(|account_id| Ceremony {
            id: zk_domain::CeremonyId::new(),
            account_id,
            ..taken.clone()
        })
        .collect();
    for copy in &copies {
        w.app.store.save_ceremony(copy, w.app.now()).await.unwrap();
    }
    let answer = create(&mut key, options);
    finish_registration(&w.app, &w.pk, &daan, copies[0].id, &answer, "")
        .await
        .unwrap()
        .unwrap();
    for (who, copy) in [(&daan, &copies[1]), (&sanne, &copies[2])] {
        assert_eq!(
            finish_registration(&w.app, &w.pk, who, copy.id, &answer, "Nog eens")
                .await
                .unwrap(),
            Err(PasskeyRefusal::AlreadyRegistered)
        );
    }
    let listed = passkeys::list(&w.app, &daan).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], first);
    assert_eq!(listed[1].name, "Passkey");
    assert!(passkeys::list(&w.app, &sanne).await.unwrap().is_empty());
}

#[tokio::test]
async fn replayed_and_changed_answers_are_refused() {
    let w = world().await;
    let daan = account(&w.app, DAAN).await;
    let mut key = authenticator();
    register(&w.app, &w.pk, &daan, &mut key, "Sleutel").await;

    let (ceremony, answer) = login_answer(&w.app, &w.pk, DAAN, &mut key).await;
    finish_login(&w.app, &w.pk, ceremony, &answer, IP, "x")
        .await
        .unwrap()
        .unwrap();
    // The same answer again: to its own, used ceremony, and to a fresh challenge.
    assert_eq!(
        finish_login(&w.app, &w.pk, ceremony, &answer, IP, "x")
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::Expired
    );
    let (fresh, _) = begin_login(&w.app, &w.pk, DAAN).await.unwrap().unwrap();
    assert_eq!(
        finish_login(&w.app, &w.pk, fresh, &answer, IP, "x")
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::NotVerified
    );

    // A changed signature, and something that is no answer at all.
    let (ceremony, answer) = login_answer(&w.app, &w.pk, DAAN, &mut key).await;
    let mut changed: PublicKeyCredential = serde_json::from_str(&answer).unwrap();
    changed.response.signature[8] ^= 0x01;
    assert_eq!(
        finish_login(
            &w.app,
            &w.pk,
            ceremony,
            &serde_json::to_string(&changed).unwrap(),
            IP,
            "x"
        )
        .await
        .unwrap()
        .unwrap_err(),
        PasskeyRefusal::NotVerified
    );
    let (ceremony, _) = begin_login(&w.app, &w.pk, DAAN).await.unwrap().unwrap();
    assert_eq!(
        finish_login(&w.app, &w.pk, ceremony, "{\"niet\":1}", IP, "x")
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::NotVerified
    );

    // A registration answer with a changed attestation.
    let (ceremony, options) = begin_registration(&w.app, &w.pk, &daan)
        .await
        .unwrap()
        .unwrap();
    let mut answer: Value = serde_json::from_str(&create(&mut key, options)).unwrap();
    answer["response"]["clientDataJSON"] = answer["response"]["attestationObject"].clone();
    assert_eq!(
        finish_registration(&w.app, &w.pk, &daan, ceremony, &answer.to_string(), "x")
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::NotVerified
    );
    assert_eq!(reload(&w.app, DAAN).await.passkeys, 1);
}

#[tokio::test]
async fn used_foreign_and_expired_ceremonies_are_refused() {
    let w = world().await;
    let daan = account(&w.app, DAAN).await;
    let sanne = account(&w.app, SANNE).await;
    let mut key = authenticator();

    // Another account's registration ceremony.
    let (ceremony, options) = begin_registration(&w.app, &w.pk, &daan)
        .await
        .unwrap()
        .unwrap();
    let answer = create(&mut key, options);
    assert_eq!(
        finish_registration(&w.app, &w.pk, &sanne, ceremony, &answer, "x")
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::Expired
    );
    assert!(passkeys::list(&w.app, &sanne).await.unwrap().is_empty());

    // Used twice.
    let (ceremony, options) = begin_registration(&w.app, &w.pk, &daan)
        .await
        .unwrap()
        .unwrap();
    let answer = create(&mut key, options);
    finish_registration(&w.app, &w.pk, &daan, ceremony, &answer, "x")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        finish_registration(&w.app, &w.pk, &daan, ceremony, &answer, "x")
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::Expired
    );

    // Expired: five minutes to answer.
    let (ceremony, options) = begin_registration(&w.app, &w.pk, &daan)
        .await
        .unwrap()
        .unwrap();
    let answer = create(&mut key, options);
    w.clock.advance(SignedDuration::from_secs(5 * 60 + 1));
    assert_eq!(
        finish_registration(&w.app, &w.pk, &daan, ceremony, &answer, "x")
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::Expired
    );
    let (ceremony, answer) = login_answer(&w.app, &w.pk, DAAN, &mut key).await;
    w.clock.advance(SignedDuration::from_secs(5 * 60 + 1));
    assert_eq!(
        finish_login(&w.app, &w.pk, ceremony, &answer, IP, "x")
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::Expired
    );

    // A re-authentication ceremony is no login and no other account's re-authentication.
    let daan = reload(&w.app, DAAN).await;
    let (_, session) = password_session(&w.app, DAAN).await;
    let (ceremony, options) = begin_reauth(&w.app, &w.pk, &daan).await.unwrap().unwrap();
    let answer = get(&mut key, options);
    assert_eq!(
        finish_login(&w.app, &w.pk, ceremony, &answer, IP, "x")
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::Expired
    );
    let (ceremony, options) = begin_reauth(&w.app, &w.pk, &daan).await.unwrap().unwrap();
    let answer = get(&mut key, options);
    assert_eq!(
        finish_reauth(&w.app, &w.pk, &sanne, session.id, ceremony, &answer)
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::Expired
    );
}

/// The credential id lengths a made-up passkey may have (those of common authenticators).
const DECOY_LENGTHS: [usize; 4] = [16, 20, 32, 64];

/// The length in bytes of an `allowCredentials` item's id (base64url without padding).
fn id_length(item: &Value) -> usize {
    let chars = item["id"].as_str().unwrap().len();
    chars * 3 / 4
}

/// Registers a passkey whose browser reported its transports, as real browsers do.
async fn register_reporting_transports(
    app: &App,
    pk: &Passkeys,
    account: &Account,
    key: &mut SoftPasskey,
) {
    let (ceremony, options) = begin_registration(app, pk, account).await.unwrap().unwrap();
    let mut answer: Value = serde_json::from_str(&create(key, options)).unwrap();
    answer["response"]["transports"] = serde_json::json!(["internal", "hybrid"]);
    finish_registration(app, pk, account, ceremony, &answer.to_string(), "Telefoon")
        .await
        .unwrap()
        .unwrap();
    let stored = app.store.passkeys_of(account.id).await.unwrap();
    assert!(
        stored.last().unwrap().credential.contains("hybrid"),
        "the transports were kept with the passkey"
    );
}

#[tokio::test]
async fn made_up_passkey_lists_vary_like_real_ones_and_stay_the_same_per_address() {
    let w = world().await;
    let mut counts = [0usize; 4];
    for n in 0..200 {
        let address = format!("iemand{n}@voorbeeld.example");
        let (_, first) = begin_login(&w.app, &w.pk, &address).await.unwrap().unwrap();
        let (_, again) = begin_login(&w.app, &w.pk, &address).await.unwrap().unwrap();
        let allowed = first["publicKey"]["allowCredentials"].as_array().unwrap();
        assert_eq!(
            allowed,
            again["publicKey"]["allowCredentials"].as_array().unwrap()
        );
        counts[allowed.len()] += 1;
        for item in allowed {
            assert!(DECOY_LENGTHS.contains(&id_length(item)), "{item}");
        }
    }
    assert_eq!(counts[0], 0, "never an empty list: that would give it away");
    assert!(
        counts[1] > 100,
        "most accounts have one passkey: {counts:?}"
    );
    assert!(counts[2] + counts[3] > 0, "some have more: {counts:?}");

    // A real account with two passkeys has the same shape as a made-up list.
    let daan = account(&w.app, DAAN).await;
    register(&w.app, &w.pk, &daan, &mut authenticator(), "Sleutel").await;
    register_reporting_transports(&w.app, &w.pk, &daan, &mut authenticator()).await;
    let (_, real) = begin_login(&w.app, &w.pk, DAAN).await.unwrap().unwrap();
    assert_eq!(
        real["publicKey"]["allowCredentials"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let (_, made_up) = begin_login(&w.app, &w.pk, "iemand0@voorbeeld.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(shape_of(&real), shape_of(&made_up));
}

/// Every JSON object key path of `value`, with array items under `[]`.
fn shape(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{path}.{k}");
                out.push(p.clone());
                shape(v, &p, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                shape(item, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
    out.sort();
    out.dedup();
}

fn shape_of(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    shape(value, "", &mut out);
    out
}

#[tokio::test]
async fn an_unknown_address_gets_a_challenge_like_any_other_and_never_logs_in() {
    let w = world().await;
    let daan = account(&w.app, DAAN).await;
    account(&w.app, SANNE).await; // an account without passkeys
    let mut key = authenticator();
    // A browser reports how the passkey is reached; a made-up one has no such report.
    register_reporting_transports(&w.app, &w.pk, &daan, &mut key).await;

    let (_, real) = begin_login(&w.app, &w.pk, DAAN).await.unwrap().unwrap();
    assert_eq!(
        real["publicKey"]["allowCredentials"][0]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["id", "type"],
        "no transports: they would set real passkeys apart"
    );
    for address in ["niemand@voorbeeld.example", SANNE] {
        let (_, first) = begin_login(&w.app, &w.pk, address).await.unwrap().unwrap();
        let (decoy, again) = begin_login(&w.app, &w.pk, address).await.unwrap().unwrap();
        assert_eq!(shape_of(&first), shape_of(&real), "{address}");
        let allowed = first["publicKey"]["allowCredentials"].as_array().unwrap();
        assert!((1..=3).contains(&allowed.len()), "{allowed:?}");
        for item in allowed {
            assert_eq!(item.as_object().unwrap().len(), 2, "{item}");
            assert_eq!(item["type"], "public-key");
            assert!(DECOY_LENGTHS.contains(&id_length(item)), "{item}");
        }
        assert_eq!(
            first["publicKey"]["allowCredentials"], again["publicKey"]["allowCredentials"],
            "the same made-up passkey every time"
        );
        assert_ne!(
            first["publicKey"]["challenge"],
            again["publicKey"]["challenge"]
        );
        assert_ne!(
            first["publicKey"]["allowCredentials"],
            real["publicKey"]["allowCredentials"]
        );
        for field in ["rpId", "timeout", "userVerification"] {
            assert_eq!(first["publicKey"][field], real["publicKey"][field]);
        }
        // Even a valid answer of a real passkey does not log in through it.
        let (_, answer) = login_answer(&w.app, &w.pk, DAAN, &mut key).await;
        assert_eq!(
            finish_login(&w.app, &w.pk, decoy, &answer, IP, "x")
                .await
                .unwrap()
                .unwrap_err(),
            PasskeyRefusal::NotVerified
        );
    }
    let (_, other) = begin_login(&w.app, &w.pk, "iemand.anders@voorbeeld.example")
        .await
        .unwrap()
        .unwrap();
    let (_, niemand) = begin_login(&w.app, &w.pk, "niemand@voorbeeld.example")
        .await
        .unwrap()
        .unwrap();
    assert_ne!(
        other["publicKey"]["allowCredentials"], niemand["publicKey"]["allowCredentials"],
        "made up per address"
    );
}

#[tokio::test]
async fn failed_answers_count_against_the_address_from_their_network_like_passwords() {
    let w = world().await;
    let daan = account(&w.app, DAAN).await;
    let mut key = authenticator();
    register(&w.app, &w.pk, &daan, &mut key, "Sleutel").await;

    // Right answers prepared before the burst of wrong ones.
    let (kept, kept_answer) = login_answer(&w.app, &w.pk, DAAN, &mut key).await;
    let (elsewhere, elsewhere_answer) = login_answer(&w.app, &w.pk, DAAN, &mut key).await;
    for n in 0..=PASSWORD_TRIES.free {
        let (ceremony, _) = begin_login(&w.app, &w.pk, DAAN).await.unwrap().unwrap();
        assert_eq!(
            finish_login(&w.app, &w.pk, ceremony, "{}", &format!("10.0.0.{n}"), "x")
                .await
                .unwrap()
                .unwrap_err(),
            PasskeyRefusal::NotVerified
        );
    }
    // From the network that failed, even a right answer waits.
    let Err(PasskeyRefusal::Wait { until }) =
        finish_login(&w.app, &w.pk, kept, &kept_answer, "10.0.0.99", "x")
            .await
            .unwrap()
    else {
        panic!("the address must wait on this network");
    };
    assert!(until > w.app.now());
    // The same counter as the password login.
    let Err(LoginRefusal::Wait { .. }) =
        sessions::login(&w.app, DAAN, common::PASSWORD, "10.0.0.50", "x")
            .await
            .unwrap()
    else {
        panic!("the password login waits too");
    };
    // Failures from that network do not hold the owner back anywhere else.
    finish_login(&w.app, &w.pk, elsewhere, &elsewhere_answer, IP, "x")
        .await
        .unwrap()
        .unwrap();

    w.clock.advance(SignedDuration::from_mins(1));
    let (ceremony, answer) = login_answer(&w.app, &w.pk, DAAN, &mut key).await;
    finish_login(&w.app, &w.pk, ceremony, &answer, "10.0.0.99", "x")
        .await
        .unwrap()
        .unwrap();
    // A success clears the counter: the next wrong answer is a free one again.
    let (ceremony, _) = begin_login(&w.app, &w.pk, DAAN).await.unwrap().unwrap();
    assert_eq!(
        finish_login(&w.app, &w.pk, ceremony, "{}", "10.0.0.99", "x")
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::NotVerified
    );
    let (ceremony, answer) = login_answer(&w.app, &w.pk, DAAN, &mut key).await;
    finish_login(&w.app, &w.pk, ceremony, &answer, "10.0.0.99", "x")
        .await
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn a_passkey_proves_the_user_again_and_serves_as_second_step() {
    let w = world().await;
    let daan = account(&w.app, DAAN).await;
    let mut key = authenticator();
    assert_eq!(
        begin_reauth(&w.app, &w.pk, &daan)
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::NoPasskey
    );
    register(&w.app, &w.pk, &daan, &mut key, "Sleutel").await;
    let daan = reload(&w.app, DAAN).await;

    let (before, session) = password_session(&w.app, DAAN).await;
    assert_eq!(session.second_factor_at, None);
    w.clock.advance(SignedDuration::from_mins(10));
    let (ceremony, options) = begin_second_step(&w.app, &w.pk, &daan)
        .await
        .unwrap()
        .unwrap();
    let token = finish_second_step(
        &w.app,
        &w.pk,
        &daan,
        session.id,
        ceremony,
        &get(&mut key, options),
    )
    .await
    .unwrap()
    .unwrap()
    .0;
    assert_eq!(
        w.app
            .store
            .find_session(&hash_token(&before))
            .await
            .unwrap(),
        None,
        "the token from before the second step no longer works"
    );
    let after = session_of(&w.app, &token).await;
    assert_eq!(after.second_factor_at, Some(w.app.now()));
    assert_eq!(after.authenticated_at, session.authenticated_at);

    w.clock.advance(SignedDuration::from_mins(10));
    let (ceremony, _) = begin_reauth(&w.app, &w.pk, &daan).await.unwrap().unwrap();
    // A wrong answer changes nothing.
    assert_eq!(
        finish_reauth(&w.app, &w.pk, &daan, session.id, ceremony, "{}")
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::NotVerified
    );
    assert_eq!(
        session_of(&w.app, &token).await.authenticated_at,
        session.authenticated_at
    );
    let (ceremony, options) = begin_reauth(&w.app, &w.pk, &daan).await.unwrap().unwrap();
    let fresh = finish_reauth(
        &w.app,
        &w.pk,
        &daan,
        session.id,
        ceremony,
        &get(&mut key, options),
    )
    .await
    .unwrap()
    .unwrap()
    .0;
    assert_eq!(
        session_of(&w.app, &fresh).await.authenticated_at,
        w.app.now()
    );
    assert_eq!(
        w.app.store.find_session(&hash_token(&token)).await.unwrap(),
        None,
        "proving oneself again gives the session a new token too"
    );
}

#[tokio::test]
async fn the_last_second_factor_stays_and_use_updates_the_record() {
    let w = world().await;
    let daan = account(&w.app, DAAN).await;
    let mut phone = authenticator();
    let mut key = authenticator();
    let first = register(&w.app, &w.pk, &daan, &mut phone, "Telefoon").await;
    assert_eq!(
        passkeys::remove(&w.app, &daan, first.id).await.unwrap(),
        FactorRemoval::WouldBeLast
    );

    // Using it moves its signature counter on: the stored record changes.
    w.clock.advance(SignedDuration::from_mins(1));
    let (ceremony, answer) = login_answer(&w.app, &w.pk, DAAN, &mut phone).await;
    finish_login(&w.app, &w.pk, ceremony, &answer, IP, "x")
        .await
        .unwrap()
        .unwrap();
    let used = passkeys::list(&w.app, &daan).await.unwrap().remove(0);
    assert_ne!(used.credential, first.credential);
    assert_eq!(used.last_used_at, Some(w.app.now()));
    let counter = |p: &StoredPasskey| {
        serde_json::from_str::<Value>(&p.credential).unwrap()["cred"]["counter"]
            .as_u64()
            .unwrap()
    };
    assert!(counter(&used) > counter(&first));

    let second = register(&w.app, &w.pk, &daan, &mut key, "YubiKey").await;
    assert_eq!(
        passkeys::remove(&w.app, &daan, first.id).await.unwrap(),
        FactorRemoval::Removed
    );
    let left = passkeys::list(&w.app, &daan).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, second.id);
    assert_eq!(reload(&w.app, DAAN).await.passkeys, 1);

    // A removed passkey no longer logs in, even with a challenge made before its removal.
    let (ceremony, answer) = login_answer(&w.app, &w.pk, DAAN, &mut key).await;
    let other = register(&w.app, &w.pk, &daan, &mut phone, "Telefoon 2").await;
    assert_eq!(
        passkeys::remove(&w.app, &daan, second.id).await.unwrap(),
        FactorRemoval::Removed
    );
    assert_eq!(
        finish_login(&w.app, &w.pk, ceremony, &answer, IP, "x")
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::NotVerified
    );
    assert_eq!(passkeys::list(&w.app, &daan).await.unwrap(), vec![other]);
}

#[tokio::test]
async fn at_most_ten_passkeys_per_account() {
    let (app, _dir) = common::app().await;
    let pk = verifier();
    let daan = account(&app, DAAN).await;
    let mut key = authenticator();
    for n in 1..passkeys::MAX_PASSKEYS {
        register(&app, &pk, &daan, &mut key, &format!("Sleutel {n}")).await;
    }
    // A ceremony begun before the tenth was stored is refused at its end.
    let (pending, options) = begin_registration(&app, &pk, &daan).await.unwrap().unwrap();
    register(&app, &pk, &daan, &mut key, "Sleutel 10").await;
    let answer = create(&mut key, options);
    assert_eq!(
        finish_registration(&app, &pk, &daan, pending, &answer, "Elf")
            .await
            .unwrap(),
        Err(PasskeyRefusal::TooMany)
    );
    assert_eq!(reload(&app, DAAN).await.passkeys, 10);
    assert_eq!(
        begin_registration(&app, &pk, &daan)
            .await
            .unwrap()
            .unwrap_err(),
        PasskeyRefusal::TooMany
    );
}
