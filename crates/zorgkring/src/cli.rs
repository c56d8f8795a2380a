//! The command line: every setting is a flag and a `ZK_*` environment variable.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use url::Url;

#[derive(Debug, Parser)]
#[command(
    name = "zorgkring",
    version,
    about = "A personal health environment and client portal"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (creates and migrates the database first).
    Serve(Box<ServeArgs>),
    /// Create or update the database schema, then stop.
    Migrate(StorageArgs),
    /// Help someone who cannot log in: look up an account, lift its login wait, end its sessions.
    Account(AccountArgs),
    /// Register care providers and their staff.
    Provider(ProviderArgs),
    /// Check the audit trail's hash chain, or purge records older than five years.
    Audit(AuditArgs),
}

#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub storage: StorageArgs,
    /// The secret key file, when not the data folder's `secret.key`.
    #[arg(long, env = "ZK_SECRET_KEY_FILE")]
    pub secret_key_file: Option<PathBuf>,
    #[command(subcommand)]
    pub action: AuditAction,
}

#[derive(Debug, Clone, Subcommand)]
pub enum AuditAction {
    /// Recompute every record's hash in order; prints how many were checked, or the first
    /// broken link (and exits non-zero).
    Verify,
    /// Delete audit records from before a date (YYYY-MM-DD, UTC), which must be at least five
    /// years ago.
    Purge {
        #[arg(long)]
        before: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ProviderArgs {
    #[command(flatten)]
    pub storage: StorageArgs,
    /// The secret key file, when not the data folder's `secret.key`.
    #[arg(long, env = "ZK_SECRET_KEY_FILE")]
    pub secret_key_file: Option<PathBuf>,
    /// The address users reach the server at, for the links in e-mails.
    #[arg(long, env = "ZK_PUBLIC_URL", default_value = "http://127.0.0.1:8080", value_parser = public_url)]
    pub public_url: String,
    /// Product name used in e-mails.
    #[arg(
        long = "brand-name",
        env = "ZK_BRAND_NAME",
        default_value = "Zorgkring"
    )]
    pub brand_name: String,
    #[command(subcommand)]
    pub action: ProviderAction,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ProviderAction {
    /// Register a care provider; prints its id.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        secretariat_email: String,
        #[arg(long)]
        secretariat_phone: String,
        /// How many days a letter stays valid.
        #[arg(long, default_value_t = 30)]
        letter_validity_days: u16,
    },
    /// Manage a provider's staff.
    Staff {
        #[command(subcommand)]
        action: StaffAction,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum StaffAction {
    /// Add a staff member (making the account if the address has none); prints a one-time link
    /// to choose a password, valid 24 hours, that is also sent by e-mail.
    Add {
        /// The provider's id.
        #[arg(long)]
        provider: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        first_name: String,
        #[arg(long)]
        last_name: String,
        /// `admin` or `secretariat`.
        #[arg(long, value_parser = ["admin", "secretariat"])]
        role: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct AccountArgs {
    #[command(flatten)]
    pub storage: StorageArgs,
    /// The secret key file, when not the data folder's `secret.key`.
    #[arg(long, env = "ZK_SECRET_KEY_FILE")]
    pub secret_key_file: Option<PathBuf>,
    #[command(subcommand)]
    pub action: AccountAction,
}

#[derive(Debug, Clone, Subcommand)]
pub enum AccountAction {
    /// Show an account: name, second factors, failed logins per network and their waits,
    /// sessions.
    Show {
        email: String,
        /// Also show how a login from this client address would fare now (the counters keep
        /// only keyed hashes of networks, so this is how to find the caller's).
        #[arg(long, value_name = "ADDRESS")]
        ip: Option<std::net::IpAddr>,
    },
    /// Lift the waiting times after failed logins, from every network.
    Unlock { email: String },
    /// End all the account's sessions (log it out everywhere).
    EndSessions { email: String },
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct StorageArgs {
    /// Folder for the SQLite file, the secret key, demo.json and the demo outbox.
    #[arg(long, env = "ZK_DATA_DIR", default_value = "./zorgkring-data")]
    pub data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://USER@HOST:PORT/DB`. Default: a SQLite file in the data folder.
    #[arg(long, env = "ZK_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Address and port to listen on.
    #[arg(long, env = "ZK_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The address users reach this server at (behind a load balancer: its https URL).
    /// Default: http:// plus the listen address.
    #[arg(long, env = "ZK_PUBLIC_URL", value_parser = public_url)]
    pub public_url: Option<String>,
    /// File with the 64-hex-digit secret key that hashes letter codes. Default: `secret.key` in
    /// the data folder, made on first start. Every instance on one database needs the same key.
    #[arg(long, env = "ZK_SECRET_KEY_FILE")]
    pub secret_key_file: Option<PathBuf>,
    /// Seed the demo world on first start, and keep e-mail and SMS in files under the data folder.
    #[arg(long, env = "ZK_DEMO")]
    pub demo: bool,
    /// Deliver e-mail and SMS to files in the data folder without demo data. For development only.
    #[arg(long, env = "ZK_DEV_TRANSPORTS")]
    pub dev_transports: bool,
    /// SMTP server for e-mail, e.g. `smtp://mail.example.nl:587?tls=required` (credentials in the
    /// URL; prefer ZK_SMTP_URL_FILE for those).
    #[arg(long, env = "ZK_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// File holding the SMTP URL, so its password stays out of the environment.
    #[arg(long, env = "ZK_SMTP_URL_FILE")]
    pub smtp_url_file: Option<PathBuf>,
    /// SMS gateway that takes one JSON POST per message (`{"to", "body", "reference"}`), e.g.
    /// `https://sms.example.nl/send`. Needs --sms-gateway-token-file.
    #[arg(long, env = "ZK_SMS_GATEWAY_URL")]
    pub sms_gateway_url: Option<String>,
    /// File holding the SMS gateway's bearer token.
    #[arg(long, env = "ZK_SMS_GATEWAY_TOKEN_FILE")]
    pub sms_gateway_token_file: Option<PathBuf>,
    /// Sender of e-mails.
    #[arg(
        long,
        env = "ZK_MAIL_FROM",
        default_value = "Zorgkring <noreply@zorgkring.localhost>"
    )]
    pub mail_from: String,
    /// Product name shown in the interface (`brand.name`).
    #[arg(
        long = "brand-name",
        env = "ZK_BRAND_NAME",
        default_value = "Zorgkring"
    )]
    pub brand_name: String,
    /// Where users with login problems write to.
    #[arg(
        long,
        env = "ZK_SUPPORT_EMAIL",
        default_value = "support@zorgkring.localhost"
    )]
    pub support_email: String,
    /// Take the client's IP address from X-Forwarded-For. Only behind a proxy or load balancer
    /// that sets that header itself; otherwise anyone could pick an address to dodge limits.
    #[arg(long, env = "ZK_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// The largest request body the FHIR API accepts, in bytes (16 MiB by default; attachments
    /// are limited to 10 MiB within it).
    #[arg(long, env = "ZK_FHIR_MAX_BODY_BYTES", default_value_t = 16 * 1024 * 1024, value_parser = clap::value_parser!(u32).range(1024..=1_073_741_824))]
    pub fhir_max_body_bytes: u32,
    /// The largest NDJSON upload the FHIR bulk import (`POST /fhir/r4/$import`) accepts, in
    /// bytes (100 MiB by default). Each line within it is limited like a single request.
    #[arg(long, env = "ZK_FHIR_MAX_IMPORT_BYTES", default_value_t = 100 * 1024 * 1024, value_parser = clap::value_parser!(u64).range(1024..=4_294_967_296))]
    pub fhir_max_import_bytes: u64,
    /// Minutes without activity after which a login session ends.
    #[arg(long, env = "ZK_SESSION_IDLE_MINUTES", default_value_t = 15, value_parser = clap::value_parser!(u16).range(1..=1440))]
    pub session_idle_minutes: u16,
    /// Hours after which a login session ends, whatever the activity.
    #[arg(long, env = "ZK_SESSION_MAX_HOURS", default_value_t = 12, value_parser = clap::value_parser!(u16).range(1..=168))]
    pub session_max_hours: u16,
    /// Log as JSON lines instead of text.
    #[arg(long, env = "ZK_LOG_JSON")]
    pub log_json: bool,
    /// Let webhook URLs lead to this machine (127.0.0.1, ::1, localhost), also over plain
    /// http://. For development and tests only: it lets provider admins reach local services.
    #[arg(long, env = "ZK_WEBHOOKS_ALLOW_LOOPBACK")]
    pub webhooks_allow_loopback: bool,
    /// Country calling codes that SMS codes may go to, e.g. `EEA,+41,+44`; `EEA` stands for
    /// the Netherlands and the rest of the EU and EEA. Premium-rate and non-geographic ranges
    /// (+800, +808, +870, +878, +881, +882, +883, +888, +979, +991, +1 900, +1 976) are never
    /// allowed.
    #[arg(long, env = "ZK_SMS_ALLOWED_COUNTRIES", default_value = "EEA", value_parser = zk_domain::sms_countries::SmsCountries::parse)]
    pub sms_allowed_countries: zk_domain::sms_countries::SmsCountries,
    /// SMS per hour on the whole installation; past it no SMS codes go out until the hour is over.
    #[arg(long, env = "ZK_SMS_PER_HOUR", default_value_t = zk_app::sms_budget::PER_HOUR, value_parser = clap::value_parser!(u32).range(1..))]
    pub sms_per_hour: u32,
    /// SMS per hour for requests from one IP address (all accounts together).
    #[arg(long, env = "ZK_SMS_PER_IP_PER_HOUR", default_value_t = zk_app::sms_budget::PER_IP_PER_HOUR, value_parser = clap::value_parser!(u32).range(1..))]
    pub sms_per_ip_per_hour: u32,
}

