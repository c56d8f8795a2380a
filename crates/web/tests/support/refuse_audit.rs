//! Makes the test database refuse every new audit record, on SQLite and PostgreSQL alike: a test
//! then shows that a change whose record cannot be written is not made either.

use super::TestApp;

/// From now on, every insert into the audit trail fails inside the database.
pub async fn refuse_audit_writes(t: &TestApp) {
    if let Some((_, db)) = &t.postgres {
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        for sql in [
            "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS
             $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$",
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events
             FOR EACH ROW EXECUTE FUNCTION refuse_audit()",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    } else {
        let url = format!("sqlite://{}", t.dir.path().join("db.sqlite").display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query(
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events
             BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
}
