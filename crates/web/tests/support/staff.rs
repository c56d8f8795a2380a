//! Staff members for the staff-area tests: invited through the use case (which mails a link),
//! making their account through that link and logging in like a browser, with or without an SMS
//! code as second factor.

use super::Browser;
use super::world::World;
use jiff::SignedDuration;
use zk_app::registration::RenderedMail;
use zk_app::staff::{NewStaffMember, add_staff_member};
use zk_domain::ProviderId;
use zk_store::StaffRole;

pub const STAFF_PASSWORD: &str = "zonnebloem kikker winter";

/// Invites `email` into `provider` with `role`; returns the path of the invitation link.
pub async fn add_staff(w: &World, provider: ProviderId, email: &str, role: StaffRole) -> String {
    let added = add_staff_member(
        &w.t.app,
        NewStaffMember {
            provider,
            email: email.into(),
            first_name: "Petra".into(),
            last_name: "Jansen".into(),
            role,
        },
        "http://127.0.0.1:8080",
        |_, _, link| RenderedMail {
            subject: "Welkom".into(),
            text: link.to_owned(),
            html: link.to_owned(),
        },
    )
    .await
    .unwrap();
    added.link.split_once("8080").unwrap().1.to_owned()
}

/// A new staff member who chose a password and logged in, but has no second factor yet.
pub async fn staff_without_factor<'a>(
    w: &'a World,
    provider: ProviderId,
    email: &str,
    role: StaffRole,
) -> Browser<'a> {
    let link = add_staff(w, provider, email, role).await;
    let mut b = Browser::new(&w.t);
    b.post(
        &link,
        &[
            ("wachtwoord", STAFF_PASSWORD),
            ("herhaling", STAFF_PASSWORD),
        ],
    )
    .await;
    let r = b
        .post(
            "/inloggen",
            &[("email", email), ("wachtwoord", STAFF_PASSWORD)],
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.body);
    b
}

/// A new staff member, logged in with an SMS code as second factor.
pub async fn staff_browser<'a>(
    w: &'a World,
    provider: ProviderId,
    email: &str,
    role: StaffRole,
) -> Browser<'a> {
    let mut b = staff_without_factor(w, provider, email, role).await;
    w.t.clock.advance(SignedDuration::from_secs(31));
    b.post_to(
        "/profiel",
        &[("telefoon", "06 1234 5678")],
        "/profiel/telefoon/code",
    )
    .await;
    let code = w.last_sms_code().await;
    let r = b.post("/profiel/telefoon/code", &[("code", &code)]).await;
    assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.body);
    b
}

/// Logs `email` in again (password and SMS code) in a new browser.
pub async fn staff_login_again<'a>(w: &'a World, email: &str) -> Browser<'a> {
    w.t.clock.advance(SignedDuration::from_secs(31));
    let mut b = Browser::new(&w.t);
    b.post_to(
        "/inloggen",
        &[("email", email), ("wachtwoord", STAFF_PASSWORD)],
        "/inloggen/sms",
    )
    .await;
    let code = w.last_sms_code().await;
    b.post("/inloggen/sms", &[("code", &code)]).await;
    b
}

/// The first `href` (or form `action`) on a page that `pick` accepts, with `&amp;` undone.
pub fn link(body: &str, pick: impl Fn(&str) -> bool) -> String {
    body.split(['"'])
        .find(|s| s.starts_with('/') && pick(s))
        .unwrap_or_else(|| panic!("no such link in {body}"))
        .replace("&amp;", "&")
        .replace("&#38;", "&")
}

/// The path of the staff invitation link in an e-mail's text.
pub fn invitation_path(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.contains("/medewerker-uitnodiging/"))
        .unwrap_or_else(|| panic!("no invitation link in {text}"));
    line.trim().split_once("8080").unwrap().1.to_owned()
}
