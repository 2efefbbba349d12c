//! Configuration by flags and environment variables (`rmc-server --help` lists them).

use clap::Parser;
use std::net::SocketAddr;

#[derive(Parser, Debug, Clone)]
#[command(name = "rmc-server", about = "RMC, the Resource Management Console")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "RMC_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// SQLite database (created and migrated at start).
    #[arg(long, env = "RMC_DATABASE_URL", default_value = "sqlite://data/rmc.db")]
    pub database_url: String,
    /// Folder with the built site (pkg/ with wasm, js, css; public assets).
    #[arg(long, env = "RMC_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Development mode: allows http issuers and loopback brokers.
    #[arg(long, env = "RMC_DEV_MODE")]
    pub dev_mode: bool,
    /// Mark cookies Secure (set this whenever the console is served over TLS).
    #[arg(long, env = "RMC_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Seed a demo organisation and demo users when the database has no users.
    #[arg(long, env = "RMC_SEED_DEMO")]
    pub seed_demo: bool,
    /// Public base URL of the console, used for the OpenID Connect redirect URI.
    #[arg(long, env = "RMC_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// OpenID Connect issuer URL; single sign-on is offered when set.
    #[arg(long, env = "RMC_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    #[arg(long, env = "RMC_OIDC_CLIENT_ID", default_value = "rmc")]
    pub oidc_client_id: String,
    #[arg(
        long,
        env = "RMC_OIDC_CLIENT_SECRET",
        default_value = "",
        hide_env_values = true
    )]
    pub oidc_client_secret: String,
    /// Key that seals broker passwords and tokens in the database: base64 of 32 random bytes
    /// (`openssl rand -base64 32`). Unset: the key file below.
    #[arg(long, env = "RMC_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,
    /// Key file used when RMC_SECRET_KEY is unset; created (mode 0600) on first start.
    /// Default: `rmc-secret.key` next to the database file (none for in-memory databases).
    #[arg(long, env = "RMC_SECRET_KEY_FILE")]
    pub secret_key_file: Option<std::path::PathBuf>,
    /// A session ends after this many seconds without a request.
    #[arg(long, env = "RMC_SESSION_IDLE_SECS", default_value_t = 8 * 3600)]
    pub session_idle_secs: i64,
    /// A session ends this many seconds after sign-in, however active.
    #[arg(long, env = "RMC_SESSION_ABSOLUTE_SECS", default_value_t = 7 * 24 * 3600)]
    pub session_absolute_secs: i64,
    /// Drift watch: re-validate every registered broker this often, in seconds (0 = off).
    #[arg(long, env = "RMC_DRIFT_INTERVAL_SECS", default_value_t = 0)]
    pub drift_interval_secs: u64,
    /// REST API: requests per minute allowed for each API token (429 with Retry-After past it).
    #[arg(long, env = "RMC_API_RATE_PER_MIN", default_value_t = 1200)]
    pub api_rate_per_min: u32,
    /// Sign-in throttle: failed password sign-ins allowed per account (the e-mail) per window;
    /// past them every sign-in of that account is refused, the right password too, until the
    /// budget refills (one more every window/N seconds). 0 = no per-account throttle.
    #[arg(long, env = "RMC_LOGIN_FAILURES_PER_MIN", default_value_t = 5)]
    pub login_failures_per_min: u32,
    /// Sign-in throttle: failed password sign-ins allowed per client address per window
    /// (any accounts). 0 = no per-address throttle.
    #[arg(long, env = "RMC_LOGIN_FAILURES_PER_IP_PER_MIN", default_value_t = 30)]
    pub login_failures_per_ip_per_min: u32,
    /// Sign-in throttle: the window of the two budgets above, in seconds.
    #[arg(long, env = "RMC_LOGIN_WINDOW_SECS", default_value_t = 60)]
    pub login_window_secs: u64,
    /// Take the client address from the last `X-Forwarded-For` entry (set it only behind a
    /// reverse proxy that appends the address it saw); otherwise the connection's peer counts.
    #[arg(long, env = "RMC_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// SMTP server for notification e-mails (off when unset), e.g. `smtp://127.0.0.1:2525`,
    /// `smtp://relay.example.com?tls=required` or `smtps://user:password@smtp.example.com`.
    #[arg(long, env = "RMC_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The From of notification e-mails.
    #[arg(
        long,
        env = "RMC_SMTP_FROM",
        default_value = "RMC <no-reply@rmc.example>"
    )]
    pub smtp_from: String,
    /// How often the mailer looks for notifications to send, in milliseconds.
    #[arg(long, env = "RMC_SMTP_INTERVAL_MS", default_value_t = 5000)]
    pub smtp_interval_ms: u64,
    /// Log format: `text` or `json`.
    #[arg(long, env = "RMC_LOG_FORMAT", default_value = "text")]
    pub log_format: String,
}

impl Config {
    /// Defaults for tests and tools: everything default, the given database.
    pub fn for_database(database_url: &str) -> Self {
        let mut config = Config::parse_from(["rmc-server"]);
        config.database_url = database_url.to_owned();
        config
    }

    /// The mailer's settings, when SMTP is configured.
    pub fn mail(&self) -> Option<crate::mail::MailSettings> {
        let url = self.smtp_url.as_deref()?.trim();
        (!url.is_empty()).then(|| crate::mail::MailSettings {
            smtp_url: url.to_owned(),
            from: self.smtp_from.clone(),
            public_url: self.public_url(),
            interval: std::time::Duration::from_millis(self.smtp_interval_ms.max(10)),
        })
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
            .trim_end_matches('/')
            .to_owned()
    }
}
