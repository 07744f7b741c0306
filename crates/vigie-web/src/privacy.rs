//! The privacy notice every public form carries (issue 11): who controls the data, why it is processed
//! and on what legal basis, how long it is kept, what vigie never collects, the person's rights and
//! whom to write to. The operator configures the controller and the contact (`[privacy]`); the rest
//! has defaults that are true of vigie, and the purposes and legal basis may be reworded per language.
//!
//! Templates include `privacy_notice.html`, which reads [`PageCtx::privacy`](crate::PageCtx::privacy).

use std::collections::BTreeMap;

use thiserror::Error;
use vigie_domain::retention::RetentionPolicy;

use crate::i18n::Lang;

/// Longest controller name, in characters.
const MAX_NAME_CHARS: usize = 200;
/// Longest postal address or contact, in characters.
const MAX_ADDRESS_CHARS: usize = 300;
/// Longest overriding text, in characters.
const MAX_TEXT_CHARS: usize = 2000;

/// What the notice says about this instance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrivacyNotice {
    /// The data controller: the association operating this instance. Unset, the notice says "the
    /// association operating this service" (and `vigie serve` warns).
    pub controller_name: Option<String>,
    /// The controller's postal address, on one line.
    pub controller_address: Option<String>,
    /// Where to exercise one's rights: the DPO's e-mail address (shown as a `mailto:` link) or a postal
    /// address. The follow-up conversation is always offered as well.
    pub contact: Option<String>,
    /// The report retention in force (`[reports]`), stated as it is applied.
    pub retention: RetentionPolicy,
    /// The purposes, reworded by the operator: language code to text.
    pub purposes: BTreeMap<String, String>,
    /// The legal basis, reworded by the operator: language code to text.
    pub legal_basis: BTreeMap<String, String>,
}

/// A value of [`PrivacyNotice`] that cannot be shown: the field (`contact`, `legal_basis.de`) and why.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("`{field}` {why}")]
pub struct PrivacyError {
    /// The field, as named in the configuration's `[privacy]` section.
    pub field: String,
    /// What is wrong with it.
    pub why: String,
}

impl PrivacyNotice {
    /// This notice with what the operator left unset filled with an obviously fictional controller and
    /// contact, for `vigie serve --demo`.
    pub fn or_demo(mut self) -> Self {
        let fill = |v: &mut Option<String>, demo: &str| {
            v.get_or_insert_with(|| demo.to_owned());
        };
        fill(
            &mut self.controller_name,
            "Association Démo-Vigie (fictive, démonstration)",
        );
        fill(
            &mut self.controller_address,
            "1 rue de l'Exemple, 13000 Marseille (adresse fictive)",
        );
        fill(&mut self.contact, "dpo@demo-vigie.invalid");
        self
    }

    /// The fields an operator should set and did not (for a start-up warning).
    pub fn unset(&self) -> Vec<&'static str> {
        [
            ("controller_name", &self.controller_name),
            ("contact", &self.contact),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(name, _)| name)
        .collect()
    }

    /// Refuses the first value that cannot be shown, naming its field: an empty or overlong text, a
    /// control character (the notice shows each value on one line), a contact with an `@` that is not
    /// an e-mail address, or a text for a language vigie does not have.
    pub fn validate(&self) -> Result<(), PrivacyError> {
        let one_line = [
            ("controller_name", &self.controller_name, MAX_NAME_CHARS),
            (
                "controller_address",
                &self.controller_address,
                MAX_ADDRESS_CHARS,
            ),
            ("contact", &self.contact, MAX_ADDRESS_CHARS),
        ];
        for (field, value, max) in one_line {
            if let Some(v) = value {
                check_text(field, v, max)?;
            }
        }
        if let Some(c) = &self.contact
            && c.contains('@')
            && !is_email(c)
        {
            return Err(error(
                "contact",
                "must be an e-mail address (name@domain.org) or a postal address without `@`",
            ));
        }
        for (name, texts) in [
            ("purposes", &self.purposes),
            ("legal_basis", &self.legal_basis),
        ] {
            for (code, text) in texts {
                let field = format!("{name}.{code}");
                if !Lang::ALL.iter().any(|l| l.code() == code.as_str()) {
                    let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
                    return Err(error(
                        &field,
                        &format!("is not a language of vigie ({})", codes.join(", ")),
                    ));
                }
                check_text(&field, text, MAX_TEXT_CHARS)?;
            }
        }
        Ok(())
    }

    /// The notice as shown in `lang`.
    pub fn view(&self, lang: Lang) -> PrivacyView<'_> {
        PrivacyView { notice: self, lang }
    }
}

/// The error for `field`.
fn error(field: &str, why: &str) -> PrivacyError {
    PrivacyError {
        field: field.to_owned(),
        why: why.to_owned(),
    }
}

/// Refuses an empty text, one longer than `max` characters, or one with a control character.
fn check_text(field: &str, text: &str, max: usize) -> Result<(), PrivacyError> {
    if text.trim().is_empty() {
        return Err(error(field, "must not be empty (leave it out instead)"));
    }
    if text.chars().count() > max {
        return Err(error(field, &format!("must be at most {max} characters")));
    }
    // Line breaks included: they would vanish in the page, so an address reads "street, city" instead.
    if text.chars().any(char::is_control) {
        return Err(error(
            field,
            "must be on one line, without control characters",
        ));
    }
    Ok(())
}

