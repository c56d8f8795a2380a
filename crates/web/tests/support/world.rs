//! A demo world behind the router, and the steps a client takes, for the journey tests.

use super::{Browser, TestApp};
use std::sync::Arc;
use zk_app::demo::{DemoLetter, DemoWorld, seed};
use zk_notify::{MemoryMailer, MemorySms, OutboxWorker};
use zk_store::OutgoingMessage;

pub struct World {
    pub t: TestApp,
    pub demo: DemoWorld,
    pub mailer: MemoryMailer,
    pub sms: MemorySms,
}

pub async fn world() -> World {
    world_with(TestApp::new(false).await).await
}

pub async fn world_with(t: TestApp) -> World {
    let demo = seed(&t.app).await.unwrap();
    World {
        t,
        demo,
        mailer: MemoryMailer::default(),
        sms: MemorySms::default(),
    }
}

/// Terms, name, role, management, e-mail, letter "ja" on any instance: on the code page.
pub async fn up_to_code_on<'a>(t: &'a TestApp, email: &str) -> Browser<'a> {
    let mut b = Browser::new(t);
    b.post_to(
        "/account-aanmaken",
        &[("akkoord", "ja")],
        "/account-aanmaken/naam",
    )
    .await;
    b.post_to(
        "/account-aanmaken/naam",
        &[("voornaam", "Sanne"), ("achternaam", "de Vries")],
        "/account-aanmaken/rol",
    )
    .await;
    b.post_to(
        "/account-aanmaken/rol",
        &[("rol", "ontvang")],
        "/account-aanmaken/beheer",
    )
    .await;
    b.post_to(
        "/account-aanmaken/beheer",
        &[("beheer", "zelf")],
        "/account-aanmaken/e-mailadres",
    )
    .await;
    b.post_to(
        "/account-aanmaken/e-mailadres",
        &[("email", email)],
        "/account-aanmaken/brief",
    )
    .await;
    b.post_to(
        "/account-aanmaken/brief",
        &[("brief", "ja")],
        "/account-aanmaken/code",
    )
    .await;
    b
}

/// `1990-12-31` as typed: `31-12-1990`.
pub fn dutch(iso: &str) -> String {
    let p: Vec<&str> = iso.split('-').collect();
    format!("{}-{}-{}", p[2], p[1], p[0])
}

impl World {
    pub fn letter(&self, status: &str, intended_for: &str) -> &DemoLetter {
        self.demo
            .letters
            .iter()
            .find(|l| l.status == status && l.intended_for == intended_for)
            .unwrap()
    }

    pub fn letters(&self, status: &str, intended_for: &str) -> Vec<&DemoLetter> {
        self.demo
            .letters
            .iter()
            .filter(|l| l.status == status && l.intended_for == intended_for)
            .collect()
    }

    pub async fn deliver(&self) {
        let worker = OutboxWorker::new(
            self.t.app.store.clone(),
            self.t.app.clock.clone(),
            Arc::new(self.mailer.clone()),
            Arc::new(self.sms.clone()),
        );
        worker.run_once().await.unwrap();
    }

    /// Delivers the outbox and returns the newest e-mail.
    pub async fn last_mail(&self) -> OutgoingMessage {
        self.deliver().await;
        self.mailer.sent().pop().expect("a mail was sent")
    }

    /// Delivers the outbox and returns the code in the newest SMS.
    pub async fn last_sms_code(&self) -> String {
        self.deliver().await;
        let sms = self.sms.sent().pop().expect("an SMS was sent");
        sms.text_body
            .split_whitespace()
            .map(|w| w.trim_end_matches(['.', ',']))
            .find(|w| w.len() == 6 && w.bytes().all(|b| b.is_ascii_digit()))
            .unwrap()
            .to_owned()
    }

    /// The activation link's path from the newest e-mail.
    pub async fn activation_path(&self) -> String {
        let mail = self.last_mail().await;
        let link = mail
            .text_body
            .lines()
            .find(|l| l.contains("/activeren/"))
            .unwrap()
            .trim()
            .to_owned();
        link.split_once("8080").unwrap().1.to_owned()
    }

