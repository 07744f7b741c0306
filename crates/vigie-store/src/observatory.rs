//! The observatory's rows: incidents, month releases (frozen), editions (immutable JSON snapshots) and
//! the official context series. This module stores what it is given; disclosure control and the shape
//! of the JSON belong to the layers above.

use sqlx::{AssertSqlSafe, FromRow};
use vigie_domain::observatory::{Incident, IncidentCategory, IncidentStatus, Month, SourceType};
use vigie_domain::{IncidentId, ReportId, UserId};

use crate::decode::Parsed;
use crate::sql::{Arg, Filter, args, execute};
use crate::{Audit, Result, Store, StoreError, audited_tx, conflict_or, parse_uuid};

/// Filters for the analysts' incident list; `None` means any.
#[derive(Clone, Debug, Default)]
pub struct IncidentFilter {
    /// Status.
    pub status: Option<IncidentStatus>,
    /// Month.
    pub month: Option<Month>,
    /// Category.
    pub category: Option<IncidentCategory>,
    /// Arrondissement code.
    pub district: Option<String>,
    /// Source type.
    pub source: Option<SourceType>,
}

/// Which rows of a long list: `limit` rows (clamped to 1..=1000) after skipping `offset`.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// One month's accepted incidents, summed in the database (a million rows never leave it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthTallies {
    /// (arrondissement, category, count, contributors).
    pub by_district: Vec<(String, String, i64, i64)>,
    /// (quartier, count, contributors), every category together.
    pub by_neighbourhood: Vec<(String, i64, i64)>,
}

/// A stored month release.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct ReleaseRow {
    /// `YYYY-MM`.
    pub month: String,
    /// 1, then one more per correction.
    pub version: i64,
    /// Public JSON.
    pub cells: String,
    /// Private JSON (frozen noise).
    pub secrets: String,
}

/// A published edition, as stored.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct EditionRow {
    /// `2026-03.1`.
    pub id: String,
    /// `YYYY-MM`.
    pub period: String,
    /// Version within the period.
    pub version: i64,
    /// Unix seconds.
    pub published_at: i64,
    /// The analyst.
    #[sqlx(try_from = "Parsed<Option<UserId>>")]
    pub published_by: Option<UserId>,
    /// What a correction changes.
    pub changelog: Option<String>,
    /// The edition a correction corrects.
    pub supersedes: Option<String>,
    /// The snapshot's JSON.
    pub snapshot: String,
}

/// An official series, as stored.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct ContextRow {
    /// Indicator name.
    pub indicator: String,
    /// Unit of count.
    pub unit: String,
    /// Territory.
    pub territory: String,
    /// Source line.
    pub source: String,
    /// Licence.
    pub licence: String,
    /// Points, JSON.
    pub points: String,
}

#[derive(FromRow)]
struct IncidentRow {
    id: String,
    category: String,
    district: String,
    neighbourhood: Option<String>,
    month: String,
    count: i64,
    contributors: i64,
    source: String,
    reference: String,
    report_id: Option<String>,
    status: String,
    recorded_by: Option<String>,
}

const INCIDENT_COLUMNS: &str = "id, category, district, neighbourhood, month, count, contributors, \
     source, reference, report_id, status, recorded_by";

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!(
        "incident {what} `{}`",
        value.chars().take(40).collect::<String>()
    ))
}

impl IncidentRow {
    fn into_incident(self) -> Result<Incident> {
        let count = |n: i64, what| u32::try_from(n).map_err(|_| corrupt(what, &n.to_string()));
        Ok(Incident {
            id: IncidentId(parse_uuid(&self.id)?),
            category: self
                .category
                .parse()
                .map_err(|_| corrupt("category", &self.category))?,
            district: self.district,
            neighbourhood: self.neighbourhood,
            month: self
                .month
                .parse::<Month>()
                .map_err(|_| corrupt("month", &self.month))?,
            count: count(self.count, "count")?,
            contributors: count(self.contributors, "contributors")?,
            source: self
                .source
                .parse()
                .map_err(|_| corrupt("source", &self.source))?,
            reference: self.reference,
            report: self
                .report_id
                .as_deref()
                .map(parse_uuid)
                .transpose()?
                .map(ReportId),
            status: self
                .status
                .parse()
                .map_err(|_| corrupt("status", &self.status))?,
            // An erased author leaves the nil id: the incident stays.
            recorded_by: UserId(
                self.recorded_by
                    .as_deref()
                    .map(parse_uuid)
                    .transpose()?
                    .unwrap_or_default(),
            ),
        })
    }
}

impl Store {
    /// Stores a new incident. `Conflict` if its report already has one.
    pub async fn insert_incident(&self, i: &Incident, day: &str, audit: &Audit<'_>) -> Result<()> {
        self.insert_incidents_audited(std::slice::from_ref(i), day, audit)
            .await
    }