/// A plain `local@domain.tld` address: what a `mailto:` link can carry as it is.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let plain = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_alphanumeric() || ".-_+".contains(c))
            && !part.starts_with('.')
            && !part.ends_with('.')
    };
    plain(local) && plain(domain) && domain.contains('.')
}

/// The notice in one language, for the template.
pub struct PrivacyView<'a> {
    notice: &'a PrivacyNotice,
    lang: Lang,
}

impl PrivacyView<'_> {
    /// The controller's name, or "the association operating this service".
    pub fn controller(&self) -> String {
        self.notice
            .controller_name
            .clone()
            .unwrap_or_else(|| self.lang.t("privacy-controller-unnamed"))
    }

    /// The controller's postal address, if configured.
    pub fn address(&self) -> Option<&str> {
        self.notice.controller_address.as_deref()
    }

    /// The contact, when it is an e-mail address.
    pub fn email(&self) -> Option<&str> {
        self.notice.contact.as_deref().filter(|c| c.contains('@'))
    }

    /// The contact, when it is a postal address.
    pub fn postal(&self) -> Option<&str> {
        self.notice.contact.as_deref().filter(|c| !c.contains('@'))
    }

    /// What the data is processed for.
    pub fn purposes(&self) -> String {
        self.text(&self.notice.purposes, "privacy-purposes-text")
    }

    /// The language of [`purposes`](Self::purposes), for its `lang` attribute.
    pub fn purposes_lang(&self) -> &'static str {
        self.text_lang(&self.notice.purposes)
    }

    /// On what legal basis.
    pub fn legal_basis(&self) -> String {
        self.text(&self.notice.legal_basis, "privacy-legal-basis-text")
    }

    /// The language of [`legal_basis`](Self::legal_basis), for its `lang` attribute.
    pub fn legal_basis_lang(&self) -> &'static str {
        self.text_lang(&self.notice.legal_basis)
    }

    /// How long reports and help requests are kept, with the periods in force.
    pub fn retention(&self) -> String {
        let r = &self.notice.retention;
        self.lang.t_args(
            "privacy-retention-text",
            &[
                ("closure", r.after_closure_days.to_string()),
                ("activity", r.after_last_activity_days.to_string()),
            ],
        )
    }

    /// The operator's text in this language, else in French (the original: the operator's own wording
    /// is truer of the instance than the default), else the default message `key`.
    fn text(&self, texts: &BTreeMap<String, String>, key: &str) -> String {
        texts
            .get(self.text_lang(texts))
            .cloned()
            .unwrap_or_else(|| self.lang.t(key))
    }

    /// The language [`text`](Self::text) shows: French only when the operator reworded the text in
    /// French and not in the page's language (a screen reader then reads it as French).
    fn text_lang(&self, texts: &BTreeMap<String, String>) -> &'static str {
        let own = self.lang.code();
        if !texts.contains_key(own) && texts.contains_key(Lang::Fr.code()) {
            Lang::Fr.code()
        } else {
            own
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn with(f: impl FnOnce(&mut PrivacyNotice)) -> Result<(), PrivacyError> {
        let mut n = PrivacyNotice::default();
        f(&mut n);
        n.validate()
    }

    #[test]
    fn values_are_checked_naming_the_field() {
        assert_eq!(with(|_| {}), Ok(()));
        assert_eq!(with(|n| *n = n.clone().or_demo()), Ok(()));
        let postal = "DPO, 2 place de la Joliette, 13002 Marseille";
        assert_eq!(with(|n| n.contact = Some(postal.into())), Ok(()));
        for (bad, field) in [
            ("dpo@", "contact"),
            ("d po@asso.org", "contact"),
            ("dpo@asso", "contact"),
            ("<dpo@asso.org>", "contact"),
            ("  ", "contact"),
            ("ligne\nsuivante", "contact"),
        ] {
            let e = with(|n| n.contact = Some(bad.into())).unwrap_err();
            assert_eq!(e.field, field, "{bad}");
        }
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        let e = with(|n| n.controller_name = Some(long)).unwrap_err();
        assert_eq!(e.field, "controller_name");
        let e = with(|n| {
            n.legal_basis.insert("de".into(), "Grundlage".into());
        })
        .unwrap_err();
        assert!(
            e.to_string().contains("`legal_basis.de`") && e.why.contains("fr"),
            "{e}"
        );
    }

    #[test]
    fn texts_fall_back_to_french_then_to_the_default() {
        let mut n = PrivacyNotice::default();
        assert_eq!(
            n.view(Lang::En).purposes(),
            Lang::En.t("privacy-purposes-text")
        );
        assert_eq!(
            n.view(Lang::En).controller(),
            Lang::En.t("privacy-controller-unnamed")
        );
        n.purposes
            .insert("fr".into(), "Finalités de l'association".into());
        assert_eq!(n.view(Lang::En).purposes(), "Finalités de l'association");
        assert_eq!(n.view(Lang::En).purposes_lang(), "fr");
        n.purposes
            .insert("en".into(), "The association's purposes".into());
        assert_eq!(n.view(Lang::En).purposes(), "The association's purposes");
        assert_eq!(n.view(Lang::En).purposes_lang(), "en");
        assert_eq!(n.view(Lang::Fr).purposes(), "Finalités de l'association");
        n.contact = Some("dpo@asso.org".into());
        assert_eq!(
            (n.view(Lang::Fr).email(), n.view(Lang::Fr).postal()),
            (Some("dpo@asso.org"), None)
        );
        assert_eq!(n.unset(), vec!["controller_name"]);
    }
}
