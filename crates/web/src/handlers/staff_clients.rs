//! The secretariat's client records (SPEC S8): search by name, birth date or client number a
//! page at a time, register a client, and a client page with its connection and letters.

use crate::AppState;
use crate::dates;
use crate::error::{error_page, internal, render};
use crate::handlers::own_content::FieldErrors;
use crate::page::PageCtx;
use crate::staff::{STAFF_ROOT, StaffMember};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::AppError;
use zk_app::addressed_letter::AddressRefusal;
use zk_app::clients::{NewClient, register_client};
use zk_app::letter_print::{batch_of_letter, default_addressee, issue_printed_letter};
use zk_app::staff::{
    LetterSite, client_overview, letter_pdf, revoke_provider_letter, search_clients,
};
use zk_domain::client::{ClientRecord, PostalAddress};
use zk_domain::letter::IntendedFor;
use zk_domain::redeem_rule::own_page_from;
use zk_domain::{BirthDate, ClientRecordId, LetterId, ProviderId};

/// Records per page of the search.
const PAGE_SIZE: u32 = 25;

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    zoek: String,
    na: Option<String>,
}

/// One row of the list.
struct Row {
    id: String,
    href: String,
    number: String,
    name: String,
    birth_date: String,
}

#[derive(Template)]
#[template(path = "staff_clients.html")]
struct ListPage<'a> {
    page: &'a PageCtx,
    provider: String,
    base: String,
    query: String,
    rows: Vec<Row>,
    next: Option<String>,
    bad_cursor: bool,
    /// Where the chosen clients are posted to get a letter each, and the overview of letters.
    batch: String,
    letters: String,
}

fn base(provider: ProviderId) -> String {
    format!("{STAFF_ROOT}/{provider}/clienten")
}

pub async fn list(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Query(q): Query<SearchQuery>,
) -> Response {
    let request = crate::paging::requested(q.na.as_ref(), PAGE_SIZE);
    let base = base(staff.provider.id);
    let (found, bad_cursor) = match crate::paging::or_bad_cursor(
        search_clients(&state.app, staff.provider.id, &q.zoek, &request).await,
    ) {
        Ok(found) => found,
        Err(e) => return internal(&page, e),
    };
    let rows = found
        .items
        .iter()
        .map(|c| Row {
            id: c.id.to_string(),
            href: format!("{base}/{}", c.id),
            number: c.client_number.clone(),
            name: c.full_name(),
            birth_date: c.birth_date.dutch(),
        })
        .collect();
    let next = found.next.map(|n| {
        format!(
            "{base}?zoek={}&na={}",
            crate::auth::url_escape(&q.zoek),
            crate::auth::url_escape(&n)
        )
    });
    render(
        &page,
        &ListPage {
            page: &page,
            provider: staff.provider.name.clone(),
            base,
            query: q.zoek,
            rows,
            next,
            bad_cursor,
            batch: format!("{STAFF_ROOT}/{}/stapels", staff.provider.id),
            letters: super::staff_letters::overview_path(staff.provider.id),
        },
    )
}

#[derive(Clone, Default, Deserialize)]
pub struct ClientForm {
    #[serde(default)]
    pub(crate) clientnummer: String,
    #[serde(default)]
    pub(crate) voornaam: String,
    #[serde(default)]
    pub(crate) achternaam: String,
    #[serde(default)]
    pub(crate) geboortedatum: String,
    #[serde(default)]
    pub(crate) email: String,
    #[serde(default)]
    pub(crate) straat: String,
    #[serde(default)]
    pub(crate) postcode: String,
    #[serde(default)]
    pub(crate) plaats: String,
}

impl ClientForm {
    /// The form filled in with a record, for editing it.
    pub(crate) fn of(record: &ClientRecord) -> Self {
        let address = record.address.as_ref();
        Self {
            clientnummer: record.client_number.clone(),
            voornaam: record.first_name.clone(),
            achternaam: record.last_name.clone(),
            geboortedatum: record.birth_date.dutch(),
            email: record.email.clone().unwrap_or_default(),
            straat: address.map(|a| a.street.clone()).unwrap_or_default(),
            postcode: address.map(|a| a.postal_code.clone()).unwrap_or_default(),
            plaats: address.map(|a| a.city.clone()).unwrap_or_default(),
        }
    }

