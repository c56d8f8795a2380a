//! Which IP addresses an outgoing request may go to: the public internet, this machine, or an
//! internal range (private networks, link-local and cloud metadata, unique-local, shared
//! carrier NAT, documentation, multicast, reserved). IPv6 forms that carry an IPv4 address
//! (mapped, NAT64, 6to4) are judged by the address they carry.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Where an address leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressClass {
    /// A public address on the internet.
    Public,
    /// This machine: 127.0.0.0/8 and ::1.
    Loopback,
    /// Anything else: never reached by an address an admin or user chose.
    Internal,
}

/// IPv4 ranges that are not the public internet, as (network, prefix length). Loopback,
/// 127.0.0.0/8, is told apart before these are looked at.
const INTERNAL_V4: [(u32, u8); 14] = [
    (0x0000_0000, 8),  // 0.0.0.0/8: "this network", the unspecified address
    (0x0a00_0000, 8),  // 10.0.0.0/8: private
    (0x6440_0000, 10), // 100.64.0.0/10: carrier-grade NAT (and some clouds' metadata)
    (0xa9fe_0000, 16), // 169.254.0.0/16: link-local, cloud metadata (169.254.169.254)
    (0xac10_0000, 12), // 172.16.0.0/12: private
    (0xc000_0000, 24), // 192.0.0.0/24: IETF protocol assignments
    (0xc000_0200, 24), // 192.0.2.0/24: documentation
    (0xc058_6300, 24), // 192.88.99.0/24: former 6to4 relays
    (0xc0a8_0000, 16), // 192.168.0.0/16: private
    (0xc612_0000, 15), // 198.18.0.0/15: benchmarking
    (0xc633_6400, 24), // 198.51.100.0/24: documentation
    (0xcb00_7100, 24), // 203.0.113.0/24: documentation
    (0xe000_0000, 4),  // 224.0.0.0/4: multicast
    (0xf000_0000, 4),  // 240.0.0.0/4: reserved, and the broadcast address
];

/// IPv6 ranges inside 2000::/3 (global unicast) that are not the public internet.
const INTERNAL_V6: [(u128, u8); 3] = [
    (0x2001_0000 << 96, 23), // 2001::/23: IETF protocols (Teredo, benchmarking, ORCHID)
    (0x2001_0db8 << 96, 32), // 2001:db8::/32: documentation
    (0x3fff_0000 << 96, 20), // 3fff::/20: documentation
];

fn in_v4(ip: u32, (net, len): (u32, u8)) -> bool {
    let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
    ip & mask == net & mask
}

fn in_v6(ip: u128, (net, len): (u128, u8)) -> bool {
    let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
    ip & mask == net & mask
}

/// Where `ip` leads.
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let bits = u32::from(ip);
    if in_v4(bits, (0x7f00_0000, 8)) {
        AddressClass::Loopback
    } else if INTERNAL_V4.iter().any(|&range| in_v4(bits, range)) {
        AddressClass::Internal
    } else {
        AddressClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    if ip == Ipv6Addr::LOCALHOST {
        return AddressClass::Loopback;
    }
    // ::ffff:a.b.c.d reaches a.b.c.d itself, loopback included.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return classify_v4(v4);
    }
    let bits = u128::from(ip);
    // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) lead to the IPv4 address inside them; they
    // are public only when that address is.
    let carried = if in_v6(bits, (0x0064_ff9b << 96, 96)) {
        Some(Ipv4Addr::from(bits as u32))
    } else if in_v6(bits, (0x2002 << 112, 16)) {
        Some(Ipv4Addr::from((bits >> 80) as u32))
    } else {
        None
    };
    if let Some(v4) = carried {
        return match classify_v4(v4) {
            AddressClass::Public => AddressClass::Public,
            _ => AddressClass::Internal,
        };
    }
    // Only global unicast is public: this leaves out ::, the IPv4-compatible ::/96,
    // unique-local fc00::/7, link-local fe80::/10, site-local, multicast ff00::/8 and the rest.
    let global_unicast = in_v6(bits, (0x2 << 124, 3));
    if global_unicast && !INTERNAL_V6.iter().any(|&range| in_v6(bits, range)) {
        AddressClass::Public
    } else {
        AddressClass::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(ip: &str) -> AddressClass {
        classify(ip.parse().unwrap())
    }

    #[test]
    fn loopback_is_this_machine_in_every_form() {
        for ip in ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"] {
            assert_eq!(class(ip), AddressClass::Loopback, "{ip}");
        }
    }

    #[test]
    fn internal_ranges_are_internal_in_every_form() {
        for ip in [
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "10.255.255.255",
            "100.64.0.1",
            "100.100.100.200",
            "100.127.255.255",
            "169.254.169.254",
            "169.254.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.170",
            "192.0.2.1",
            "192.88.99.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::127.0.0.1",
            "::10.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:192.168.0.1",
            "::ffff:0.0.0.0",
            "::ffff:255.255.255.255",
            "64:ff9b::10.0.0.1",
            "64:ff9b::127.0.0.1",
            "64:ff9b:1::1",
            "2002:0a00:0001::1",
            "2002:7f00:0001::1",
            "2002:a9fe:a9fe::1",
            "fc00::1",
            "fd00::1",
            "fd00:ec2::254",
            "fdff:ffff::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "ff02::1",
            "ff05::2",
            "100::1",
            "2001::1",
            "2001:0:4136:e378::1",
            "2001:2::1",
            "2001:10::1",
            "2001:db8::1",
            "3fff::1",
        ] {
            assert_eq!(class(ip), AddressClass::Internal, "{ip}");
        }
    }

    #[test]
    fn public_addresses_are_public() {
        for ip in [
            "1.1.1.1",
            "8.8.8.8",
            "9.255.255.255",
            "11.0.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "126.255.255.255",
            "128.0.0.1",
            "169.253.255.255",
            "172.15.255.255",
            "172.32.0.1",
            "192.0.1.1",
            "192.167.255.255",
            "192.169.0.1",
            "198.17.255.255",
            "198.20.0.1",
            "223.255.255.255",
            "::ffff:8.8.8.8",
            "64:ff9b::8.8.8.8",
            "2002:0808:0808::1",
            "2001:200::1",
            "2001:4860:4860::8888",
            "2606:4700:4700::1111",
            "2a00:1450:400e::200e",
            "3ffe::1",
        ] {
            assert_eq!(class(ip), AddressClass::Public, "{ip}");
        }
    }
}
