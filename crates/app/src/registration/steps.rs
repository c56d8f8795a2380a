//! Starting, loading and saving a registration, and the simple steps (name, role, management,
//! e-mail, letter yes/no, match confirmation), each checked before it is stored.

use super::state::*;
use crate::providers::{email as check_email, required};
use crate::tokens::{hash_token, looks_like_token, new_token};
use crate::{App, AppError, AppResult};
use zk_domain::RegistrationId;
use zk_domain::account::normalize_email;
use zk_domain::network::Relation;
use zk_store::StoredRegistration;

/// A registration as the pages work with it.
#[derive(Clone, Debug)]
pub struct Progress {
    pub id: RegistrationId,
    pub state: RegistrationState,
}

/// Why a step's input was not accepted. The web layer words each one for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    TermsNotAccepted,
    NameMissing,
    NameTooLong,
    ChoiceMissing,
    EmailInvalid,
    CodeWrongLength,
    CodeNotDigits,
    CodeTypo,
    BirthDateFormat,
    BirthDateNoSuchDate,
    BirthDateFuture,
    /// One message for a wrong code or a wrong birth date: never which.
    NoMatch,
    /// Too many tries: wait until then.
    Wait {
        until: jiff::Timestamp,
    },
    /// The letter matched but cannot be used; the page names the secretariat.
    LetterExpired {
        provider: String,
        email: String,
        phone: String,
    },
    LetterUsed {
        provider: String,
        email: String,
        phone: String,
    },
    LetterRevoked {
        provider: String,
        email: String,
        phone: String,
    },
    LetterLocked {
        provider: String,
        email: String,
        phone: String,
    },
    /// The letter is for a representative, or the client is under 16.
    NotForSelfManagement {
        provider: String,
    },
    /// A helper who is not a parent, guardian or legal representative, for a client under 16.
    OnlyParentOrRepresentative {
        provider: String,
    },
    /// The client is 16 or older and manages their own care page.
    ClientManagesSelf {
        provider: String,
    },
    /// The client's own letter, while a legal representative manages their care page.
    ManagedByRepresentative {
        provider: String,
    },
    /// "Voor wie geef je hulp?": the relation was not chosen.
    RelationMissing,
    Password(crate::password::PasswordProblem),
    /// The letter was used by someone else while this person was registering.
    LetterTakenMeanwhile,
    /// The address of the e-mail step was not proven by its own activation link.
    EmailNotProven,
    /// Connecting a letter to an existing care page: the letter is for another person.
    OtherPerson,
    /// Connecting a letter to a care page made for someone: the letter's client is someone else
    /// (another name or birth date than the page's person, `name`).
    NotThePagePerson {
        name: String,
    },
    /// Connecting a letter to an existing care page: that provider is connected already.
    ProviderAlreadyConnected {
        provider: String,
    },
}

/// Starts a registration for a browser: returns the browser's token (for its cookie).
pub async fn start(app: &App, language: &str) -> AppResult<(String, Progress)> {
    let (token, hash) = new_token();
    let now = app.now();
    let state = RegistrationState {
        terms_accepted: true,
        language: language.to_owned(),
        ..Default::default()
    };
    let progress = Progress {
        id: RegistrationId::new(),
        state,
    };
    let stored = StoredRegistration {
        id: progress.id,
        state: to_json(&progress.state)?,
        created_at: now,
        expires_at: now + PROGRESS_LIFETIME,
    };
    app.store.create_registration(&stored, &hash).await?;
    Ok((token, progress))
}

/// The registration this browser is working on, if any and not expired.
pub async fn load(app: &App, browser_token: &str) -> AppResult<Option<Progress>> {
    if !looks_like_token(browser_token) {
        return Ok(None);
    }
    let Some(stored) = app
        .store
        .find_registration(&hash_token(browser_token), app.now())
        .await?
    else {
        return Ok(None);
    };
    let state = serde_json::from_str(&stored.state).map_err(|e| {
        AppError::Store(zk_store::StoreError::Corrupt(format!(
            "registration state: {e}"
        )))
    })?;
    Ok(Some(Progress {
        id: stored.id,
        state,
    }))
}

