//! Pages whose flows are not built yet ("Account aanmaken", "Inloggen"): an honest "not yet"
//! instead of a dead link. Each is replaced by its real flow in a later change.

use crate::error::render;
use crate::page::PageCtx;
use askama::Template;
use axum::response::Response;

#[derive(Template)]
#[template(path = "not_yet.html")]
struct NotYetPage<'a> {
    page: &'a PageCtx,
}

pub async fn show(page: PageCtx) -> Response {
    render(&page, &NotYetPage { page: &page })
}
