//! Who is asking: the address of the client behind a request, for the
//! limits that keep one client from harming others. Behind a reverse proxy
//! every connection comes from the proxy; a proxy named in
//! `SENGKETA_TRUSTED_PROXIES` says who it forwards in `X-Forwarded-For`.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// The client's address: the connection's peer, or, when the peer is a
/// trusted proxy, the last address in `X-Forwarded-For` that is not one
/// (what a client writes there itself comes before and is not believed).
pub fn address(req: &HttpRequest, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|a| !trusted.contains(a))
            .unwrap_or(peer),
    )
}

/// The client as the mail budgets record it.
pub fn key(req: &HttpRequest, trusted: &[IpAddr]) -> String {
    address(req, trusted)
        .map(|a| a.to_string())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_forwarded_address_is_believed_only_from_a_trusted_proxy() {
        let req = TestRequest::default()
            .peer_addr("10.0.0.5:4000".parse().unwrap())
            .insert_header(("x-forwarded-for", "1.2.3.4"))
            .to_http_request();
        assert_eq!(address(&req, &[]), Some(ip("10.0.0.5")));
        assert_eq!(address(&req, &[ip("10.0.0.5")]), Some(ip("1.2.3.4")));
    }

    #[test]
    fn what_the_client_wrote_itself_is_not_believed() {
        let req = TestRequest::default()
            .peer_addr("10.0.0.5:4000".parse().unwrap())
            .insert_header(("x-forwarded-for", "6.6.6.6, 1.2.3.4, 10.0.0.6"))
            .to_http_request();
        let trusted = [ip("10.0.0.5"), ip("10.0.0.6")];
        assert_eq!(address(&req, &trusted), Some(ip("1.2.3.4")));
    }
}
