//! What the pages of the two release streams share (`/observatoire/accompagnement`,
//! `/observatoire/prevention`): the release a page shows (the newest, or the one its query asks
//! for), the links to every release, and the links to a release's open-data files.

use std::fmt::Display;
use std::str::FromStr;

use axum::extract::RawQuery;

use super::NavLink;
use crate::state::AppState;
use crate::{Lang, PageError};

/// The release a page shows, and the links to every release (the shown one current).
pub(crate) struct Chosen<'r, R> {
    /// The release shown: `None` before the first.
    pub release: Option<&'r R>,
    /// A link to each release, in the list's order.
    pub links: Vec<NavLink>,
}

/// The release of `releases` (newest first) that the query's `param` asks for, or the newest; `key`
/// names a release, `label` says a key in words. `Err` is the 404 for a key without one.
pub(crate) fn chosen<'r, R, K: FromStr + PartialEq + Display>(
    (state, lang): (&AppState, Lang),
    (path, param): (&str, &str),
    query: &RawQuery,
    releases: &'r [R],
    (key, label): (impl Fn(&R) -> K, impl Fn(&K) -> String),
) -> Result<Chosen<'r, R>, PageError> {
    let asked = query.0.as_deref().and_then(|q| {
        q.split('&')
            .find_map(|p| p.strip_prefix(param)?.strip_prefix('='))
    });
    let release = match asked {
        None | Some("") => releases.first(),
        Some(raw) => {
            let found = raw
                .parse::<K>()
                .ok()
                .and_then(|k| releases.iter().find(|r| key(r) == k));
            match found {
                Some(r) => Some(r),
                None => return Err(PageError::not_found(lang).with_config(&state.web)),
            }
        }
    };
    let links = releases
        .iter()
        .map(|r| {
            let k = key(r);
            NavLink {
                href: format!("{}?{param}={k}", lang.path(path)),
                current: release.is_some_and(|x| key(x) == k),
                label: label(&k),
            }
        })
        .collect();
    Ok(Chosen { release, links })
}

/// The links to a release's files (`/api/v1/{segment}/{key}/figures.csv` and `.json`), named by
/// the messages `{prefix}-download-csv` and `-json`.
pub(crate) fn files(
    lang: Lang,
    (segment, key): (&str, &dyn Display),
    prefix: &str,
) -> Vec<NavLink> {
    ["csv", "json"]
        .iter()
        .map(|ext| NavLink {
            href: format!("/api/v1/{segment}/{key}/figures.{ext}"),
            label: lang.t(&format!("{prefix}-download-{ext}")),
            current: false,
        })
        .collect()
}
