//! What every page template receives: [`PageCtx`] (language, title, demo flag,
//! language switch) and, on staff pages, [`StaffCtx`].
//!
//! A page exists in the languages [`Lang::has_page`] says: its links to a page that does not
//! exist in its language lead to the French page (with `hreflang="fr"`), and its language switch
//! offers the other languages it exists in.
//!
//! Templates extend `base.html` (public pages) or `staff_base.html` (staff area)
//! and read `ctx` from their struct: `{{ ctx.t("key") }}`, `{{ ctx.href("/aide") }}`.

use std::sync::Arc;

use crate::config::WebConfig;
use crate::i18n::Lang;
use crate::privacy::{PrivacyNotice, PrivacyView};

/// The layout's context: one per rendered page, as the field `ctx` of the page
/// template struct.
#[derive(Clone, Debug)]
pub struct PageCtx {
    /// The page's language.
    pub lang: Lang,
    /// Show the demonstration banner.
    pub demo: bool,
    /// The page title (already translated), without the site name.
    pub title: String,
    /// The current page's language-neutral path (`/aide`, never `/en/aide`).
    pub path: String,
    /// The same page in the other languages it exists in, for the language switch and the
    /// `hreflang` alternates.
    pub alternates: Vec<Alternate>,
    /// The signed-in staff member, on staff pages (`staff_base.html` needs it).
    pub staff: Option<StaffCtx>,
    /// What `privacy_notice.html` shows (shared with the configuration, not copied).
    pub privacy_notice: Arc<PrivacyNotice>,
}

/// The current page in another language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alternate {
    /// The language.
    pub lang: Lang,
    /// The page's address in it.
    pub href: String,
}

/// The public navigation, in order: (language-neutral path, message key of its label).
const PUBLIC_NAV: [(&str, &str); 6] = [
    ("/", "nav-home"),
    ("/signaler", "nav-report"),
    ("/aide", "nav-help"),
    ("/suivi", "nav-follow"),
    ("/observatoire", "nav-observatory"),
    ("/espace/connexion", "nav-staff"),
];

/// What the staff layout shows about the signed-in person.
#[derive(Clone, Debug, Default)]
pub struct StaffCtx {
    /// Display name (or user name) shown in the header.
    pub user_name: String,
    /// Hidden inputs of the header's logout form, as (name, value): the CSRF
    /// token goes here. The form posts to `/espace/deconnexion` (language-prefixed).
    pub logout_hidden: Vec<(String, String)>,
}

impl PageCtx {
    /// The context of a page titled `title` (translated text) whose request path is
    /// `current_path` (with or without its language prefix: both are accepted).
    pub fn new(lang: Lang, cfg: &WebConfig, title: impl Into<String>, current_path: &str) -> Self {
        let path = Lang::neutral_path(current_path).to_owned();
        Self {
            lang,
            demo: cfg.demo,
            title: title.into(),
            alternates: lang
                .alternates(&path)
                .map(|l| Alternate {
                    lang: l,
                    href: l.path(&path),
                })
                .collect(),
            path,
            staff: None,
            privacy_notice: Arc::clone(&cfg.privacy),
        }
    }

    /// Carries the query string `query` to the page's other languages, so that a filtered page
    /// stays filtered when the reader switches.
    pub fn keep_query(&mut self, query: &str) {
        for a in &mut self.alternates {
            a.href = format!("{}?{query}", a.href);
        }
    }

    /// The context of a page whose title is the message `title_key`, in `lang`.
    pub fn titled(lang: Lang, cfg: &WebConfig, title_key: &str, current_path: &str) -> Self {
        Self::new(lang, cfg, lang.t(title_key), current_path)
    }

    /// The same context for a staff page.
    pub fn with_staff(mut self, staff: StaffCtx) -> Self {
        self.staff = Some(staff);
        self
    }

