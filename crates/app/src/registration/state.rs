//! What a registration in progress knows, stored as JSON between steps.

use serde::{Deserialize, Serialize};
use zk_domain::network::Relation;
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
    /// "Voor wie geef je hulp?": the client's name, when a helper registers (SPEC S3).
    #[serde(default)]
    pub client_first_name: Option<String>,
    #[serde(default)]
    pub client_last_name: Option<String>,
    /// The helper's relation to the client ([`Relation::as_str`]).
    #[serde(default)]
    pub relation: Option<String>,
    pub has_letter: Option<bool>,
    pub letter: Option<MatchedLetter>,
    pub match_confirmed: bool,
    /// Set once the activation e-mail went out.
    pub activation_sent: bool,
    /// Set once the activation link was used (in this browser).
    pub activated: bool,
    /// The address the used activation link was sent to: the only one this registration has
    /// proven. An account is made only when it is `email`.
    #[serde(default)]
    pub proven_email: Option<String>,
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
    /// "Voor wie geef je hulp?" (helpers only).
    Client,
    /// The helper's relation to the client (helpers only).
    Relation,
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
        match self.role {
            None => return Step::Role,
            Some(Role::ReceivesHelp) if self.self_managed != Some(true) => {
                return Step::Management;
            }
            _ => {}
        }
        if self.email.is_none() {
            return Step::Email;
        }
        if self.helps() {
            if self.client_first_name.is_none() {
                return Step::Client;
            }
            if self.relation().is_none() {
                return Step::Relation;
            }
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
        if !self.email_proven() {
            return Step::EmailSent;
        }
        Step::Password
    }

    /// Whether an activation link proved the address of the e-mail step, exactly.
    pub fn email_proven(&self) -> bool {
        self.activated && self.email.is_some() && self.proven_email == self.email
    }

    /// Whether a page for `step` may be shown now: a step of the other role's path is not.
    pub fn allows(&self, step: Step) -> bool {
        let on_path = match step {
            Step::Management => !self.helps(),
            Step::Client | Step::Relation => self.helps(),
            _ => true,
        };
        on_path && step <= self.furthest_step()
    }

    /// Whether a helper is registering for a client (SPEC S3).
    pub fn helps(&self) -> bool {
        self.role == Some(Role::GivesHelp)
    }

    /// The helper's relation to the client, once chosen.
    pub fn relation(&self) -> Option<Relation> {
        self.relation.as_deref().and_then(Relation::parse)
    }

    /// The client's name as the helper typed it.
    pub fn client_name(&self) -> String {
        format!(
            "{} {}",
            self.client_first_name.as_deref().unwrap_or(""),
            self.client_last_name.as_deref().unwrap_or("")
        )
        .trim()
        .to_owned()
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
        assert!(!s.allows(Step::Client), "not on a client's own path");
    }

    #[test]
    fn a_helper_names_the_client_and_the_relation_instead_of_management() {
        let mut s = RegistrationState {
            terms_accepted: true,
            first_name: Some("Mirjam".into()),
            last_name: Some("Bakker".into()),
            role: Some(Role::GivesHelp),
            ..Default::default()
        };
        assert_eq!(s.furthest_step(), Step::Email, "no management question");
        assert!(!s.allows(Step::Management));
        s.email = Some("mirjam@voorbeeld.example".into());
        assert_eq!(s.furthest_step(), Step::Client);
        s.client_first_name = Some("Tim".into());
        s.client_last_name = Some("Bakker".into());
        assert_eq!(s.furthest_step(), Step::Relation);
        s.relation = Some("nonsense".into());
        assert_eq!(
            s.furthest_step(),
            Step::Relation,
            "an unknown relation is none"
        );
        s.relation = Some("parent".into());
        assert_eq!(s.furthest_step(), Step::Letter);
        assert_eq!(s.relation(), Some(Relation::Parent));
        assert!(s.allows(Step::Client) && s.allows(Step::Relation));
    }

    #[test]
    fn the_password_step_needs_the_address_of_the_email_step_proven() {
        let mut s = RegistrationState {
            terms_accepted: true,
            first_name: Some("Sanne".into()),
            last_name: Some("de Vries".into()),
            role: Some(Role::ReceivesHelp),
            self_managed: Some(true),
            email: Some("sanne@voorbeeld.example".into()),
            has_letter: Some(false),
            activation_sent: true,
            activated: true,
            proven_email: Some("sanne@voorbeeld.example".into()),
            ..Default::default()
        };
        assert_eq!(s.furthest_step(), Step::Password);
        s.proven_email = Some("iemand@anders.example".into());
        assert_eq!(
            s.furthest_step(),
            Step::EmailSent,
            "another address was proven"
        );
        s.proven_email = None;
        assert_eq!(s.furthest_step(), Step::EmailSent, "no address was proven");
    }
}
