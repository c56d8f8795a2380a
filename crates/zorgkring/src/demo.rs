//! The demo world on first start: seeded once per database (several instances starting together
//! seed it once), described in `<data-dir>/demo.json`, and summed up on every start.

use anyhow::Context;
use serde_json::Value;
use std::path::{Path, PathBuf};
use zk_app::App;

const SEEDED_KEY: &str = "demo_seeded";

pub fn demo_json_path(data_dir: &Path) -> PathBuf {
    data_dir.join("demo.json")
}

/// Seeds the demo world if this database has none yet. Returns the contents of `demo.json`.
pub async fn ensure_seeded(app: &App, data_dir: &Path) -> anyhow::Result<Option<Value>> {
    let path = demo_json_path(data_dir);
    if app
        .store
        .claim_meta(SEEDED_KEY, &app.now().to_string())
        .await?
    {
        tracing::info!("seeding the demo world");
        let world = zk_app::demo::seed(app)
            .await
            .context("could not seed the demo world")?;
        let json = serde_json::to_vec_pretty(&world)?;
        let tmp = data_dir.join(".demo.json.tmp");
        std::fs::write(&tmp, &json)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .with_context(|| format!("could not write {}", path.display()))?;
        return Ok(Some(serde_json::from_slice(&json)?));
    }
    match std::fs::read(&path) {
        Ok(bytes) => Ok(serde_json::from_slice(&bytes).ok()),
        Err(_) => Ok(None),
    }
}

/// The start-up lines: where to go, and two valid codes from different providers to try.
pub fn summary(world: Option<&Value>, public_url: &str, data_dir: &Path) -> String {
    let mut out = format!("\nZorgkring demo: open {public_url}\n");
    let letters = world
        .and_then(|w| w.get("letters"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut shown: Vec<&Value> = Vec::new();
    for letter in &letters {
        let field = |k: &str| letter.get(k).and_then(Value::as_str).unwrap_or("");
        let new_provider = shown
            .iter()
            .all(|s| s.get("provider") != letter.get("provider"));
        if field("status") == "valid"
            && field("intended_for") == "client"
            && new_provider
            && shown.len() < 2
        {
            shown.push(letter);
        }
    }
    if shown.is_empty() {
        out.push_str("  (demo.json is missing: the demo codes cannot be shown)\n");
    } else {
        out.push_str("  Two letters to try (code, birth date, client, provider):\n");
        for l in shown {
            let field = |k: &str| l.get(k).and_then(Value::as_str).unwrap_or("");
            out.push_str(&format!(
                "    {}  {}  {}  ({})\n",
                field("code"),
                dutch_date(field("birth_date")),
                field("client_name"),
                field("provider")
            ));
        }
    }
    let account = world
        .and_then(|w| w.get("accounts"))
        .and_then(Value::as_array)
        .and_then(|a| a.first());
    if let Some(a) = account {
        let field = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or("");
        out.push_str(&format!(
            "  Or log in at once: {}  password \"{}\" (the SMS code shows on the outbox page)\n",
            field("email"),
            field("password")
        ));
    }
    let relative = world
        .and_then(|w| w.get("relatives"))
        .and_then(Value::as_array)
        .and_then(|a| a.first());
    if let Some(r) = relative {
        let field = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("");
        out.push_str(&format!(
            "  A relative in {}'s network (sees the agenda only): {}  same password\n",
            field("member_of"),
            field("email")
        ));
    }
    let provider = world
        .and_then(|w| w.get("providers"))
        .and_then(Value::as_array)
        .and_then(|p| p.first());
    if let Some(p) = provider {
        let field = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("");
        out.push_str(&format!(
            "  FHIR API: {}/fhir/r4 with 'Authorization: Bearer {}' ({}; every provider's token is in demo.json)\n",
            public_url.trim_end_matches('/'),
            field("api_token"),
            field("name")
        ));
    }
    out.push_str(&format!(
        "  Every demo code and client: {}\n",
        demo_json_path(data_dir).display()
    ));
    out.push_str(&format!(
        "  E-mail and SMS sent by the demo: {}/dev/outbox\n",
        public_url.trim_end_matches('/')
    ));
    out
}

/// `1990-12-31` as people type it on the form: `31-12-1990`.
fn dutch_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}-{m}-{y}"),
        _ => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_shows_two_valid_codes_from_different_providers() {
        let world = serde_json::json!({"letters": [
            {"provider": "A", "code": "1111111111", "birth_date": "1990-12-31", "client_name": "X", "status": "expired", "intended_for": "client"},
            {"provider": "A", "code": "2222222222", "birth_date": "1990-01-02", "client_name": "Y", "status": "valid", "intended_for": "client"},
            {"provider": "A", "code": "3333333333", "birth_date": "1990-01-03", "client_name": "Z", "status": "valid", "intended_for": "client"},
            {"provider": "B", "code": "4444444444", "birth_date": "2014-01-04", "client_name": "K", "status": "valid", "intended_for": "representative"},
            {"provider": "B", "code": "5555555555", "birth_date": "1980-05-06", "client_name": "W", "status": "valid", "intended_for": "client"}
        ]});
        let mut world = world;
        world["accounts"] = serde_json::json!([{"email": "sanne.rl-1005@demo.zorgkring.example", "password": "geheim wachtwoord"}]);
        world["providers"] = serde_json::json!([{"name": "A", "api_token": "zk_demo"}]);
        let s = summary(Some(&world), "http://127.0.0.1:8080", Path::new("data"));
        assert!(
            s.contains("sanne.rl-1005@demo.zorgkring.example  password \"geheim wachtwoord\""),
            "{s}"
        );
        assert!(s.contains("2222222222  02-01-1990  Y  (A)"), "{s}");
        assert!(s.contains("5555555555  06-05-1980  W  (B)"), "{s}");
        assert!(
            !s.contains("3333333333") && !s.contains("1111111111") && !s.contains("4444444444")
        );
        assert!(s.contains("http://127.0.0.1:8080/dev/outbox"));
        assert!(
            s.contains("http://127.0.0.1:8080/fhir/r4 with 'Authorization: Bearer zk_demo' (A;"),
            "{s}"
        );
    }
}
