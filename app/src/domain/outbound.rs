//! Where the console may send a broker call (SPEC §5): https only, never to private, link-local,
//! metadata or other non-public addresses; loopback (and plain http to it) only in development mode.
//!
//! Pure: nothing is resolved here. A URL with a host *name* passes `check_url` on its form alone,
//! so the HTTP client must also run `check_ip` on every address the name resolves to, and connect
//! to the address it checked (otherwise DNS rebinding walks around the rule).

use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

/// Why the console will not call a URL or an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutboundRefusal {
    NotAUrl,
    UnsupportedScheme {
        scheme: String,
    },
    /// `http:` outside development mode, or to a host that is not loopback.
    PlainHttp,
    CredentialsInUrl,
    Fragment,
    NoHost,
    /// A non-public address, or a name that always means one (`localhost`, `metadata.google.internal`).
    /// `host` is the address as the console writes it (IPv6 without brackets) or the lower-cased name.
    Address {
        host: String,
        kind: AddressKind,
    },
    RedirectElsewhere {
        from: String,
        to: String,
    },
    BadRedirect {
        location: String,
    },
}

/// The kinds of address the console does not call (loopback only outside development mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AddressKind {
    Loopback,
    /// 0.0.0.0/8 and `::`.
    Unspecified,
    /// RFC 1918; IPv6 unique-local, site-local and NAT64 local-use.
    Private,
    /// 100.64.0.0/10, carrier-grade NAT.
    SharedAddressSpace,
    LinkLocal,
    /// Cloud instance metadata services (169.254.169.254, fd00:ec2::254, metadata.google.internal, …).
    Metadata,
    Multicast,
    Broadcast,
    Documentation,
    Benchmarking,
    Reserved,
}

impl AddressKind {
    /// What such an address is, to follow "<address> ".
    fn english(self) -> &'static str {
        match self {
            AddressKind::Loopback => "is the console's own machine (loopback); the console calls a loopback broker only when it runs in development mode",
            AddressKind::Unspecified => "is not an address a server can be reached at",
            AddressKind::Private => "is a private network address, which the console does not call",
            AddressKind::SharedAddressSpace => "is in the carrier-grade NAT range 100.64.0.0/10, which is not reachable from the internet",
            AddressKind::LinkLocal => "is a link-local address, valid only on one network segment",
            AddressKind::Metadata => "is a cloud metadata service, which the console never calls",
            AddressKind::Multicast => "is a multicast address, not a single server",
            AddressKind::Broadcast => "is the broadcast address, not a single server",
            AddressKind::Documentation => "is reserved for documentation examples and reaches no server",
            AddressKind::Benchmarking => "is reserved for network benchmarking and is not used on the internet",
            AddressKind::Reserved => "is in a reserved range that is not used on the public internet",
        }
    }
}

impl OutboundRefusal {
    /// The English wording, for a provider registering a broker; the UI translates by variant.
    pub fn english(&self) -> String {
        match self {
            OutboundRefusal::NotAUrl => {
                "This is not a valid URL. Enter the broker's full address, such as https://broker.example.com.".into()
            }
            OutboundRefusal::UnsupportedScheme { scheme } => {
                format!("The console calls brokers over https only; `{scheme}:` URLs are not supported.")
            }
            OutboundRefusal::PlainHttp => {
                "Use an https:// URL. Plain http is accepted only for a broker on the console's own machine (localhost) while the console runs in development mode.".into()
            }
            OutboundRefusal::CredentialsInUrl => {
                "Remove the user name and password from the URL and enter them as the broker's credentials instead; credentials in a URL end up in logs.".into()
            }
            OutboundRefusal::Fragment => {
                "Remove the part from `#` on; a broker URL has no fragment.".into()
            }
            OutboundRefusal::NoHost => {
                "The URL has no host. Enter the broker's full address, such as https://broker.example.com.".into()
            }
            OutboundRefusal::Address { host, kind } => format!(
                "{host} {}. Enter the broker's public address.",
                kind.english()
            ),
            OutboundRefusal::RedirectElsewhere { from, to } => format!(
                "The broker redirected the call from {from} to {to}. The console follows redirects only to the same scheme, host and port; register the final URL instead."
            ),
            OutboundRefusal::BadRedirect { location } => format!(
                "The broker answered with a redirect to `{location}`, which is not a valid URL."
            ),
        }
    }
}

/// Host names that are cloud metadata services whatever they resolve to.
const METADATA_NAMES: [&str; 5] = [
    "metadata",
    "metadata.google.internal",
    "metadata.goog",
    "instance-data",
    "instance-data.ec2.internal",
];

/// Checks a broker URL as a provider typed it; on success returns it parsed.
pub fn check_url(url: &str, development: bool) -> Result<Url, OutboundRefusal> {
    let parsed = Url::parse(url).map_err(|_| OutboundRefusal::NotAUrl)?;
    let scheme = parsed.scheme();
    if scheme != "https" && scheme != "http" {
        return Err(OutboundRefusal::UnsupportedScheme {
            scheme: scheme.to_string(),
        });
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(OutboundRefusal::CredentialsInUrl);
    }
    if parsed.fragment().is_some() {
        return Err(OutboundRefusal::Fragment);
    }
    let loopback = match parsed.host() {
        None => return Err(OutboundRefusal::NoHost),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            // RFC 6761: localhost and *.localhost always mean this machine.
            let local = name == "localhost" || name.ends_with(".localhost");
            let kind = if METADATA_NAMES.contains(&name.as_str()) {
                Some(AddressKind::Metadata)
            } else if local && !development {
                Some(AddressKind::Loopback)
            } else {
                None
            };
            if let Some(kind) = kind {
                return Err(OutboundRefusal::Address { host: name, kind });
            }
            local
        }
        Some(Host::Ipv4(ip)) => {
            check_ip(IpAddr::V4(ip), development)?;
            ip.is_loopback()
        }
        Some(Host::Ipv6(ip)) => {
            check_ip(IpAddr::V6(ip), development)?;
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    };
    if scheme == "http" && !(development && loopback) {
        return Err(OutboundRefusal::PlainHttp);
    }
    Ok(parsed)
}

