//! Referrals (orientations) of a person's file to a partner professional: the states a referral
//! goes through, who may move it, and the extract template per kind of partner.
//!
//! A referral is proposed by a caseworker, accepted or declined (with a coded reason) by the
//! partner, then done (with an outcome), or revoked by the caseworker (or by the person's
//! withdrawal of consent), or expired when unanswered. The partner reads only the extract, re-sealed
//! for them, only while the referral is open.

use serde::{Deserialize, Serialize};

use crate::casefile::{DetailField, RecipientKind};

code_enum!(
    /// Where a referral stands.
    ReferralStatus {
        /// Sent, waiting for the partner's answer.
        Proposed => "proposed",
        /// The partner took it.
        Accepted => "accepted",
        /// The partner declined it.
        Declined => "declined",
        /// The partner's work is done.
        Done => "done",
        /// Withdrawn by the caseworker, or by the person's withdrawal of consent.
        Revoked => "revoked",
        /// Unanswered in time.
        Expired => "expired",
    }
);

impl ReferralStatus {
    /// Whether the partner may still read the extract and write follow-ups.
    pub fn is_open(self) -> bool {
        matches!(self, ReferralStatus::Proposed | ReferralStatus::Accepted)
    }

    /// Whether the partner may move it to `to` (accept, decline, finish).
    pub fn partner_may(self, to: ReferralStatus) -> bool {
        matches!(
            (self, to),
            (ReferralStatus::Proposed, ReferralStatus::Accepted)
                | (ReferralStatus::Proposed, ReferralStatus::Declined)
                | (ReferralStatus::Accepted, ReferralStatus::Done)
        )
    }
}

code_enum!(
    /// Why a partner declined.
    DeclineReason {
        /// No place at the moment.
        NoCapacity => "no_capacity",
        /// Not their speciality.
        OutOfScope => "out_of_scope",
        /// Too far from the person.
        TooFar => "too_far",
        /// A conflict of interest.
        Conflict => "conflict",
        /// Another reason (said in a follow-up note).
        Other => "other",
    }
);

code_enum!(
    /// How a referral ended, as the partner records it.
    ReferralOutcome {
        /// Support given as planned.
        Completed => "completed",
        /// The person stopped coming.
        Interrupted => "interrupted",
        /// Referred on to someone else.
        Redirected => "redirected",
    }
);

/// The details an extract for a kind of partner holds by default (the caseworker may drop any).
pub fn template(kind: RecipientKind) -> &'static [DetailField] {
    use DetailField::*;
    match kind {
        RecipientKind::Psychologist | RecipientKind::Doctor => &[Name, Contact, Situation],
        RecipientKind::Lawyer => &[Name, Contact, Address, Situation],
        RecipientKind::SocialWorker | RecipientKind::Housing => {
            &[Name, Contact, Address, Situation]
        }
        RecipientKind::Association => &[Name, Contact],
    }
}

/// What the partner reads: chosen details and the caseworker's reason for the referral, sealed for
/// the partner (a new version when the caseworker updates it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extract {
    /// The chosen details, with their values.
    pub details: Vec<(DetailField, String)>,
    /// Why the person is referred, what is asked.
    pub reason: String,
}

code_enum!(
    /// What a partner's follow-up note records. Clinical notes are not kept unless the instance
    /// enables them (`[casework] health_notes`, which then calls for a certified health-data host).
    NoteKind {
        /// That a session took place (and when the next one is).
        Session => "session",
        /// Non-clinical follow-up: what comes next, what the person needs from the association.
        FollowUp => "follow_up",
        /// A clinical note (only where health notes are enabled).
        Clinical => "clinical",
    }
);

impl NoteKind {
    /// The kinds a partner may write: the clinical note only where health notes are enabled.
    pub fn offered(health_notes: bool) -> &'static [NoteKind] {
        if health_notes {
            NoteKind::ALL
        } else {
            &[NoteKind::Session, NoteKind::FollowUp]
        }
    }
}

/// A follow-up note a partner writes (by default non-clinical: that a session took place, what
/// comes next).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// What it records (notes written before kinds existed are follow-ups).
    #[serde(default = "follow_up")]
    pub kind: NoteKind,
    /// The note.
    pub text: String,
}

fn follow_up() -> NoteKind {
    NoteKind::FollowUp
}

/// The day from which a referral still `proposed` has waited `days` days on `today`: one proposed
/// on or before it expires.
pub fn expiry_cutoff(today: chrono::NaiveDate, days: u32) -> Option<chrono::NaiveDate> {
    today.checked_sub_days(chrono::Days::new(u64::from(days)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partners_move_only_forward() {
        assert!(!NoteKind::offered(false).contains(&NoteKind::Clinical));
        assert!(NoteKind::offered(true).contains(&NoteKind::Clinical));
        use ReferralStatus::*;
        for &from in ReferralStatus::ALL {
            for &to in ReferralStatus::ALL {
                let allowed = matches!(
                    (from, to),
                    (Proposed, Accepted) | (Proposed, Declined) | (Accepted, Done)
                );
                assert_eq!(from.partner_may(to), allowed, "{from} -> {to}");
            }
        }
        assert!(Proposed.is_open() && Accepted.is_open());
        assert!(!Done.is_open() && !Revoked.is_open() && !Expired.is_open() && !Declined.is_open());
        for &k in RecipientKind::ALL {
            assert!(template(k).contains(&DetailField::Name), "{k}");
            assert!(
                !template(k).contains(&DetailField::Flags),
                "{k}: flags stay with the team"
            );
        }
    }

    #[test]
    fn old_notes_read_as_follow_ups_and_the_cutoff_counts_whole_days() {
        let old: Result<FollowUp, _> = serde_json::from_str(r#"{"text":"vu"}"#);
        assert_eq!(old.ok().map(|n| n.kind), Some(NoteKind::FollowUp));
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(
            day("2026-03-31").and_then(|d| expiry_cutoff(d, 30)),
            day("2026-03-01")
        );
    }
}
