//! Contract tests for the periodic sweep: what has run out goes in batches of the size asked,
//! everything still in use stays, and audit records are never touched.

use super::accounts::{new_account, registration, token};
use super::audit::chain_length;
use super::fixtures::*;
use super::staff::staff_account;
use crate::*;
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::Session;
use zk_domain::*;

const MINUTE: SignedDuration = SignedDuration::from_mins(1);
const HOUR: SignedDuration = SignedDuration::from_hours(1);
const IDLE: SignedDuration = SignedDuration::from_mins(15);

async fn account(store: &DynStore, now: Timestamp) -> NewAccount {
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    let new = new_account("sanne@voorbeeld.example", now, r.id, None, 2);
    assert_eq!(
        store.create_account(&new, now, Audit::NONE).await.unwrap(),
        AccountCreation::Created
    );
    new
}

/// Calls `batch` until it deletes nothing, checking no call deletes more than `limit`; returns
/// how many each call deleted.
async fn batches<F, Fut>(limit: u64, mut batch: F) -> Vec<u64>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = StoreResult<u64>>,
{
    let mut out = Vec::new();
    loop {
        let n = batch().await.unwrap();
        assert!(n <= limit, "a batch of {n} where {limit} were asked");
        if n == 0 {
            return out;
        }
        out.push(n);
    }
}

pub async fn ended_registrations_sessions_and_ceremonies_are_swept_in_batches(store: DynStore) {
    let start = ts("2026-11-23T10:00:00Z");
    let new = account(&store, start).await;
    let chain = chain_length(&store).await;

    // Registrations: five expired, one still in progress, one with a working activation link.
    for n in 0..5u8 {
        let r = registration(start - HOUR * 2);
        store.create_registration(&r, &token(10 + n)).await.unwrap();
    }
    let current = registration(start);
    store
        .create_registration(&current, &token(20))
        .await
        .unwrap();
    let activating = registration(start - HOUR * 2);
    store
        .create_registration(&activating, &token(21))
        .await
        .unwrap();
    store
        .set_activation_token(
            activating.id,
            &token(22),
            "sanne@voorbeeld.example",
            start + HOUR * 20,
        )
        .await
        .unwrap();

    // Sessions: one past its 12 hours, one idle, one in use (the account's own).
    let session = |seen: Timestamp, expires: Timestamp| Session {
        id: SessionId::new(),
        last_seen_at: seen,
        expires_at: expires,
        ..new.session.clone()
    };
    let now = start + MINUTE * 30;
    store
        .create_session(&session(now - MINUTE, now), &token(30))
        .await
        .unwrap();
    store
        .create_session(&session(now - IDLE, now + HOUR), &token(31))
        .await
        .unwrap();
    store.touch_session(new.session.id, now).await.unwrap();

    // Ceremonies: two expired, one open.
    let mut ceremonies = Vec::new();
    for (n, expires) in [now - MINUTE, now, now + MINUTE].into_iter().enumerate() {
        let c = Ceremony {
            id: CeremonyId::new(),
            account_id: None,
            purpose: format!("login {n}"),
            state: "{}".into(),
            expires_at: expires,
        };
        // Saved at the start, so saving clears nothing of these.
        store.save_ceremony(&c, start).await.unwrap();
        ceremonies.push(c.id);
    }

    let swept = batches(2, || store.purge_expired_registrations(now, 2)).await;
    assert_eq!(swept, [2, 2, 1]);
    assert!(
        store
            .find_registration(&token(20), now)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .claim_activation(&token(22), now, &token(23))
            .await
            .unwrap()
            .is_some(),
        "a registration whose activation link still works stays"
    );

    let swept = batches(1, || store.purge_ended_sessions(now, IDLE, 1)).await;
    assert_eq!(swept, [1, 1]);
    assert_eq!(store.find_session(&token(30)).await.unwrap(), None);
    assert_eq!(store.find_session(&token(31)).await.unwrap(), None);
    assert!(store.find_session(&token(2)).await.unwrap().is_some());

    let swept = batches(5, || store.purge_expired_ceremonies(now, 5)).await;
    assert_eq!(swept, [2]);
    assert!(
        store
            .take_ceremony(ceremonies[2], "login 2", now)
            .await
            .unwrap()
            .is_some(),
        "the open ceremony stays"
    );
    assert_eq!(
        chain_length(&store).await,
        chain,
        "the audit trail is untouched"
    );
}

