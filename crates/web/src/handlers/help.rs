//! `GET /hulp?over=/pad&zoek=…`: help for the page the user came from, the frequently asked
//! questions (searchable without JavaScript), and whom to contact (the seeds' routes:
//! login problems to the platform, letters to the provider's secretariat, care questions to
//! the practitioner).

use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::{internal, render};
use crate::help_guides::{GUIDES, guide_for_topic};
use crate::help_topics::{FAQ, matches, topic_for};
use crate::page::PageCtx;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use zk_domain::page::PageRequest;

/// A provider's secretariat as the help page shows it.
pub(crate) struct Secretariat {
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
    /// The secretariats of the providers connected to the user's care page (logged in only).
    own_secretariats: Vec<Secretariat>,
    /// Every instruction: (address, title).
    guides: Vec<(String, String)>,
    /// The instruction for the page the user came from: (address, title).
    topic_guide: Option<(String, String)>,
    faq: Vec<(String, String)>,
    /// The help text of the page the user came from, if it has one.
    topic: Option<String>,
    /// The search, as typed (empty: every question).
    query: String,
    /// What the search found, in words; `None` without a search.
    search_status: Option<String>,
    /// The page the user came from, kept in the search form.
    over: String,
}

#[derive(Deserialize)]
pub struct HelpQuery {
    /// The path of the page the help button was pressed on.
    over: Option<String>,
    zoek: Option<String>,
}

/// Longer searches are cut: nobody types more, and the page repeats it.
const QUERY_MAX_CHARS: usize = 100;

impl Secretariat {
    fn of(p: zk_domain::provider::Provider) -> Self {
        Self {
            name: p.name,
            phone_link: p
                .secretariat
                .phone
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect(),
            phone: p.secretariat.phone,
            email: p.secretariat.email,
        }
    }
}

/// The address and title of each instruction.
fn guide_link(page: &PageCtx, slug: &str) -> (String, String) {
    (
        format!("/hulp/instructie/{slug}"),
        page.t(&format!("hguide-{slug}-title")),
    )
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    user: Result<LoggedIn, Response>,
    Query(q): Query<HelpQuery>,
) -> Response {
    let secretariats: Vec<Secretariat> = match state
        .app
        .store
        .list_providers(&PageRequest::first(SECRETARIATS_SHOWN))
        .await
    {
        Ok(p) => p.items.into_iter().map(Secretariat::of).collect(),
        Err(e) => return internal(&page, e),
    };
    // A user without a care page of their own yet simply has no providers to list.
    let own_secretariats: Vec<Secretariat> = match &user {
        Ok(LoggedIn(u)) => zk_app::connections::list(&state.app, &u.account)
            .await
            .map(|list| list.into_iter().map(|(_, p)| Secretariat::of(p)).collect())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let query: String = q
        .zoek
        .unwrap_or_default()
        .trim()
        .chars()
        .take(QUERY_MAX_CHARS)
        .collect();
    let faq: Vec<(String, String)> = FAQ
        .iter()
        .map(|k| (page.t(&format!("faq-{k}-q")), page.t(&format!("faq-{k}-a"))))
        .filter(|(question, answer)| matches(&query, question, answer))
        .collect();
    let search_status = (!query.is_empty()).then(|| {
        let key = if faq.is_empty() {
            "help-search-none"
        } else {
            "help-search-found"
        };
        page.tr.t_with(key, &[("query", query.as_str())])
    });
    let over = q.over.unwrap_or_default();
    let topic_key = topic_for(&over);
    let topic = topic_key.map(|t| page.t(&format!("help-topic-{t}")));
    let topic_guide = topic_key
        .and_then(guide_for_topic)
        .map(|g| guide_link(&page, g.slug));
    let guides = GUIDES.iter().map(|g| guide_link(&page, g.slug)).collect();
    let support_email = state.config.support_email.clone();
    render(
        &page,
        &HelpPage {
            page: &page,
            support_email,
            secretariats,
            own_secretariats,
            guides,
            topic_guide,
            faq,
            topic,
            query,
            search_status,
            over,
        },
    )
}
