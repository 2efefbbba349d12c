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
mod tests {
    use super::*;

    use AddressKind as K;

    fn kind_of(result: Result<(), OutboundRefusal>) -> Option<AddressKind> {
        match result {
            Ok(()) => None,
            Err(OutboundRefusal::Address { kind, .. }) => Some(kind),
            Err(other) => panic!("check_ip gave a URL-level refusal: {other:?}"),
        }
    }

    /// (address, in production, in development)
    const ADDRESSES: &[(&str, Option<AddressKind>, Option<AddressKind>)] = &[
        // public
        ("8.8.8.8", None, None),
        ("1.1.1.1", None, None),
        ("93.184.216.34", None, None),
        ("172.15.255.255", None, None),
        ("172.32.0.1", None, None),
        ("100.63.255.255", None, None),
        ("100.128.0.1", None, None),
        ("169.253.255.255", None, None),
        ("192.0.1.1", None, None),
        ("198.17.255.255", None, None),
        ("198.20.0.1", None, None),
        ("223.255.255.255", None, None),
        ("2606:4700:4700::1111", None, None),
        ("2a00:1450:4001:82b::200e", None, None),
        ("2001:200::1", None, None),
        ("2001:db9::1", None, None),
        ("3fff:1000::1", None, None),
        ("64:ff9b::808:808", None, None), // NAT64 of 8.8.8.8
        ("2002:808:808::1", None, None),  // 6to4 of 8.8.8.8
        // loopback: development only
        ("127.0.0.1", Some(K::Loopback), None),
        ("127.1.2.3", Some(K::Loopback), None),
        ("127.255.255.254", Some(K::Loopback), None),
        ("::1", Some(K::Loopback), None),
        ("::ffff:127.0.0.1", Some(K::Loopback), None),
        // unspecified / this network
        ("0.0.0.0", Some(K::Unspecified), Some(K::Unspecified)),
        ("0.1.2.3", Some(K::Unspecified), Some(K::Unspecified)),
        ("::", Some(K::Unspecified), Some(K::Unspecified)),
        ("::ffff:0.0.0.0", Some(K::Unspecified), Some(K::Unspecified)),
        // private
        ("10.0.0.1", Some(K::Private), Some(K::Private)),
        ("10.255.255.255", Some(K::Private), Some(K::Private)),
        ("172.16.0.1", Some(K::Private), Some(K::Private)),
        ("172.31.255.254", Some(K::Private), Some(K::Private)),
        ("192.168.0.1", Some(K::Private), Some(K::Private)),
        ("192.168.255.255", Some(K::Private), Some(K::Private)),
        ("::ffff:10.1.2.3", Some(K::Private), Some(K::Private)),
        ("::ffff:192.168.1.1", Some(K::Private), Some(K::Private)),
        ("fc00::1", Some(K::Private), Some(K::Private)),
        ("fd12:3456:789a::1", Some(K::Private), Some(K::Private)),
        ("fdff:ffff::1", Some(K::Private), Some(K::Private)),
        ("fec0::1", Some(K::Private), Some(K::Private)),
        ("64:ff9b:1::a00:1", Some(K::Private), Some(K::Private)),
        ("64:ff9b::a00:1", Some(K::Private), Some(K::Private)), // NAT64 of 10.0.0.1
        ("2002:c0a8:101::1", Some(K::Private), Some(K::Private)), // 6to4 of 192.168.1.1
        // carrier-grade NAT
        (
            "100.64.0.1",
            Some(K::SharedAddressSpace),
            Some(K::SharedAddressSpace),
        ),
        (
            "100.100.100.200",
            Some(K::SharedAddressSpace),
            Some(K::SharedAddressSpace),
        ), // Alibaba's metadata lives here
        (
            "100.127.255.255",
            Some(K::SharedAddressSpace),
            Some(K::SharedAddressSpace),
        ),
        // link-local and metadata
        ("169.254.0.1", Some(K::LinkLocal), Some(K::LinkLocal)),
        ("169.254.255.255", Some(K::LinkLocal), Some(K::LinkLocal)),
        ("169.254.169.254", Some(K::Metadata), Some(K::Metadata)),
        ("169.254.170.2", Some(K::Metadata), Some(K::Metadata)),
        (
            "::ffff:169.254.169.254",
            Some(K::Metadata),
            Some(K::Metadata),
        ),
        ("64:ff9b::a9fe:a9fe", Some(K::Metadata), Some(K::Metadata)),
        ("fd00:ec2::254", Some(K::Metadata), Some(K::Metadata)),
        ("fe80::1", Some(K::LinkLocal), Some(K::LinkLocal)),
        ("febf:ffff::1", Some(K::LinkLocal), Some(K::LinkLocal)),
        // multicast and broadcast
        ("224.0.0.1", Some(K::Multicast), Some(K::Multicast)),
        ("239.255.255.250", Some(K::Multicast), Some(K::Multicast)),
        ("ff02::1", Some(K::Multicast), Some(K::Multicast)),
        ("ff05::1:3", Some(K::Multicast), Some(K::Multicast)),
        ("255.255.255.255", Some(K::Broadcast), Some(K::Broadcast)),
        (
            "::ffff:255.255.255.255",
            Some(K::Broadcast),
            Some(K::Broadcast),
        ),
        // documentation and benchmarking
        ("192.0.2.1", Some(K::Documentation), Some(K::Documentation)),
        (
            "198.51.100.7",
            Some(K::Documentation),
            Some(K::Documentation),
        ),
        (
            "203.0.113.255",
            Some(K::Documentation),
            Some(K::Documentation),
        ),
        (
            "2001:db8::1",
            Some(K::Documentation),
            Some(K::Documentation),
        ),
        (
            "2001:db8:ffff::1",
            Some(K::Documentation),
            Some(K::Documentation),
        ),
        ("3fff::1", Some(K::Documentation), Some(K::Documentation)),
        (
            "3fff:fff:ffff::1",
            Some(K::Documentation),
            Some(K::Documentation),
        ),
        ("198.18.0.1", Some(K::Benchmarking), Some(K::Benchmarking)),
        (
            "198.19.255.255",
            Some(K::Benchmarking),
            Some(K::Benchmarking),
        ),
        ("2001:2::1", Some(K::Benchmarking), Some(K::Benchmarking)),
        // reserved
        ("192.0.0.8", Some(K::Reserved), Some(K::Reserved)),
        ("192.88.99.1", Some(K::Reserved), Some(K::Reserved)),
        ("240.0.0.1", Some(K::Reserved), Some(K::Reserved)),
        ("254.255.255.255", Some(K::Reserved), Some(K::Reserved)),
        ("::1.2.3.4", Some(K::Reserved), Some(K::Reserved)),
        ("100::1", Some(K::Reserved), Some(K::Reserved)),
        ("2001::1", Some(K::Reserved), Some(K::Reserved)), // Teredo
        ("2001:10::1", Some(K::Reserved), Some(K::Reserved)),
    ];

