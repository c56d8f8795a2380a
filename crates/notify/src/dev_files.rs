//! Reads the demo outbox folders back for the `/dev/outbox` page: e-mails as `.eml` files and
//! SMS as `.json` files, newest first.

use serde::Deserialize;
use std::path::Path;

/// One file in an outbox folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxFile {
    pub name: String,
}

/// An e-mail as the dev page shows it.
#[derive(Clone, Debug)]
pub struct DevMail {
    pub name: String,
    pub to: String,
    pub subject: String,
    pub date: String,
    pub text: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DevSms {
    #[serde(skip)]
    pub name: String,
    pub to: String,
    pub body: String,
    pub sent_at: String,
}

/// Only names this crate writes are accepted, so a crafted name cannot leave the folder.
fn valid_name(name: &str, ext: &str) -> bool {
    name.strip_suffix(ext).is_some_and(|stem| {
        !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    })
}

async fn list(dir: &Path, ext: &str, limit: usize) -> std::io::Result<Vec<OutboxFile>> {
    let mut names = Vec::new();
    let mut entries = match tokio::fs::read_dir(dir).await {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(names),
        Err(e) => return Err(e),
    };
    while let Some(entry) = entries.next_entry().await? {
        if let Some(name) = entry.file_name().to_str()
            && valid_name(name, ext)
        {
            names.push(OutboxFile {
                name: name.to_owned(),
            });
        }
    }
    names.sort_by(|a, b| b.name.cmp(&a.name));
    names.truncate(limit);
    Ok(names)
}

pub async fn list_mail_files(dir: &Path, limit: usize) -> std::io::Result<Vec<OutboxFile>> {
    list(dir, ".eml", limit).await
}

pub async fn list_sms_files(dir: &Path, limit: usize) -> std::io::Result<Vec<OutboxFile>> {
    list(dir, ".json", limit).await
}

/// Reads and decodes one e-mail; `None` when the name is not one of ours or the file is gone.
pub async fn read_dev_mail(dir: &Path, name: &str) -> Option<DevMail> {
    if !valid_name(name, ".eml") {
        return None;
    }
    let bytes = tokio::fs::read(dir.join(name)).await.ok()?;
    let parsed = mailparse::parse_mail(&bytes).ok()?;
    let header = |h: &str| {
        use mailparse::MailHeaderMap;
        parsed.headers.get_first_value(h).unwrap_or_default()
    };
    let text = if parsed.subparts.is_empty() {
        parsed.get_body().ok()?
    } else {
        parsed
            .subparts
            .iter()
            .find(|p| p.ctype.mimetype == "text/plain")
            .and_then(|p| p.get_body().ok())
            .unwrap_or_default()
    };
    Some(DevMail {
        name: name.to_owned(),
        to: header("To"),
        subject: header("Subject"),
        date: header("Date"),
        text,
    })
}

pub async fn read_dev_sms(dir: &Path, name: &str) -> Option<DevSms> {
    if !valid_name(name, ".json") {
        return None;
    }
    let bytes = tokio::fs::read(dir.join(name)).await.ok()?;
    let mut sms: DevSms = serde_json::from_slice(&bytes).ok()?;
    sms.name = name.to_owned();
    Some(sms)
}

#[cfg(test)]
mod tests {
    use super::valid_name;

    #[test]
    fn only_our_own_names_are_read() {
        assert!(valid_name("00000000001700000000-0193f0a0-aaaa.eml", ".eml"));
        assert!(!valid_name("../secret.key.eml", ".eml"));
        assert!(!valid_name("a/b.eml", ".eml"));
        assert!(!valid_name(".eml", ".eml"));
        assert!(!valid_name("x.json", ".eml"));
    }
}
