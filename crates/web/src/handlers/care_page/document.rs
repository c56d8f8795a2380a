//! `/zorgpagina/documenten/{id}`: downloads one document. Checked on every request (second
//! factor passed, beheerder of the care page connected to the document's client); otherwise
//! "not found", exactly like an id that does not exist. Always an attachment, never shown
//! inline, never cached.

use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::{error_page, internal};
use crate::page::PageCtx;
use crate::requester::Requester;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use zk_domain::DocumentId;

/// A file name that is safe in any header and file system: ASCII letters, digits, `-` and
/// `_` from the title, the extension from the content type.
pub fn attachment_name(title: &str, content_type: &str) -> String {
    let stem = title.trim();
    let stem = match stem.rsplit_once('.') {
        Some((s, ext)) if ext.eq_ignore_ascii_case("pdf") => s,
        _ => stem,
    };
    let mut safe = String::with_capacity(stem.len());
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            safe.push(c);
        } else if !safe.ends_with('-') {
            safe.push('-');
        }
    }
    let safe: String = safe.trim_matches('-').chars().take(80).collect();
    let safe = safe.trim_end_matches('-');
    let stem = if safe.is_empty() { "document" } else { safe };
    let ext = if content_type.eq_ignore_ascii_case("application/pdf") {
        "pdf"
    } else {
        "bin"
    };
    format!("{stem}.{ext}")
}

/// The stored content type when it is a plain `type/subtype`, else a neutral one.
fn content_type(stored: &str) -> HeaderValue {
    let plain = stored.split_once('/').is_some_and(|(a, b)| {
        let token = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
        };
        token(a) && token(b)
    });
    if plain {
        HeaderValue::from_str(stored)
            .unwrap_or(HeaderValue::from_static("application/octet-stream"))
    } else {
        HeaderValue::from_static("application/octet-stream")
    }
}

pub async fn download(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    from: Requester,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<DocumentId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let source = from.audit_source();
    let found = zk_app::audit::reads::document(&state.app, &user.account, id, &source).await;
    let (document, bytes) = match found {
        Ok(found) => found,
        Err(zk_app::AppError::NotFound(_)) => {
            return error_page(&page, StatusCode::NOT_FOUND);
        }
        Err(e) => return internal(&page, e),
    };
    let name = attachment_name(&document.title, &document.content_type);
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, content_type(&document.content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(
            attachment_name("Behandelplan.pdf", "application/pdf"),
            "Behandelplan.pdf"
        );
        assert_eq!(
            attachment_name("Informatie over je behandeling.pdf", "application/pdf"),
            "Informatie-over-je-behandeling.pdf"
        );
        assert_eq!(
            attachment_name("\"; x=../../étä\r\n", "application/pdf"),
            "x-t.pdf"
        );
        assert_eq!(attachment_name("...", "application/pdf"), "document.pdf");
        assert_eq!(attachment_name("Foto", "image/png"), "Foto.bin");
        assert_eq!(
            attachment_name(&"a".repeat(300), "application/pdf").len(),
            84
        );
    }

    #[test]
    fn odd_content_types_become_neutral() {
        assert_eq!(content_type("application/pdf"), "application/pdf");
        assert_eq!(
            content_type("text/html\r\nSet-Cookie: x"),
            "application/octet-stream"
        );
        assert_eq!(content_type("pdf"), "application/octet-stream");
    }
}