    /// The privacy notice in the page's language: `{% include "privacy_notice.html" %}` reads it.
    pub fn privacy(&self) -> PrivacyView<'_> {
        self.privacy_notice.view(self.lang)
    }

    /// The message `key` in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The message `key` with one variable: `{{ ctx.t1("staff-dashboard-hello", "name", user) }}`.
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.lang.t_args(key, &[(name, value.to_string())])
    }

    /// The message `key` with variables.
    pub fn t_args(&self, key: &str, args: &[(&str, String)]) -> String {
        self.lang.t_args(key, args)
    }

    /// The address of the language-neutral path `p` in the page's language, or in French when
    /// that page does not exist in it.
    pub fn href(&self, p: &str) -> String {
        self.lang.link_lang(p).path(p)
    }

    /// The public navigation: (language-neutral path, message key of its label), in order.
    pub fn nav(&self) -> &'static [(&'static str, &'static str)] {
        &PUBLIC_NAV
    }

    /// The message `key` in French, the original: an unreviewed translation's notice gives it
    /// beside the translated text.
    pub fn t_original(&self, key: &str) -> String {
        Lang::Fr.t(key)
    }

    /// The language code of the page a link to `p` leads to, when it is not the page's own
    /// language (for the link's `hreflang`).
    pub fn hreflang(&self, p: &str) -> Option<&'static str> {
        Some(self.lang.link_lang(p))
            .filter(|&l| l != self.lang)
            .map(Lang::code)
    }

    /// Whether `p` (language-neutral) is the current page, for `aria-current`.
    pub fn is_current(&self, p: &str) -> bool {
        self.path == p
    }

    /// The `<title>` text: "Title · vigie", or "vigie" alone for an empty title.
    pub fn full_title(&self) -> String {
        let site = self.t("site-name");
        if self.title.is_empty() || self.title == site {
            site
        } else {
            format!("{} · {}", self.title, site)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use askama::Template;

    use super::*;

    #[derive(Template)]
    #[template(
        ext = "html",
        source = r#"{% extends "staff_base.html" %}
{% block staff_nav %}<li><a href="{{ ctx.href("/espace") }}">NAV-SLOT</a></li>{% endblock %}
{% block content %}<h1>{{ ctx.title }}</h1>{% endblock %}"#
    )]
    struct StaffProbe {
        ctx: PageCtx,
    }

    #[test]
    fn context_paths_and_titles() {
        let cfg = WebConfig::new("1");
        let ctx = PageCtx::new(Lang::En, &cfg, "Help", "/en/aide");
        assert_eq!(ctx.path, "/aide");
        let langs = |c: &PageCtx| -> Vec<(Lang, String)> {
            c.alternates
                .iter()
                .map(|a| (a.lang, a.href.clone()))
                .collect()
        };
        assert_eq!(
            langs(&ctx),
            [(Lang::Fr, "/aide".into()), (Lang::Ar, "/ar/aide".into())]
        );
        assert!(ctx.is_current("/aide"));
        assert_eq!(ctx.href("/suivi"), "/en/suivi");
        assert_eq!(ctx.full_title(), "Help · vigie");
        let fr = PageCtx::new(Lang::Fr, &cfg, "", "/");
        assert_eq!(
            langs(&fr),
            [(Lang::En, "/en/".into()), (Lang::Ar, "/ar/".into())]
        );
        assert_eq!(fr.full_title(), "vigie");

        // Arabic: its own pages in Arabic, the others (French and English only) in French.
        let mut ar = PageCtx::new(Lang::Ar, &cfg, "", "/ar/suivi/retirer");
        assert_eq!(ar.path, "/suivi/retirer");
        assert_eq!(ar.href("/signaler"), "/ar/signaler");
        assert_eq!(ar.hreflang("/signaler"), None);
        assert_eq!(ar.href("/observatoire"), "/observatoire");
        assert_eq!(ar.hreflang("/observatoire"), Some("fr"));
        assert_eq!(ar.href("/"), "/ar/");
        assert_eq!(ar.href("/accessibilite"), "/accessibilite");
        ar.keep_query("a=1");
        assert_eq!(
            langs(&ar),
            [
                (Lang::Fr, "/suivi/retirer?a=1".into()),
                (Lang::En, "/en/suivi/retirer?a=1".into())
            ]
        );
        let staff = PageCtx::new(Lang::En, &cfg, "", "/en/espace");
        assert_eq!(langs(&staff), [(Lang::Fr, "/espace".into())]);
        assert_eq!(staff.hreflang("/espace"), None);
    }

    #[test]
    fn navigation_labels_exist_in_every_language() {
        for lang in Lang::ALL {
            for (_, key) in PUBLIC_NAV {
                assert_ne!(lang.t(key), key, "{lang:?}");
            }
        }
    }

    #[test]
    fn staff_layout_renders_name_nav_slot_and_logout_form() {
        let cfg = WebConfig::new("1");
        let staff = StaffCtx {
            user_name: "amina <b>".into(),
            logout_hidden: vec![("csrf".into(), "tok\"en".into())],
        };
        let page = StaffProbe {
            ctx: PageCtx::new(Lang::Fr, &cfg, "Tableau de bord", "/espace").with_staff(staff),
        };
        let html = page.render().unwrap();
        assert!(html.contains("NAV-SLOT"));
        assert!(html.contains("Espace professionnel"));
        assert!(html.contains("amina &#60;b&#62;") || html.contains("amina &lt;b&gt;"));
        assert!(html.contains(r#"action="/espace/deconnexion""#));
        assert!(html.contains(r#"name="csrf""#));
        assert!(!html.contains("tok\"en"), "hidden value must be escaped");
        assert!(html.contains("Se déconnecter"));
        let footer = html.split_once("<footer").unwrap().1;
        assert!(footer.contains(r#"<a href="/accessibilite">"#), "{footer}");
        assert!(!html.contains("<script"));
        assert!(!html.contains("style="));
    }
}
