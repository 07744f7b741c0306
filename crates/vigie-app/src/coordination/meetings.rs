//! Meetings and their minutes. The minutes are sealed under the meeting's own random key, wrapped
//! for each participant's public key and the escrow key, all from the checked key directory (a
//! participant whose key the directory does not vouch for gets no slot): a coordinator who did not
//! take part holds no slot, and the policy refuses them first.

use chrono::NaiveDate;
use vigie_domain::coordination::{
    DecisionRecord, Meeting, MeetingForm, MinutesForm, validate_meeting, validate_minutes,
};
use vigie_domain::{Action, AuditActor, AuditKind, KeyHolder, MeetingId, Principal, Resource};
use vigie_store::MeetingRecord;
use vigie_vault::{AudienceKey, SecretKey};
use zeroize::Zeroizing;

use super::{invalid, meeting_object};
use crate::reports::follow::corrupt;
use crate::reports::submit::today;
use crate::{App, AppError, Result};

/// The coordination area's home: the meetings, what is due, and whether the reader accepted the
/// charter.
#[derive(Clone, Debug)]
pub struct CoordinationHome {
    /// Every meeting, newest first (clear halves only: nothing is decrypted).
    pub meetings: Vec<(MeetingId, Meeting, bool)>,
    /// Open actions due from today to seven days ahead, and those overdue.
    pub due: Vec<super::DueDecision>,
    /// The day the reader accepted the CLSPD charter, if they did.
    pub charter_day: Option<String>,
    /// Today.
    pub today: NaiveDate,
}

/// A meeting's page: its clear half, whether the reader took part, whether minutes exist, and its
/// decisions.
#[derive(Clone, Debug)]
pub struct MeetingView {
    /// Id.
    pub id: MeetingId,
    /// The clear half.
    pub meeting: Meeting,
    /// The reader is a participant (may open and write the minutes).
    pub participant: bool,
    /// The day the minutes were last written, if they were.
    pub minutes_day: Option<String>,
    /// Its decisions, by due day.
    pub decisions: Vec<DecisionRecord>,
}

fn slot_aad(id: MeetingId) -> Vec<u8> {
    crate::aad::slot(b"vigie/minutes-slot/", id.0.as_bytes(), 0)
}

fn minutes_aad(id: MeetingId) -> Vec<u8> {
    [b"vigie/minutes/".as_slice(), id.0.as_bytes()].concat()
}

/// The minutes sealed under meeting `id`'s key.
fn seal_minutes(id: MeetingId, key: &AudienceKey, text: &str) -> Vec<u8> {
    vigie_vault::seal(
        &key.part_key(id.0, "minutes"),
        &minutes_aad(id),
        text.as_bytes(),
    )
}

/// The resource the policy reads for meeting `m`'s minutes.
fn resource(m: &Meeting) -> Resource {
    Resource::Meeting {
        participants: m.participants.clone(),
    }
}

impl App {
    /// The paris day of now.
    pub(super) fn coordination_today(&self) -> NaiveDate {
        vigie_domain::time::paris_day(self.clock().now())
    }

    /// The area's home page.
    pub async fn coordination_home(&self, who: &Principal) -> Result<CoordinationHome> {
        self.may_coordinate(who, "").await?;
        let meetings = self
            .store()
            .meetings()
            .await?
            .into_iter()
            .map(|r| (r.id, r.meeting, r.minutes.is_some()))
            .collect();
        Ok(CoordinationHome {
            meetings,
            due: self.due_this_week().await?,
            charter_day: self.charter_day(who.id).await?,
            today: self.coordination_today(),
        })
    }

    /// Records a meeting from a posted form, for `who`, who must have accepted the charter.
    pub async fn add_meeting(&self, who: &Principal, form: &MeetingForm) -> Result<MeetingId> {
        self.may_coordinate(who, "").await?;
        if self.charter_day(who.id).await?.is_none() {
            return Err(invalid(vec![(
                "charter".into(),
                vigie_domain::coordination::Problem::Required,
            )]));
        }
        let (id, _) = self.insert_meeting(AuditActor::Staff(who.id), form).await?;
        Ok(id)
    }

