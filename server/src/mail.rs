//! Optional e-mail for notifications (SPEC §6; off unless `RMC_SMTP_URL` is set). A background
//! task sends each notification created since the console started to its recipient once, with
//! a link back to the console; a failed send is logged and retried on the next rounds, at most
//! `MAX_ATTEMPTS` times. The in-app bell is the record either way.

use app::components::layout::locale_named;
use app::components::notice_words::{mail_footer, notice_text};
use app::i18n::Locale;
use app::notifications::db;
use lettre::message::{header::ContentType, Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sqlx::SqlitePool;
use std::time::Duration;

pub const MAX_ATTEMPTS: i64 = 5;
const BATCH: i64 = 50;

/// Where and how to send.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtp://host:port` (plain, e.g. a local relay), `smtp://host?tls=required` (STARTTLS) or
    /// `smtps://user:password@host` (TLS); see lettre's `AsyncSmtpTransport::from_url`.
    pub smtp_url: String,
    /// The From header, e.g. `RMC <no-reply@rmc.example>`.
    pub from: String,
    /// The console's public URL, for links.
    pub public_url: String,
    pub interval: Duration,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
    since: String,
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> anyhow::Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
            .map_err(|e| anyhow::anyhow!("RMC_SMTP_URL is not usable: {e}"))?
            .timeout(Some(Duration::from_secs(10)))
            .build();
        let from = settings
            .from
            .parse()
            .map_err(|e| anyhow::anyhow!("RMC_SMTP_FROM is not an address: {e}"))?;
        let since = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)?;
        Ok(Mailer {
            transport,
            from,
            public_url: settings.public_url.trim_end_matches('/').to_owned(),
            since,
        })
    }

    /// The e-mail of `n`, in its recipient's language.
    fn message(&self, to: Mailbox, n: &db::PendingEmail) -> anyhow::Result<Message> {
        let locale = locale_named(&n.language).unwrap_or(Locale::en);
        let text = match &n.notice {
            Some(notice) => notice_text(locale, notice),
            None => n.message.clone(),
        };
        let subject: String = text.chars().take(120).collect();
        let body = format!(
            "{text}\n\n{url}{link}\n\n-- \n{footer}\n",
            url = self.public_url,
            link = n.link,
            footer = mail_footer(locale),
        );
        Ok(Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(format!("[RMC] {subject}"))
            .header(ContentType::TEXT_PLAIN)
            .body(body)?)
    }

    /// Sends what is pending; returns how many were sent.
    pub async fn send_pending(&self, pool: &SqlitePool) -> anyhow::Result<usize> {
        let mut sent = 0;
        for n in db::pending_email(pool, &self.since, MAX_ATTEMPTS, BATCH).await? {
            let outcome = match n.email.parse::<Mailbox>() {
                Ok(to) => match self.message(to, &n) {
                    Ok(message) => self
                        .transport
                        .send(message)
                        .await
                        .map(|_| ())
                        .map_err(anyhow::Error::from),
                    Err(e) => Err(e),
                },
                Err(e) => Err(anyhow::anyhow!("not an address: {e}")),
            };
            if let Err(e) = &outcome {
                tracing::warn!(notification = n.id, error = %e, "notification e-mail failed");
            }
            db::record_email(pool, n.id, outcome.is_ok()).await?;
            sent += usize::from(outcome.is_ok());
        }
        Ok(sent)
    }
}

/// Starts the mailer when SMTP is configured.
pub fn spawn(pool: SqlitePool, settings: Option<MailSettings>) -> anyhow::Result<()> {
    let Some(settings) = settings else {
        return Ok(());
    };
    let mailer = Mailer::new(&settings)?;
    tokio::spawn(async move {
        loop {
            if let Err(e) = mailer.send_pending(&pool).await {
                tracing::error!(error = %e, "notification mailer round failed");
            }
            tokio::time::sleep(settings.interval).await;
        }
    });
    Ok(())
}
