//! Choosing how e-mail and SMS leave: files in demo and development, SMTP in production. File
//! transports are refused outside those two modes, so a production server never writes health
//! related mail to disk by accident.

use crate::cli::ServeArgs;
use anyhow::anyhow;
use lettre::message::Mailbox;
use std::path::Path;
use std::sync::Arc;
use zk_notify::{FileMailer, FileSms, MailTransport, SmsGateway, SmtpMailer, Unconfigured};

pub struct Transports {
    pub mail: Arc<dyn MailTransport>,
    pub sms: Arc<dyn SmsGateway>,
}

pub fn choose(args: &ServeArgs, data_dir: &Path) -> anyhow::Result<Transports> {
    let from: Mailbox = args.mail_from.parse().map_err(|_| {
        anyhow!("--mail-from (ZK_MAIL_FROM) is not a valid sender, for example: Zorgkring <noreply@zorg.example.nl>")
    })?;
    if args.demo || args.dev_transports {
        if args.smtp_url.is_some() || args.smtp_url_file.is_some() {
            tracing::warn!(
                "demo/development mode: e-mail goes to files, the SMTP setting is ignored"
            );
        }
        let outbox = data_dir.join("outbox");
        return Ok(Transports {
            mail: Arc::new(FileMailer::new(outbox.join("mail"), from)),
            sms: Arc::new(FileSms::new(outbox.join("sms"))),
        });
    }
    let smtp_url = match (&args.smtp_url, &args.smtp_url_file) {
        (Some(url), _) => Some(url.clone()),
        (None, Some(file)) => Some(
            std::fs::read_to_string(file)
                .map_err(|e| anyhow!("cannot read the SMTP URL file {}: {e}", file.display()))?
                .trim()
                .to_owned(),
        ),
        (None, None) => None,
    };
    let mail: Arc<dyn MailTransport> = match smtp_url {
        Some(url) => Arc::new(SmtpMailer::new(&url, from).map_err(|e| {
            anyhow!("{e}. Use the form smtp://user:password@host:587?tls=required (--smtp-url or ZK_SMTP_URL).")
        })?),
        None => {
            tracing::warn!("no SMTP server configured (--smtp-url): e-mails wait in the outbox until one is");
            Arc::new(Unconfigured("no SMTP server is configured (set --smtp-url or ZK_SMTP_URL)"))
        }
    };
    tracing::warn!("no SMS gateway configured yet: SMS messages wait in the outbox");
    Ok(Transports {
        mail,
        sms: Arc::new(Unconfigured("no SMS gateway is configured")),
    })
}
