//! Issuing and revoking letters with a code. The code leaves this module only inside the
//! returned `IssuedLetter`, to be printed; storage keeps its keyed hash.

use crate::{App, AppError, AppResult};
use jiff::{SignedDuration, Timestamp};
use zk_domain::letter::{IntendedFor, Letter, LetterState};
use zk_domain::{ClientRecordId, LetterCode, LetterId};
use zk_store::StoreError;

/// A freshly issued letter and its code: the only moment the code exists in the clear.
#[derive(Debug)]
pub struct IssuedLetter {
    pub letter: Letter,
    pub code: LetterCode,
}

/// How often to draw a new code when one collides with an existing hash (one in ten billion).
const CODE_ATTEMPTS: usize = 5;

/// Issues a letter for a client record, valid for the provider's letter validity, and revokes
/// the client's previous letter. `issued_at` is normally now; the demo world backdates some.
pub async fn issue_letter(
    app: &App,
    client: ClientRecordId,
    intended_for: IntendedFor,
    issued_at: Timestamp,
) -> AppResult<IssuedLetter> {
    let record = app
        .store
        .get_client_record(client)
        .await?
        .ok_or(AppError::NotFound("client record"))?;
    let provider = app
        .store
        .get_provider(record.provider_id)
        .await?
        .ok_or(AppError::NotFound("provider"))?;
    let validity = SignedDuration::from_hours(24 * i64::from(provider.letter_validity_days));
    for _ in 0..CODE_ATTEMPTS {
        let code = LetterCode::generate();
        let letter = Letter {
            id: LetterId::new(),
            provider_id: provider.id,
            client_record_id: record.id,
            intended_for,
            issued_at,
            expires_at: issued_at + validity,
            state: LetterState::Issued,
        };
        match app
            .store
            .issue_letter(&letter, &app.key.hash_code(&code))
            .await
        {
            Ok(()) => return Ok(IssuedLetter { letter, code }),
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict("letter code"))
}

/// Revokes a letter; false when it was no longer issued.
pub async fn revoke_letter(app: &App, id: LetterId) -> AppResult<bool> {
    Ok(app.store.revoke_letter(id, app.now()).await?)
}

/// Finds the letter a typed code belongs to, if any.
pub async fn find_by_code(app: &App, code: &LetterCode) -> AppResult<Option<Letter>> {
    Ok(app
        .store
        .find_letter_by_code_hash(&app.key.hash_code(code))
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::app_with_client;
    use zk_domain::letter::LetterStatus;

    #[tokio::test]
    async fn a_code_finds_its_letter_and_reissuing_revokes_the_old_one() {
        let (app, client, _dir) = app_with_client().await;
        let first = issue_letter(&app, client.id, IntendedFor::Client, app.now())
            .await
            .unwrap();
        let found = find_by_code(&app, &first.code).await.unwrap().unwrap();
        assert_eq!(found.id, first.letter.id);
        assert_eq!(
            found.expires_at.duration_since(found.issued_at),
            SignedDuration::from_hours(24 * 30)
        );

        let second = issue_letter(&app, client.id, IntendedFor::Client, app.now())
            .await
            .unwrap();
        let old = find_by_code(&app, &first.code).await.unwrap().unwrap();
        assert_eq!(old.status(app.now()), LetterStatus::Revoked);
        let new = find_by_code(&app, &second.code).await.unwrap().unwrap();
        assert_eq!(new.status(app.now()), LetterStatus::Valid);
    }

    #[tokio::test]
    async fn an_unknown_client_gets_no_letter() {
        let (app, _, _dir) = app_with_client().await;
        let result =
            issue_letter(&app, ClientRecordId::new(), IntendedFor::Client, app.now()).await;
        assert!(matches!(result, Err(AppError::NotFound("client record"))));
    }
}
