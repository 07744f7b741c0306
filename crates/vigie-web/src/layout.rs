//! What every page template receives: [`PageCtx`] (language, title, demo flag,
//! language switch) and, on staff pages, [`StaffCtx`].
//!
//! Templates extend `base.html` (public pages) or `staff_base.html` (staff area)
//! and read `ctx` from their struct: `{{ ctx.t("key") }}`, `{{ ctx.href("/aide") }}`.

use crate::config::WebConfig;
use crate::i18n::Lang;

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
    /// The same page in the other language, for the language switch.
    pub path_other_lang: String,
    /// The signed-in staff member, on staff pages (`staff_base.html` needs it).
    pub staff: Option<StaffCtx>,
}

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
    /// `current_path` (with or without the `/en` prefix: both are accepted).
    pub fn new(lang: Lang, cfg: &WebConfig, title: impl Into<String>, current_path: &str) -> Self {
        let path = Lang::neutral_path(current_path).to_owned();
        Self {
            lang,
            demo: cfg.demo,
            title: title.into(),
            path_other_lang: lang.other().path(&path),
            path,
            staff: None,
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

    /// The address of the language-neutral path `p` in the page's language.
    pub fn href(&self, p: &str) -> String {
        self.lang.path(p)
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
        assert_eq!(ctx.path_other_lang, "/aide");
        assert!(ctx.is_current("/aide"));
        assert_eq!(ctx.href("/suivi"), "/en/suivi");
        assert_eq!(ctx.full_title(), "Help · vigie");
        let fr = PageCtx::new(Lang::Fr, &cfg, "", "/");
        assert_eq!(fr.path_other_lang, "/en/");
        assert_eq!(fr.full_title(), "vigie");
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
