//! Pulling a member city's feed (issue 14, item 2): HTTPS (plain HTTP to loopback only, for tests),
//! no redirect followed (a member must not send the hub to another address), no proxy, timeouts, and
//! every body read under a size limit. What is fetched is checked by [`crate::federation`] before it is
//! returned. `held.rs` stores what a pull verified and runs the scheduled pull of `[federation]`;
//! `status.rs` shows each member's state to the hub's admin and lets them confirm a new key.

mod held;
mod status;

use std::net::IpAddr;
use std::time::Duration;

use reqwest::Url;
use serde::{Deserialize, Serialize};

use crate::federation::{
    MAX_SIGNED_BYTES, MemberTrust, Refusal, VerifiedEdition, accept_description, read_key_set,
    verify_edition,
};

pub use held::{Federation, PULL_JOB, PullReport, held_editions};
pub use status::MemberStatus;

/// Most bytes of one data file (the GeoJSON of a city with many areas is a few MiB).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;
/// Most editions taken in one pull (the rest come at the next).
pub const MAX_EDITIONS_PER_PULL: usize = 24;

/// A member city, as the hub's configuration names it (`[[federation.members]]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Its name, for the status page.
    pub name: String,
    /// Its INSEE code: every document it signs must name it.
    pub insee: String,
    /// Its server's base address (`https://vigie.example.org`).
    pub url: String,
    /// Its key's fingerprint (RFC 7638 thumbprint), exchanged out of band.
    pub fingerprint: String,
}

