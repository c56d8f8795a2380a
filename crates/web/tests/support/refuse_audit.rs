//! Makes the test database refuse every new audit record, as a full disk or a broken chain
//! would, to prove that a change is not made when its record cannot be written.

use super::TestApp;

const SQLITE: &str = "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events
     BEGIN SELECT RAISE(ABORT, 'audit refused'); END;";

const POSTGRES: [&str; 2] = [
    "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS
     $$ BEGIN RAISE EXCEPTION 'audit refused'; END; $$",
    "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events
     FOR EACH ROW EXECUTE FUNCTION refuse_audit()",
];

/// From now on, every append to the audit trail of `t`'s database fails.
pub async fn refuse_audit_writes(t: &TestApp) {
    match &t.postgres {
        Some((_, db)) => {
            let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
            for sql in POSTGRES {
                sqlx::query(sql).execute(&pool).await.unwrap();
            }
            pool.close().await;
        }
        None => {
            let url = format!("sqlite://{}", t.dir.path().join("db.sqlite").display());
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            sqlx::query(SQLITE).execute(&pool).await.unwrap();
            pool.close().await;
        }
    }
}
