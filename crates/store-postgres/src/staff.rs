//! Provider staff memberships in PostgreSQL. Adding a member runs in one transaction:
//! account (when new) and membership, or nothing.

use crate::accounts::insert_account;
use crate::clients::ClientRow;
use crate::convert::*;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::account::Account;
use zk_domain::client::ClientRecord;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, LetterId, ProviderId};
use zk_store::cursor::Cursor;
use zk_store::{ClientSearch, StaffMembership, StaffRole, StaffStore, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct MembershipRow {
    account_id: Uuid,
    provider_id: Uuid,
    role: String,
    created_at: OffsetDateTime,
}

impl TryFrom<MembershipRow> for StaffMembership {
    type Error = StoreError;
    fn try_from(r: MembershipRow) -> Result<Self, StoreError> {
        Ok(StaffMembership {
            account_id: AccountId(r.account_id),
            provider_id: ProviderId(r.provider_id),
            role: StaffRole::parse(&r.role)
                .ok_or_else(|| StoreError::Corrupt(format!("staff role {:?}", r.role)))?,
            created_at: from_odt(r.created_at)?,
        })
    }
}

#[async_trait]
impl StaffStore for PostgresStore {
    async fn letter_pdf(
        &self,
        letter: LetterId,
        provider: ProviderId,
        now: Timestamp,
    ) -> StoreResult<Option<Vec<u8>>> {
        sqlx::query_scalar(
            "SELECT sealed FROM letter_pdfs
             WHERE letter_id = $1 AND provider_id = $2 AND available_until > $3",
        )
        .bind(letter.0)
        .bind(provider.0)
        .bind(odt(now)?)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("letter pdf"))
    }

    async fn search_client_records(
        &self,
        provider: ProviderId,
        search: &ClientSearch,
        page: &PageRequest,
    ) -> StoreResult<Page<ClientRecord>> {
        let limit = i64::from(page.size()) + 1;
        let rows = match search {
            ClientSearch::ClientNumber(number) => {
                sqlx::query_as::<_, ClientRow>(concat!(
                    "SELECT ",
                    "id, provider_id, client_number, first_name, last_name, birth_date, email, street, postal_code, city",
                    " FROM client_records WHERE provider_id = $1 AND client_number = $2"
                ))
                .bind(provider.0)
                .bind(number)
                .fetch_all(&self.pool)
                .await
            }
            ClientSearch::BirthDate(date) => {
                let after = page.after.as_deref().map(Cursor::decode_id).transpose()?;
                sqlx::query_as::<_, ClientRow>(concat!(
                    "SELECT ",
                    "id, provider_id, client_number, first_name, last_name, birth_date, email, street, postal_code, city",
                    " FROM client_records WHERE provider_id = $1 AND birth_date = $2
                      AND ($3 IS NULL OR id > $3) ORDER BY id LIMIT $4"
                ))
                .bind(provider.0)
                .bind(pg_date(*date)?)
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
            }
            ClientSearch::NamePrefix(prefix) => {
                return crate::client_name_search::search_by_name(&self.pool, provider, prefix, page)
                    .await;
            }
        }
        .map_err(map_err("client search"))?;
        let items = rows
            .into_iter()
            .map(ClientRecord::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_rows(items, page.size(), |c: &ClientRecord| {
            Cursor::Id(c.id.0).encode()
        }))
    }

    async fn add_staff_member(
        &self,
        new_account: Option<&Account>,
        m: &StaffMembership,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(map_err("staff member"))?;
        if let Some(account) = new_account
            && !insert_account(&mut *tx, account).await?
        {
            return Err(StoreError::Conflict("account e-mail"));
        }
        sqlx::query(
            "INSERT INTO staff_memberships (account_id, provider_id, role, created_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(m.account_id.0)
        .bind(m.provider_id.0)
        .bind(m.role.as_str())
        .bind(odt(m.created_at)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err("staff membership"))?;
        tx.commit().await.map_err(map_err("staff member"))
    }

    async fn staff_membership(
        &self,
        account: AccountId,
        provider: ProviderId,
    ) -> StoreResult<Option<StaffMembership>> {
        sqlx::query_as::<_, MembershipRow>(
            "SELECT account_id, provider_id, role, created_at FROM staff_memberships
             WHERE account_id = $1 AND provider_id = $2",
        )
        .bind(account.0)
        .bind(provider.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("staff membership"))?
        .map(StaffMembership::try_from)
        .transpose()
    }

    async fn staff_memberships_of(
        &self,
        account: AccountId,
        page: &PageRequest,
    ) -> StoreResult<Page<StaffMembership>> {
        let after = page.after.as_deref().map(Cursor::decode_id).transpose()?;
        let rows = sqlx::query_as::<_, MembershipRow>(
            "SELECT account_id, provider_id, role, created_at FROM staff_memberships
             WHERE account_id = $1 AND ($2 IS NULL OR provider_id > $2)
             ORDER BY provider_id LIMIT $3",
        )
        .bind(account.0)
        .bind(after)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("staff memberships"))?;
        let items = rows
            .into_iter()
            .map(StaffMembership::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_rows(
            items,
            page.size(),
            |m: &StaffMembership| Cursor::Id(m.provider_id.0).encode(),
        ))
    }
}
