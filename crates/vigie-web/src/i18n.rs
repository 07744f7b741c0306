//! Languages and translated messages (Fluent, `locales/{fr,en}/main.ftl`).
//!
//! French is the original text and the fallback; English is a faithful translation.
//! French pages live at `/…`, English ones at `/en/…`: the language comes from the
//! path, never from a cookie or `Accept-Language`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::convert::Infallible;

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use vigie_domain::role::Role;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // No Unicode isolation marks around placeables: the strings go into HTML,
        // titles and headers where the marks would only get in the way.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

const FR: LanguageIdentifier = langid!("fr");
const EN: LanguageIdentifier = langid!("en");

/// An interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// French, the original and the default (`/…`).
    Fr,
    /// English (`/en/…`).
    En,
}

impl Lang {
    /// Every language, French first.
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// The BCP 47 code, for `lang` and `hreflang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The path prefix: `""` for French, `"/en"` for English.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::Fr => "",
            Lang::En => "/en",
        }
    }

    /// The writing direction, for the `dir` attribute (`"ltr"`; Arabic would be `"rtl"`).
    pub fn dir(self) -> &'static str {
        "ltr"
    }

    /// The other language, for the language switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    /// The address of the language-neutral path `p` in this language:
    /// `Lang::En.path("/espace/connexion") == "/en/espace/connexion"`,
    /// `Lang::Fr.path("/espace/connexion") == "/espace/connexion"`, and
    /// `Lang::En.path("/") == "/en/"`.
    pub fn path(self, p: &str) -> String {
        let p = if p.starts_with('/') {
            Cow::Borrowed(p)
        } else {
            Cow::Owned(format!("/{p}"))
        };
        format!("{}{}", self.prefix(), p)
    }

    /// The language of a request path: English when it is `/en` or starts with `/en/`.
    pub fn from_path(path: &str) -> Lang {
        if path == "/en" || path.starts_with("/en/") {
            Lang::En
        } else {
            Lang::Fr
        }
    }

    /// The language-neutral form of a request path (the `/en` prefix removed):
    /// `"/en/aide"` gives `"/aide"`, `"/en"` gives `"/"`.
    pub fn neutral_path(path: &str) -> &str {
        match path.strip_prefix("/en") {
            Some("") => "/",
            Some(rest) if rest.starts_with('/') => rest,
            _ if path.is_empty() => "/",
            _ => path,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    /// The message `key` in this language; the key itself when it is missing.
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` with variables, e.g.
    /// `lang.t_args("staff-login-throttled", &[("seconds", 30.to_string())])`.
    /// Missing key: the key itself.
    pub fn t_args(self, key: &str, args: &[(&str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| {
                (
                    Cow::Owned((*name).to_owned()),
                    FluentValue::from(value.as_str()),
                )
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The translated name of a staff role (`staff-role-<role>` keys).
    pub fn role_name(self, role: Role) -> String {
        self.t(&format!("staff-role-{}", role.as_str()))
    }
}

/// The language of the request, from its path (`/en/…` or not). Never rejects.
impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map_or_else(|| parts.uri.path(), |o| o.0.path());
        Ok(Lang::from_path(path))
    }
}

#[cfg(test)]
#[path = "i18n_tests.rs"]
mod tests;
