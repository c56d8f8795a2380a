//! The per-request page context every template gets: the translator (in the chosen language,
//! else the browser's preferred one), the brand, and where the language switch should return to.

use crate::AppState;
use crate::i18n::{Lang, Tr};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use std::convert::Infallible;

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "zk_lang";

#[derive(Clone)]
pub struct PageCtx {
    pub tr: Tr,
    pub brand: String,
    /// The current path (without query), for the language switch to come back to.
    pub path: String,
    /// Whether the browser holds a session cookie: the header then offers the care page, the
    /// profile and logging out (a stale cookie only shows a logout that does no harm).
    pub signed_in: bool,
}

impl PageCtx {
    pub fn from_parts(parts: &Parts, state: &AppState) -> Self {
        let jar = CookieJar::from_headers(&parts.headers);
        // A chosen language (the switch's cookie) wins; else the browser's preference; else
        // Dutch.
        let lang = jar
            .get(LANG_COOKIE)
            .and_then(|c| Lang::parse(c.value()))
            .or_else(|| {
                parts
                    .headers
                    .get(axum::http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Lang::preferred)
            })
            .unwrap_or(Lang::Nl);
        Self {
            tr: Tr::new(state.i18n.clone(), lang),
            brand: state.config.brand.clone(),
            path: parts.uri.path().to_owned(),
            signed_in: crate::cookies::read(
                &jar,
                crate::cookies::Kind::Session,
                state.config.served_over_tls(),
            )
            .is_some(),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn lang_code(&self) -> &'static str {
        self.tr.lang.code()
    }

    pub fn other_lang_code(&self) -> &'static str {
        self.tr.lang.other().code()
    }

    /// The other language's name, in that language ("English" on a Dutch page).
    pub fn other_lang_name(&self) -> String {
        Tr::new(self.tr_i18n(), self.tr.lang.other()).t("lang-name")
    }

    fn tr_i18n(&self) -> std::sync::Arc<crate::i18n::I18n> {
        self.tr.i18n()
    }
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(Self::from_parts(parts, state))
    }
}
