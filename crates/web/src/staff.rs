//! Recognising a provider's staff member (SPEC S8) for the pages under `/zorgaanbieder/…`: a
//! logged-in account that has passed its second factor and has a membership of the provider in
//! the path. Without a second factor the page asks to add one first; without a membership the
//! answer is 404, so the staff area does not show that it exists.

use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::{error_page, internal, render};
use crate::page::PageCtx;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use zk_app::sessions::Authenticated;
use zk_app::staff;
use zk_domain::ProviderId;
use zk_domain::provider::Provider;
use zk_store::StaffMembership;

/// Where the staff area starts.
pub const STAFF_ROOT: &str = "/zorgaanbieder";

/// A staff member acting for the provider in the path (`/zorgaanbieder/{provider_id}/…`).
pub struct StaffMember {
    pub user: Authenticated,
    pub membership: StaffMembership,
    pub provider: Provider,
}

/// A logged-in account with a second factor and at least one membership: for
/// `/zorgaanbieder` itself, which sends the member on to their provider.
pub struct StaffAccount {
    pub user: Authenticated,
    pub memberships: Vec<StaffMembership>,
}

#[derive(Template)]
#[template(path = "staff_needs_factor.html")]
struct NeedsFactorPage<'a> {
    page: &'a PageCtx,
}

/// The provider id in `/zorgaanbieder/{provider_id}/…`, if the path has a well-formed one.
fn provider_in_path(path: &str) -> Option<ProviderId> {
    let rest = path.strip_prefix(STAFF_ROOT)?.strip_prefix('/')?;
    rest.split('/').next()?.parse().ok()
}

async fn staff_account(parts: &mut Parts, state: &AppState) -> Result<StaffAccount, Response> {
    let LoggedIn(user) = LoggedIn::from_request_parts(parts, state).await?;
    let page = PageCtx::from_parts(parts, state);
    let memberships = staff::memberships(&state.app, user.account.id)
        .await
        .map_err(|e| internal(&page, e))?;
    if memberships.is_empty() {
        return Err(error_page(&page, StatusCode::NOT_FOUND));
    }
    if !user.account.has_second_factor() {
        return Err(render(&page, &NeedsFactorPage { page: &page }));
    }
    Ok(StaffAccount { user, memberships })
}

impl FromRequestParts<AppState> for StaffAccount {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        staff_account(parts, state).await
    }
}

impl FromRequestParts<AppState> for StaffMember {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let account = staff_account(parts, state).await?;
        let page = PageCtx::from_parts(parts, state);
        let not_found = || error_page(&page, StatusCode::NOT_FOUND);
        let Some(provider_id) = provider_in_path(parts.uri.path()) else {
            return Err(not_found());
        };
        let Some(membership) = account
            .memberships
            .into_iter()
            .find(|m| m.provider_id == provider_id)
        else {
            return Err(not_found());
        };
        let provider = match state.app.store.get_provider(provider_id).await {
            Ok(Some(p)) => p,
            Ok(None) => return Err(not_found()),
            Err(e) => return Err(internal(&page, e)),
        };
        Ok(Self {
            user: account.user,
            membership,
            provider,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_provider_is_read_from_the_path() {
        let id = ProviderId::new();
        assert_eq!(
            provider_in_path(&format!("/zorgaanbieder/{id}/clienten")),
            Some(id)
        );
        assert_eq!(provider_in_path(&format!("/zorgaanbieder/{id}")), Some(id));
        assert_eq!(provider_in_path("/zorgaanbieder"), None);
        assert_eq!(provider_in_path("/zorgaanbieder/xyz"), None);
        assert_eq!(provider_in_path(&format!("/zorgpagina/{id}")), None);
    }
}