/// `--public-url`: the links in e-mails start with it, so only a whole http(s) address of a
/// host will do. Checked while the flags are read, before anything is written.
fn public_url(text: &str) -> Result<String, String> {
    const EXAMPLE: &str = "for example https://zorg.example.nl";
    let text = text.trim();
    let url = Url::parse(text)
        .map_err(|_| format!("not a web address; give the whole address, {EXAMPLE}"))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(format!(
            "it must start with https:// (or http:// on a test machine), not {}://; {EXAMPLE}",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("it names no host; {EXAMPLE}"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "it must not hold a user name or password; {EXAMPLE}"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "links are made by adding a path to it, so it cannot hold ? or #; {EXAMPLE}"
        ));
    }
    Ok(text.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::public_url;

    #[test]
    fn only_a_whole_http_or_https_address_is_a_public_url() {
        assert_eq!(
            public_url("https://zorg.example.nl/").as_deref(),
            Ok("https://zorg.example.nl")
        );
        assert_eq!(
            public_url("http://localhost:8080").as_deref(),
            Ok("http://localhost:8080")
        );
        assert_eq!(
            public_url(" https://example.nl/zorgkring ").as_deref(),
            Ok("https://example.nl/zorgkring")
        );
        for (bad, says) in [
            ("ftp://x", "not ftp://"),
            ("javascript:alert(1)", "not javascript://"),
            ("file:///etc/passwd", "not file://"),
            ("zorg.example.nl", "not a web address"),
            ("https://", "not a web address"),
            (
                "https://jan:geheim@zorg.example.nl",
                "user name or password",
            ),
            ("https://zorg.example.nl/?a=b", "cannot hold ? or #"),
            ("https://zorg.example.nl/#top", "cannot hold ? or #"),
        ] {
            let error = public_url(bad).expect_err(bad);
            assert!(error.contains(says), "{bad}: {error}");
            assert!(!error.contains("geheim"), "{error}");
        }
    }
}
