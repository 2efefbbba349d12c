//! The outbound HTTP client for broker and issuer calls (SPEC §5): timeouts, a response size
//! cap, redirects only to the same scheme/host/port, and every address a host name resolves to
//! checked with `domain::outbound::check_ip` (the client connects to exactly the checked ones).

use crate::domain::outbound::{check_ip, check_url, same_host_redirect};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A whole call (connect, send, read) ends after this long.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Bodies past this size are refused.
pub const MAX_BODY: usize = 1024 * 1024;
const MAX_REDIRECTS: usize = 3;

/// How a call authenticates.
#[derive(Clone)]
pub enum Auth {
    None,
    Basic { username: String, password: String },
    Bearer(String),
}

/// What a broker answered.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub millis: u64,
}

impl Answer {
    pub fn json(&self) -> Option<Value> {
        serde_json::from_str(&self.body).ok()
    }

    /// The start of the body, for a timeline or a report (never used for a 2xx bind answer,
    /// which carries credentials).
    pub fn excerpt(&self) -> String {
        let text: String = self.body.chars().take(300).collect();
        if self.body.chars().count() > 300 {
            format!("{text}…")
        } else {
            text
        }
    }
}

/// A call that got no HTTP answer: the sentence says why.
#[derive(Debug, Clone)]
pub struct Failure {
    pub message: String,
    pub millis: u64,
}

struct CheckedResolver {
    development: bool,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let development = self.development;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            for addr in &addrs {
                check_ip(addr.ip(), development).map_err(|refusal| {
                    Box::new(std::io::Error::other(format!(
                        "{host} resolves to {}: {}",
                        addr.ip(),
                        refusal.english()
                    ))) as Box<dyn std::error::Error + Send + Sync>
                })?;
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// The console's outbound client. Cheap to clone.
#[derive(Clone)]
pub struct Outbound {
    http: reqwest::Client,
    development: bool,
    /// Who is called, as messages name it ("broker", "identity provider").
    peer: &'static str,
    /// `X-Broker-API-Originating-Identity` of broker calls made for a user (`rmc <base64>`).
    originating: Option<String>,
}

/// The platform value of `context.platform` and of the originating identity header.
pub const PLATFORM: &str = "rmc";

impl Outbound {
    /// A client for calling service brokers.
    pub fn new(development: bool) -> Self {
        Self::calling(development, "broker")
    }

    /// A client whose messages name the server called `peer`.
    pub fn calling(development: bool, peer: &'static str) -> Self {
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > MAX_REDIRECTS {
                return attempt.error(format!("The {peer} redirected the call too many times."));
            }
            let Some(from) = attempt.previous().last().cloned() else {
                return attempt.stop();
            };
            match same_host_redirect(&from, attempt.url().as_str()) {
                Ok(_) => attempt.follow(),
                Err(refusal) => attempt.error(refusal.english()),
            }
        });
        let http = reqwest::Client::builder()
            .timeout(CALL_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .redirect(policy)
            .dns_resolver(Arc::new(CheckedResolver { development }))
            .user_agent("RMC broker check")
            .build()
            .expect("the HTTP client builds");
        Outbound {
            http,
            development,
            peer,
            originating: None,
        }
    }

    /// The same client, its broker calls sent on behalf of the user `user_id` (OSB's
    /// "Originating Identity": the platform, then `{"user_id": …}` in Base64).
    pub fn on_behalf_of(mut self, user_id: &str) -> Self {
        use base64::Engine;
        let json = serde_json::json!({ "user_id": user_id }).to_string();
        let value = base64::engine::general_purpose::STANDARD.encode(json);
        self.originating = Some(format!("{PLATFORM} {value}"));
        self
    }

    /// One call. `version` is the `X-Broker-API-Version` header (none when `None`).
    pub async fn call(
        &self,
        method: Method,
        url: &str,
        auth: &Auth,
        version: Option<&str>,
        body: Option<&Value>,
    ) -> Result<Answer, Failure> {
        let started = Instant::now();
        let fail = |message: String| Failure {
            message,
            millis: started.elapsed().as_millis() as u64,
        };
        let parsed = check_url(url, self.development).map_err(|r| fail(r.english()))?;
        let mut request = self.http.request(method, parsed);
        request = match auth {
            Auth::None => request,
            Auth::Basic { username, password } => request.basic_auth(username, Some(password)),
            Auth::Bearer(token) => request.bearer_auth(token),
        };
        if let Some(version) = version {
            request = request.header("X-Broker-API-Version", version);
        }
        if self.peer == "broker" {
            // OSB: "For any OSBAPI request, there MUST be an associated
            // X-Broker-API-Request-Identity header"; a GUID is RECOMMENDED.
            let id = uuid::Uuid::new_v4().to_string();
            request = request.header("X-Broker-API-Request-Identity", id);
            if let Some(identity) = &self.originating {
                request = request.header("X-Broker-API-Originating-Identity", identity);
            }
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let peer = self.peer;
        let mut response = request.send().await.map_err(|e| fail(describe(&e, peer)))?;
        let status = response.status();
        let mut bytes = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > MAX_BODY {
                        return Err(fail(format!(
                            "The answer is larger than {} KB; the console stops reading there.",
                            MAX_BODY / 1024
                        )));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(fail(describe(&e, peer))),
            }
        }
        Ok(Answer {
            status: status_code(status),
            body: String::from_utf8_lossy(&bytes).into_owned(),
            millis: started.elapsed().as_millis() as u64,
        })
    }
}

fn status_code(status: StatusCode) -> u16 {
    status.as_u16()
}

/// A sentence for a failed call, with the innermost cause (the refusal of an address, say).
fn describe(error: &reqwest::Error, peer: &str) -> String {
    if error.is_timeout() {
        return format!(
            "The {peer} did not answer within {} seconds.",
            CALL_TIMEOUT.as_secs()
        );
    }
    let mut cause: &dyn std::error::Error = error;
    let mut innermost = error.to_string();
    while let Some(source) = cause.source() {
        innermost = source.to_string();
        cause = source;
    }
    if error.is_redirect() {
        return innermost;
    }
    if error.is_connect() {
        return format!("The console could not connect to the {peer}: {innermost}.");
    }
    format!("The call failed: {innermost}.")
}

/// Joins a broker's base URL and an OSB path (`/v2/catalog`).
pub fn join(base: &str, path: &str) -> String {
    format!("{}{}", base.trim_end_matches('/'), path)
}
