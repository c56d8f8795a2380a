//! Registering care providers and their practitioners.

use crate::error::conflict_as;
use crate::{App, AppError, AppResult};
use zk_domain::provider::{Practitioner, Provider, SecretariatContact};
use zk_domain::{PractitionerId, ProviderId};

/// What is needed to register a provider.
#[derive(Clone, Debug)]
pub struct NewProvider {
    pub name: String,
    pub secretariat_email: String,
    pub secretariat_phone: String,
    pub letter_validity_days: u16,
}

pub(crate) fn required(field: &'static str, value: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, "is required"));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

/// A deliberately plain check: one `@`, something on both sides, a dot in the domain. The
/// real check is the verification mail.
pub(crate) fn email(field: &'static str, value: &str) -> AppResult<String> {
    let value = required(field, value, 254)?;
    let ok = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if !ok {
        return Err(AppError::invalid(field, "is not an e-mail address"));
    }
    Ok(value)
}

pub async fn create_provider(app: &App, new: NewProvider) -> AppResult<Provider> {
    if !(1..=365).contains(&new.letter_validity_days) {
        return Err(AppError::invalid(
            "letter_validity_days",
            "must be between 1 and 365 days",
        ));
    }
    let provider = Provider {
        id: ProviderId::new(),
        name: required("name", &new.name, 200)?,
        secretariat: SecretariatContact {
            email: email("secretariat_email", &new.secretariat_email)?,
            phone: required("secretariat_phone", &new.secretariat_phone, 40)?,
        },
        letter_validity_days: new.letter_validity_days,
    };
    app.store.insert_provider(&provider).await?;
    Ok(provider)
}

pub async fn add_practitioner(
    app: &App,
    provider: ProviderId,
    name: &str,
    discipline: &str,
) -> AppResult<Practitioner> {
    let practitioner = Practitioner {
        id: PractitionerId::new(),
        provider_id: provider,
        name: required("name", name, 200)?,
        discipline: required("discipline", discipline, 100)?,
    };
    app.store
        .insert_practitioner(&practitioner)
        .await
        .map_err(conflict_as("provider"))?;
    Ok(practitioner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_email_check() {
        assert!(email("e", "a@b.nl").is_ok());
        for bad in [
            "", "a", "a@b", "@b.nl", "a@.nl", "a@b.", "a b@c.nl", "a@b@c.nl",
        ] {
            assert!(email("e", bad).is_err(), "{bad}");
        }
    }
}