/// Stores the progress; it is kept for [`PROGRESS_LIFETIME`] from now, or a day once the
/// activation e-mail went out.
pub async fn save(app: &App, progress: &Progress) -> AppResult<()> {
    let lifetime = if progress.state.activation_sent {
        ACTIVATION_LIFETIME
    } else {
        PROGRESS_LIFETIME
    };
    app.store
        .update_registration(
            progress.id,
            &to_json(&progress.state)?,
            app.now() + lifetime,
        )
        .await?;
    Ok(())
}

fn to_json(state: &RegistrationState) -> AppResult<String> {
    serde_json::to_string(state).map_err(|e| AppError::invalid("registration", e.to_string()))
}

fn name_part(value: &str) -> Result<String, Refusal> {
    match required("name", value, 100) {
        Ok(v) => Ok(v),
        Err(_) if value.trim().is_empty() => Err(Refusal::NameMissing),
        Err(_) => Err(Refusal::NameTooLong),
    }
}

pub fn set_name(state: &mut RegistrationState, first: &str, last: &str) -> Result<(), Refusal> {
    let (first, last) = (name_part(first)?, name_part(last)?);
    state.first_name = Some(first);
    state.last_name = Some(last);
    Ok(())
}

pub fn set_role(state: &mut RegistrationState, role: Option<Role>) -> Result<Role, Refusal> {
    let role = role.ok_or(Refusal::ChoiceMissing)?;
    state.role = Some(role);
    Ok(role)
}

pub fn set_management(
    state: &mut RegistrationState,
    self_managed: Option<bool>,
) -> Result<bool, Refusal> {
    let choice = self_managed.ok_or(Refusal::ChoiceMissing)?;
    state.self_managed = Some(choice);
    Ok(choice)
}

/// Sets the address in the state; true when it changed. Use [`change_email`], which also voids
/// the links sent before.
pub fn set_email(state: &mut RegistrationState, email: &str) -> Result<bool, Refusal> {
    let email = check_email("email", email).map_err(|_| Refusal::EmailInvalid)?;
    let email = normalize_email(&email);
    let changed = state.email.as_deref() != Some(email.as_str());
    if changed {
        // A new address needs a new activation e-mail, and must be proven by its own link:
        // an activation of the old address proves nothing about the new one.
        state.activation_sent = false;
        state.activated = false;
        state.proven_email = None;
    }
    state.email = Some(email);
    Ok(changed)
}

/// The e-mail step: a new address voids every activation link sent before, in the database
/// first, so an old link cannot be used while the new address is being saved.
pub async fn change_email(
    app: &App,
    progress: &mut Progress,
    email: &str,
) -> AppResult<Result<(), Refusal>> {
    match set_email(&mut progress.state, email) {
        Ok(true) => {
            app.store.void_activation(progress.id).await?;
            Ok(Ok(()))
        }
        Ok(false) => Ok(Ok(())),
        Err(refusal) => Ok(Err(refusal)),
    }
}

/// "Voor wie geef je hulp?": the client's name. A new client forgets a letter matched before.
pub fn set_client(state: &mut RegistrationState, first: &str, last: &str) -> Result<(), Refusal> {
    let (first, last) = (name_part(first)?, name_part(last)?);
    if state.client_first_name.as_deref() != Some(first.as_str())
        || state.client_last_name.as_deref() != Some(last.as_str())
    {
        state.letter = None;
        state.match_confirmed = false;
    }
    state.client_first_name = Some(first);
    state.client_last_name = Some(last);
    Ok(())
}

/// The helper's relation to the client. Another relation forgets a letter matched before: the
/// age rules were checked for the old one.
pub fn set_relation(
    state: &mut RegistrationState,
    relation: Option<Relation>,
) -> Result<Relation, Refusal> {
    let relation = relation.ok_or(Refusal::RelationMissing)?;
    if state.relation() != Some(relation) {
        state.letter = None;
        state.match_confirmed = false;
    }
    state.relation = Some(relation.as_str().to_owned());
    Ok(relation)
}

pub fn set_has_letter(
    state: &mut RegistrationState,
    has_letter: Option<bool>,
) -> Result<bool, Refusal> {
    let has = has_letter.ok_or(Refusal::ChoiceMissing)?;
    state.has_letter = Some(has);
    if !has {
        state.letter = None;
        state.match_confirmed = false;
    }
    Ok(has)
}

pub fn confirm_match(state: &mut RegistrationState, confirmed: bool) -> Result<(), Refusal> {
    if !confirmed || state.letter.is_none() {
        return Err(Refusal::ChoiceMissing);
    }
    state.match_confirmed = true;
    Ok(())
}
