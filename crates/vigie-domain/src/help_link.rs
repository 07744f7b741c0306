//! Putting a reporter in touch with the casework team (issue 11, item 2).
//!
//! From `/suivi`, the person who filed a report chooses which of its texts the casework team may
//! read (the report's own text, messages of the conversation, none by default), says who they are,
//! what they need and how soon, and consents. A handler then copies those texts, and only those,
//! into a new help request with its own keys and follow-up code: the caseworkers read the copies,
//! never the report, which the help request names nowhere. The request is sealed under the report's
//! conversation key (the handler reads it, the reporter reads it back); only where it stands
//! ([`HelpLink`]) is clear, for the handlers' lists.

use serde::{Deserialize, Serialize};

use crate::PartId;
use crate::help::{Asker, Channel, HelpContent, Need, NewHelpRequest, Urgency, code, needs};
use crate::report::FieldError;

code_enum!(
    /// Where a report's request to be put in touch stands (clear: the handlers' lists show it).
    HelpLink {
        /// The reporter asked; no handler has transmitted it yet.
        Asked => "asked",
        /// A handler transmitted it: the help request exists.
        Sent => "sent",
    }
);

code_enum!(
    /// Who wrote a text copied from a report into a help request.
    TextSource {
        /// The report itself, as the person sent it.
        Report => "report",
        /// A message the person wrote later.
        Person => "person",
        /// A message from the team that received the report.
        Team => "team",
        /// A named situation a coordination restricted group transmitted, with the person's
        /// consent (no report behind it).
        Coordination => "coordination",
    }
);

/// A text copied from a report into a help request, as the reporter chose it (sealed under the
/// help request's conversation key). It names no report, no handler: only who wrote it (the person
/// or "the reports team") and the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopiedText {
    /// Who wrote it.
    pub source: TextSource,
    /// The day it was written (`YYYY-MM-DD`).
    pub day: String,
    /// The text.
    pub text: String,
}

/// The value of the checkbox that chooses the report's own text (a message's is its part id).
pub const REPORT_TEXT: &str = "signalement";

/// The `/suivi/accompagnement` form as posted, every field a string (what a browser sends).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkForm {
    /// The texts checked: [`REPORT_TEXT`] and message part ids.
    pub chosen: Vec<String>,
    /// [`Asker`] code.
    pub asker: String,
    /// [`Need`] codes.
    pub needs: Vec<String>,
    /// [`Urgency`] code.
    pub urgency: String,
    /// The consent box was checked.
    pub consent: bool,
}

/// A field of the form, to place an error beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkField {
    /// The texts to share.
    Chosen,
    /// Who is asking.
    Asker,
    /// Needs.
    Needs,
    /// Urgency.
    Urgency,
    /// The consent.
    Consent,
}

/// What the reporter asked, sealed under the report's conversation key: the handler reads it to
/// transmit it; the time lives only inside the seal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRequest {
    /// The report's own text is shared.
    pub report_text: bool,
    /// The messages shared, by part id, in the conversation's order.
    pub messages: Vec<PartId>,
    /// Who asks.
    pub asker: Asker,
    /// What they need.
    pub needs: Vec<Need>,
    /// How soon.
    pub urgency: Urgency,
    /// When they consented, Unix seconds.
    pub consented_at: i64,
}

impl LinkRequest {
    /// The help request a handler files with the texts `copied` (what this request chose, taken
    /// from the report): the person is reached through its new follow-up code only.
    pub fn help_request(&self, copied: Vec<CopiedText>, now: i64) -> NewHelpRequest {
        NewHelpRequest {
            asker: self.asker,
            urgency: self.urgency,
            // The report's arrondissement would be one more thread back to it.
            district: None,
            content: HelpContent {
                needs: self.needs.clone(),
                message: None,
                channel: Channel::FollowUpOnly,
                submitted_at: now,
                copied,
            },
            contact: None,
        }
    }
}

