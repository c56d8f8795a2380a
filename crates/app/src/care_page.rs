//! What a logged-in user sees on their care page: per connected provider, the care team and the
//! appointments, labelled with the provider's name. Provider data stays hidden until the
//! account has a second factor (SPEC S2.14).

use crate::{App, AppError, AppResult};
use zk_domain::account::{Account, CarePage};
use zk_domain::care::AppointmentWindow;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{ConnectionId, PractitionerId};

/// Appointments shown per list before "more".
pub const APPOINTMENTS_SHOWN: u32 = 10;

#[derive(Clone, Debug)]
pub struct TeamMember {
    pub name: String,
    pub role: String,
    pub discipline: String,
}

#[derive(Clone, Debug)]
pub struct AppointmentView {
    pub starts_at: jiff::Timestamp,
    pub ends_at: jiff::Timestamp,
    pub title: String,
    pub location: Option<String>,
    pub video_url: Option<String>,
    pub with: Option<String>,
    pub cancelled: bool,
}

#[derive(Clone, Debug)]
pub struct ProviderSection {
    pub connection: ConnectionId,
    pub provider_name: String,
    pub secretariat_email: String,
    pub secretariat_phone: String,
    pub team: Vec<TeamMember>,
    pub upcoming: Vec<AppointmentView>,
    pub past: Page<AppointmentView>,
}

#[derive(Clone, Debug)]
pub enum CarePageView {
    /// The account has no care page (cannot happen after registration, but is shown plainly).
    None,
    /// The second factor is missing: the page and its providers' names, nothing more.
    Hidden {
        page: CarePage,
        providers: Vec<String>,
    },
    Visible {
        page: CarePage,
        sections: Vec<ProviderSection>,
    },
}

/// Builds the care page. `past_after` pages through one connection's past appointments.
pub async fn view(
    app: &App,
    account: &Account,
    past_after: Option<(ConnectionId, String)>,
) -> AppResult<CarePageView> {
    let Some(page) = app
        .store
        .care_pages_of(account.id, &PageRequest::first(1))
        .await?
        .items
        .into_iter()
        .next()
    else {
        return Ok(CarePageView::None);
    };
    let connections = app
        .store
        .connections_of(page.id, &PageRequest::first(20))
        .await?
        .items;
    let mut providers = Vec::with_capacity(connections.len());
    for c in &connections {
        let p = app
            .store
            .get_provider(c.provider_id)
            .await?
            .ok_or(AppError::NotFound("provider"))?;
        providers.push(p);
    }
    if !account.has_second_factor() {
        return Ok(CarePageView::Hidden {
            page,
            providers: providers.into_iter().map(|p| p.name).collect(),
        });
    }
    let now = app.now();
    let mut sections = Vec::with_capacity(connections.len());
    for (c, provider) in connections.iter().zip(providers) {
        let client = c.client_record_id;
        let mut names = std::collections::HashMap::<PractitionerId, String>::new();
        let mut team = Vec::new();
        for m in app
            .store
            .list_care_team(client, &PageRequest::first(50))
            .await?
            .items
        {
            if let Some(p) = app.store.get_practitioner(m.practitioner_id).await? {
                names.insert(p.id, p.name.clone());
                team.push(TeamMember {
                    name: p.name,
                    role: m.role,
                    discipline: p.discipline,
                });
            }
        }
        let to_view = |a: zk_domain::care::Appointment| AppointmentView {
            with: a.practitioner_id.and_then(|p| names.get(&p).cloned()),
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            title: a.title,
            location: a.location,
            video_url: a.video_url,
            cancelled: a.cancelled,
        };
        let upcoming_page = PageRequest::first(APPOINTMENTS_SHOWN);
        let upcoming = app
            .store
            .list_appointments(client, AppointmentWindow::Upcoming { now }, &upcoming_page)
            .await?;
        let past_page = match &past_after {
            Some((id, cursor)) if *id == c.id => {
                PageRequest::after(cursor.clone(), APPOINTMENTS_SHOWN)
            }
            _ => PageRequest::first(APPOINTMENTS_SHOWN),
        };
        let past = app
            .store
            .list_appointments(client, AppointmentWindow::Past { now }, &past_page)
            .await?;
        sections.push(ProviderSection {
            connection: c.id,
            provider_name: provider.name,
            secretariat_email: provider.secretariat.email,
            secretariat_phone: provider.secretariat.phone,
            team,
            upcoming: upcoming.items.into_iter().map(&to_view).collect(),
            past: Page {
                items: past.items.into_iter().map(&to_view).collect(),
                next: past.next,
            },
        });
    }
    Ok(CarePageView::Visible { page, sections })
}
