//! vigie's domain: the types and rules every other crate shares.
//!
//! This crate is pure and synchronous: it knows nothing of HTTP, SQL, files or keys. It answers questions
//! ("may this principal do that?", "which day is it in Marseille?") so that the answers are the same
//! whichever part of the program asks, and so that they can be tested exhaustively.

#[macro_use]
mod macros;

pub mod area;
pub mod audit;
pub mod casefile;
pub mod coordination;
pub mod court;
mod form;
pub mod help;
pub mod help_link;
pub mod ids;
pub mod indicators;
pub mod keys;
pub mod observatory;
pub mod partner;
// The coordination's partners map (issue 12, item 10): counts by kind and area, never housing.
pub mod partners_map;
pub mod policy;
pub mod prevention;
pub mod referral;
pub mod report;
pub mod retention;
pub mod role;
pub mod routing;
pub mod support;
// Impact surveys (issue 12, item 4).
pub mod survey;
pub mod time;
pub mod user;

pub use audit::{AuditActor, AuditCheckpoint, AuditKind, AuditRecord, Checkpoint};
pub use ids::{
    CampaignId, FileId, GroupId, IncidentId, KeyHolder, LabelId, PartId, PartnerId, ProgrammeId,
    ReferralId, ReportId, SessionId, StructureId, SupportGroupId, TeamId, UserId, WorkshopId,
};
// Coordination (issue 12).
pub use ids::{DecisionId, MeetingId};
pub use policy::{Action, Denied, Principal, Resource, decide};
pub use role::{Role, RoleSet};
// Impact surveys (issue 12, item 4).
pub use ids::CycleId;
