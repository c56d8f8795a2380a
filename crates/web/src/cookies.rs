//! The cookies Zorgkring sets: the login session and the registration in progress. Both are
//! HttpOnly and SameSite=Lax; over TLS they are Secure and carry the `__Host-` prefix (bound to
//! this host, path `/`). They hold random tokens only; the database holds their hashes.

use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Session,
    Registration,
    /// A long-lived random token that recognises the browser, so a login from a new one can be
    /// announced by e-mail. It opens nothing by itself.
    Browser,
    /// The invitation link opened before logging in or signing up, so the care page can lead
    /// back to it afterwards. The link's own token: it grants nothing without an account.
    Invitation,
}

impl Kind {
    fn base(self) -> &'static str {
        match self {
            Self::Session => "zk_session",
            Self::Registration => "zk_registration",
            Self::Browser => "zk_browser",
            Self::Invitation => "zk_invitation",
        }
    }

    pub fn name(self, tls: bool) -> String {
        if tls {
            format!("__Host-{}", self.base())
        } else {
            self.base().to_owned()
        }
    }
}

pub fn read(jar: &CookieJar, kind: Kind, tls: bool) -> Option<String> {
    jar.get(&kind.name(tls)).map(|c| c.value().to_owned())
}

pub fn set(jar: CookieJar, kind: Kind, tls: bool, token: String) -> CookieJar {
    jar.add(
        Cookie::build((kind.name(tls), token))
            .path("/")
            .http_only(true)
            .secure(tls)
            .same_site(SameSite::Lax)
            .build(),
    )
}

/// Like `set`, but kept for a year (the browser cookie).
pub fn set_for_a_year(jar: CookieJar, kind: Kind, tls: bool, token: String) -> CookieJar {
    jar.add(
        Cookie::build((kind.name(tls), token))
            .path("/")
            .http_only(true)
            .secure(tls)
            .same_site(SameSite::Lax)
            .max_age(time::Duration::days(365))
            .build(),
    )
}

pub fn remove(jar: CookieJar, kind: Kind, tls: bool) -> CookieJar {
    jar.remove(Cookie::build((kind.name(tls), "")).path("/").build())
}