/// Checks a posted form against the report's `messages` (their part ids, in order): at least one
/// text chosen, each a message of this report (or its own text), the questions of `/aide` answered,
/// the consent given. Every error is returned, beside its field.
pub fn validate_link(
    form: &LinkForm,
    messages: &[PartId],
    now: i64,
) -> Result<LinkRequest, Vec<(LinkField, FieldError)>> {
    let mut errors = Vec::new();
    let mut report_text = false;
    let mut chosen = Vec::new();
    for raw in &form.chosen {
        match raw.trim() {
            REPORT_TEXT => report_text = true,
            id => match messages.iter().find(|m| m.to_string() == id) {
                Some(m) => chosen.push(*m),
                None => errors.push((LinkField::Chosen, FieldError::Unknown)),
            },
        }
    }
    if !report_text && chosen.is_empty() && errors.is_empty() {
        errors.push((LinkField::Chosen, FieldError::Required));
    }
    // In the conversation's order, each once, whatever order the browser sent.
    let messages: Vec<PartId> = messages
        .iter()
        .filter(|m| chosen.contains(m))
        .copied()
        .collect();
    let asker = code::<Asker, _, _>(&form.asker, LinkField::Asker, &mut errors);
    let needs = needs(&form.needs, LinkField::Needs, &mut errors);
    let urgency = code::<Urgency, _, _>(&form.urgency, LinkField::Urgency, &mut errors);
    if !form.consent {
        errors.push((LinkField::Consent, FieldError::Required));
    }
    match (asker, urgency) {
        (Some(asker), Some(urgency)) if errors.is_empty() => Ok(LinkRequest {
            report_text,
            messages,
            asker,
            needs,
            urgency,
            consented_at: now,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ids() -> Vec<PartId> {
        (0..3).map(|_| PartId::random()).collect()
    }

    fn good(chosen: Vec<String>) -> LinkForm {
        LinkForm {
            chosen,
            asker: "victim".into(),
            needs: vec!["psychological".into()],
            urgency: "this_week".into(),
            consent: true,
        }
    }

    #[test]
    fn the_chosen_messages_keep_the_conversations_order_each_once() {
        let m = ids();
        let form = good(vec![m[2].to_string(), m[0].to_string(), m[2].to_string()]);
        let r = validate_link(&form, &m, 7).unwrap();
        assert_eq!(r.messages, vec![m[0], m[2]]);
        assert!(!r.report_text);
        assert_eq!(
            (r.asker, r.urgency, r.consented_at),
            (Asker::Victim, Urgency::ThisWeek, 7)
        );
        let only_text = validate_link(&good(vec![REPORT_TEXT.into()]), &m, 0).unwrap();
        assert!(only_text.report_text && only_text.messages.is_empty());
    }

    #[test]
    fn nothing_chosen_no_consent_or_a_foreign_message_is_refused() {
        let m = ids();
        let empty = LinkForm::default();
        let errors = validate_link(&empty, &m, 0).unwrap_err();
        for field in [
            LinkField::Chosen,
            LinkField::Asker,
            LinkField::Needs,
            LinkField::Urgency,
            LinkField::Consent,
        ] {
            assert!(errors.contains(&(field, FieldError::Required)), "{field:?}");
        }
        // A part of another report (or a note's id) is not a message of this conversation.
        let foreign = good(vec![REPORT_TEXT.into(), PartId::random().to_string()]);
        assert_eq!(
            validate_link(&foreign, &m, 0).unwrap_err(),
            vec![(LinkField::Chosen, FieldError::Unknown)]
        );
    }

    #[test]
    fn the_help_request_holds_the_copies_and_nothing_that_leads_back() {
        let m = ids();
        let r = validate_link(&good(vec![m[1].to_string()]), &m, 0).unwrap();
        let copied = vec![CopiedText {
            source: TextSource::Person,
            day: "2026-05-04".into(),
            text: "On me menace.".into(),
        }];
        let help = r.help_request(copied.clone(), 9);
        assert_eq!(help.district, None);
        assert_eq!(help.contact, None);
        assert_eq!(help.content.channel, Channel::FollowUpOnly);
        assert_eq!(help.content.copied, copied);
        assert_eq!(help.content.needs, vec![Need::Psychological]);
        // A help request filed at `/aide` is sealed as it always was (no `copied` key).
        let plain = HelpContent {
            copied: Vec::new(),
            ..help.content
        };
        assert!(!serde_json::to_string(&plain).unwrap().contains("copied"));
    }
}
