//! Help requests (demandes d'aide): who asks, for what, how urgently, and how it is safe to reach
//! them; the rules a posted `/aide` form must follow.
//!
//! A help request travels like a report (a follow-up code, a conversation sealed for one team, here
//! the caseworkers'), but only its kind, its asker's role, its urgency and (if given) an
//! arrondissement are clear. What the person needs and writes is sealed for the conversation (they
//! read it back with their code); how to reach them, when, and the code word are sealed for the
//! team only: whoever takes the person's phone and code must not learn the word that proves them.

use serde::{Deserialize, Serialize};

use crate::area::AreaList;
pub(crate) use crate::form::code;
use crate::form::optional;
pub use crate::help_link::CopiedText;
use crate::report::{MAX_SHORT_CHARS, MAX_TEXT_CHARS};

code_enum!(
    /// Who is asking.
    Asker {
        /// The victim themself.
        Victim => "victim",
        /// A relative of a victim (indirect victim).
        Family => "family",
        /// A witness.
        Witness => "witness",
        /// A professional asking on someone's behalf.
        Professional => "professional",
    }
);

code_enum!(
    /// A kind of help.
    Need {
        /// Soutien psychologique.
        Psychological => "psychological",
        /// Aide juridique.
        Legal => "legal",
        /// Soins.
        Medical => "medical",
        /// Accompagnement social.
        Social => "social",
        /// Logement, mise à l'abri.
        Housing => "housing",
        /// Démarches administratives.
        Administrative => "administrative",
    }
);

code_enum!(
    /// How soon the person needs an answer (danger now is 17 or 112, said beside the field).
    Urgency {
        /// Within a day.
        Today => "today",
        /// Within the week.
        ThisWeek => "this_week",
        /// When the team can.
        NoRush => "no_rush",
    }
);

code_enum!(
    /// How the person agrees to be reached.
    Channel {
        /// Only through the follow-up code: nobody calls or writes.
        FollowUpOnly => "follow_up_only",
        /// A phone call.
        Phone => "phone",
        /// A text message.
        TextMessage => "sms",
        /// An e-mail.
        Email => "email",
    }
);

/// The clear metadata of a help request, for the caseworkers' lists and triage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HelpMeta {
    /// Who asks.
    pub asker: Asker,
    /// How soon.
    pub urgency: Urgency,
}

/// Longest message of a help request, in characters (the same as a report's text).
pub const MAX_MESSAGE_CHARS: usize = MAX_TEXT_CHARS;

/// The `/aide` form as posted, every field a string (what a browser sends).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelpForm {
    /// [`Asker`] code.
    pub asker: String,
    /// [`Need`] codes (checkboxes: each checked one once).
    pub needs: Vec<String>,
    /// [`Urgency`] code.
    pub urgency: String,
    /// Arrondissement code, or empty.
    pub district: String,
    /// What the person wants to say, or empty.
    pub message: String,
    /// [`Channel`] code.
    pub channel: String,
    /// The phone number or address, for a channel other than the follow-up code.
    pub contact: String,
    /// When it is safe to call or write, free text.
    pub safe_times: String,
    /// A code word the team says first, so that the person knows who calls.
    pub code_word: String,
}

/// A field of the form, to place an error beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HelpField {
    /// Who is asking.
    Asker,
    /// Needs.
    Needs,
    /// Urgency.
    Urgency,
    /// Arrondissement.
    District,
    /// Message.
    Message,
    /// Channel.
    Channel,
    /// Phone number or address.
    Contact,
    /// Safe times.
    SafeTimes,
    /// Code word.
    CodeWord,
}

pub use crate::report::FieldError;

