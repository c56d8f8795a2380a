//! Handing a care page to a new beheerder with a letter, in one transaction (see
//! `zk_store::HandOverStore`).

use crate::accounts::{insert_account, insert_care_page, insert_connection};
use crate::convert::odt;
use crate::registrations::proves_other_email;
use crate::sessions::insert_session;
use crate::webhooks::insert_event_message;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::{Postgres, Transaction};
use zk_domain::account::{CarePage, Connection};
use zk_domain::network::Relation;
use zk_store::{
    Audit, ConnectOutcome, HandOver, HandOverAccount, HandOverOutcome, HandOverStore,
    OutgoingMessage, StoreResult,
};

const WHAT: &str = "hand over care page";

async fn refuse(
    tx: Transaction<'_, Postgres>,
    outcome: HandOverOutcome,
) -> StoreResult<HandOverOutcome> {
    tx.rollback().await.map_err(map_err(WHAT))?;
    Ok(outcome)
}

#[async_trait]
impl HandOverStore for PostgresStore {
    async fn hand_over_care_page(
        &self,
        h: &HandOver,
        new_account: Option<&HandOverAccount>,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<HandOverOutcome> {
        let mut tx = self.pool.begin().await.map_err(map_err(WHAT))?;
        if let Some(n) = new_account {
            if proves_other_email(&mut tx, n.registration, &n.account.email).await? {
                return refuse(tx, HandOverOutcome::EmailNotProven).await;
            }
            if !insert_account(&mut *tx, &n.account).await? {
                return refuse(tx, HandOverOutcome::EmailTaken).await;
            }
        }
        let at = odt(h.at)?;
        // The letter, once, while it is usable and for this client record.
        let letter = sqlx::query(
            "UPDATE letters SET state = 'used', state_changed_at = $1
             WHERE id = $2 AND client_record_id = $3 AND state = 'issued' AND expires_at > $1",
        )
        .bind(at)
        .bind(h.letter.0)
        .bind(h.client_record.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err(WHAT))?;
        // The page, only if its beheerder is still the one the hand-over was decided on.
        let page = sqlx::query(
            "UPDATE care_pages SET beheerder_id = $1, beheerder_relation = $2, vacant_since = NULL
             WHERE id = $3 AND beheerder_id = $4",
        )
        .bind(h.to.0)
        .bind(h.relation.map(Relation::as_str))
        .bind(h.care_page.0)
        .bind(h.from.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err(WHAT))?;
        // The connection now rests on the new letter; the record must still be connected.
        let connection = sqlx::query(
            "UPDATE connections SET letter_id = $1 WHERE client_record_id = $2 AND care_page_id = $3",
        )
        .bind(h.letter.0)
        .bind(h.client_record.0)
        .bind(h.care_page.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err(WHAT))?;
        if [letter, page, connection]
            .iter()
            .any(|done| done.rows_affected() != 1)
        {
            return refuse(tx, HandOverOutcome::NotUsable).await;
        }
        // Everyone who saw the page through the old beheerder loses access now.
        sqlx::query("DELETE FROM care_page_members WHERE care_page_id = $1")
            .bind(h.care_page.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err(WHAT))?;
        // Invitations the old beheerder sent are no longer theirs to give.
        sqlx::query(
            "UPDATE care_page_invitations SET state = 'withdrawn', decided_at = $2
             WHERE care_page_id = $1 AND state = 'open'",
        )
        .bind(h.care_page.0)
        .bind(odt(h.at)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err(WHAT))?;
        if let Some(n) = new_account {
            sqlx::query("DELETE FROM registrations WHERE id = $1")
                .bind(n.registration.0)
                .execute(&mut *tx)
                .await
                .map_err(map_err(WHAT))?;
            insert_session(&mut *tx, &n.session, &n.session_token).await?;
        }
        for m in messages {
            insert_event_message(&mut tx, m).await?;
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err(WHAT))?;
        Ok(HandOverOutcome::HandedOver)
    }

    async fn add_helped_care_page(
        &self,
        page: &CarePage,
        c: &Connection,
        at: Timestamp,
        messages: &[OutgoingMessage],
    ) -> StoreResult<ConnectOutcome> {
        let mut tx = self.pool.begin().await.map_err(map_err(WHAT))?;
        let used = sqlx::query(
            "UPDATE letters SET state = 'used', state_changed_at = $1
             WHERE id = $2 AND provider_id = $3 AND client_record_id = $4
               AND state = 'issued' AND expires_at > $1",
        )
        .bind(odt(at)?)
        .bind(c.letter_id.0)
        .bind(c.provider_id.0)
        .bind(c.client_record_id.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err(WHAT))?;
        if used.rows_affected() != 1 {
            tx.rollback().await.map_err(map_err(WHAT))?;
            return Ok(ConnectOutcome::LetterNotUsable);
        }
        insert_care_page(&mut *tx, page).await?;
        if !insert_connection(&mut *tx, c).await? {
            tx.rollback().await.map_err(map_err(WHAT))?;
            return Ok(ConnectOutcome::LetterNotUsable);
        }
        for m in messages {
            insert_event_message(&mut tx, m).await?;
        }
        tx.commit().await.map_err(map_err(WHAT))?;
        Ok(ConnectOutcome::Connected)
    }
}