    /// Stores incidents in one transaction (one from a form; many for the demo or a benchmark).
    /// `Conflict` if one's report already has an incident: then none is stored.
    pub async fn insert_incidents(&self, incidents: &[Incident], day: &str) -> Result<()> {
        self.insert_incidents_audited(incidents, day, &Audit::none())
            .await
    }

    async fn insert_incidents_audited(
        &self,
        incidents: &[Incident],
        day: &str,
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            for i in incidents {
                let recorded_by = (!i.recorded_by.0.is_nil()).then_some(i.recorded_by);
                let mut values = args![i.id];
                values.extend(facts(i));
                values.extend(args![i.report, i.status.as_str(), recorded_by, day]);
                execute(
                    &mut *tx,
                    "INSERT INTO incidents (id, category, district, neighbourhood, month, count, contributors, \
                     source, reference, report_id, status, recorded_by, recorded_day) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                    values,
                )
                .await
                .map_err(|e| conflict_or(e, "incident for this report"))?;
            }
        });
        Ok(())
    }

    /// Replaces an incident's facts (an analyst's correction), keeping its id, source report and author.
    pub async fn update_incident(&self, i: &Incident, audit: &Audit<'_>) -> Result<()> {
        let mut values = args![i.id];
        values.extend(facts(i));
        self.update_audited(
            "UPDATE incidents SET category = $2, district = $3, neighbourhood = $4, month = $5, count = $6, \
             contributors = $7, source = $8, reference = $9 WHERE id = $1",
            values,
            "incident",
            audit,
        )
        .await
    }

    /// Sets an incident's review status.
    pub async fn set_incident_status(
        &self,
        id: IncidentId,
        status: IncidentStatus,
        reviewer: UserId,
        audit: &Audit<'_>,
    ) -> Result<()> {
        self.update_audited(
            "UPDATE incidents SET status = $2, reviewed_by = $3 WHERE id = $1",
            args![id, status.as_str(), reviewer],
            "incident",
            audit,
        )
        .await
    }

    /// The incident whose row matches `clause` (SQL text of this module, `$1` bound to `value`).
    async fn incident_where(&self, clause: &str, value: Arg<'_>) -> Result<Option<Incident>> {
        let sql = format!("SELECT {INCIDENT_COLUMNS} FROM incidents WHERE {clause}");
        let row: Option<IncidentRow> = self.optional(AssertSqlSafe(sql), vec![value]).await?;
        row.map(IncidentRow::into_incident).transpose()
    }

    /// One incident.
    pub async fn incident(&self, id: IncidentId) -> Result<Option<Incident>> {
        self.incident_where("id = $1", id.into()).await
    }

    /// The incident qualified from a report, if any.
    pub async fn incident_for_report(&self, report: ReportId) -> Result<Option<Incident>> {
        self.incident_where("report_id = $1", report.into()).await
    }

    /// The `rows` of the incidents matching `f`, newest month first, and how many match in all.
    pub async fn list_incidents(
        &self,
        f: &IncidentFilter,
        rows: Window,
    ) -> Result<(Vec<Incident>, i64)> {
        let filter = Filter::fixed(
            "($1 IS NULL OR status = $1) AND ($2 IS NULL OR month = $2) \
             AND ($3 IS NULL OR category = $3) AND ($4 IS NULL OR district = $4) \
             AND ($5 IS NULL OR source = $5)",
            args![
                f.status.map(IncidentStatus::as_str),
                f.month.map(|m| m.to_string()),
                f.category.map(IncidentCategory::as_str),
                &f.district,
                f.source.map(SourceType::as_str),
            ],
        );
        let (rows, total) = self
            .page::<IncidentRow>(
                (
                    &format!("SELECT {INCIDENT_COLUMNS} FROM incidents"),
                    "SELECT COUNT(*) FROM incidents",
                ),
                &filter,
                "ORDER BY month DESC, district, category, id",
                (rows.limit.clamp(1, 1000), rows.offset.max(0)),
            )
            .await?;
        let incidents = rows
            .into_iter()
            .map(IncidentRow::into_incident)
            .collect::<Result<_>>()?;
        Ok((incidents, total))
    }

    /// How many incidents wait for review.
    pub async fn proposed_incidents(&self) -> Result<i64> {
        let (n,) = self
            .one(
                "SELECT COUNT(*) FROM incidents WHERE status = 'proposed'",
                args![],
            )
            .await?;
        Ok(n)
    }

    /// The earliest month with an accepted incident.
    pub async fn first_incident_month(&self) -> Result<Option<String>> {
        let (m,) = self
            .one(
                "SELECT MIN(month) FROM incidents WHERE status = 'accepted'",
                args![],
            )
            .await?;
        Ok(m)
    }

    /// Sums one month's accepted incidents by arrondissement and category, and by quartier.
    pub async fn month_tallies(&self, month: &str) -> Result<MonthTallies> {
        Ok(MonthTallies {
            by_district: self
                .all(
                    "SELECT district, category, CAST(SUM(count) AS BIGINT), \
                     CAST(SUM(contributors) AS BIGINT) FROM incidents \
                     WHERE status = 'accepted' AND month = $1 GROUP BY district, category",
                    args![month],
                )
                .await?,
            by_neighbourhood: self
                .all(
                    "SELECT neighbourhood, CAST(SUM(count) AS BIGINT), \
                     CAST(SUM(contributors) AS BIGINT) FROM incidents \
                     WHERE status = 'accepted' AND month = $1 AND neighbourhood IS NOT NULL \
                     GROUP BY neighbourhood",
                    args![month],
                )
                .await?,
        })
    }

    /// The latest release of a month, if it was ever released.
    pub async fn latest_release(&self, month: &str) -> Result<Option<ReleaseRow>> {
        self.optional(
            "SELECT month, version, cells, secrets FROM month_releases WHERE month = $1 \
             ORDER BY version DESC LIMIT 1",
            args![month],
        )
        .await
    }

    /// Stores a new edition and the month releases it makes, in one transaction. `Conflict` if another
    /// analyst published the same edition or release first.
    pub async fn publish_edition(
        &self,
        edition: &EditionRow,
        releases: &[ReleaseRow],
        audit: &Audit<'_>,
    ) -> Result<()> {
        let e = edition;
        audited_tx!(self, audit, tx => {
            for r in releases {
                execute(
                    &mut *tx,
                    "INSERT INTO month_releases (month, version, cells, secrets) VALUES ($1, $2, $3, $4)",
                    args![&r.month, r.version, &r.cells, &r.secrets],
                )
                .await
                .map_err(|e| conflict_or(e, "month release"))?;
            }
            execute(
                &mut *tx,
                "INSERT INTO editions (id, period, version, published_at, published_by, changelog, \
                 supersedes, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                args![
                    &e.id,
                    &e.period,
                    e.version,
                    e.published_at,
                    e.published_by,
                    &e.changelog,
                    &e.supersedes,
                    &e.snapshot,
                ],
            )
            .await
            .map_err(|e| conflict_or(e, "edition"))?;
        });
        Ok(())
    }

    /// Every edition without its snapshot, newest publication first (ties: later period, higher
    /// version first).
    pub async fn editions(&self) -> Result<Vec<EditionRow>> {
        self.all(
                "SELECT id, period, version, published_at, published_by, changelog, supersedes, '' AS snapshot \
             FROM editions ORDER BY published_at DESC, period DESC, version DESC",
            args![],
        )
        .await
    }

    /// One edition.
    pub async fn edition(&self, id: &str) -> Result<Option<EditionRow>> {
        self.optional(
            "SELECT id, period, version, published_at, published_by, changelog, supersedes, \
             snapshot FROM editions WHERE id = $1",
            args![id],
        )
        .await
    }

    /// The newest edition of the latest period (what `/observatoire` shows).
    pub async fn latest_edition_id(&self) -> Result<Option<String>> {
        Ok(self
            .column(
                "SELECT id FROM editions ORDER BY period DESC, version DESC LIMIT 1",
                args![],
            )
            .await?
            .pop())
    }

    /// Replaces official series (same indicator, unit and territory) and adds new ones.
    pub async fn put_context_series(
        &self,
        rows: &[ContextRow],
        day: &str,
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            for r in rows {
                execute(
                    &mut *tx,
                    DELETE_SERIES,
                    args![&r.indicator, &r.unit, &r.territory],
                )
                .await?;
                execute(
                    &mut *tx,
                    "INSERT INTO context_series (indicator, unit, territory, source, licence, points, \
                     imported_day) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    args![&r.indicator, &r.unit, &r.territory, &r.source, &r.licence, &r.points, day],
                )
                .await?;
            }
        });
        Ok(())
    }

    /// Every official series, by territory and indicator.
    pub async fn context_series(&self) -> Result<Vec<ContextRow>> {
        self.all(
            "SELECT indicator, unit, territory, source, licence, points FROM context_series \
             ORDER BY territory, indicator, unit",
            args![],
        )
        .await
    }

    /// Deletes official series.
    pub async fn delete_context_series(
        &self,
        indicator: &str,
        unit: &str,
        territory: &str,
    ) -> Result<()> {
        self.exec(DELETE_SERIES, args![indicator, unit, territory])
            .await?;
        Ok(())
    }
}

/// Deletes one official series (`$1` indicator, `$2` unit, `$3` territory).
const DELETE_SERIES: &str =
    "DELETE FROM context_series WHERE indicator = $1 AND unit = $2 AND territory = $3";

/// An incident's facts, the columns a correction replaces, in their order.
fn facts(i: &Incident) -> Vec<Arg<'_>> {
    args![
        i.category.as_str(),
        &i.district,
        i.neighbourhood.as_deref(),
        i.month.to_string(),
        i64::from(i.count),
        i64::from(i.contributors),
        i.source.as_str(),
        &i.reference,
    ]
}
