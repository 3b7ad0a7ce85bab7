//! Network addresses: which ones an outbound request may reach, and which address an inbound
//! request came from.
//!
//! A link a person pastes is fetched by the server, so without the outbound guard anyone signed in
//! could make Careerhub read its own loopback services, the cloud's metadata address or the
//! operator's private network. Inbound, `X-Forwarded-For` is anyone's to write: it names the
//! client only when the proxies that appended to it are ones the operator trusts.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// An address block: "10.0.0.0/8", "fd00::/8", or one address ("127.0.0.1").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    address: IpAddr,
    prefix: u8,
}

impl FromStr for Network {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (address, prefix) = text.split_once('/').unwrap_or((text, ""));
        let address: IpAddr = address
            .parse()
            .map_err(|_| format!("“{text}” is not an IP address or block"))?;
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = if prefix.is_empty() {
            bits
        } else {
            prefix
                .parse()
                .ok()
                .filter(|prefix| *prefix <= bits)
                .ok_or_else(|| format!("“{text}” has no prefix length from 0 to {bits}"))?
        };
        Ok(Self { address, prefix })
    }
}

impl Network {
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.address, unmapped(address)) {
            (IpAddr::V4(block), IpAddr::V4(address)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(block) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(block), IpAddr::V6(address)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(block) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address written as IPv6 (::ffff:127.0.0.1) is the IPv4 address.
fn unmapped(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// Whether `address` is on the public internet: not loopback, private, link-local (the cloud
/// metadata address 169.254.169.254), shared (carrier NAT), unspecified, broadcast, multicast,
/// documentation or otherwise reserved.
pub fn is_public(address: IpAddr) -> bool {
    match unmapped(address) {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => public_v6(v6),
    }
}

fn public_v4(address: Ipv4Addr) -> bool {
    let [a, b, c, _] = address.octets();
    !(address.is_unspecified()
        || address.is_loopback()
        || address.is_private()
        || address.is_link_local()
        || address.is_broadcast()
        || address.is_multicast()
        || address.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space, RFC 6598
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 240) // reserved
}

fn public_v6(address: Ipv6Addr) -> bool {
    let first = address.segments()[0];
    !(address.is_unspecified()
        || address.is_loopback()
        || address.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
        || first == 0x2001 && address.segments()[1] == 0x0db8 // documentation
        || first == 0x0064 && address.segments()[1] == 0xff9b // NAT64 (reaches IPv4 inside)
        || first == 0x2002) // 6to4 (reaches IPv4 inside)
}

/// Whether a request may reach `address`: a public one, or one inside a block the operator
/// allowed (an intranet job board).
pub fn reachable(address: IpAddr, allowed: &[Network]) -> bool {
    is_public(address) || allowed.iter().any(|block| block.contains(address))
}

/// Where a request came from, as the server's middleware worked it out (`client_address`); what
/// the audit log records and per-IP limits count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// The client behind a request from `peer` carrying these `X-Forwarded-For` values (in header
/// order). Each trusted proxy appends the address it was connected from, so the list is read from
/// the right: while the hop is a trusted proxy, the entry before it is believed; the first
/// untrusted address is the client. An unreadable entry ends the walk at the last believed hop,
/// so nothing an untrusted party wrote further left is ever used.
pub fn client_address<'a>(
    peer: IpAddr,
    forwarded_for: impl Iterator<Item = &'a str>,
    trusted: &[Network],
) -> IpAddr {
    let is_trusted = |address: IpAddr| trusted.iter().any(|block| block.contains(address));
    let peer = unmapped(peer);
    if !is_trusted(peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded_for.flat_map(|value| value.split(',')).collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Some(address) = forwarded_address(hop) else {
            break;
        };
        client = address;
        if !is_trusted(address) {
            break;
        }
    }
    client
}

/// One `X-Forwarded-For` entry: an address, optionally with a port ("[2001:db8::1]:443",
/// "192.0.2.1:8080"), as proxies write them.
fn forwarded_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    let address = entry.parse::<IpAddr>().ok().or_else(|| {
        entry
            .parse::<std::net::SocketAddr>()
            .ok()
            .map(|socket| socket.ip())
    })?;
    Some(unmapped(address))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for address in [
            "127.0.0.1",
            "127.1.2.3",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
        ] {
            assert!(!is_public(address.parse().unwrap()), "{address}");
        }
        for address in [
            "93.184.215.14",
            "1.1.1.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(address.parse().unwrap()), "{address}");
        }
    }

    #[test]
    fn blocks_contain_their_addresses_and_read_from_text() {
        let block: Network = "10.20.0.0/16".parse().unwrap();
        assert!(block.contains("10.20.255.1".parse().unwrap()));
        assert!(!block.contains("10.21.0.1".parse().unwrap()));
        let one: Network = "127.0.0.1".parse().unwrap();
        assert!(one.contains("127.0.0.1".parse().unwrap()));
        assert!(one.contains("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!one.contains("127.0.0.2".parse().unwrap()));
        let everything: Network = "0.0.0.0/0".parse().unwrap();
        assert!(everything.contains("8.8.8.8".parse().unwrap()));
        let v6: Network = "fd00::/8".parse().unwrap();
        assert!(v6.contains("fd12::1".parse().unwrap()));
        assert!(!v6.contains("10.0.0.1".parse().unwrap()));
        for bad in ["", "10.0.0.0/33", "example.com", "::/129", "10.0.0.0/x"] {
            assert!(bad.parse::<Network>().is_err(), "{bad}");
        }
        assert!(reachable("127.0.0.1".parse().unwrap(), &[one]));
        assert!(!reachable("127.0.0.2".parse().unwrap(), &[one]));
    }

    #[test]
    fn forwarded_for_names_the_client_only_through_trusted_proxies() {
        let trusted: Vec<Network> =
            vec!["10.0.0.0/8".parse().unwrap(), "127.0.0.1".parse().unwrap()];
        let ip = |text: &str| text.parse::<IpAddr>().unwrap();
        let client = |peer: &str, headers: &[&str]| {
            client_address(ip(peer), headers.iter().copied(), &trusted)
        };
        // Straight from the internet: whatever the header says, the peer is the client.
        assert_eq!(client("198.51.100.7", &["203.0.113.9"]), ip("198.51.100.7"));
        // Through one trusted proxy.
        assert_eq!(client("10.0.0.5", &["203.0.113.9"]), ip("203.0.113.9"));
        // A client that forges an entry: the proxy appends the real address after it.
        assert_eq!(
            client("10.0.0.5", &["1.2.3.4, 203.0.113.9"]),
            ip("203.0.113.9")
        );
        // Two trusted proxies in a row, two header lines, ports and brackets.
        assert_eq!(
            client("127.0.0.1", &["1.2.3.4", "[2001:db8::9]:443, 10.1.1.1"]),
            ip("2001:db8::9")
        );
        assert_eq!(client("10.0.0.5", &["192.0.2.1:8080"]), ip("192.0.2.1"));
        // Nothing forwarded, or nothing readable: the last trusted hop.
        assert_eq!(client("10.0.0.5", &[]), ip("10.0.0.5"));
        assert_eq!(client("10.0.0.5", &["unknown"]), ip("10.0.0.5"));
        assert_eq!(
            client("10.0.0.5", &["1.2.3.4, garbage, 10.2.2.2"]),
            ip("10.2.2.2")
        );
        // Only trusted hops: the leftmost is as far as anyone can tell.
        assert_eq!(client("10.0.0.5", &["10.3.3.3"]), ip("10.3.3.3"));
        // No proxies configured: the header is ignored.
        assert_eq!(
            client_address(ip("127.0.0.1"), ["203.0.113.9"].into_iter(), &[]),
            ip("127.0.0.1")
        );
        assert_eq!(
            client("::ffff:10.0.0.5", &["::ffff:203.0.113.9"]),
            ip("203.0.113.9")
        );
    }
}
