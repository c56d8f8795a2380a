//! The one way to put a value into an address a page links or posts to: the route's own pattern
//! (the constant the router uses) filled with values whose shape was checked. Text as it came in
//! never goes into a link: `/activeren/..%2F..%2Fuitloggen` would otherwise become a button that
//! posts somewhere else.

use crate::AppState;
use crate::error::error_page;
use crate::page::PageCtx;
use axum::extract::{FromRequestParts, Path};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use std::fmt;
use zk_domain::{CarePageId, MessageThreadId, ProviderId};

/// The activation link in the registration e-mail.
pub const ACTIVATE: &str = "/activeren/{token}";
/// The invitation link, and its two answers.
pub const INVITATION: &str = "/uitnodiging/{token}";
pub const INVITATION_ACCEPT: &str = "/uitnodiging/{token}/accepteren";
pub const INVITATION_DECLINE: &str = "/uitnodiging/{token}/weigeren";
/// The link that confirms a new e-mail address.
pub const EMAIL_CONFIRM: &str = "/profiel/e-mail/bevestigen/{token}";
/// The link in the password-reset e-mail.
pub const PASSWORD_RESET: &str = "/wachtwoord-herstellen/{token}";
/// The link in a staff invitation, and its answer.
pub const STAFF_INVITATION: &str = "/medewerker-uitnodiging/{token}";
pub const STAFF_INVITATION_ACCEPT: &str = "/medewerker-uitnodiging/{token}/accepteren";
/// One message thread in the staff area.
pub const STAFF_THREAD: &str = "/zorgaanbieder/{provider}/berichten/{care_page}/{thread}";

/// A value that may stand in a path: its text holds only characters without meaning in a URL
/// (hex digits and dashes). Implemented only for checked values, never for `str`.
pub trait PathValue: fmt::Display + private::Sealed {}

mod private {
    pub trait Sealed {}
}

macro_rules! typed_ids_are_path_values {
    ($($id:ty),* $(,)?) => {$(
        // A uuid displays as 36 lower-case hex digits and dashes, whatever form was parsed.
        impl private::Sealed for $id {}
        impl PathValue for $id {}
    )*};
}

typed_ids_are_path_values!(ProviderId, CarePageId, MessageThreadId);

/// `route` with each `{name}` replaced by the next of `values`, in order.
pub fn fill(route: &str, values: &[&dyn PathValue]) -> String {
    let mut out = String::with_capacity(route.len() + 64);
    let mut values = values.iter();
    let mut rest = route;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if let Some(v) = values.next() {
            out.push_str(&v.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// A link token from the path (activation, invitation, e-mail change, password reset), in the
/// only shape we hand out: 64 lower-case hex digits. Anything else gets a plain 404 page before
/// the handler runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkToken(String);

impl LinkToken {
    pub fn parse(text: &str) -> Option<Self> {
        zk_app::tokens::looks_like_token(text).then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for LinkToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl private::Sealed for LinkToken {}
impl PathValue for LinkToken {}

impl FromRequestParts<AppState> for LinkToken {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let token = Path::<String>::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|Path(t)| Self::parse(&t));
        token.ok_or_else(|| error_page(&PageCtx::from_parts(parts, state), StatusCode::NOT_FOUND))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn only_the_shape_we_hand_out_is_a_token() {
        assert!(LinkToken::parse(TOKEN).is_some());
        assert!(LinkToken::parse(&TOKEN.to_uppercase()).is_none());
        assert!(LinkToken::parse("..%2F..%2Fuitloggen").is_none());
        assert!(LinkToken::parse("../../uitnodiging/x/accepteren").is_none());
        assert!(LinkToken::parse(&format!("{TOKEN}/accepteren")).is_none());
        assert!(LinkToken::parse("").is_none());
    }

    #[test]
    fn routes_are_filled_in_order_with_checked_values() {
        let token = LinkToken::parse(TOKEN).unwrap();
        assert_eq!(fill(ACTIVATE, &[&token]), format!("/activeren/{TOKEN}"));
        assert_eq!(
            fill(INVITATION_ACCEPT, &[&token]),
            format!("/uitnodiging/{TOKEN}/accepteren")
        );
        let (p, c, t) = (ProviderId::new(), CarePageId::new(), MessageThreadId::new());
        assert_eq!(
            fill(STAFF_THREAD, &[&p, &c, &t]),
            format!("/zorgaanbieder/{p}/berichten/{c}/{t}")
        );
    }

    #[test]
    fn a_typed_id_is_written_in_one_form_whatever_form_was_read() {
        let id = CarePageId::new();
        let braced: CarePageId = format!("{{{id}}}").parse().unwrap();
        let urn: CarePageId = format!("urn:uuid:{id}").parse().unwrap();
        assert_eq!(fill("/x/{id}", &[&braced]), format!("/x/{id}"));
        assert_eq!(fill("/x/{id}", &[&urn]), format!("/x/{id}"));
    }
}
