//! `GET /hulp`: help, the frequently asked questions, and whom to contact (the seeds' routes:
//! login problems to the platform, letters to the provider's secretariat, care questions to
//! the practitioner).

use crate::AppState;
use crate::error::{internal, render};
use crate::page::PageCtx;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use zk_domain::page::PageRequest;

/// A provider's secretariat as the help page shows it.
struct Secretariat {
    name: String,
    phone: String,
    /// The phone number without spaces, for a `tel:` link.
    phone_link: String,
    email: String,
}

/// How many secretariats the help page lists; a larger installation gets a search later.
const SECRETARIATS_SHOWN: u32 = 50;

#[derive(Template)]
#[template(path = "help.html")]
struct HelpPage<'a> {
    page: &'a PageCtx,
    support_email: String,
    secretariats: Vec<Secretariat>,
    faq: Vec<(String, String)>,
}

pub async fn show(State(state): State<AppState>, page: PageCtx) -> Response {
    let secretariats: Vec<Secretariat> = match state
        .app
        .store
        .list_providers(&PageRequest::first(SECRETARIATS_SHOWN))
        .await
    {
        Ok(p) => p.items.into_iter().map(|p| Secretariat {
            name: p.name,
            phone_link: p
                .secretariat
                .phone
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect(),
            phone: p.secretariat.phone,
            email: p.secretariat.email,
        }),
        Err(e) => return internal(&page, e),
    }
    .collect();
    let faq = ["what", "letter", "code", "forgot", "sms", "safe"]
        .iter()
        .map(|k| (page.t(&format!("faq-{k}-q")), page.t(&format!("faq-{k}-a"))))
        .collect();
    let support_email = state.config.support_email.clone();
    render(
        &page,
        &HelpPage {
            page: &page,
            support_email,
            secretariats,
            faq,
        },
    )
}