/// What kind of non-public address an IP is; `None` for an ordinary public address.
fn v4_kind(ip: Ipv4Addr) -> Option<AddressKind> {
    let [a, b, c, d] = ip.octets();
    let kind = match (a, b, c, d) {
        (0, ..) => AddressKind::Unspecified, // 0.0.0.0/8, "this network"
        (127, ..) => AddressKind::Loopback,
        (10, ..) | (192, 168, ..) => AddressKind::Private,
        (172, 16..=31, ..) => AddressKind::Private,
        (100, 64..=127, ..) => AddressKind::SharedAddressSpace,
        // AWS/GCP/Azure/OpenStack instance metadata, and the ECS task metadata endpoint.
        (169, 254, 169, 254) | (169, 254, 170, 2) => AddressKind::Metadata,
        (169, 254, ..) => AddressKind::LinkLocal,
        (192, 0, 2, _) | (198, 51, 100, _) | (203, 0, 113, _) => AddressKind::Documentation,
        (198, 18..=19, ..) => AddressKind::Benchmarking,
        // IETF protocol assignments; the deprecated 6to4 relay anycast block.
        (192, 0, 0, _) | (192, 88, 99, _) => AddressKind::Reserved,
        (255, 255, 255, 255) => AddressKind::Broadcast,
        (224..=239, ..) => AddressKind::Multicast,
        (240..=255, ..) => AddressKind::Reserved,
        _ => return None,
    };
    Some(kind)
}

fn v6_kind(ip: Ipv6Addr) -> Option<AddressKind> {
    if ip.is_unspecified() {
        return Some(AddressKind::Unspecified);
    }
    if ip.is_loopback() {
        return Some(AddressKind::Loopback);
    }
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_kind(v4);
    }
    let s = ip.segments();
    let embedded_v4 = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    match s {
        // AWS's IPv6 instance metadata endpoint, inside the ULA range below.
        [0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254] => Some(AddressKind::Metadata),
        // Deprecated IPv4-compatible addresses (::a.b.c.d).
        [0, 0, 0, 0, 0, 0, _, _] => Some(AddressKind::Reserved),
        // NAT64 well-known prefix: the IPv4 address it reaches decides.
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => v4_kind(embedded_v4(hi, lo)),
        // NAT64 local-use prefix 64:ff9b:1::/48.
        [0x64, 0xff9b, 1, ..] => Some(AddressKind::Private),
        // Discard-only 100::/64.
        [0x100, 0, 0, 0, ..] => Some(AddressKind::Reserved),
        [0x2001, 0x0db8, ..] => Some(AddressKind::Documentation),
        [0x3fff, b, ..] if b < 0x1000 => Some(AddressKind::Documentation), // 3fff::/20
        [0x2001, 0x0002, 0, ..] => Some(AddressKind::Benchmarking),        // 2001:2::/48
        // The rest of 2001::/23 (Teredo, ORCHID, …): protocol assignments, not servers.
        [0x2001, b, ..] if b < 0x0200 => Some(AddressKind::Reserved),
        // 6to4: the embedded IPv4 address decides.
        [0x2002, hi, lo, ..] => v4_kind(embedded_v4(hi, lo)),
        [a, ..] if a & 0xfe00 == 0xfc00 => Some(AddressKind::Private), // ULA fc00::/7
        [a, ..] if a & 0xffc0 == 0xfe80 => Some(AddressKind::LinkLocal), // fe80::/10
        [a, ..] if a & 0xffc0 == 0xfec0 => Some(AddressKind::Private), // deprecated site-local
        [a, ..] if a & 0xff00 == 0xff00 => Some(AddressKind::Multicast),
        _ => None,
    }
}

/// Checks one address the console is about to connect to (a literal in a URL, or each address a
/// broker's host name resolved to).
pub fn check_ip(ip: IpAddr, development: bool) -> Result<(), OutboundRefusal> {
    let kind = match ip {
        IpAddr::V4(v4) => v4_kind(v4),
        IpAddr::V6(v6) => v6_kind(v6),
    };
    match kind {
        None => Ok(()),
        Some(AddressKind::Loopback) if development => Ok(()),
        Some(kind) => Err(OutboundRefusal::Address {
            host: ip.to_string(),
            kind,
        }),
    }
}

/// Checks a redirect's `Location` (absolute or relative to `from`): followed only when it stays
/// on the same scheme, host and port. The fragment, never sent to a server, is dropped.
pub fn same_host_redirect(from: &Url, to: &str) -> Result<Url, OutboundRefusal> {
    let mut target = from.join(to).map_err(|_| OutboundRefusal::BadRedirect {
        location: to.to_string(),
    })?;
    if !target.username().is_empty() || target.password().is_some() {
        return Err(OutboundRefusal::CredentialsInUrl);
    }
    let same = target.scheme() == from.scheme()
        && target.host() == from.host()
        && target.port_or_known_default() == from.port_or_known_default();
    if !same {
        return Err(OutboundRefusal::RedirectElsewhere {
            from: from.origin().ascii_serialization(),
            to: target.origin().ascii_serialization(),
        });
    }
    target.set_fragment(None);
    Ok(target)
}

#[cfg(test)]
#[path = "outbound_tests.rs"]
mod tests;