    /// Validates and stores a meeting (its minutes' key wrapped for its participants and the
    /// escrow), audited as `actor`'s; returns its id and its minutes' key.
    pub(crate) async fn insert_meeting(
        &self,
        actor: AuditActor,
        form: &MeetingForm,
    ) -> Result<(MeetingId, AudienceKey)> {
        let allowed: Vec<_> = self
            .charter_signatories()
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let meeting =
            validate_meeting(form, &allowed, self.coordination_today()).map_err(invalid)?;
        let id = MeetingId::random();
        let key = AudienceKey::random();
        let dir = self.directory().await?;
        let aad = slot_aad(id);
        let mut slots = Vec::new();
        for p in &meeting.participants {
            let pk = dir.active_key(*p)?;
            slots.push((
                KeyHolder::User(*p),
                vigie_vault::wrap_audience_key_for(&pk, &key, &aad)?,
            ));
        }
        if let Some(escrow) = dir.escrow {
            slots.push((
                KeyHolder::Escrow,
                vigie_vault::wrap_audience_key_for(&escrow, &key, &aad)?,
            ));
        }
        let what = format!("meeting added ({})", meeting.kind.as_str());
        let record = MeetingRecord {
            id,
            meeting,
            minutes: None,
        };
        let store = self.store();
        self.coordination_change(
            (actor, AuditKind::CoordinationChanged),
            (&meeting_object(id), &what),
            async |audit| store.insert_meeting(&record, &slots, audit).await,
        )
        .await?;
        Ok((id, key))
    }

    /// The stored meeting `id`, or `NoPreventionItem` (the callers checked the policy).
    pub(super) async fn meeting_row(&self, id: MeetingId) -> Result<MeetingRecord> {
        let rec = self.store().meeting(id).await?;
        rec.ok_or(AppError::NoPreventionItem)
    }

    /// A meeting's page (nothing decrypted).
    pub async fn meeting(&self, who: &Principal, id: MeetingId) -> Result<MeetingView> {
        self.may_coordinate(who, &meeting_object(id)).await?;
        let rec = self.meeting_row(id).await?;
        Ok(MeetingView {
            id,
            participant: rec.meeting.participants.contains(&who.id),
            minutes_day: rec.minutes.map(|(_, day)| day),
            decisions: self.store().decisions(Some(id)).await?,
            meeting: rec.meeting,
        })
    }

    /// The meeting's key, for a participant the policy allowed `action` (refusals audited).
    async fn minutes_key(
        &self,
        who: &Principal,
        secret: &SecretKey,
        (id, action): (MeetingId, Action),
    ) -> Result<(MeetingRecord, AudienceKey)> {
        let rec = self.meeting_row(id).await?;
        self.authorize_on(who, action, &resource(&rec.meeting), &meeting_object(id))
            .await?;
        let wrapped = self
            .store()
            .minutes_slot(id, KeyHolder::User(who.id))
            .await?
            .ok_or_else(|| {
                AppError::Integrity(format!("meeting {id}: a participant without a key slot"))
            })?;
        let key = vigie_vault::unwrap_audience_key(secret, &wrapped, &slot_aad(id))?;
        Ok((rec, key))
    }

    /// Opens a meeting's minutes for one of its participants (`None` when none were written).
    /// The opening is audited as a decryption; anyone else is refused, audited.
    pub async fn open_minutes(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: MeetingId,
    ) -> Result<Option<String>> {
        let (rec, key) = self
            .minutes_key(who, secret, (id, Action::ReadMinutes))
            .await?;
        let Some((sealed, _)) = rec.minutes else {
            return Ok(None);
        };
        self.append_audit(
            AuditActor::Staff(who.id),
            AuditKind::Decrypted,
            &meeting_object(id),
            "minutes",
        )
        .await?;
        let plain = Zeroizing::new(vigie_vault::open(
            &key.part_key(id.0, "minutes"),
            &minutes_aad(id),
            &sealed,
        )?);
        Ok(Some(String::from_utf8(plain.to_vec()).map_err(corrupt)?))
    }

    /// A participant writes (or rewrites) a meeting's minutes: checked for names, sealed.
    pub async fn write_minutes(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: MeetingId,
        form: &MinutesForm,
    ) -> Result<()> {
        let (_, key) = self
            .minutes_key(who, secret, (id, Action::ActInMeeting))
            .await?;
        let text = Zeroizing::new(validate_minutes(form).map_err(invalid)?);
        self.seal_and_store_minutes(AuditActor::Staff(who.id), id, &key, &text)
            .await
    }

    /// Seals `text` as meeting `id`'s minutes and stores them, audited as `actor`'s.
    pub(crate) async fn seal_and_store_minutes(
        &self,
        actor: AuditActor,
        id: MeetingId,
        key: &AudienceKey,
        text: &str,
    ) -> Result<()> {
        let sealed = seal_minutes(id, key, text);
        let day = today(self);
        let store = self.store();
        self.coordination_change(
            (actor, AuditKind::CoordinationChanged),
            (&meeting_object(id), "minutes written"),
            async |audit| store.write_minutes(id, &sealed, &day, audit).await,
        )
        .await
    }
}