    /// The fields as the use cases take them, or the message key of what to fix.
    pub(crate) fn fields(&self, today: jiff::civil::Date) -> Result<NewClient, &'static str> {
        let birth_date = BirthDate::parse_dutch(&self.geboortedatum, today)
            .map_err(|_| "staff-client-error-birth-date")?;
        let parts = [&self.straat, &self.postcode, &self.plaats];
        let address = match parts.iter().filter(|p| !p.trim().is_empty()).count() {
            0 => None,
            3 => Some(PostalAddress {
                street: self.straat.clone(),
                postal_code: self.postcode.clone(),
                city: self.plaats.clone(),
            }),
            _ => return Err("staff-client-error-address"),
        };
        Ok(NewClient {
            client_number: self.clientnummer.clone(),
            first_name: self.voornaam.clone(),
            last_name: self.achternaam.clone(),
            birth_date,
            email: Some(self.email.trim().to_owned()).filter(|e| !e.is_empty()),
            address,
        })
    }
}

#[derive(Template)]
#[template(path = "staff_client_new.html")]
struct NewPage<'a> {
    page: &'a PageCtx,
    provider: String,
    action: String,
    form: ClientForm,
    errors: FieldErrors,
}

fn new_page(
    page: &PageCtx,
    staff: &StaffMember,
    form: ClientForm,
    error: Option<&str>,
) -> Response {
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let body = render(
        page,
        &NewPage {
            page,
            provider: staff.provider.name.clone(),
            action: format!("{}/nieuw", base(staff.provider.id)),
            form,
            errors: client_errors(page, error),
        },
    );
    (status, body).into_response()
}

pub async fn new_form(page: PageCtx, staff: StaffMember) -> Response {
    new_page(&page, &staff, ClientForm::default(), None)
}

/// A refused client form's message, on the field it is about (`key` as `error_key` gives it).
pub(crate) fn client_errors(page: &PageCtx, key: Option<&str>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if let Some(key) = key {
        let field = match key {
            "staff-client-error-first-name" => "voornaam",
            "staff-client-error-last-name" => "achternaam",
            "staff-client-error-birth-date" => "geboortedatum",
            "staff-client-error-email" => "email",
            "staff-client-error-address" => "straat",
            // The number: wrong, or already in use by another client.
            _ => "clientnummer",
        };
        errors.push(field, page.t(key));
    }
    errors
}

/// Which message a refusal of the register or edit use case shows.
pub(crate) fn error_key(e: &AppError) -> Option<&'static str> {
    match e {
        AppError::Conflict(_) => Some("staff-client-error-duplicate"),
        AppError::Invalid { field, .. } => Some(match *field {
            "client_number" => "staff-client-error-number",
            "first_name" => "staff-client-error-first-name",
            "last_name" => "staff-client-error-last-name",
            "birth_date" => "staff-client-error-birth-date",
            "email" => "staff-client-error-email",
            _ => "staff-client-error-address",
        }),
        _ => None,
    }
}

pub async fn create(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Form(form): Form<ClientForm>,
) -> Response {
    let new = match form.fields(state.app.today()) {
        Ok(new) => new,
        Err(key) => return new_page(&page, &staff, form, Some(key)),
    };
    match register_client(
        &state.app,
        zk_app::audit::staff_changes::By::Staff(&staff.user.account),
        staff.provider.id,
        new,
    )
    .await
    {
        Ok(record) => {
            Redirect::to(&format!("{}/{}", base(staff.provider.id), record.id)).into_response()
        }
        Err(e) => match error_key(&e) {
            Some(key) => new_page(&page, &staff, form, Some(key)),
            None => internal(&page, e),
        },
    }
}

/// One letter on the client page.
struct LetterRow {
    pdf: String,
    revoke: Option<String>,
    issued: String,
    expires: String,
    status: String,
}

