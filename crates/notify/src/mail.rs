//! E-mail transports: SMTP (lettre) for real use, `.eml` files for demo and development, and
//! memory for tests of the layers above.

use crate::transport::{DeliveryError, MailTransport};
use async_trait::async_trait;
use lettre::message::{Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use zk_store::OutgoingMessage;

/// Builds the MIME message: plain text, plus an HTML alternative when there is one.
pub fn build_message(from: &Mailbox, m: &OutgoingMessage) -> Result<Message, DeliveryError> {
    let to: Mailbox = m
        .recipient
        .parse()
        .map_err(|_| DeliveryError("the recipient is not a valid e-mail address".into()))?;
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.clone().unwrap_or_default())
        .message_id(Some(format!("<{}@zorgkring>", m.id)));
    let built = match &m.html_body {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            m.text_body.clone(),
            html.clone(),
        )),
        None => builder.singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(m.text_body.clone()),
        ),
    };
    built.map_err(|e| DeliveryError(format!("cannot build the e-mail: {e}")))
}

/// Delivers over SMTP. The URL follows lettre: `smtp://host:25`, `smtps://user:pass@host`, or
/// `smtp://host:587?tls=required`.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(url: &str, from: Mailbox) -> Result<Self, DeliveryError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| DeliveryError(format!("the SMTP URL is not valid: {e}")))?
            .build();
        Ok(Self { transport, from })
    }
}

#[async_trait]
impl MailTransport for SmtpMailer {
    async fn send(&self, m: &OutgoingMessage) -> Result<(), DeliveryError> {
        let message = build_message(&self.from, m)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| DeliveryError(format!("SMTP delivery failed: {e}")))
    }

    fn name(&self) -> &'static str {
        "smtp"
    }
}

/// Writes each e-mail as `<time>-<id>.eml` into a folder; names sort oldest first.
pub struct FileMailer {
    dir: PathBuf,
    from: Mailbox,
}

impl FileMailer {
    pub fn new(dir: PathBuf, from: Mailbox) -> Self {
        Self { dir, from }
    }
}

/// `<microseconds since the epoch, zero-padded>-<id>.<ext>`: sorts by creation time.
pub(crate) fn file_name(m: &OutgoingMessage, ext: &str) -> String {
    format!(
        "{:020}-{}.{ext}",
        m.created_at.as_microsecond().max(0),
        m.id
    )
}

pub(crate) async fn write_atomically(
    dir: &std::path::Path,
    name: &str,
    bytes: &[u8],
) -> Result<(), DeliveryError> {
    let io = |e: std::io::Error| DeliveryError(format!("cannot write to the outbox folder: {e}"));
    tokio::fs::create_dir_all(dir).await.map_err(io)?;
    let tmp = dir.join(format!(".{name}.tmp"));
    tokio::fs::write(&tmp, bytes).await.map_err(io)?;
    tokio::fs::rename(&tmp, dir.join(name)).await.map_err(io)
}

#[async_trait]
impl MailTransport for FileMailer {
    async fn send(&self, m: &OutgoingMessage) -> Result<(), DeliveryError> {
        let message = build_message(&self.from, m)?;
        write_atomically(&self.dir, &file_name(m, "eml"), &message.formatted()).await
    }

    fn name(&self) -> &'static str {
        "file"
    }
}

/// Keeps sent e-mails in memory; can be told to fail, to test retries.
#[derive(Clone, Default)]
pub struct MemoryMailer {
    pub sent: Arc<Mutex<Vec<OutgoingMessage>>>,
    pub failing: Arc<Mutex<bool>>,
}

impl MemoryMailer {
    pub fn sent(&self) -> Vec<OutgoingMessage> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn set_failing(&self, failing: bool) {
        if let Ok(mut f) = self.failing.lock() {
            *f = failing;
        }
    }
}

#[async_trait]
impl MailTransport for MemoryMailer {
    async fn send(&self, m: &OutgoingMessage) -> Result<(), DeliveryError> {
        if self.failing.lock().map(|f| *f).unwrap_or(false) {
            return Err(DeliveryError("the mail server is down (test)".into()));
        }
        if let Ok(mut sent) = self.sent.lock() {
            sent.push(m.clone());
        }
        Ok(())
    }

    fn name(&self) -> &'static str {
        "memory"
    }
}
