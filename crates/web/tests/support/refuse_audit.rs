//! Makes the test database refuse every new audit record, on SQLite and PostgreSQL alike: a
//! change and its record are written in one transaction, so with the record refused the change
//! must not be made either.

use super::TestApp;

const SQLITE: &str = "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit refused'); END;";

const POSTGRES: &str = "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit refused'; END $$;
    CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION refuse_audit();";

/// From now on, appending to the audit trail fails in `t`'s database.
pub async fn refuse_audit_writes(t: &TestApp) {
    match &t.postgres {
        Some((_, db)) => {
            let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
            sqlx::raw_sql(POSTGRES).execute(&pool).await.unwrap();
            pool.close().await;
        }
        None => {
            let url = format!("sqlite://{}", t.dir.path().join("db.sqlite").display());
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            sqlx::raw_sql(SQLITE).execute(&pool).await.unwrap();
            pool.close().await;
        }
    }
}