    /// Terms, name, role, management, e-mail, letter "ja": on the code page.
    pub async fn up_to_code(&self, email: &str) -> Browser<'_> {
        up_to_code_on(&self.t, email).await
    }

    /// The whole registration with `letter`; returns the browser, logged in on "klaar".
    pub async fn register(&self, letter: &DemoLetter, email: &str, password: &str) -> Browser<'_> {
        let mut b = self.up_to_code(email).await;
        b.post_to(
            "/account-aanmaken/code",
            &[
                ("code", &letter.code),
                ("geboortedatum", &dutch(&letter.birth_date)),
            ],
            "/account-aanmaken/koppeling",
        )
        .await;
        b.post_to(
            "/account-aanmaken/koppeling",
            &[("klopt", "ja")],
            "/account-aanmaken/controle",
        )
        .await;
        b.post_to(
            "/account-aanmaken/controle",
            &[],
            "/account-aanmaken/e-mail-verstuurd",
        )
        .await;
        let path = self.activation_path().await;
        b.post_to(&path, &[], "/account-aanmaken/wachtwoord").await;
        b.post_to(
            "/account-aanmaken/wachtwoord",
            &[("wachtwoord", password), ("herhaling", password)],
            "/account-aanmaken/klaar",
        )
        .await;
        b
    }

    /// Registers and verifies the phone: the browser sees the full care page.
    pub async fn register_verified(
        &self,
        letter: &DemoLetter,
        email: &str,
        password: &str,
    ) -> Browser<'_> {
        let mut b = self.register(letter, email, password).await;
        b.post_to(
            "/profiel",
            &[("telefoon", "06 1234 5678")],
            "/profiel/telefoon/code",
        )
        .await;
        let code = self.last_sms_code().await;
        b.post_to("/profiel/telefoon/code", &[("code", &code)], "/zorgpagina")
            .await;
        b
    }

    /// Terms to the check page without a letter, and "Volgende": the activation e-mail is sent.
    pub async fn up_to_sent_without_letter(&self, email: &str) -> Browser<'_> {
        self.up_to_sent_without_letter_as("Daan", "Smit", email)
            .await
    }

    /// The same, for a person with the given name.
    pub async fn up_to_sent_without_letter_as(
        &self,
        first: &str,
        last: &str,
        email: &str,
    ) -> Browser<'_> {
        let mut b = Browser::new(&self.t);
        b.post_to(
            "/account-aanmaken",
            &[("akkoord", "ja")],
            "/account-aanmaken/naam",
        )
        .await;
        b.post_to(
            "/account-aanmaken/naam",
            &[("voornaam", first), ("achternaam", last)],
            "/account-aanmaken/rol",
        )
        .await;
        b.post_to(
            "/account-aanmaken/rol",
            &[("rol", "ontvang")],
            "/account-aanmaken/beheer",
        )
        .await;
        b.post_to(
            "/account-aanmaken/beheer",
            &[("beheer", "zelf")],
            "/account-aanmaken/e-mailadres",
        )
        .await;
        b.post_to(
            "/account-aanmaken/e-mailadres",
            &[("email", email)],
            "/account-aanmaken/brief",
        )
        .await;
        b.post_to(
            "/account-aanmaken/brief",
            &[("brief", "nee")],
            "/account-aanmaken/geen-brief",
        )
        .await;
        b.post_to(
            "/account-aanmaken/geen-brief",
            &[],
            "/account-aanmaken/controle",
        )
        .await;
        b.post_to(
            "/account-aanmaken/controle",
            &[],
            "/account-aanmaken/e-mail-verstuurd",
        )
        .await;
        b
    }

    /// A whole registration without a letter; returns the browser, logged in on "klaar".
    pub async fn register_without_letter(&self, email: &str, password: &str) -> Browser<'_> {
        self.register_without_letter_as("Daan", "Smit", email, password)
            .await
    }

    /// The same, for a person with the given name.
    pub async fn register_without_letter_as(
        &self,
        first: &str,
        last: &str,
        email: &str,
        password: &str,
    ) -> Browser<'_> {
        let mut b = self.up_to_sent_without_letter_as(first, last, email).await;
        let path = self.activation_path().await;
        b.post_to(&path, &[], "/account-aanmaken/wachtwoord").await;
        b.post_to(
            "/account-aanmaken/wachtwoord",
            &[("wachtwoord", password), ("herhaling", password)],
            "/account-aanmaken/klaar",
        )
        .await;
        b
    }
}
