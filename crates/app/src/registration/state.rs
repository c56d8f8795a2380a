//! What a registration in progress knows, stored as JSON between steps.

use serde::{Deserialize, Serialize};
use zk_domain::{ClientRecordId, LetterId, ProviderId};

/// How long progress is kept without activity. The spec asks for at least an hour.
pub const PROGRESS_LIFETIME: jiff::SignedDuration = jiff::SignedDuration::from_hours(2);
/// How long an activation link works, and so how long the registration is kept once it is sent.
pub const ACTIVATION_LIFETIME: jiff::SignedDuration = jiff::SignedDuration::from_hours(24);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// "Ik ontvang hulp": the client.
    ReceivesHelp,
    /// "Ik geef hulp": someone creating the account for a client (SPEC S3).
    GivesHelp,
}

/// A letter whose code and birth date were proven, with what the match page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedLetter {
    pub letter_id: LetterId,
    pub client_record_id: ClientRecordId,
    pub provider_id: ProviderId,
    pub client_name: String,
    pub client_first_name: String,
    pub client_last_name: String,
    pub client_birth_date: String,
    pub provider_name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationState {
    pub terms_accepted: bool,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub role: Option<Role>,
    /// "Ja, … kan zelfstandig beheren".
    pub self_managed: Option<bool>,
    pub email: Option<String>,
    pub has_letter: Option<bool>,
    pub letter: Option<MatchedLetter>,
    pub match_confirmed: bool,
    /// Set once the activation e-mail went out.
    pub activation_sent: bool,
    /// Set once the activation link was used (in this browser).
    pub activated: bool,
    /// The interface language during registration, for the e-mail and the new account.
    pub language: String,
}

/// The steps, in order. Each page checks that the user may be on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Terms,
    Name,
    Role,
    Management,
    Email,
    Letter,
    Code,
    Match,
    Check,
    EmailSent,
    Password,
}

impl RegistrationState {
    pub fn full_name(&self) -> String {
        format!(
            "{} {}",
            self.first_name.as_deref().unwrap_or(""),
            self.last_name.as_deref().unwrap_or("")
        )
        .trim()
        .to_owned()
    }

    /// The furthest step this state allows.
    pub fn furthest_step(&self) -> Step {
        if !self.terms_accepted {
            return Step::Terms;
        }
        if self.first_name.is_none() {
            return Step::Name;
        }
        if self.role != Some(Role::ReceivesHelp) {
            return Step::Role;
        }
        if self.self_managed != Some(true) {
            return Step::Management;
        }
        if self.email.is_none() {
            return Step::Email;
        }
        match self.has_letter {
            None => return Step::Letter,
            Some(true) if self.letter.is_none() => return Step::Code,
            Some(true) if !self.match_confirmed => return Step::Match,
            _ => {}
        }
        if !self.activation_sent {
            return Step::Check;
        }
        if !self.activated {
            return Step::EmailSent;
        }
        Step::Password
    }

    /// Whether a page for `step` may be shown now.
    pub fn allows(&self, step: Step) -> bool {
        step <= self.furthest_step()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_open_one_after_another() {
        let mut s = RegistrationState::default();
        assert_eq!(s.furthest_step(), Step::Terms);
        s.terms_accepted = true;
        assert_eq!(s.furthest_step(), Step::Name);
        s.first_name = Some("Sanne".into());
        s.last_name = Some("de Vries".into());
        s.role = Some(Role::GivesHelp);
        assert_eq!(
            s.furthest_step(),
            Step::Role,
            "helping is not built here yet"
        );
        s.role = Some(Role::ReceivesHelp);
        s.self_managed = Some(true);
        s.email = Some("sanne@voorbeeld.example".into());
        assert_eq!(s.furthest_step(), Step::Letter);
        s.has_letter = Some(false);
        assert_eq!(
            s.furthest_step(),
            Step::Check,
            "without a letter: straight to the check"
        );
        s.has_letter = Some(true);
        assert_eq!(s.furthest_step(), Step::Code);
        assert!(!s.allows(Step::Password));
    }
}
