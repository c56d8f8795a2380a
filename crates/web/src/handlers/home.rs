//! `GET /`: the home page with "Account aanmaken" and "Inloggen".

use crate::error::render;
use crate::page::PageCtx;
use askama::Template;
use axum::response::Response;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    page: &'a PageCtx,
}

pub async fn show(page: PageCtx) -> Response {
    render(&page, &HomePage { page: &page })
}
