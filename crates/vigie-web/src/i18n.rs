//! Languages and translated messages (Fluent, `locales/{fr,en,ar}/*.ftl`).
//!
//! French is the original text and the fallback; English is a faithful translation; Arabic
//! (right to left) covers the pages a reporter or a victim uses ([`REPORTER_PATHS`]) and awaits
//! proofreading by native speakers. French pages live at `/…`, English ones at `/en/…`, Arabic
//! ones at `/ar/…`: the language comes from the path, never from a cookie or `Accept-Language`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::convert::Infallible;

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use vigie_domain::{AuditKind, Role};

use crate::request_log::REPORTER_PATHS;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // No Unicode isolation marks around placeables: the strings go into HTML,
        // titles and headers where the marks would only get in the way.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static FR: LanguageIdentifier = langid!("fr");
static EN: LanguageIdentifier = langid!("en");
static AR: LanguageIdentifier = langid!("ar");

/// An interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// French, the original and the default (`/…`).
    Fr,
    /// English (`/en/…`).
    En,
    /// Arabic, right to left (`/ar/…`), for the reporter's and victim's pages only.
    Ar,
}

/// Whether `path` is `base` or lies below it (`/suivi/retirer` below `/suivi`, not `/suivisme`).
pub(crate) fn is_at_or_below(path: &str, base: &str) -> bool {
    path.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

impl Lang {
    /// Every language, French first.
    pub const ALL: [Lang; 3] = [Lang::Fr, Lang::En, Lang::Ar];

    /// The BCP 47 code, for `lang` and `hreflang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    /// The language's name in itself, for the language switch (the same in every page).
    pub fn autonym(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
            Lang::Ar => "العربية",
        }
    }

    /// The path prefix: `""` for French, `"/en"` for English, `"/ar"` for Arabic.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::Fr => "",
            Lang::En => "/en",
            Lang::Ar => "/ar",
        }
    }

    /// The writing direction, for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Fr | Lang::En => "ltr",
            Lang::Ar => "rtl",
        }
    }

    /// Whether this language's texts are a translation that native speakers have not proofread
    /// yet: its pages say so at their top, in the language and in French.
    pub fn unreviewed(self) -> bool {
        self == Lang::Ar
    }

    /// Whether the page at the language-neutral path `p` exists in this language: every page in
    /// French and English, the reporter's and victim's pages ([`REPORTER_PATHS`] and below) in
    /// Arabic, and its root `/ar/`, which leads to the help page (so that the home page offers
    /// Arabic, and an Arabic page's "home" stays in Arabic).
    pub fn has_page(self, p: &str) -> bool {
        match self {
            Lang::Fr | Lang::En => true,
            Lang::Ar => p == "/" || REPORTER_PATHS.iter().any(|base| is_at_or_below(p, base)),
        }
    }

    /// The other languages the page at the language-neutral path `p` exists in, for the language
    /// switch and the `hreflang` alternates.
    pub fn alternates(self, p: &str) -> impl Iterator<Item = Lang> + '_ {
        Lang::ALL
            .into_iter()
            .filter(move |&l| l != self && l.has_page(p))
    }

    /// The language a link from a page in this language to the language-neutral path `p` leads
    /// to: this one when the page exists in it, else French (the original, which has every page).
    pub fn link_lang(self, p: &str) -> Lang {
        if self.has_page(p) { self } else { Lang::Fr }
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

    /// The language of a request path: the language whose prefix it is or starts with (`/en`,
    /// `/en/…`, `/ar/…`), else French.
    pub fn from_path(path: &str) -> Lang {
        Lang::ALL
            .into_iter()
            .find(|l| !l.prefix().is_empty() && is_at_or_below(path, l.prefix()))
            .unwrap_or(Lang::Fr)
    }

    /// The language-neutral form of a request path (the language prefix removed):
    /// `"/en/aide"` gives `"/aide"`, `"/ar"` gives `"/"`.
    pub fn neutral_path(path: &str) -> &str {
        match path.strip_prefix(Lang::from_path(path).prefix()) {
            Some("") | None => "/",
            Some(rest) => rest,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
            Lang::Ar => &AR,
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
    /// Missing key: the key itself. Values that are integers are passed as numbers.
    pub fn t_args(self, key: &str, args: &[(&str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| {
                // Numbers go in as numbers, so that plural variants (`[one]`, `*[other]`) apply.
                let value = match value.parse::<i64>() {
                    Ok(n) => FluentValue::from(n),
                    Err(_) => FluentValue::from(value.as_str()),
                };
                (Cow::Owned((*name).to_owned()), value)
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

    /// The translated name of an audit event kind (`staff-audit-kind-<kind>` keys).
    pub fn audit_kind_name(self, kind: AuditKind) -> String {
        self.t(&format!(
            "staff-audit-kind-{}",
            kind.as_str().replace('_', "-")
        ))
    }
}

/// The language of the request, from its path (`/en/…`, `/ar/…` or neither). Never rejects.
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
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    /// Every `.ftl` file of a locale directory, concatenated: the loader reads them all, so the
    /// checks below must too (one file per area keeps merges apart).
    fn locale(code: &str) -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(code);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no .ftl file in {dir:?}");
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap() + "\n")
            .collect()
    }

    /// Message and term ids of a Fluent file, each with the variables it uses.
    /// A deliberately small parser: an entry starts at column 0 with `id =`.
    fn entries(ftl: &str) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut current: Option<String> = None;
        for line in ftl.lines() {
            let starts_entry = line
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '-');
            let body = if starts_entry {
                let Some((id, body)) = line.split_once('=') else {
                    panic!("entry line without `=`: {line}");
                };
                let id = id.trim().to_owned();
                assert!(!out.contains_key(&id), "duplicate key {id}");
                out.insert(id.clone(), BTreeSet::new());
                current = Some(id);
                body
            } else if line.starts_with('#') || line.trim().is_empty() {
                continue;
            } else {
                line
            };
            if let Some(id) = &current {
                let vars = out.entry(id.clone()).or_default();
                for piece in body.split("{ $").skip(1) {
                    let name: String = piece
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                        .collect();
                    vars.insert(name);
                }
            }
        }
        out
    }

    #[test]
    fn every_key_exists_in_both_languages_with_the_same_variables() {
        let fr = entries(&locale("fr"));
        let en = entries(&locale("en"));
        assert!(fr.len() > 100, "parsed only {} French keys", fr.len());
        let fr_keys: BTreeSet<_> = fr.keys().collect();
        let en_keys: BTreeSet<_> = en.keys().collect();
        let only_fr: Vec<_> = fr_keys.difference(&en_keys).collect();
        let only_en: Vec<_> = en_keys.difference(&fr_keys).collect();
        assert!(only_fr.is_empty(), "missing in en: {only_fr:?}");
        assert!(only_en.is_empty(), "missing in fr: {only_en:?}");
        for (key, vars) in &fr {
            assert_eq!(Some(vars), en.get(key), "variables differ for {key}");
        }
    }

    #[test]
    fn every_key_resolves_in_both_languages() {
        for (key, vars) in entries(&locale("fr"))
            .iter()
            .filter(|(k, _)| !k.starts_with('-'))
        {
            let args: Vec<(&str, String)> = vars.iter().map(|v| (v.as_str(), "7".into())).collect();
            for lang in Lang::ALL {
                let text = lang.t_args(key, &args);
                assert_ne!(&text, key, "{key} does not resolve in {lang:?}");
                assert!(!text.trim().is_empty(), "{key} is empty in {lang:?}");
            }
        }
    }

    #[test]
    fn every_key_used_by_a_template_exists() {
        let fr = entries(&locale("fr"));
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates"
        ))];
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for marker in ["ctx.t(\"", "ctx.t1(\""] {
                    for piece in text.split(marker).skip(1) {
                        let key = piece.split('"').next().unwrap_or_default();
                        assert!(fr.contains_key(key), "{key} used in {path:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 20, "only {checked} keys found in templates");
    }

    #[test]
    fn lookups_and_fallbacks() {
        assert_eq!(Lang::Fr.t("site-name"), "vigie");
        assert_eq!(Lang::En.t("nav-report"), "Report");
        assert_eq!(Lang::Fr.t("no-such-key"), "no-such-key");
        assert_eq!(
            Lang::Fr.t_args("staff-login-throttled", &[("seconds", "30".into())]),
            "Trop de tentatives. Réessayez dans 30 secondes."
        );
        assert_eq!(
            Lang::En.t_args("staff-dashboard-hello", &[("name", "Leila".into())]),
            "Hello Leila"
        );
        assert_eq!(
            Lang::Fr.role_name(Role::Custodian),
            "Garant·e des identités"
        );
        for lang in Lang::ALL {
            for &role in Role::ALL {
                assert!(!lang.role_name(role).starts_with("staff-"), "{role}");
            }
            for &kind in AuditKind::ALL {
                assert!(!lang.audit_kind_name(kind).starts_with("staff-"), "{kind}");
            }
        }
    }

    #[test]
    fn paths() {
        assert_eq!(Lang::En.path("/espace/connexion"), "/en/espace/connexion");
        assert_eq!(Lang::Fr.path("/espace/connexion"), "/espace/connexion");
        assert_eq!(Lang::En.path("/"), "/en/");
        assert_eq!(Lang::Fr.path("aide"), "/aide");
        assert_eq!(Lang::from_path("/en"), Lang::En);
        assert_eq!(Lang::from_path("/en/aide"), Lang::En);
        assert_eq!(Lang::from_path("/enquete"), Lang::Fr);
        assert_eq!(Lang::neutral_path("/en"), "/");
        assert_eq!(Lang::neutral_path("/en/"), "/");
        assert_eq!(Lang::neutral_path("/en/aide"), "/aide");
        assert_eq!(Lang::neutral_path("/enquete"), "/enquete");
        assert_eq!(Lang::neutral_path(""), "/");
        assert_eq!(Lang::from_path("/ar"), Lang::Ar);
        assert_eq!(Lang::from_path("/ar/suivi/retirer"), Lang::Ar);
        assert_eq!(Lang::from_path("/arbre"), Lang::Fr);
        assert_eq!(Lang::neutral_path("/ar/"), "/");
        assert_eq!(Lang::neutral_path("/ar/signaler/suite"), "/signaler/suite");
        assert_eq!(Lang::Ar.path("/aide"), "/ar/aide");
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::Fr.dir(), "ltr");
        let others = |l: Lang, p: &str| l.alternates(p).collect::<Vec<_>>();
        assert_eq!(others(Lang::Fr, "/aide"), [Lang::En, Lang::Ar]);
        assert_eq!(others(Lang::Ar, "/suivi/retirer"), [Lang::Fr, Lang::En]);
        assert_eq!(others(Lang::Fr, "/observatoire"), [Lang::En]);
        assert_eq!(others(Lang::En, "/espace"), [Lang::Fr]);
        assert!(!Lang::Ar.has_page("/suivisme"));
        assert_eq!(Lang::Ar.link_lang("/observatoire"), Lang::Fr);
        assert_eq!(Lang::Ar.link_lang("/signaler/suite"), Lang::Ar);
    }

    /// Key prefixes of the pages that exist in French and English only (the staff area, the
    /// observatory, the home page, the accessibility statement): Arabic needs none of them.
    const FR_EN_ONLY: [&str; 8] = [
        "staff-",
        "obs-",
        "home-",
        "a11y-",
        "file-",
        "referral-",
        // Impact surveys (issue 12, item 4): French and English only.
        "survey-",
        // The network's figures (issue 14): French and English, as the observatory.
        "net-",
    ];

    #[test]
    fn arabic_has_every_key_of_its_pages_with_the_same_variables() {
        let fr = entries(&locale("fr"));
        let ar = entries(&locale("ar"));
        let needed: Vec<_> = fr
            .keys()
            .filter(|k| !FR_EN_ONLY.iter().any(|p| k.starts_with(p)))
            .collect();
        assert!(needed.len() > 150, "only {} keys for Arabic", needed.len());
        // A key missing here would show in French on an Arabic page (French is the fallback).
        let missing: Vec<_> = needed.iter().filter(|k| !ar.contains_key(**k)).collect();
        assert!(
            missing.is_empty(),
            "missing in ar (translate them, or add their page's prefix to FR_EN_ONLY): {missing:?}"
        );
        for (key, vars) in &ar {
            assert_eq!(
                Some(vars),
                fr.get(key),
                "{key}: not in fr, or other variables"
            );
        }
    }

    #[test]
    fn arabic_plurals_and_isolated_numbers() {
        let seconds = |n: &str| Lang::Ar.t_args("error-429-text", &[("seconds", n.into())]);
        assert!(seconds("1").contains("ثانية واحدة"), "{}", seconds("1"));
        assert!(seconds("2").contains("ثانيتين"), "{}", seconds("2"));
        assert!(seconds("5").contains("5 ثوانٍ"), "{}", seconds("5"));
        assert!(seconds("30").contains("30 ثانية"), "{}", seconds("30"));
        // The example code keeps its groups in order on a right-to-left page.
        let hint = Lang::Ar.t("follow-receipt-hint");
        assert!(
            hint.contains("\u{2066}1234 5678 9012 3456 7890\u{2069}"),
            "{hint}"
        );
    }
}

#[cfg(test)]
mod plural_tests {
    use super::Lang;

    #[test]
    fn counts_take_the_right_plural() {
        let one = Lang::Fr.t_args(
            "staff-audit-verified",
            &[("entries", "1".into()), ("checkpoints", "1".into())],
        );
        assert_eq!(one, "Chaîne vérifiée : 1 entrée, 1 point de contrôle.");
        let many = Lang::Fr.t_args(
            "staff-audit-verified",
            &[("entries", "12".into()), ("checkpoints", "3".into())],
        );
        assert_eq!(many, "Chaîne vérifiée : 12 entrées, 3 points de contrôle.");
        let en = Lang::En.t_args("staff-login-throttled", &[("seconds", "1".into())]);
        assert_eq!(en, "Too many attempts. Try again in 1 second.");
    }
}
