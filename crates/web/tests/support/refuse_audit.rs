//! Makes the test database refuse every new audit record, so a test can check that a change
//! whose record cannot be written is not made either (SPEC S9: the same transaction).

use super::TestApp;

/// From now on every insert into the audit trail fails, on SQLite and on PostgreSQL.
pub async fn refuse_audit_writes(t: &TestApp) {
    if let Some((_, db)) = &t.postgres {
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        sqlx::raw_sql(
            "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS
                 $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$;
             CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events
                 FOR EACH ROW EXECUTE FUNCTION refuse_audit();",
        )
        .execute(&pool)
        .await
        .unwrap();
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
