//! Choosing how e-mail and SMS leave: files in demo and development, SMTP and an HTTP SMS
//! gateway in production. File transports are refused outside those two modes, so a production
//! server never writes health related mail to disk by accident.

use crate::cli::ServeArgs;
use anyhow::{anyhow, bail};
use lettre::message::Mailbox;
use std::path::Path;
use std::sync::Arc;
use zk_notify::{
    FileMailer, FileSms, HttpSms, MailTransport, SmsGateway, SmtpMailer, Unconfigured,
};

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
        if args.sms_gateway_url.is_some() {
            tracing::warn!(
                "demo/development mode: SMS goes to files, the SMS gateway setting is ignored"
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
    Ok(Transports {
        mail,
        sms: sms_gateway(args)?,
    })
}

/// The HTTP gateway when its URL is set, else a stand-in that keeps SMS waiting in the outbox.
fn sms_gateway(args: &ServeArgs) -> anyhow::Result<Arc<dyn SmsGateway>> {
    let (url, token_file) = match (&args.sms_gateway_url, &args.sms_gateway_token_file) {
        (Some(url), Some(file)) => (url, file),
        (Some(_), None) => bail!(
            "--sms-gateway-url needs --sms-gateway-token-file (or ZK_SMS_GATEWAY_TOKEN_FILE): a file holding the gateway's token."
        ),
        (None, Some(_)) => bail!(
            "--sms-gateway-token-file is set but --sms-gateway-url (ZK_SMS_GATEWAY_URL) is not: set both, or neither."
        ),
        (None, None) => {
            tracing::warn!(
                "no SMS gateway configured (--sms-gateway-url): SMS messages wait in the outbox until one is"
            );
            return Ok(Arc::new(Unconfigured(
                "no SMS gateway is configured (set --sms-gateway-url or ZK_SMS_GATEWAY_URL)",
            )));
        }
    };
    let token = std::fs::read_to_string(token_file).map_err(|e| {
        anyhow!("cannot read the SMS gateway token file {}: {e}. Check --sms-gateway-token-file (or ZK_SMS_GATEWAY_TOKEN_FILE).", token_file.display())
    })?;
    if token.trim().is_empty() {
        bail!(
            "the SMS gateway token file {} is empty: put the gateway's token in it.",
            token_file.display()
        );
    }
    let gateway = HttpSms::new(url, token.trim())
        .map_err(|e| anyhow!("{e}. Check --sms-gateway-url (or ZK_SMS_GATEWAY_URL)."))?;
    Ok(Arc::new(gateway))
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    /// `serve` with `extra` flags, then the SMS gateway it chooses or the error, on one line.
    fn sms(extra: &[&str]) -> Result<&'static str, String> {
        let cli = Cli::try_parse_from([&["zorgkring", "serve"], extra].concat()).unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("not serve")
        };
        let dir = tempfile::tempdir().unwrap();
        choose(&args, dir.path())
            .map(|t| t.sms.name())
            .map_err(|e| format!("{e:#}"))
    }

    fn token_file(text: &str) -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sms.token");
        std::fs::write(&path, text).unwrap();
        (dir, path.display().to_string())
    }

    const URL: &str = "--sms-gateway-url=https://sms.example.nl/send";

    #[test]
    fn the_http_gateway_is_used_when_its_url_and_token_are_set() {
        let (_dir, file) = token_file("geheim\n");
        let file = format!("--sms-gateway-token-file={file}");
        assert_eq!(sms(&[URL, &file]), Ok("http"));
    }

    #[test]
    fn without_a_url_sms_wait_in_the_outbox_and_demo_writes_files() {
        assert_eq!(sms(&[]), Ok("none"));
        assert_eq!(sms(&["--dev-transports", URL]), Ok("file"));
    }

    #[test]
    fn each_gateway_mistake_is_one_clear_line() {
        let error = sms(&[URL]).unwrap_err();
        assert!(error.contains("--sms-gateway-token-file"), "{error}");
        let error = sms(&[URL, "--sms-gateway-token-file=/nonexistent/sms.token"]).unwrap_err();
        assert!(
            error.contains("cannot read the SMS gateway token file"),
            "{error}"
        );
        let (_dir, empty) = token_file(" \n");
        let error = sms(&[URL, &format!("--sms-gateway-token-file={empty}")]).unwrap_err();
        assert!(error.contains("is empty"), "{error}");
        let (_dir, file) = token_file("geheim");
        let file = format!("--sms-gateway-token-file={file}");
        let error = sms(&["--sms-gateway-url=http://example.nl/sms", &file]).unwrap_err();
        assert!(error.contains("https://"), "{error}");
        assert!(!error.contains("geheim"), "{error}");
        let error = sms(&[&file]).unwrap_err();
        assert!(error.contains("--sms-gateway-url"), "{error}");
        for error in [sms(&[URL]), sms(&[&file])] {
            assert!(!error.unwrap_err().contains('\n'));
        }
    }
}
