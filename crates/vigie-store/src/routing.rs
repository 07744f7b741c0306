//! Routing rules, the default team, labels and teams' notification addresses.

use vigie_domain::report::Category;
use vigie_domain::{LabelId, ReportId, TeamId};

use sqlx::AssertSqlSafe;

use crate::sql::{args, execute, fetch_one};
use crate::{Audit, Result, Store, parse_code, parse_uuid, write_tx};

/// A stored routing rule: category x arrondissement -> team (`None` matches any).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleRecord {
    /// Random id.
    pub id: String,
    /// Order among equally specific rules.
    pub position: i64,
    /// The category it matches, or any.
    pub category: Option<Category>,
    /// Arrondissement code, or any.
    pub district: Option<String>,
    /// Target team.
    pub team: TeamId,
}

#[derive(sqlx::FromRow)]
struct RuleRow {
    id: String,
    position: i64,
    category: Option<String>,
    district: Option<String>,
    team_id: String,
}

impl TryFrom<RuleRow> for RuleRecord {
    type Error = crate::StoreError;
    fn try_from(r: RuleRow) -> Result<Self> {
        Ok(RuleRecord {
            id: r.id,
            position: r.position,
            category: r
                .category
                .as_deref()
                .map(|c| parse_code(c, "routing category"))
                .transpose()?,
            district: r.district,
            team: TeamId(parse_uuid(&r.team_id)?),
        })
    }
}

impl Store {
    /// Every routing rule, in order.
    pub async fn routing_rules(&self) -> Result<Vec<RuleRecord>> {
        self.records::<RuleRow, _>(
            "SELECT id, position, category, district, team_id FROM routing_rules ORDER BY position, id",
            args![],
        )
        .await
    }

    /// Appends a rule after the others.
    pub async fn add_routing_rule(
        &self,
        category: Option<Category>,
        district: Option<&str>,
        team: TeamId,
    ) -> Result<String> {
        let id = uuid::Uuid::new_v4().to_string();
        write_tx!(self, tx => {
            let (position,): (i64,) = fetch_one(
                &mut *tx,
                "SELECT COALESCE(MAX(position), 0) + 1 FROM routing_rules",
                args![],
            )
            .await?;
            execute(
                &mut *tx,
                "INSERT INTO routing_rules (id, position, category, district, team_id) \
                 VALUES ($1, $2, $3, $4, $5)",
                args![&id, position, category.map(Category::as_str), district, team],
            )
            .await?;
        });
        Ok(id)
    }

    /// Deletes a rule; `NotFound` if there is none with this id.
    pub async fn delete_routing_rule(&self, id: &str) -> Result<()> {
        self.exec_one(
            "DELETE FROM routing_rules WHERE id = $1",
            args![id],
            "routing rule",
        )
        .await
    }

    /// The team that receives reports no rule matches.
    pub async fn default_team(&self) -> Result<Option<TeamId>> {
        self.instance_team(InstanceTeam::Default).await
    }

    /// Sets the default team.
    pub async fn set_default_team(&self, team: TeamId) -> Result<()> {
        self.set_instance_team(InstanceTeam::Default, team).await
    }

    /// The casework team that help requests reach, as the instance row says (the caller checks its
    /// kind in the key directory before sealing anything for it).
    pub async fn help_team(&self) -> Result<Option<TeamId>> {
        self.instance_team(InstanceTeam::Help).await
    }

    /// Names the team that help requests reach.
    pub async fn set_help_team(&self, team: TeamId) -> Result<()> {
        self.set_instance_team(InstanceTeam::Help, team).await
    }

    async fn instance_team(&self, which: InstanceTeam) -> Result<Option<TeamId>> {
        let sql = format!("SELECT {} FROM instance WHERE id = 1", which.column());
        let row: Option<(Option<String>,)> = self.optional(AssertSqlSafe(sql), args![]).await?;
        row.and_then(|(t,)| t)
            .map(|t| Ok(TeamId(parse_uuid(&t)?)))
            .transpose()
    }

    async fn set_instance_team(&self, which: InstanceTeam, team: TeamId) -> Result<()> {
        let sql = format!("UPDATE instance SET {} = $1 WHERE id = 1", which.column());
        self.exec_one(AssertSqlSafe(sql), args![team], "instance")
            .await
    }

    /// The admin-defined labels, by name.
    pub async fn labels(&self) -> Result<Vec<(LabelId, String)>> {
        let rows: Vec<(String, String)> = self
            .all("SELECT id, name FROM labels ORDER BY name", args![])
            .await?;
        rows.into_iter()
            .map(|(id, name)| Ok((LabelId(parse_uuid(&id)?), name)))
            .collect()
    }

    /// Adds a label. `Conflict("label")` if the name exists.
    pub async fn add_label(&self, name: &str) -> Result<LabelId> {
        let id = LabelId::random();
        self.exec_unique(
            "INSERT INTO labels (id, name) VALUES ($1, $2)",
            args![id, name],
            "label",
        )
        .await?;
        Ok(id)
    }

    /// Deletes a label (and removes it from every report).
    pub async fn delete_label(&self, id: LabelId) -> Result<()> {
        self.exec_one("DELETE FROM labels WHERE id = $1", args![id], "label")
            .await
    }

    /// A report's labels.
    pub async fn report_labels(&self, report: ReportId) -> Result<Vec<LabelId>> {
        self.ids(
            "SELECT l.id FROM report_labels rl JOIN labels l ON l.id = rl.label_id \
             WHERE rl.report_id = $1 ORDER BY l.name",
            args![report],
            LabelId,
        )
        .await
    }

    /// Replaces a report's labels.
    pub async fn set_report_labels(
        &self,
        report: ReportId,
        labels: &[LabelId],
        audit: &Audit<'_>,
    ) -> Result<()> {
        self.replace_links(
            ("report_labels", "report_id", "label_id"),
            report.into(),
            labels.iter().map(|l| (*l).into()).collect(),
            audit,
        )
        .await
    }

    /// A team's notification addresses, sealed by the caller.
    pub async fn team_notify(&self, team: TeamId) -> Result<Option<Vec<u8>>> {
        let row: Option<(Option<Vec<u8>>,)> = self
            .optional("SELECT notify_sealed FROM teams WHERE id = $1", args![team])
            .await?;
        Ok(row.and_then(|(s,)| s))
    }

    /// Sets (or clears) a team's sealed notification addresses.
    pub async fn set_team_notify(&self, team: TeamId, sealed: Option<&[u8]>) -> Result<()> {
        self.exec_one(
            "UPDATE teams SET notify_sealed = $1 WHERE id = $2",
            args![sealed, team],
            "team",
        )
        .await
    }
}

/// A team the instance row names.
#[derive(Clone, Copy)]
enum InstanceTeam {
    /// Where reports no rule matches go.
    Default,
    /// Where help requests go.
    Help,
}

impl InstanceTeam {
    /// Its column of `instance` (SQL text of ours, never a value).
    fn column(self) -> &'static str {
        match self {
            Self::Default => "default_team_id",
            Self::Help => "help_team_id",
        }
    }
}
