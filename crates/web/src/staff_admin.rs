//! The provider admin's role (SPEC S8): `StaffAdmin` lets only an admin of the provider in the
//! path through. A secretariat member gets 403 with a plain page that says who can help; staff
//! of another provider, or anyone else, get what `StaffMember` gives (404, the login page, or
//! "add a second factor first").

use crate::AppState;
use crate::error::render;
use crate::page::PageCtx;
use crate::staff::StaffMember;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use zk_store::StaffRole;

/// An admin of the provider in the path (`/zorgaanbieder/{provider_id}/…`).
pub struct StaffAdmin(pub StaffMember);

#[derive(Template)]
#[template(path = "staff_admin_only.html")]
struct AdminOnlyPage<'a> {
    page: &'a PageCtx,
    home: String,
}

impl FromRequestParts<AppState> for StaffAdmin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let member = StaffMember::from_request_parts(parts, state).await?;
        if member.membership.role == StaffRole::Admin {
            return Ok(Self(member));
        }
        let page = PageCtx::from_parts(parts, state);
        let body = render(
            &page,
            &AdminOnlyPage {
                page: &page,
                home: format!("{}/{}", crate::staff::STAFF_ROOT, member.provider.id),
            },
        );
        Err((StatusCode::FORBIDDEN, body).into_response())
    }
}
