//! Who may open which staff page (SPEC S8), as one table: every staff URL against an admin, a
//! secretariat member, staff of another provider, a logged-in client, nobody logged in, and a
//! staff member without a second factor. Only the allowed cells succeed; every other cell gets
//! its own refusal. A page added later is one more `ROWS` line.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use support::Browser;
use support::staff::{STAFF_PASSWORD, staff_browser, staff_without_factor};
use support::world::{World, world};
use zk_app::api_tokens::{self, Scopes};
use zk_app::clients::{NewClient, register_client};
use zk_app::staff::{LetterSite, issue_letter_with_pdf};
use zk_domain::{BirthDate, ProviderId};
use zk_store::StaffRole;

/// Who may open a page.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Allowed {
    /// Every staff member of the provider.
    Staff,
    /// Its admins only.
    Admin,
}

/// What an allowed visitor gets.
#[derive(Clone, Copy, Debug)]
enum Success {
    /// 200 with this text.
    Page(&'static str),
    /// This status with this text (e.g. a form refused for its content, past the role check).
    Answer(StatusCode, &'static str),
    /// A redirect to a location containing this.
    Redirect(&'static str),
}

struct Row {
    post: bool,
    /// With `{p}` (the provider), `{client}`, `{connected}` (a client whose care page is
    /// connected, by the `Client` visitor), `{letter}`, `{member}` (a secretariat member
    /// other than the visitor) and `{token}` (an API token) filled in.
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
    allowed: Allowed,
    success: Success,
}

const fn get(path: &'static str, allowed: Allowed, success: Success) -> Row {
    Row {
        post: false,
        path,
        form: &[],
        allowed,
        success,
    }
}

const fn post(
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
    allowed: Allowed,
    success: Success,
) -> Row {
    Row {
        post: true,
        path,
        form,
        allowed,
        success,
    }
}

use Allowed::{Admin, Staff};
use Success::{Answer, Page, Redirect};

const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

/// Every page of the staff area. (Letters overview: `/brieven`; webhooks: `/webhooks`.)
#[rustfmt::skip]
const ROWS: &[Row] = &[
    get("/zorgaanbieder/{p}", Staff, Page("Je bent ingelogd als")),
    get("/zorgaanbieder/{p}/clienten", Staff, Page("Zoek een cliënt")),
    get("/zorgaanbieder/{p}/clienten?zoek=jan", Staff, Page("Zoek een cliënt")),
    get("/zorgaanbieder/{p}/clienten/nieuw", Staff, Page("Cliënt opslaan")),
    post("/zorgaanbieder/{p}/clienten/nieuw", &[], Staff, Answer(UNPROCESSABLE, "Vul een geboortedatum in")),
    get("/zorgaanbieder/{p}/clienten/{client}", Staff, Page("rief maken")),
    get("/zorgaanbieder/{p}/clienten/{client}/wijzigen", Staff, Page("Wijzigingen opslaan")),
    post("/zorgaanbieder/{p}/clienten/{client}/wijzigen", &[], Staff, Answer(UNPROCESSABLE, "Vul een geboortedatum in")),
    post("/zorgaanbieder/{p}/clienten/{client}/brief", &[], Staff, Redirect("/clienten/")),
    get("/zorgaanbieder/{p}/brieven/{letter}.pdf", Staff, Answer(StatusCode::OK, "%PDF")),
    post("/zorgaanbieder/{p}/brieven/{letter}/intrekken", &[], Staff, Redirect("/clienten/")),
    get("/zorgaanbieder/{p}/koppelingen", Staff, Page("Gekoppeld door")),
    get("/zorgaanbieder/{p}/koppelingen?eind_na=x", Staff, Page("Ontkoppeld")),
    get("/zorgaanbieder/{p}/clienten/{connected}/ontkoppelen", Staff, Page("Ja, koppeling verbreken")),
    // Posting it is tested in unlinking.rs: the first allowed visitor would end the connection.
    post("/zorgaanbieder/{p}/clienten/{client}/ontkoppelen", &[], Staff, Answer(StatusCode::NOT_FOUND, "")),
    get("/zorgaanbieder/{p}/medewerkers", Admin, Page("Medewerker sinds")),
    get("/zorgaanbieder/{p}/medewerkers/nieuw", Admin, Page("Medewerker toevoegen")),
    post("/zorgaanbieder/{p}/medewerkers/nieuw", &[], Admin, Answer(UNPROCESSABLE, "Kies een rol")),
    get("/zorgaanbieder/{p}/medewerkers/{member}", Admin, Page("Rol veranderen")),
    post("/zorgaanbieder/{p}/medewerkers/{member}/rol", &[("rol", "geen")], Admin, Answer(UNPROCESSABLE, "Kies een rol")),
    post("/zorgaanbieder/{p}/medewerkers/{member}/verwijderen", &[], Admin, Redirect("/medewerkers")),
    get("/zorgaanbieder/{p}/api-sleutels", Admin, Page("API-sleutel maken")),
    get("/zorgaanbieder/{p}/api-sleutels/nieuw", Admin, Page("Sleutel maken")),
    post("/zorgaanbieder/{p}/api-sleutels/nieuw", &[], Admin, Answer(UNPROCESSABLE, "Kies alle soorten")),
    post("/zorgaanbieder/{p}/api-sleutels/{token}/intrekken", &[], Admin, Redirect("/api-sleutels")),
    get("/zorgaanbieder/{p}/brieven", Staff, Page("Verloopt binnen 7 dagen")),
    post("/zorgaanbieder/{p}/stapels", &[], Staff, Answer(UNPROCESSABLE, "Je hebt geen cliënt aangevinkt")),
    get("/zorgaanbieder/{p}/webhooks", Admin, Page("Adres toevoegen")),
    post("/zorgaanbieder/{p}/webhooks", &[("url", "ftp://x")], Admin, Answer(UNPROCESSABLE, "https://")),
    // Messages: every staff member reads and answers them (the secretariat is where clients are
    // told to turn); only an admin switches them on or off, in the settings. The threads
    // themselves are tested in messages.rs.
    get("/zorgaanbieder/{p}/berichten", Staff, Page("<h1>Berichten</h1>")),
    get("/zorgaanbieder/{p}/instellingen", Admin, Page("Hoeveel dagen")),
    post("/zorgaanbieder/{p}/instellingen", &[("dagen", "x")], Admin, Answer(UNPROCESSABLE, "Vul een aantal dagen in")),
    get("/zorgaanbieder/{p}/logboek", Admin, Page("Download deze periode")),
    get("/zorgaanbieder/{p}/logboek/download", Admin, Answer(StatusCode::OK, "seq,at,action")),
];

/// The visitors, in the order of the table's columns.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Admin,
    Secretariat,
    OtherProvider,
    Client,
    Nobody,
    NoSecondFactor,
}

const EVERYONE: [Who; 6] = [
    Who::Admin,
    Who::Secretariat,
    Who::OtherProvider,
    Who::Client,
    Who::Nobody,
    Who::NoSecondFactor,
];

fn allowed(row: &Row, who: Who) -> bool {
    match who {
        Who::Admin => true,
        Who::Secretariat => row.allowed == Allowed::Staff,
        _ => false,
    }
}

#[tokio::test]
async fn only_the_allowed_visitors_open_each_staff_page() {
    let w = world().await;
    let own: ProviderId = w.demo.providers[0].id.parse().unwrap();
    let other: ProviderId = w.demo.providers[1].id.parse().unwrap();
    let paths = Paths::new(&w, own).await;

    let mut browsers = Vec::new();
    for who in EVERYONE {
        browsers.push((who, visitor(&w, who, own, other).await));
    }
    for row in ROWS {
        let path = paths.fill(row.path);
        for (who, b) in &mut browsers {
            let r = if row.post {
                b.post(&path, row.form).await
            } else {
                b.get(&path).await
            };
            let cell = format!(
                "{} {path} as {who:?}",
                if row.post { "POST" } else { "GET" }
            );
            if allowed(row, *who) {
                match row.success {
                    Page(text) => {
                        assert_eq!(r.status, StatusCode::OK, "{cell}: {}", r.body);
                        assert!(r.body.contains(text), "{cell}: {}", r.body);
                    }
                    Answer(status, text) => {
                        assert_eq!(r.status, status, "{cell}: {}", r.body);
                        assert!(r.body.contains(text), "{cell}: {}", r.body);
                    }
                    Redirect(to) => {
                        assert_eq!(r.status, StatusCode::SEE_OTHER, "{cell}: {}", r.body);
                        assert!(r.header("location").contains(to), "{cell}");
                    }
                }
                continue;
            }
            match who {
                Who::Secretariat => {
                    assert_eq!(r.status, StatusCode::FORBIDDEN, "{cell}");
                    assert!(
                        r.body.contains("Alleen voor beheerders"),
                        "{cell}: {}",
                        r.body
                    );
                }
                Who::OtherProvider | Who::Client => {
                    assert_eq!(r.status, StatusCode::NOT_FOUND, "{cell}");
                }
                Who::Nobody => {
                    assert_eq!(r.status, StatusCode::SEE_OTHER, "{cell}");
                    assert_eq!(r.header("location"), "/inloggen", "{cell}");
                }
                Who::NoSecondFactor => {
                    assert_eq!(r.status, StatusCode::OK, "{cell}");
                    assert!(
                        r.body.contains("Stel eerst een tweede stap in"),
                        "{cell}: {}",
                        r.body
                    );
                }
                Who::Admin => unreachable!("an admin may open every page"),
            }
        }
    }
}

/// The ids the table's paths need, made up front.
struct Paths {
    provider: ProviderId,
    client: String,
    connected: String,
    letter: String,
    member: String,
    token: String,
}

impl Paths {
    async fn new(w: &World, own: ProviderId) -> Self {
        let app = &w.t.app;
        let record = register_client(
            app,
            zk_app::audit::staff_changes::By::Operator,
            own,
            NewClient {
                client_number: "R-1".into(),
                first_name: "Jan".into(),
                last_name: "de Vries".into(),
                birth_date: BirthDate::parse_dutch("01-02-1980", app.today()).unwrap(),
                email: None,
                address: None,
            },
        )
        .await
        .unwrap();
        let provider = app.store.get_provider(own).await.unwrap().unwrap();
        let site = LetterSite {
            public_url: "http://127.0.0.1:8080",
            brand_name: "Zorgkring",
        };
        let letter = issue_letter_with_pdf(
            app,
            zk_app::audit::staff_changes::By::Operator,
            &provider,
            record.id,
            &site,
        )
        .await
        .unwrap();
        // A member who accepted the invitation (made the account through its link).
        drop(staff_without_factor(w, own, "collega@ggz.example", StaffRole::Secretariat).await);
        let member = app
            .store
            .find_account_by_email("collega@ggz.example")
            .await
            .unwrap()
            .unwrap();
        let token = api_tokens::create(
            app,
            zk_app::audit::staff_changes::By::Operator,
            own,
            "ECD",
            Scopes::full(),
        )
        .await
        .unwrap();
        // The `Client` visitor registers with this letter, which connects its client.
        let demo = w.letter("valid", "client");
        assert_eq!(demo.provider, provider.name);
        let connected = app
            .store
            .find_client_record_by_number(own, &demo.client_number)
            .await
            .unwrap()
            .unwrap();
        Self {
            provider: own,
            client: record.id.to_string(),
            connected: connected.id.to_string(),
            letter: letter.id.to_string(),
            member: member.id.to_string(),
            token: token.token.id.to_string(),
        }
    }

    fn fill(&self, path: &str) -> String {
        path.replace("{p}", &self.provider.to_string())
            .replace("{client}", &self.client)
            .replace("{connected}", &self.connected)
            .replace("{letter}", &self.letter)
            .replace("{member}", &self.member)
            .replace("{token}", &self.token)
    }
}

async fn visitor<'a>(w: &'a World, who: Who, own: ProviderId, other: ProviderId) -> Browser<'a> {
    match who {
        Who::Admin => staff_browser(w, own, "beheer@ggz.example", StaffRole::Admin).await,
        Who::Secretariat => {
            staff_browser(w, own, "secretariaat@ggz.example", StaffRole::Secretariat).await
        }
        Who::OtherProvider => staff_browser(w, other, "ander@ggz.example", StaffRole::Admin).await,
        Who::Client => {
            let letter = w.letter("valid", "client");
            w.register_verified(letter, "sanne@voorbeeld.example", STAFF_PASSWORD)
                .await
        }
        Who::Nobody => Browser::new(&w.t),
        Who::NoSecondFactor => {
            staff_without_factor(w, own, "zonder@ggz.example", StaffRole::Admin).await
        }
    }
}
