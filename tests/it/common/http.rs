//! The tests' HTTP client: HTTP/1.1 over hyper, as plain as a script's
//! client. It keeps connections alive, follows no redirect, asks for no
//! compression and reads each answer whole.

use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::{HeaderMap, Method, Request, StatusCode};
use hyper_util::client::legacy::{connect::HttpConnector, Client as Hyper};
use hyper_util::rt::TokioExecutor;

/// Larger answers are an error: nothing the app sends a test is this big.
const BODY_LIMIT: usize = 64 * 1024 * 1024;

pub struct Client {
    inner: Hyper<HttpConnector, Full<Bytes>>,
    timeout: Duration,
}

pub struct RequestBuilder<'a> {
    client: &'a Client,
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
}

/// An answer, read whole.
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Client {
    /// A client that gives up on an answer after `timeout`.
    pub fn new(timeout: Duration) -> Client {
        Client {
            inner: Hyper::builder(TokioExecutor::new()).build_http(),
            timeout,
        }
    }

    /// A client whose connections leave from `local`, another address of
    /// the loopback network: to the server, another visitor.
    pub fn from_address(timeout: Duration, local: std::net::IpAddr) -> Client {
        let mut connector = HttpConnector::new();
        connector.set_local_address(Some(local));
        Client {
            inner: Hyper::builder(TokioExecutor::new()).build(connector),
            timeout,
        }
    }

    pub fn get(&self, url: impl Into<String>) -> RequestBuilder<'_> {
        self.request(Method::GET, url)
    }

    pub fn post(&self, url: impl Into<String>) -> RequestBuilder<'_> {
        self.request(Method::POST, url)
    }

    pub fn request(&self, method: Method, url: impl Into<String>) -> RequestBuilder<'_> {
        RequestBuilder {
            client: self,
            method,
            url: url.into(),
            headers: Vec::new(),
        }
    }
}

impl RequestBuilder<'_> {
    /// Sets a header, replacing one of the same name set before.
    pub fn insert_header(mut self, (name, value): (impl AsRef<str>, impl AsRef<str>)) -> Self {
        let name = name.as_ref().to_ascii_lowercase();
        self.headers.retain(|(k, _)| *k != name);
        self.headers.push((name, value.as_ref().to_string()));
        self
    }

    pub async fn send(self) -> Result<Response, String> {
        self.send_body(Vec::new()).await
    }

    /// Sends fields as `application/x-www-form-urlencoded`.
    pub async fn send_form(self, fields: &[(&str, &str)]) -> Result<Response, String> {
        let body = serde_urlencoded::to_string(fields).map_err(|e| e.to_string())?;
        self.insert_header(("content-type", "application/x-www-form-urlencoded"))
            .send_body(body.into_bytes())
            .await
    }

    pub async fn send_body(self, body: Vec<u8>) -> Result<Response, String> {
        let mut req = Request::builder().method(self.method).uri(&self.url);
        for (k, v) in &self.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let req = req
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| format!("{}: {e}", self.url))?;
        let client = &self.client.inner;
        let exchange = async move {
            let res = client.request(req).await.map_err(|e| format!("{e:?}"))?;
            let (parts, body) = res.into_parts();
            let body = Limited::new(body, BODY_LIMIT)
                .collect()
                .await
                .map_err(|e| e.to_string())?
                .to_bytes();
            Ok(Response {
                status: parts.status,
                headers: parts.headers,
                body,
            })
        };
        actix_web::rt::time::timeout(self.client.timeout, exchange)
            .await
            .map_err(|_| format!("no answer within {:?}", self.client.timeout))?
    }
}

impl Response {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn body(&self) -> &Bytes {
        &self.body
    }
}
