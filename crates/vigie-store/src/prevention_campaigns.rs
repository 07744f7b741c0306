//! Prevention's campaigns and its published figures (migration 0022). Both are clear: a campaign
//! holds nothing personal, a release only aggregates already through disclosure control. This
//! module stores them and checks nothing.

use chrono::NaiveDate;
use sqlx::FromRow;
use vigie_domain::prevention::Campaign;
use vigie_domain::{CampaignId, ProgrammeId, UserId};

use crate::decode::Parsed;
use crate::sql::{args, execute};
use crate::table::Table;
use crate::{Audit, Result, Store, StoreError, audited_tx, conflict_or, parse_code, parse_uuid};

/// A campaign as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignRecord {
    /// Random id.
    pub id: CampaignId,
    /// The campaign.
    pub campaign: Campaign,
}

/// A published release of prevention figures.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct PreventionReleaseRow {
    /// The period: `2025` or `2025-Q3`.
    pub period: String,
    /// 1 for the first.
    pub version: i64,
    /// `YYYY-MM-DD`.
    pub published_day: String,
    /// The coordinator who published it.
    #[sqlx(try_from = "Parsed<Option<UserId>>")]
    pub published_by: Option<UserId>,
    /// The figures' JSON.
    pub body: String,
}

#[derive(FromRow)]
struct CampaignRow {
    id: String,
    name: String,
    kind: String,
    start_day: String,
    end_day: String,
    districts: String,
    reach: Option<i64>,
    reach_unit: Option<String>,
    programme_id: Option<String>,
}

fn day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt("campaign day".into()))
}

impl TryFrom<CampaignRow> for CampaignRecord {
    type Error = StoreError;
    fn try_from(r: CampaignRow) -> Result<Self> {
        let reach = match (r.reach, r.reach_unit) {
            (Some(n), Some(unit)) => Some((
                u64::try_from(n).map_err(|_| StoreError::Corrupt("campaign reach".into()))?,
                parse_code(&unit, "campaign reach unit")?,
            )),
            _ => None,
        };
        Ok(CampaignRecord {
            id: CampaignId(parse_uuid(&r.id)?),
            campaign: Campaign {
                name: r.name,
                kind: parse_code(&r.kind, "campaign kind")?,
                start: day(&r.start_day)?,
                end: day(&r.end_day)?,
                districts: r
                    .districts
                    .split(',')
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned)
                    .collect(),
                reach,
                programme: r
                    .programme_id
                    .as_deref()
                    .map(|p| parse_uuid(p).map(ProgrammeId))
                    .transpose()?,
            },
        })
    }
}

const CAMPAIGN_COLUMNS: &str =
    "id, name, kind, start_day, end_day, districts, reach, reach_unit, programme_id";
const CAMPAIGNS: Table<CampaignRow> =
    Table::new("prevention_campaigns", CAMPAIGN_COLUMNS, "campaign");

impl Store {
    /// Adds a campaign (`insert`) or replaces one (`NotFound` when there is none).
    pub async fn save_campaign(
        &self,
        c: &CampaignRecord,
        insert: bool,
        audit: &Audit<'_>,
    ) -> Result<()> {
        let g = &c.campaign;
        let reach = match g.reach {
            Some((n, unit)) => (
                Some(i64::try_from(n).unwrap_or(i64::MAX)),
                Some(unit.as_str()),
            ),
            None => (None, None),
        };
        let values = args![
            c.id,
            &g.name,
            g.kind.as_str(),
            vigie_domain::time::day_string(g.start),
            vigie_domain::time::day_string(g.end),
            g.districts.join(","),
            reach.0,
            reach.1,
            g.programme,
        ];
        self.save_row(&CAMPAIGNS, values, insert, audit).await
    }

    /// Every campaign, the newest start first.
    pub async fn campaigns(&self) -> Result<Vec<CampaignRecord>> {
        self.records_of(&CAMPAIGNS, "ORDER BY start_day DESC, id", args![])
            .await
    }

    /// The campaign with this id.
    pub async fn campaign(&self, id: CampaignId) -> Result<Option<CampaignRecord>> {
        self.record_by_id(&CAMPAIGNS, id).await
    }

    /// Stores a period's release; `Conflict` when that period and version already exist.
    pub async fn insert_prevention_release(
        &self,
        row: &PreventionReleaseRow,
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            execute(
                &mut *tx,
                "INSERT INTO prevention_releases (period, version, published_day, published_by, body) \
                 VALUES ($1, $2, $3, $4, $5)",
                args![&row.period, row.version, &row.published_day, row.published_by, &row.body],
            )
            .await
            .map_err(|e| conflict_or(e, "prevention release"))?;
        });
        Ok(())
    }

    /// Every release, the newest period first (the newest version of each first).
    pub async fn prevention_releases(&self) -> Result<Vec<PreventionReleaseRow>> {
        self.all(
            "SELECT period, version, published_day, published_by, body FROM prevention_releases \
             ORDER BY period DESC, version DESC",
            args![],
        )
        .await
    }
}
