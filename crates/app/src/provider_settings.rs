//! The provider settings an admin changes (SPEC S8): how long a new letter stays valid, and the
//! secretariat's phone and e-mail that letters print and clients are shown. Letters issued
//! afterwards use them; letters issued before keep their expiry.

use crate::providers::{email, required};
use crate::{App, AppError, AppResult};
use std::ops::RangeInclusive;
use zk_domain::ProviderId;
use zk_domain::provider::{Provider, SecretariatContact};
use zk_store::ProviderSettings;

/// The letter validity an admin may choose, in days.
pub const VALIDITY_DAYS: RangeInclusive<u16> = 7..=90;

/// Service numbers (0800, 0900, 0906, 0909) have 8 to 11 digits; other Dutch numbers 10.
const SERVICE_PREFIXES: [&str; 4] = ["0800", "0900", "0906", "0909"];

/// A phone number as people write it for others to call: digits with spaces, dashes, dots or
/// parentheses; Dutch (10 digits from 0, or a service number) or international (+ or 00 and
/// 8 to 15 digits). Kept as typed (trimmed), because it is printed as the provider writes it.
pub fn contact_phone(field: &'static str, value: &str) -> AppResult<String> {
    let value = required(field, value, 40)?;
    let bad = || AppError::invalid(field, "is not a phone number");
    let rest = value.strip_prefix('+');
    let body = rest.unwrap_or(&value);
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
    {
        return Err(bad());
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    let ok = if rest.is_some() {
        (8..=15).contains(&digits.len())
    } else if let Some(international) = digits.strip_prefix("00") {
        (8..=15).contains(&international.len())
    } else if SERVICE_PREFIXES.iter().any(|p| digits.starts_with(p)) {
        (8..=11).contains(&digits.len())
    } else {
        digits.starts_with('0') && digits.len() == 10
    };
    if ok { Ok(value) } else { Err(bad()) }
}

/// Replaces a provider's settings after checking each; returns the provider as it is now.
pub async fn update_settings(
    app: &App,
    provider: ProviderId,
    letter_validity_days: u16,
    secretariat_email: &str,
    secretariat_phone: &str,
) -> AppResult<Provider> {
    if !VALIDITY_DAYS.contains(&letter_validity_days) {
        return Err(AppError::invalid(
            "letter_validity_days",
            format!(
                "must be between {} and {} days",
                VALIDITY_DAYS.start(),
                VALIDITY_DAYS.end()
            ),
        ));
    }
    let settings = ProviderSettings {
        letter_validity_days,
        secretariat: SecretariatContact {
            email: email("secretariat_email", secretariat_email)?,
            phone: contact_phone("secretariat_phone", secretariat_phone)?,
        },
    };
    if !app
        .store
        .update_provider_settings(provider, &settings)
        .await?
    {
        return Err(AppError::NotFound("provider"));
    }
    app.store
        .get_provider(provider)
        .await?
        .ok_or(AppError::NotFound("provider"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_as_people_write_them() {
        for good in [
            "030 123 45 67",
            "030-1234567",
            "06 1234 5678",
            "(030) 123 45 67",
            "+31 30 123 4567",
            "+31 (0)30 123 4567",
            "0031 30 1234567",
            "0800 1234",
            "0900-1234567",
        ] {
            assert_eq!(contact_phone("p", good).unwrap(), good.trim(), "{good}");
        }
        for bad in [
            "",
            "030 123 45 6",
            "030 123 45 678",
            "bel ons",
            "123456789012",
            "+31 30 12",
            "030+1234567",
            "0800 123",
        ] {
            assert!(contact_phone("p", bad).is_err(), "{bad}");
        }
    }
}