    #[test]
    fn addresses_are_classified_in_both_modes() {
        for &(text, production, development) in ADDRESSES {
            let ip: IpAddr = text
                .parse()
                .unwrap_or_else(|_| panic!("bad test address {text}"));
            assert_eq!(
                kind_of(check_ip(ip, false)),
                production,
                "{text} in production"
            );
            assert_eq!(
                kind_of(check_ip(ip, true)),
                development,
                "{text} in development"
            );
        }
    }

    #[test]
    fn a_refusal_names_the_address() {
        let err = check_ip("10.0.0.5".parse().unwrap(), false).unwrap_err();
        assert_eq!(
            err,
            OutboundRefusal::Address {
                host: "10.0.0.5".into(),
                kind: K::Private
            }
        );
        assert!(err
            .english()
            .starts_with("10.0.0.5 is a private network address"));
    }

    #[test]
    fn urls() {
        use OutboundRefusal as R;
        let addr = |host: &str, kind| {
            Err(R::Address {
                host: host.into(),
                kind,
            })
        };
        let cases: &[(&str, bool, Result<(), R>)] = &[
            ("https://broker.example.com", false, Ok(())),
            ("https://broker.example.com/v2/", false, Ok(())),
            ("https://broker.example.com:8443/osb?x=1", false, Ok(())),
            ("https://8.8.8.8/", false, Ok(())),
            ("https://[2606:4700:4700::1111]/", false, Ok(())),
            ("HTTPS://Broker.Example.COM", false, Ok(())),
            // plain http
            ("http://broker.example.com", false, Err(R::PlainHttp)),
            ("http://broker.example.com", true, Err(R::PlainHttp)),
            ("http://8.8.8.8", true, Err(R::PlainHttp)),
            ("http://127.0.0.1:8080", true, Ok(())),
            ("http://127.9.9.9:8080/v2", true, Ok(())),
            ("http://[::1]:8080", true, Ok(())),
            ("http://[::ffff:127.0.0.1]:8080", true, Ok(())),
            ("http://localhost:8080", true, Ok(())),
            ("http://LOCALHOST.:8080", true, Ok(())),
            ("http://broker.localhost:8080", true, Ok(())),
            ("https://localhost:8443", true, Ok(())),
            // loopback outside development
            (
                "http://127.0.0.1:8080",
                false,
                addr("127.0.0.1", K::Loopback),
            ),
            ("https://127.0.0.1", false, addr("127.0.0.1", K::Loopback)),
            ("https://localhost", false, addr("localhost", K::Loopback)),
            ("https://[::1]", false, addr("::1", K::Loopback)),
            // the URL parser normalises odd IPv4 spellings before we look
            ("https://2130706433/", false, addr("127.0.0.1", K::Loopback)),
            ("https://0x7f.1/", false, addr("127.0.0.1", K::Loopback)),
            (
                "https://0251.0376.0251.0376/",
                false,
                addr("169.254.169.254", K::Metadata),
            ),
            // non-public literals
            ("https://10.0.0.1", true, addr("10.0.0.1", K::Private)),
            (
                "http://192.168.1.10:8080",
                true,
                addr("192.168.1.10", K::Private),
            ),
            (
                "https://169.254.169.254/latest/meta-data/",
                true,
                addr("169.254.169.254", K::Metadata),
            ),
            (
                "https://[fd00:ec2::254]/",
                false,
                addr("fd00:ec2::254", K::Metadata),
            ),
            ("https://[fe80::1]/", false, addr("fe80::1", K::LinkLocal)),
            (
                "https://[::ffff:a9fe:a9fe]/",
                false,
                addr("::ffff:169.254.169.254", K::Metadata),
            ),
            (
                "https://metadata.google.internal/computeMetadata/v1/",
                false,
                addr("metadata.google.internal", K::Metadata),
            ),
            (
                "https://Metadata.Google.Internal./",
                true,
                addr("metadata.google.internal", K::Metadata),
            ),
            ("https://0.0.0.0/", true, addr("0.0.0.0", K::Unspecified)),
            // form
            (
                "https://user:pw@broker.example.com",
                false,
                Err(R::CredentialsInUrl),
            ),
            (
                "https://user@broker.example.com",
                false,
                Err(R::CredentialsInUrl),
            ),
            (
                "https://:pw@broker.example.com",
                false,
                Err(R::CredentialsInUrl),
            ),
            ("https://broker.example.com/#top", false, Err(R::Fragment)),
            ("https://broker.example.com#", false, Err(R::Fragment)),
            (
                "ftp://broker.example.com",
                false,
                Err(R::UnsupportedScheme {
                    scheme: "ftp".into(),
                }),
            ),
            (
                "file:///etc/passwd",
                true,
                Err(R::UnsupportedScheme {
                    scheme: "file".into(),
                }),
            ),
            (
                "gopher://127.0.0.1:6379/",
                true,
                Err(R::UnsupportedScheme {
                    scheme: "gopher".into(),
                }),
            ),
            ("broker.example.com", false, Err(R::NotAUrl)),
            ("", false, Err(R::NotAUrl)),
            ("https://", false, Err(R::NotAUrl)),
            ("https://exa mple.com", false, Err(R::NotAUrl)),
        ];
        for (url, development, want) in cases {
            let got = check_url(url, *development).map(|_| ());
            assert_eq!(&got, want, "{url} (development: {development})");
        }
    }