#[derive(Template)]
#[template(path = "staff_client.html")]
struct ClientPage<'a> {
    page: &'a PageCtx,
    provider: String,
    back: String,
    issue: String,
    edit: String,
    name: String,
    number: String,
    birth_date: String,
    connection: Option<String>,
    /// Where "Koppeling verbreken" leads, when the client is connected.
    unlink: Option<String>,
    letters: Vec<LetterRow>,
    /// The client has a valid letter: the button makes a new one in its place.
    reissue: bool,
    /// What the last action did ("the new letter is made, the old code no longer works").
    notice: Option<String>,
    /// Why the last letter was not made (a letter for a client under 16).
    refused: Option<String>,
    /// The letter is for the client by default (16 or older), else for a representative.
    for_client: bool,
}

/// `?brief=…` on the client page after "Brief maken".
#[derive(Deserialize)]
pub struct ShowQuery {
    brief: Option<String>,
    /// `ja` after the staff member ended the client's connection.
    ontkoppeld: Option<String>,
}

/// "Brief maken": for the client or for a parent, guardian or legal representative.
#[derive(Deserialize)]
pub struct IssueForm {
    voor: Option<String>,
}

pub async fn show(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Path((_, client)): Path<(String, String)>,
    Query(q): Query<ShowQuery>,
) -> Response {
    let Ok(client) = client.parse::<ClientRecordId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let overview = match client_overview(&state.app, staff.provider.id, client).await {
        Ok(Some(o)) => o,
        Ok(None) => return error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => return internal(&page, e),
    };
    // The record's page is shown only once the look at it is recorded.
    let account = &staff.user.account;
    let viewed =
        zk_app::audit::staff::client_viewed(&state.app, account, staff.provider.id, client);
    if let Err(e) = viewed.await {
        return internal(&page, e);
    }
    let lang = page.tr.lang;
    let unlink = overview
        .connection
        .is_some()
        .then(|| super::leaving::staff_unlink::path(&staff, client));
    let connection = overview.connection.map(|(name, since)| {
        // A beheerder who deleted their account left no name: the page has none now.
        let name = match name.trim() {
            "" => page.t("staff-beheerder-deleted"),
            name => name.to_owned(),
        };
        page.tr.t_with(
            "staff-client-connected",
            &[("name", &name), ("since", &dates::day(lang, since))],
        )
    });
    let reissue = overview
        .letters
        .iter()
        .any(|(_, status)| *status == zk_domain::letter::LetterStatus::Valid);
    let letters = overview
        .letters
        .iter()
        .map(|(l, status)| LetterRow {
            pdf: format!("{STAFF_ROOT}/{}/brieven/{}.pdf", staff.provider.id, l.id),
            revoke: (*status == zk_domain::letter::LetterStatus::Valid).then(|| {
                format!(
                    "{STAFF_ROOT}/{}/brieven/{}/intrekken",
                    staff.provider.id, l.id
                )
            }),
            issued: dates::day(lang, l.issued_at),
            expires: dates::day(lang, l.expires_at),
            status: page.t(&format!("staff-letter-status-{}", status.as_str())),
        })
        .collect();
    render(
        &page,
        &ClientPage {
            page: &page,
            provider: staff.provider.name.clone(),
            back: base(staff.provider.id),
            issue: format!("{}/{}/brief", base(staff.provider.id), client),
            edit: format!("{}/{}/wijzigen", base(staff.provider.id), client),
            name: overview.record.full_name(),
            number: overview.record.client_number.clone(),
            birth_date: overview.record.birth_date.dutch(),
            connection,
            unlink,
            letters,
            reissue,
            notice: if q.ontkoppeld.as_deref() == Some("ja") {
                Some(page.t("staff-unlinked"))
            } else {
                (q.brief.as_deref() == Some("vervangen")).then(|| page.t("staff-letter-replaced"))
            },
            refused: (q.brief.as_deref() == Some("te-jong")).then(|| {
                let from = own_page_from(overview.record.birth_date);
                page.tr.t_with(
                    "staff-letter-too-young",
                    &[
                        ("name", &overview.record.full_name()),
                        ("date", &BirthDate::new(from).dutch()),
                    ],
                )
            }),
            for_client: default_addressee(&overview.record, state.app.today())
                == IntendedFor::Client,
        },
    )
}

