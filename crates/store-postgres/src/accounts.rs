//! Accounts, their care pages and connections in PostgreSQL. They are written only by an
//! activation (`create_account` in `registrations.rs`, through the inserts here).

use crate::convert::*;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::account::{Account, CarePage, Connection, normalize_email};
use zk_domain::network::Relation;
use zk_domain::page::{Page, PageRequest};
use zk_domain::*;
use zk_store::cursor::Cursor;
use zk_store::{AccountStore, Audit, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: Uuid,
    email: String,
    first_name: String,
    last_name: String,
    password_hash: String,
    phone: Option<String>,
    phone_verified_at: Option<OffsetDateTime>,
    language: String,
    created_at: OffsetDateTime,
    has_authenticator: bool,
    passkeys: i64,
}

impl TryFrom<AccountRow> for Account {
    type Error = StoreError;
    fn try_from(r: AccountRow) -> Result<Self, StoreError> {
        Ok(Account {
            id: AccountId(r.id),
            email: r.email,
            first_name: r.first_name,
            last_name: r.last_name,
            password_hash: r.password_hash,
            phone: r.phone,
            phone_verified_at: r.phone_verified_at.map(from_odt).transpose()?,
            language: r.language,
            created_at: from_odt(r.created_at)?,
            has_authenticator: r.has_authenticator,
            passkeys: u32::try_from(r.passkeys).unwrap_or(u32::MAX),
        })
    }
}

#[derive(sqlx::FromRow)]
struct CarePageRow {
    id: Uuid,
    first_name: String,
    last_name: String,
    birth_date: Option<time::Date>,
    beheerder_id: Uuid,
    beheerder_relation: Option<String>,
    vacant_since: Option<OffsetDateTime>,
    created_at: OffsetDateTime,
}