    #[test]
    fn check_url_returns_the_parsed_url() {
        let url = check_url("https://Broker.Example.com:443/v2", false).unwrap();
        assert_eq!(url.as_str(), "https://broker.example.com/v2");
    }

    #[test]
    fn redirects() {
        use OutboundRefusal as R;
        let from = Url::parse("https://broker.example.com/v2/catalog").unwrap();
        let ok: &[(&str, &str)] = &[
            ("/v2/catalog/", "https://broker.example.com/v2/catalog/"),
            ("catalog2", "https://broker.example.com/v2/catalog2"),
            (
                "https://broker.example.com/other",
                "https://broker.example.com/other",
            ),
            (
                "https://BROKER.example.com:443/x",
                "https://broker.example.com/x",
            ),
            (
                "https://broker.example.com/x#frag",
                "https://broker.example.com/x",
            ),
            ("?page=2", "https://broker.example.com/v2/catalog?page=2"),
        ];
        for (to, want) in ok {
            assert_eq!(
                same_host_redirect(&from, to).map(|u| u.to_string()),
                Ok(want.to_string()),
                "{to}"
            );
        }
        let elsewhere: &[(&str, &str)] = &[
            (
                "https://evil.example.com/v2/catalog",
                "https://evil.example.com",
            ),
            (
                "http://broker.example.com/v2/catalog",
                "http://broker.example.com",
            ),
            (
                "https://broker.example.com:8443/",
                "https://broker.example.com:8443",
            ),
            ("//169.254.169.254/latest", "https://169.254.169.254"),
            (
                "https://broker.example.com.evil.net/",
                "https://broker.example.com.evil.net",
            ),
        ];
        for (to, origin) in elsewhere {
            assert_eq!(
                same_host_redirect(&from, to),
                Err(R::RedirectElsewhere {
                    from: "https://broker.example.com".into(),
                    to: origin.to_string(),
                }),
                "{to}"
            );
        }
        assert_eq!(
            same_host_redirect(&from, "https://u:p@broker.example.com/"),
            Err(R::CredentialsInUrl)
        );
        assert_eq!(
            same_host_redirect(&from, "https://[::1"),
            Err(R::BadRedirect {
                location: "https://[::1".into()
            })
        );
        let dev = Url::parse("http://127.0.0.1:8080/v2/catalog").unwrap();
        assert!(same_host_redirect(&dev, "/v2/catalog?x").is_ok());
        assert!(same_host_redirect(&dev, "http://127.0.0.1:8081/").is_err());
        assert!(same_host_redirect(&dev, "http://localhost:8080/").is_err());
    }