pub async fn expired_links_counters_and_sms_codes_are_swept_in_batches(store: DynStore) {
    let start = ts("2026-11-23T10:00:00Z");
    let new = account(&store, start).await;
    let id = new.account.id;
    let now = start + HOUR * 3;
    let mail = || OutgoingMessage::mail("sanne@voorbeeld.example", "Link", "link", None, start);

    // Links: three expired reset links (one of them used), one working; an expired and a
    // working e-mail change (only one per account is kept, so a second account has one).
    for n in 0..3u8 {
        store
            .create_password_reset(id, &token(40 + n), start + HOUR, &mail())
            .await
            .unwrap();
    }
    store
        .reset_password(&token(40), start, "$argon2id$new", Audit::NONE)
        .await
        .unwrap();
    store
        .create_password_reset(id, &token(43), now + HOUR, &mail())
        .await
        .unwrap();
    store
        .create_email_change(id, "nieuw@voorbeeld.example", &token(44), start, now, &[])
        .await
        .unwrap();

    // At most two of each kind per call.
    let swept = batches(4, || store.purge_expired_links(now, 2)).await;
    assert_eq!(
        swept.iter().sum::<u64>(),
        4,
        "three resets and one e-mail change"
    );
    assert_eq!(
        store.find_password_reset(&token(43), now).await.unwrap(),
        Some(id)
    );

    // Counters: the login window is a day; the letter window an hour.
    let day = SignedDuration::from_hours(24);
    for n in 0..3 {
        store
            .record_failure("login-account", &format!("old {n}"), start, day)
            .await
            .unwrap();
        store
            .record_failure("letter-ip", &format!("old {n}"), start, HOUR)
            .await
            .unwrap();
    }
    store
        .record_failure("letter-ip", "recent", now - MINUTE, HOUR)
        .await
        .unwrap();
    let swept = batches(2, || store.purge_attempts("letter-ip", HOUR, now, 2)).await;
    assert_eq!(swept, [2, 1]);
    assert!(
        store
            .attempt_state("letter-ip", "recent", now, HOUR)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        batches(2, || store.purge_attempts("login-account", day, now, 2)).await,
        Vec::<u64>::new(),
        "a day's window has not passed"
    );
    assert!(
        store
            .attempt_state("login-account", "old 0", now, day)
            .await
            .unwrap()
            .is_some()
    );

    // SMS codes: two sent long ago, one recent.
    for (n, at) in [start, start + MINUTE, now - MINUTE]
        .into_iter()
        .enumerate()
    {
        let challenge = SmsChallenge {
            id: SmsChallengeId::new(),
            account_id: id,
            purpose: "login".into(),
            phone: "+31612345678".into(),
            code_hash: format!("code {n}"),
            created_at: at,
            expires_at: at + SignedDuration::from_mins(10),
            failed_attempts: 0,
            used_at: None,
        };
        let sms = OutgoingMessage::sms("+31612345678", "Je code", at);
        store.create_sms_challenge(&challenge, &sms).await.unwrap();
    }
    let swept = batches(1, || store.purge_sms_challenges(now - HOUR, 1)).await;
    assert_eq!(swept, [1, 1]);
    assert_eq!(
        store.count_sms_challenges_since(id, start).await.unwrap(),
        1,
        "the recent code stays"
    );
}

pub async fn used_and_expired_staff_invitations_are_swept_in_batches(store: DynStore) {
    let start = ts("2026-11-23T10:00:00Z");
    let now = start + SignedDuration::from_hours(8 * 24);
    let a = provider("GGZ A");
    store.insert_provider(&a).await.unwrap();
    let chain = chain_length(&store).await;
    let invitation = |n: u8, created: Timestamp| StaffInvitation {
        id: uuid::Uuid::now_v7(),
        provider_id: a.id,
        email: format!("medewerker{n}@ggz.example"),
        first_name: "Petra".into(),
        last_name: "Jansen".into(),
        role: StaffRole::Secretariat,
        invited_by: None,
        created_at: created,
        expires_at: created + SignedDuration::from_hours(7 * 24),
        state: StaffInvitationState::Open,
    };
    let mail =
        |at| OutgoingMessage::mail("medewerker@ggz.example", "Uitnodiging", "link", None, at);
    let invite = |n: u8, created: Timestamp| {
        let store = store.clone();
        async move {
            let i = invitation(n, created);
            store
                .create_staff_invitation(&i, &token(50 + n), &mail(created), Audit::NONE)
                .await
                .unwrap();
            i
        }
    };

    // Three expired: one open, one withdrawn, one accepted (each made at the start).
    invite(0, start).await;
    let withdrawn_old = invite(1, start).await;
    assert!(
        store
            .withdraw_staff_invitation(a.id, withdrawn_old.id, start, Audit::NONE)
            .await
            .unwrap()
    );
    invite(2, start).await;
    let joins = |n: u8, at: Timestamp| {
        let store = store.clone();
        async move {
            let joining = staff_account(&format!("medewerker{n}@ggz.example"), at);
            let done = store
                .accept_staff_invitation(
                    &token(50 + n),
                    joining.id,
                    Some(&joining),
                    at,
                    Audit::NONE,
                )
                .await
                .unwrap();
            assert_eq!(done, StaffAcceptance::Accepted);
            joining.id
        }
    };
    let old_member = joins(2, start).await;
    // Working links: one accepted (used), one withdrawn (stays: it still names whom to ask),
    // one open (stays).
    let recent = now - SignedDuration::from_hours(24);
    invite(3, recent).await;
    let new_member = joins(3, recent).await;
    let withdrawn_new = invite(4, recent).await;
    assert!(
        store
            .withdraw_staff_invitation(a.id, withdrawn_new.id, recent, Audit::NONE)
            .await
            .unwrap()
    );
    invite(5, recent).await;

    // Two accepted and two more expired: at most two of each kind per call.
    let swept = batches(4, || store.purge_staff_invitations(now, 2)).await;
    assert_eq!(swept.iter().sum::<u64>(), 4, "{swept:?}");
    for n in 0..4 {
        assert_eq!(
            store.find_staff_invitation(&token(50 + n)).await.unwrap(),
            None,
            "invitation {n} is swept"
        );
    }
    let kept = store.find_staff_invitation(&token(54)).await.unwrap();
    assert_eq!(kept.map(|i| i.state), Some(StaffInvitationState::Withdrawn));
    let open = store.find_staff_invitation(&token(55)).await.unwrap();
    assert_eq!(open.map(|i| i.state), Some(StaffInvitationState::Open));
    // The memberships made with them stay.
    for member in [old_member, new_member] {
        assert!(
            store
                .staff_membership(member, a.id)
                .await
                .unwrap()
                .is_some()
        );
    }
    assert_eq!(
        chain_length(&store).await,
        chain,
        "the audit trail is untouched"
    );

    // A week after the last link's end, nothing is left.
    let later = now + SignedDuration::from_hours(7 * 24);
    let swept = batches(4, || store.purge_staff_invitations(later, 2)).await;
    assert_eq!(swept, [2]);
}