/// What the person asked, sealed under the conversation key (they read it back with their code).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpContent {
    /// The kinds of help asked for (at least one).
    pub needs: Vec<Need>,
    /// What they wrote, if anything.
    pub message: Option<String>,
    /// The channel they chose ([`Channel::FollowUpOnly`] when nobody may call or write).
    pub channel: Channel,
    /// When it was submitted, Unix seconds (exact times live only inside sealed content).
    pub submitted_at: i64,
    /// For a request a handler transmitted from a report, at the reporter's request: the texts the
    /// reporter chose to share, copied (empty for a request filed at `/aide`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copied: Vec<CopiedText>,
}

/// How to reach the person, sealed for the team only (never for the follow-up code's holder).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpContact {
    /// Phone, text message or e-mail.
    pub channel: Channel,
    /// The number or address.
    pub contact: String,
    /// When it is safe, if said.
    pub safe_times: Option<String>,
    /// The code word, if given.
    pub code_word: Option<String>,
}

/// A valid help request, ready to seal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewHelpRequest {
    /// Clear: who asks.
    pub asker: Asker,
    /// Clear: how soon.
    pub urgency: Urgency,
    /// Clear: the arrondissement, if given (for a partner near the person).
    pub district: Option<String>,
    /// Sealed under the conversation key.
    pub content: HelpContent,
    /// Sealed under the team's internal key, when a channel other than the code was chosen.
    pub contact: Option<HelpContact>,
}

/// The needs checked (each once, at least one), or their errors pushed beside `field`.
pub(crate) fn needs<F: Copy>(
    raw: &[String],
    field: F,
    errors: &mut Vec<(F, FieldError)>,
) -> Vec<Need> {
    let mut needs = Vec::new();
    for raw in raw {
        match raw.trim().parse::<Need>() {
            Ok(n) if !needs.contains(&n) => needs.push(n),
            Ok(_) => {}
            Err(_) => errors.push((field, FieldError::Unknown)),
        }
    }
    if raw.is_empty() {
        errors.push((field, FieldError::Required));
    }
    needs
}

