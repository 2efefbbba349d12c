//! Tests of `outbound`: address classification in both modes, URL and redirect checks, refusal sentences.

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