/// Why a pull stopped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PullError {
    /// The address may not be used: not HTTPS, and not plain HTTP to a loopback address.
    #[error("address refused: {0}")]
    Address(String),
    /// No answer, a timeout, or a broken connection: the member shows as stale.
    #[error("unreachable: {0}")]
    Unreachable(String),
    /// An answer other than 200.
    #[error("{url} answered {status}")]
    Status {
        /// The address.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The feed was refused.
    #[error(transparent)]
    Refused(#[from] Refusal),
}

/// Whether `kid` has the shape of an RFC 7638 thumbprint of an Ed25519 key (43 base64url
/// characters), as a member's fingerprint must.
pub fn is_fingerprint(kid: &str) -> bool {
    kid.len() == 43
        && kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `url` may be pulled: `https://`, or `http://` to a loopback address.
pub fn check_member_url(url: &str) -> Result<Url, PullError> {
    let parsed = Url::parse(url).map_err(|_| PullError::Address(format!("{url} is not a URL")))?;
    let host = parsed
        .host_str()
        .unwrap_or_default()
        .trim_start_matches('[')
        .trim_end_matches(']');
    let loopback = host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" if parsed.host().is_some() => Ok(parsed),
        "http" if loopback => Ok(parsed),
        _ => Err(PullError::Address(format!(
            "{url}: a member is pulled over https:// (plain http only to a loopback address)"
        ))),
    }
}

/// The hub's HTTP client: no redirects, no proxy, timeouts.
pub fn client(timeout: Duration) -> Result<reqwest::Client, PullError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .timeout(timeout)
        .user_agent(concat!("vigie-hub/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| PullError::Unreachable(e.to_string()))
}

/// GETs `path` under `base`, reading at most `max` bytes (more is [`Refusal::Oversized`]).
async fn get(
    client: &reqwest::Client,
    base: &Url,
    path: &str,
    max: usize,
) -> Result<Vec<u8>, PullError> {
    let url = base
        .join(path)
        .map_err(|_| PullError::Address(format!("{base}{path}")))?;
    let mut r = client
        .get(url.clone())
        .send()
        .await
        .map_err(|e| PullError::Unreachable(e.without_url().to_string()))?;
    if r.status() != reqwest::StatusCode::OK {
        return Err(PullError::Status {
            url: url.to_string(),
            status: r.status().as_u16(),
        });
    }
    if r.content_length().is_some_and(|n| n > max as u64) {
        return Err(Refusal::Oversized(max).into());
    }
    let mut body = Vec::new();
    while let Some(chunk) = r
        .chunk()
        .await
        .map_err(|e| PullError::Unreachable(e.without_url().to_string()))?
    {
        if body.len() + chunk.len() > max {
            return Err(Refusal::Oversized(max).into());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// An edition pulled and verified, with its files (name, bytes), each checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pulled {
    /// The verified edition (its document exactly as signed).
    pub edition: VerifiedEdition,
    /// Its files, each matching its signed digest.
    pub files: Vec<(String, Vec<u8>)>,
}

/// What one pull got: the editions verified (oldest first) and the trust to keep; `stopped` says why
/// it stopped early, if it did (what was verified before stays good).
#[derive(Debug)]
pub struct PullOutcome {
    /// Verified editions, oldest first.
    pub pulled: Vec<Pulled>,
    /// The member's trust after the pull.
    pub trust: MemberTrust,
    /// The refusal or failure that stopped the pull.
    pub stopped: Option<PullError>,
}

#[derive(Deserialize)]
struct ListItem {
    id: String,
    period: String,
    version: u32,
}

/// Pulls `member`'s feed from `trust` (a new member: `MemberTrust` with its fingerprint as current).
pub async fn pull_member(
    client: &reqwest::Client,
    member: &Member,
    trust: &MemberTrust,
) -> PullOutcome {
    let mut out = PullOutcome {
        pulled: Vec::new(),
        trust: trust.clone(),
        stopped: None,
    };
    if let Err(e) = pull_into(client, member, &mut out).await {
        out.stopped = Some(e);
    }
    out
}

async fn pull_into(
    client: &reqwest::Client,
    member: &Member,
    out: &mut PullOutcome,
) -> Result<(), PullError> {
    let base = check_member_url(&member.url)?;
    let keys =
        read_key_set(&get(client, &base, "/.well-known/jwks.json", MAX_SIGNED_BYTES).await?)?;
    let description = get(client, &base, "/.well-known/vigie.json", MAX_SIGNED_BYTES).await?;
    accept_description(&mut out.trust, &member.insee, &keys, &description)?;
    let list = get(client, &base, "/api/v1/editions", MAX_SIGNED_BYTES).await?;
    let mut items: Vec<ListItem> =
        serde_json::from_slice(&list).map_err(|_| Refusal::Malformed("the list of editions"))?;
    items.sort_by(|a, b| (&a.period, a.version).cmp(&(&b.period, b.version)));
    let held = out.trust.held.clone();
    let newer = items.into_iter().filter(|i| {
        held.as_ref()
            .is_none_or(|(p, v)| (i.period.as_str(), i.version) > (p.as_str(), *v))
    });
    for item in newer.take(MAX_EDITIONS_PER_PULL) {
        // The id is only a name to fetch; what counts is the signed document.
        if !item
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
        {
            return Err(Refusal::Malformed("an edition id").into());
        }
        let jws = get(
            client,
            &base,
            &format!("/api/v1/editions/{}.jws", item.id),
            MAX_SIGNED_BYTES,
        )
        .await?;
        let edition = verify_edition(&out.trust, &member.insee, &keys, &jws)?;
        let mut files = Vec::with_capacity(edition.files.len());
        for f in &edition.files {
            let expected = format!("/api/v1/editions/{}/{}", edition.id, f.name);
            if f.url != expected {
                return Err(Refusal::Malformed("a file's address is not the edition's").into());
            }
            let bytes = get(client, &base, &f.url, MAX_FILE_BYTES).await?;
            edition.check_file(&f.name, &bytes)?;
            files.push((f.name.clone(), bytes));
        }
        out.trust.held = Some((edition.period.clone(), edition.version));
        out.pulled.push(Pulled { edition, files });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_pulled_over_https_or_loopback_only() {
        for ok in [
            "https://vigie.example.org",
            "http://127.0.0.1:8080",
            "http://[::1]:9",
            "http://localhost:1",
        ] {
            assert!(check_member_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://vigie.example.org",
            "http://10.0.0.1",
            "ftp://x",
            "file:///etc/passwd",
            "nonsense",
        ] {
            assert!(check_member_url(bad).is_err(), "{bad}");
        }
    }
}