/// Checks a posted `/aide` form; every error is returned, beside its field.
pub fn validate_help(
    form: &HelpForm,
    areas: &AreaList,
    now: i64,
) -> Result<NewHelpRequest, Vec<(HelpField, FieldError)>> {
    let mut errors = Vec::new();
    let asker = code::<Asker, _, _>(&form.asker, HelpField::Asker, &mut errors);
    let urgency = code::<Urgency, _, _>(&form.urgency, HelpField::Urgency, &mut errors);
    let channel = code::<Channel, _, _>(&form.channel, HelpField::Channel, &mut errors);
    let needs = needs(&form.needs, HelpField::Needs, &mut errors);
    let district = optional(&form.district);
    if district
        .as_deref()
        .is_some_and(|d| areas.district(d).is_none())
    {
        errors.push((HelpField::District, FieldError::Unknown));
    }
    let message = optional(&form.message);
    if message
        .as_deref()
        .is_some_and(|m| m.chars().count() > MAX_MESSAGE_CHARS)
    {
        errors.push((HelpField::Message, FieldError::TooLong));
    }
    for (field, value) in [
        (HelpField::Contact, &form.contact),
        (HelpField::SafeTimes, &form.safe_times),
        (HelpField::CodeWord, &form.code_word),
    ] {
        if value.trim().chars().count() > MAX_SHORT_CHARS {
            errors.push((field, FieldError::TooLong));
        }
    }
    let contact = match channel {
        Some(Channel::FollowUpOnly) | None => None,
        Some(channel) => match optional(&form.contact) {
            None => {
                errors.push((HelpField::Contact, FieldError::Required));
                None
            }
            Some(contact) => Some(HelpContact {
                channel,
                contact,
                safe_times: optional(&form.safe_times),
                code_word: optional(&form.code_word),
            }),
        },
    };
    match (asker, urgency, channel) {
        (Some(asker), Some(urgency), Some(channel)) if errors.is_empty() => Ok(NewHelpRequest {
            asker,
            urgency,
            district,
            content: HelpContent {
                needs,
                message,
                channel,
                submitted_at: now,
                copied: Vec::new(),
            },
            contact,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::area::test_areas as areas;

    fn good() -> HelpForm {
        HelpForm {
            asker: "family".into(),
            needs: vec!["psychological".into(), "legal".into(), "legal".into()],
            urgency: "this_week".into(),
            channel: "follow_up_only".into(),
            message: "  Mon fils a été blessé, je ne dors plus.  ".into(),
            ..HelpForm::default()
        }
    }

    #[test]
    fn a_good_form_becomes_a_request_with_nothing_to_call() {
        let r = validate_help(&good(), &areas(), 42).unwrap();
        assert_eq!(r.asker, Asker::Family);
        assert_eq!(r.urgency, Urgency::ThisWeek);
        assert_eq!(r.district, None);
        assert_eq!(r.content.needs, vec![Need::Psychological, Need::Legal]);
        assert_eq!(
            r.content.message.as_deref(),
            Some("Mon fils a été blessé, je ne dors plus.")
        );
        assert_eq!(r.content.channel, Channel::FollowUpOnly);
        assert_eq!(r.content.submitted_at, 42);
        assert_eq!(r.contact, None);
    }

    #[test]
    fn a_channel_needs_its_number_and_keeps_the_times_and_code_word_apart() {
        let mut form = good();
        form.channel = "phone".into();
        assert_eq!(
            validate_help(&form, &areas(), 0).unwrap_err(),
            vec![(HelpField::Contact, FieldError::Required)]
        );
        form.contact = " 06 00 00 00 00 ".into();
        form.safe_times = "après 18 h".into();
        form.code_word = "mimosa".into();
        form.district = "13203".into();
        let r = validate_help(&form, &areas(), 0).unwrap();
        assert_eq!(r.district.as_deref(), Some("13203"));
        assert_eq!(
            r.contact,
            Some(HelpContact {
                channel: Channel::Phone,
                contact: "06 00 00 00 00".into(),
                safe_times: Some("après 18 h".into()),
                code_word: Some("mimosa".into()),
            })
        );
        // The code's holder reads the conversation: the number and the word are not in it.
        let sealed_for_the_code = serde_json::to_string(&r.content).unwrap();
        assert!(!sealed_for_the_code.contains("06 00"));
        assert!(!sealed_for_the_code.contains("mimosa"));
    }

    #[test]
    fn a_follow_up_only_request_drops_any_number_typed_anyway() {
        let mut form = good();
        form.contact = "06 11 11 11 11".into();
        form.code_word = "mimosa".into();
        assert_eq!(validate_help(&form, &areas(), 0).unwrap().contact, None);
    }

    #[test]
    fn every_error_is_reported_beside_its_field() {
        let form = HelpForm {
            asker: "neighbour".into(),
            needs: vec!["money".into()],
            urgency: String::new(),
            district: "13299".into(),
            message: "é".repeat(MAX_MESSAGE_CHARS + 1),
            channel: "pigeon".into(),
            code_word: "x".repeat(MAX_SHORT_CHARS + 1),
            ..HelpForm::default()
        };
        let errors = validate_help(&form, &areas(), 0).unwrap_err();
        for expected in [
            (HelpField::Asker, FieldError::Unknown),
            (HelpField::Needs, FieldError::Unknown),
            (HelpField::Urgency, FieldError::Required),
            (HelpField::District, FieldError::Unknown),
            (HelpField::Message, FieldError::TooLong),
            (HelpField::Channel, FieldError::Unknown),
            (HelpField::CodeWord, FieldError::TooLong),
        ] {
            assert!(errors.contains(&expected), "{expected:?} in {errors:?}");
        }
        let empty = validate_help(&HelpForm::default(), &areas(), 0).unwrap_err();
        for field in [
            HelpField::Asker,
            HelpField::Needs,
            HelpField::Urgency,
            HelpField::Channel,
        ] {
            assert!(empty.contains(&(field, FieldError::Required)), "{field:?}");
        }
    }
}
