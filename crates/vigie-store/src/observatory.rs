//! The observatory's rows: incidents, month releases (frozen), editions (immutable JSON snapshots) and
//! the official context series. This module stores what it is given; disclosure control and the shape
//! of the JSON belong to the layers above.

use sqlx::FromRow;
use vigie_domain::observatory::{Incident, IncidentStatus, Month};
use vigie_domain::{IncidentId, ReportId, UserId};

use crate::{Audit, Result, Store, StoreError, conflict_or, dispatch, found, parse_uuid, write_tx};

/// Filters for the analysts' incident list (codes as stored); `None` means any.
#[derive(Clone, Debug, Default)]
pub struct IncidentFilter {
    /// Status code.
    pub status: Option<String>,
    /// `YYYY-MM`.
    pub month: Option<String>,
    /// Category code.
    pub category: Option<String>,
    /// Arrondissement code.
    pub district: Option<String>,
    /// Source type code.
    pub source: Option<String>,
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
    pub published_by: Option<UserId>,
    /// What a correction changes.
    pub changelog: Option<String>,
    /// The edition a correction corrects.
    pub supersedes: Option<String>,
    /// The snapshot's JSON.
    pub snapshot: String,
}

/// An official series, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
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

type EditionTuple = (
    String,
    String,
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

fn edition_row(t: EditionTuple) -> Result<EditionRow> {
    let (id, period, version, published_at, by, changelog, supersedes, snapshot) = t;
    Ok(EditionRow {
        id,
        period,
        version,
        published_at,
        published_by: by.as_deref().map(parse_uuid).transpose()?.map(UserId),
        changelog,
        supersedes,
        snapshot,
    })
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
        write_tx!(self, tx => {
            for i in incidents {
                let recorded_by = (!i.recorded_by.0.is_nil()).then(|| i.recorded_by.to_string());
                sqlx::query(
                    "INSERT INTO incidents (id, category, district, neighbourhood, month, count, contributors, \
                     source, reference, report_id, status, recorded_by, recorded_day) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                    .bind(i.id.to_string())
                    .bind(i.category.as_str())
                    .bind(&i.district)
                    .bind(i.neighbourhood.as_deref())
                    .bind(i.month.to_string())
                    .bind(i64::from(i.count))
                    .bind(i64::from(i.contributors))
                    .bind(i.source.as_str())
                    .bind(&i.reference)
                    .bind(i.report.map(|r| r.to_string()))
                    .bind(i.status.as_str())
                    .bind(recorded_by)
                    .bind(day)
                    .execute(&mut *tx).await.map_err(|e| conflict_or(e, "incident for this report"))?;
            }
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Replaces an incident's facts (an analyst's correction), keeping its id, source report and author.
    pub async fn update_incident(&self, i: &Incident, audit: &Audit<'_>) -> Result<()> {
        write_tx!(self, tx => {
        let done = sqlx::query(
            "UPDATE incidents SET category = $2, district = $3, neighbourhood = $4, month = $5, count = $6, \
             contributors = $7, source = $8, reference = $9 WHERE id = $1")
            .bind(i.id.to_string())
            .bind(i.category.as_str())
            .bind(&i.district)
            .bind(i.neighbourhood.as_deref())
            .bind(i.month.to_string())
            .bind(i64::from(i.count))
            .bind(i64::from(i.contributors))
            .bind(i.source.as_str())
            .bind(&i.reference)
            .execute(&mut *tx).await?.rows_affected();
        found(done, "incident")?;
        crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Sets an incident's review status.
    pub async fn set_incident_status(
        &self,
        id: IncidentId,
        status: IncidentStatus,
        reviewer: UserId,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            let done = sqlx::query(
                "UPDATE incidents SET status = $2, reviewed_by = $3 WHERE id = $1")
                .bind(id.to_string())
                .bind(status.as_str())
                .bind(reviewer.to_string())
                .execute(&mut *tx).await?.rows_affected();
            found(done, "incident")?;
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// One incident.
    pub async fn incident(&self, id: IncidentId) -> Result<Option<Incident>> {
        let sql = format!("SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = $1");
        let row: Option<IncidentRow> = dispatch!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.to_string()).fetch_optional(pool).await?);
        row.map(IncidentRow::into_incident).transpose()
    }

    /// The incident qualified from a report, if any.
    pub async fn incident_for_report(&self, report: ReportId) -> Result<Option<Incident>> {
        let sql = format!("SELECT {INCIDENT_COLUMNS} FROM incidents WHERE report_id = $1");
        let row: Option<IncidentRow> = dispatch!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(report.to_string()).fetch_optional(pool).await?);
        row.map(IncidentRow::into_incident).transpose()
    }

    /// The `rows` of the incidents matching `f`, newest month first, and how many match in all.
    pub async fn list_incidents(
        &self,
        f: &IncidentFilter,
        rows: Window,
    ) -> Result<(Vec<Incident>, i64)> {
        const WHERE: &str = "($1 IS NULL OR status = $1) AND ($2 IS NULL OR month = $2) \
             AND ($3 IS NULL OR category = $3) AND ($4 IS NULL OR district = $4) \
             AND ($5 IS NULL OR source = $5)";
        let list_sql = format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE {WHERE} \
             ORDER BY month DESC, district, category, id LIMIT $6 OFFSET $7"
        );
        let count_sql = format!("SELECT COUNT(*) FROM incidents WHERE {WHERE}");
        macro_rules! bind_filter {
            ($q:expr) => {
                $q.bind(f.status.as_deref())
                    .bind(f.month.as_deref())
                    .bind(f.category.as_deref())
                    .bind(f.district.as_deref())
                    .bind(f.source.as_deref())
            };
        }
        let (rows, total): (Vec<IncidentRow>, (i64,)) = dispatch!(self, pool => {
            let rows = bind_filter!(sqlx::query_as(sqlx::AssertSqlSafe(list_sql.as_str())))
                .bind(rows.limit.clamp(1, 1000))
                .bind(rows.offset.max(0))
                .fetch_all(pool).await?;
            let total = bind_filter!(sqlx::query_as(sqlx::AssertSqlSafe(count_sql.as_str()))).fetch_one(pool).await?;
            (rows, total)
        });
        let incidents = rows
            .into_iter()
            .map(IncidentRow::into_incident)
            .collect::<Result<_>>()?;
        Ok((incidents, total.0))
    }

    /// How many incidents wait for review.
    pub async fn proposed_incidents(&self) -> Result<i64> {
        let (n,): (i64,) = dispatch!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM incidents WHERE status = 'proposed'").fetch_one(pool).await?);
        Ok(n)
    }

    /// The earliest month with an accepted incident.
    pub async fn first_incident_month(&self) -> Result<Option<String>> {
        let (m,): (Option<String>,) = dispatch!(self, pool => sqlx::query_as(
            "SELECT MIN(month) FROM incidents WHERE status = 'accepted'").fetch_one(pool).await?);
        Ok(m)
    }

    /// Sums one month's accepted incidents by arrondissement and category, and by quartier.
    pub async fn month_tallies(&self, month: &str) -> Result<MonthTallies> {
        let (by_district, by_neighbourhood) = dispatch!(self, pool => {
            let d: Vec<(String, String, i64, i64)> = sqlx::query_as(
                "SELECT district, category, CAST(SUM(count) AS BIGINT), CAST(SUM(contributors) AS BIGINT) \
                 FROM incidents WHERE status = 'accepted' AND month = $1 GROUP BY district, category")
                .bind(month).fetch_all(pool).await?;
            let q: Vec<(String, i64, i64)> = sqlx::query_as(
                "SELECT neighbourhood, CAST(SUM(count) AS BIGINT), CAST(SUM(contributors) AS BIGINT) \
                 FROM incidents WHERE status = 'accepted' AND month = $1 AND neighbourhood IS NOT NULL \
                 GROUP BY neighbourhood")
                .bind(month).fetch_all(pool).await?;
            (d, q)
        });
        Ok(MonthTallies {
            by_district,
            by_neighbourhood,
        })
    }

    /// The latest release of a month, if it was ever released.
    pub async fn latest_release(&self, month: &str) -> Result<Option<ReleaseRow>> {
        let row: Option<(String, i64, String, String)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT month, version, cells, secrets FROM month_releases WHERE month = $1 \
             ORDER BY version DESC LIMIT 1").bind(month).fetch_optional(pool).await?);
        Ok(row.map(|(month, version, cells, secrets)| ReleaseRow {
            month,
            version,
            cells,
            secrets,
        }))
    }

    /// Stores a new edition and the month releases it makes, in one transaction. `Conflict` if another
    /// analyst published the same edition or release first.
    pub async fn publish_edition(
        &self,
        edition: &EditionRow,
        releases: &[ReleaseRow],
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            for r in releases {
                sqlx::query("INSERT INTO month_releases (month, version, cells, secrets) VALUES ($1, $2, $3, $4)")
                    .bind(&r.month)
                    .bind(r.version)
                    .bind(&r.cells)
                    .bind(&r.secrets)
                    .execute(&mut *tx).await.map_err(|e| conflict_or(e, "month release"))?;
            }
            sqlx::query("INSERT INTO editions (id, period, version, published_at, published_by, changelog, supersedes, snapshot) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .bind(&edition.id)
                .bind(&edition.period)
                .bind(edition.version)
                .bind(edition.published_at)
                .bind(edition.published_by.map(|u| u.to_string()))
                .bind(edition.changelog.as_deref())
                .bind(edition.supersedes.as_deref())
                .bind(&edition.snapshot)
                .execute(&mut *tx).await.map_err(|e| conflict_or(e, "edition"))?;
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Every edition without its snapshot, newest publication first (ties: later period, higher
    /// version first).
    pub async fn editions(&self) -> Result<Vec<EditionRow>> {
        let rows: Vec<EditionTuple> = dispatch!(self, pool => sqlx::query_as(
            "SELECT id, period, version, published_at, published_by, changelog, supersedes, '' FROM editions \
             ORDER BY published_at DESC, period DESC, version DESC")
            .fetch_all(pool).await?);
        rows.into_iter().map(edition_row).collect()
    }

    /// One edition.
    pub async fn edition(&self, id: &str) -> Result<Option<EditionRow>> {
        let row: Option<EditionTuple> = dispatch!(self, pool => sqlx::query_as(
            "SELECT id, period, version, published_at, published_by, changelog, supersedes, snapshot \
             FROM editions WHERE id = $1")
            .bind(id).fetch_optional(pool).await?);
        row.map(edition_row).transpose()
    }

    /// The newest edition of the latest period (what `/observatoire` shows).
    pub async fn latest_edition_id(&self) -> Result<Option<String>> {
        let row: Option<(String,)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT id FROM editions ORDER BY period DESC, version DESC LIMIT 1")
            .fetch_optional(pool).await?);
        Ok(row.map(|(id,)| id))
    }

    /// Replaces official series (same indicator, unit and territory) and adds new ones.
    pub async fn put_context_series(
        &self,
        rows: &[ContextRow],
        day: &str,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            for r in rows {
                sqlx::query("DELETE FROM context_series WHERE indicator = $1 AND unit = $2 AND territory = $3")
                    .bind(&r.indicator).bind(&r.unit).bind(&r.territory)
                    .execute(&mut *tx).await?;
                sqlx::query("INSERT INTO context_series (indicator, unit, territory, source, licence, points, imported_day) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(&r.indicator).bind(&r.unit).bind(&r.territory).bind(&r.source)
                    .bind(&r.licence).bind(&r.points).bind(day)
                    .execute(&mut *tx).await?;
            }
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Every official series, by territory and indicator.
    pub async fn context_series(&self) -> Result<Vec<ContextRow>> {
        let rows: Vec<(String, String, String, String, String, String)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT indicator, unit, territory, source, licence, points FROM context_series \
             ORDER BY territory, indicator, unit").fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(
                |(indicator, unit, territory, source, licence, points)| ContextRow {
                    indicator,
                    unit,
                    territory,
                    source,
                    licence,
                    points,
                },
            )
            .collect())
    }

    /// Deletes official series.
    pub async fn delete_context_series(
        &self,
        indicator: &str,
        unit: &str,
        territory: &str,
    ) -> Result<()> {
        dispatch!(self, pool => sqlx::query(
            "DELETE FROM context_series WHERE indicator = $1 AND unit = $2 AND territory = $3")
            .bind(indicator).bind(unit).bind(territory).execute(pool).await.map(|_| ())?);
        Ok(())
    }
}