/// `POST …/clienten/{client}/brief`: "Brief maken", or "Nieuwe brief maken" when the client has
/// a valid letter. Issues a letter (revoking the valid one in the same transaction), keeps its
/// PDF for 24 hours and shows the client page again, where the download is offered.
pub async fn issue(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Path((_, client)): Path<(String, String)>,
    Form(form): Form<IssueForm>,
) -> Response {
    let Ok(client) = client.parse::<ClientRecordId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let site = LetterSite {
        public_url: &state.config.public_url,
        brand_name: &state.config.brand,
    };
    let to = match form.voor.as_deref() {
        Some("client") => Some(IntendedFor::Client),
        Some("vertegenwoordiger") => Some(IntendedFor::Representative),
        _ => None,
    };
    let issued = match to {
        // Without a choice (an older form): the client from 16, else the representative.
        None => issue_printed_letter(
            &state.app,
            zk_app::audit::staff_changes::By::Staff(&staff.user.account),
            &staff.provider,
            client,
            &site,
        )
        .await
        .map(Ok),
        Some(to) => {
            let mail = crate::mail::own_letter_for(&page);
            zk_app::addressed_letter::issue(
                &state.app,
                zk_app::audit::staff_changes::By::Staff(&staff.user.account),
                &staff.provider,
                client,
                to,
                &site,
                &mail,
            )
            .await
        }
    };
    match issued {
        Ok(Err(AddressRefusal::ClientUnder16 { .. })) => Redirect::to(&format!(
            "{}/{client}?brief=te-jong",
            base(staff.provider.id)
        ))
        .into_response(),
        Ok(Ok(done)) => {
            // After a replacement the page says that the old code no longer works.
            let notice = if done.replaced {
                "?brief=vervangen"
            } else {
                ""
            };
            Redirect::to(&format!("{}/{client}{notice}", base(staff.provider.id))).into_response()
        }
        Err(AppError::NotFound(_)) => error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => internal(&page, e),
    }
}

#[derive(Template)]
#[template(path = "staff_pdf_gone.html")]
struct PdfGonePage<'a> {
    page: &'a PageCtx,
}

/// `GET /zorgaanbieder/{provider}/brieven/{letter}.pdf`: the letter's PDF for 24 hours.
pub async fn download(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Path((_, file)): Path<(String, String)>,
) -> Response {
    let gone = |page: &PageCtx| {
        let body = render(page, &PdfGonePage { page });
        (StatusCode::NOT_FOUND, body).into_response()
    };
    let Some(letter) = file
        .strip_suffix(".pdf")
        .and_then(|id| id.parse::<LetterId>().ok())
    else {
        return gone(&page);
    };
    match letter_pdf(&state.app, staff.provider.id, letter).await {
        Ok(Some(pdf)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"brief-{letter}.pdf\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            pdf,
        )
            .into_response(),
        // A letter made in a batch is printed from the batch's PDF.
        Ok(None) => match batch_of_letter(&state.app, staff.provider.id, letter).await {
            Ok(Some(batch)) => Redirect::to(&format!(
                "{STAFF_ROOT}/{}/stapels/{batch}/pdf",
                staff.provider.id
            ))
            .into_response(),
            Ok(None) => gone(&page),
            Err(e) => internal(&page, e),
        },
        Err(e) => internal(&page, e),
    }
}

/// `POST /zorgaanbieder/{provider}/brieven/{letter}/intrekken`: revokes a letter.
pub async fn revoke(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Path((_, letter)): Path<(String, String)>,
) -> Response {
    let Ok(letter) = letter.parse::<LetterId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let client = match state.app.store.get_letter(letter).await {
        Ok(Some(l)) if l.provider_id == staff.provider.id => l.client_record_id,
        Ok(_) => return error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => return internal(&page, e),
    };
    match revoke_provider_letter(&state.app, staff.provider.id, letter).await {
        Ok(_) => Redirect::to(&format!("{}/{client}", base(staff.provider.id))).into_response(),
        Err(e) => internal(&page, e),
    }
}