impl TryFrom<CarePageRow> for CarePage {
    type Error = StoreError;
    fn try_from(r: CarePageRow) -> Result<Self, StoreError> {
        Ok(CarePage {
            id: CarePageId(r.id),
            first_name: r.first_name,
            last_name: r.last_name,
            birth_date: opt_date(r.birth_date)?.map(BirthDate::new),
            beheerder: AccountId(r.beheerder_id),
            beheerder_relation: r
                .beheerder_relation
                .as_deref()
                .map(|s| {
                    Relation::parse(s)
                        .ok_or_else(|| StoreError::Corrupt("care page relation".into()))
                })
                .transpose()?,
            vacant_since: r.vacant_since.map(from_odt).transpose()?,
            created_at: from_odt(r.created_at)?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ConnectionRow {
    id: Uuid,
    care_page_id: Uuid,
    provider_id: Uuid,
    client_record_id: Uuid,
    letter_id: Uuid,
    connected_at: OffsetDateTime,
}

impl TryFrom<ConnectionRow> for Connection {
    type Error = StoreError;
    fn try_from(r: ConnectionRow) -> Result<Self, StoreError> {
        Ok(Connection {
            id: ConnectionId(r.id),
            care_page_id: CarePageId(r.care_page_id),
            provider_id: ProviderId(r.provider_id),
            client_record_id: ClientRecordId(r.client_record_id),
            letter_id: LetterId(r.letter_id),
            connected_at: from_odt(r.connected_at)?,
        })
    }
}

macro_rules! account_columns {
    () => {
        "id, email, first_name, last_name, password_hash, phone, phone_verified_at, language, created_at"
    };
}

/// The columns read for an account: those inserted, and whether it has an authenticator.
macro_rules! account_select_columns {
    () => {
        concat!(
            account_columns!(),
            ", (totp_sealed IS NOT NULL) AS has_authenticator",
            ", (SELECT COUNT(*) FROM passkeys WHERE passkeys.account_id = accounts.id) AS passkeys"
        )
    };
}

macro_rules! care_page_columns {
    () => {
        "id, first_name, last_name, birth_date, beheerder_id, created_at, beheerder_relation, vacant_since"
    };
}

macro_rules! connection_columns {
    () => {
        "id, care_page_id, provider_id, client_record_id, letter_id, connected_at"
    };
}

/// Inserts an account unless its e-mail address is taken; returns whether it was inserted.
pub(crate) async fn insert_account(ex: impl PgExecutor<'_>, a: &Account) -> StoreResult<bool> {
    let done = sqlx::query(concat!(
        "INSERT INTO accounts (",
        account_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (email) DO NOTHING"
    ))
    .bind(a.id.0)
    .bind(&a.email)
    .bind(&a.first_name)
    .bind(&a.last_name)
    .bind(&a.password_hash)
    .bind(&a.phone)
    .bind(a.phone_verified_at.map(odt).transpose()?)
    .bind(&a.language)
    .bind(odt(a.created_at)?)
    .execute(ex)
    .await
    .map_err(map_err("account"))?;
    Ok(done.rows_affected() == 1)
}

pub(crate) async fn insert_care_page(ex: impl PgExecutor<'_>, p: &CarePage) -> StoreResult<()> {
    sqlx::query(concat!(
        "INSERT INTO care_pages (",
        care_page_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    ))
    .bind(p.id.0)
    .bind(&p.first_name)
    .bind(&p.last_name)
    .bind(opt_pg_date(p.birth_date.map(|d| d.date()))?)
    .bind(p.beheerder.0)
    .bind(odt(p.created_at)?)
    .bind(p.beheerder_relation.map(Relation::as_str))
    .bind(p.vacant_since.map(odt).transpose()?)
    .execute(ex)
    .await
    .map(|_| ())
    .map_err(map_err("care page"))
}

/// Inserts a connection unless its client record is connected already or its care page has a
/// connection to this provider; returns whether it was inserted.
pub(crate) async fn insert_connection(
    ex: impl PgExecutor<'_>,
    c: &Connection,
) -> StoreResult<bool> {
    let done = sqlx::query(concat!(
        "INSERT INTO connections (",
        connection_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"
    ))
    .bind(c.id.0)
    .bind(c.care_page_id.0)
    .bind(c.provider_id.0)
    .bind(c.client_record_id.0)
    .bind(c.letter_id.0)
    .bind(odt(c.connected_at)?)
    .execute(ex)
    .await
    .map_err(map_err("connection"))?;
    Ok(done.rows_affected() == 1)
}

#[async_trait]
impl AccountStore for PostgresStore {
    async fn get_account(&self, id: AccountId) -> StoreResult<Option<Account>> {
        sqlx::query_as::<_, AccountRow>(concat!(
            "SELECT ",
            account_select_columns!(),
            " FROM accounts WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("account"))?
        .map(Account::try_from)
        .transpose()
    }

    async fn find_account_by_email(&self, email: &str) -> StoreResult<Option<Account>> {
        sqlx::query_as::<_, AccountRow>(concat!(
            "SELECT ",
            account_select_columns!(),
            " FROM accounts WHERE email = $1"
        ))
        .bind(normalize_email(email))
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("account"))?
        .map(Account::try_from)
        .transpose()
    }

    async fn set_language(&self, id: AccountId, language: &str) -> StoreResult<()> {
        sqlx::query("UPDATE accounts SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(map_err("account language"))
    }

    async fn set_phone(
        &self,
        id: AccountId,
        phone: Option<&str>,
        verified_at: Option<Timestamp>,
        audit: Audit<'_>,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(map_err("account phone"))?;
        let set =
            sqlx::query("UPDATE accounts SET phone = $1, phone_verified_at = $2 WHERE id = $3")
                .bind(phone)
                .bind(verified_at.map(odt).transpose()?)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(map_err("account phone"))?
                .rows_affected();
        if set == 0 {
            return Ok(());
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("account phone"))
    }

    async fn get_care_page(&self, id: CarePageId) -> StoreResult<Option<CarePage>> {
        sqlx::query_as::<_, CarePageRow>(concat!(
            "SELECT ",
            care_page_columns!(),
            " FROM care_pages WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("care page"))?
        .map(CarePage::try_from)
        .transpose()
    }

    async fn care_pages_of(
        &self,
        account: AccountId,
        page: &PageRequest,
    ) -> StoreResult<Page<CarePage>> {
        // Ids are uuid v7: in id order is oldest first.
        let after = after_id(page)?;
        let rows = sqlx::query_as::<_, CarePageRow>(concat!(
            "SELECT ",
            care_page_columns!(),
            " FROM care_pages
             WHERE beheerder_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3"
        ))
        .bind(account.0)
        .bind(after)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("care pages"))?;
        let items = rows
            .into_iter()
            .map(CarePage::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |p| {
            Cursor::Id(p.id.0).encode()
        }))
    }

    async fn connections_of(
        &self,
        care_page: CarePageId,
        page: &PageRequest,
    ) -> StoreResult<Page<Connection>> {
        let after = after_id(page)?;
        let rows = sqlx::query_as::<_, ConnectionRow>(concat!(
            "SELECT ",
            connection_columns!(),
            " FROM connections
             WHERE care_page_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3"
        ))
        .bind(care_page.0)
        .bind(after)
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("connections"))?;
        let items = rows
            .into_iter()
            .map(Connection::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |c| {
            Cursor::Id(c.id.0).encode()
        }))
    }

    async fn connection_of_client(
        &self,
        client: ClientRecordId,
    ) -> StoreResult<Option<Connection>> {
        // `client_record_id` is unique: its own index answers this.
        sqlx::query_as::<_, ConnectionRow>(concat!(
            "SELECT ",
            connection_columns!(),
            " FROM connections WHERE client_record_id = $1"
        ))
        .bind(client.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("connection"))?
        .map(Connection::try_from)
        .transpose()
    }
}