    #[test]
    fn every_refusal_has_a_sentence() {
        let kinds = [
            K::Loopback,
            K::Unspecified,
            K::Private,
            K::SharedAddressSpace,
            K::LinkLocal,
            K::Metadata,
            K::Multicast,
            K::Broadcast,
            K::Documentation,
            K::Benchmarking,
            K::Reserved,
        ];
        let mut all = vec![
            OutboundRefusal::NotAUrl,
            OutboundRefusal::UnsupportedScheme {
                scheme: "ftp".into(),
            },
            OutboundRefusal::PlainHttp,
            OutboundRefusal::CredentialsInUrl,
            OutboundRefusal::Fragment,
            OutboundRefusal::NoHost,
            OutboundRefusal::RedirectElsewhere {
                from: "https://a".into(),
                to: "https://b".into(),
            },
            OutboundRefusal::BadRedirect {
                location: "x".into(),
            },
        ];
        all.extend(kinds.map(|kind| OutboundRefusal::Address {
            host: "10.0.0.1".into(),
            kind,
        }));
        for refusal in all {
            let text = refusal.english();
            assert!(text.ends_with('.'), "{refusal:?}: {text}");
            assert!(text.len() > 30, "{refusal:?}: {text}");
        }
        assert_eq!(
            OutboundRefusal::Address {
                host: "localhost".into(),
                kind: K::Loopback
            }
            .english(),
            "localhost is the console's own machine (loopback); the console calls a loopback broker only when it runs in development mode. Enter the broker's public address."
        );
    }
}
