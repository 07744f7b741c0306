//! What the staff pages read besides the reports themselves, and the routing settings they change:
//! the names behind ids, the routing page's rules, a report's stored files, a page of the audit log.
//! The web and the command line both call these, so neither reads a row directly.
//!
//! Like [`App::list_users`], the reads check no policy: the caller asks the policy for the page first
//! (the web's `require`). The changes take the actor, check nothing either (the caller checked
//! `ManageRouting`), and write their audit entry (`settings_changed`).

use std::collections::HashMap;

use vigie_domain::report::Category;
use vigie_domain::{AuditActor, AuditKind, AuditRecord, LabelId, ReportId, Role, TeamId, UserId};
use vigie_store::{AuditFilter, BlobRef, RuleRecord};

use crate::{App, Result};

/// The names a staff page shows for ids: accounts, teams, labels.
#[derive(Clone, Debug, Default)]
pub struct StaffNames {
    users: HashMap<UserId, String>,
    /// Active handlers, by name: who may be assigned or granted a report.
    pub handlers: Vec<(UserId, String)>,
    /// Every team, by name.
    pub teams: Vec<(TeamId, String)>,
    /// The admin-defined labels, by name.
    pub labels: Vec<(LabelId, String)>,
}

impl StaffNames {
    /// An account's name, or its id when it is gone.
    pub fn user(&self, id: UserId) -> String {
        self.users
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// A team's name, or its id when it is gone.
    pub fn team(&self, id: TeamId) -> String {
        self.teams
            .iter()
            .find(|(t, _)| *t == id)
            .map_or_else(|| id.to_string(), |(_, n)| n.clone())
    }

    /// Every account, by id (disabled ones included).
    pub fn users(&self) -> impl Iterator<Item = (UserId, &str)> {
        self.users.iter().map(|(id, name)| (*id, name.as_str()))
    }

    /// Whether `id` names a team.
    pub fn has_team(&self, id: TeamId) -> bool {
        self.teams.iter().any(|(t, _)| *t == id)
    }
}

/// The routing page's settings: the rules in order, and the default team.
#[derive(Clone, Debug)]
pub struct RoutingSettings {
    /// The rules, in the order they are tried among equally specific ones.
    pub rules: Vec<RuleRecord>,
    /// The team that receives what no rule matches.
    pub default_team: Option<TeamId>,
}

impl App {
    /// Names for the ids a staff page shows.
    pub async fn staff_names(&self) -> Result<StaffNames> {
        let store = self.store();
        let mut users = HashMap::new();
        let mut handlers = Vec::new();
        for u in store.list_users().await? {
            if !u.disabled && u.roles.contains(Role::Handler) {
                handlers.push((u.id, u.username.clone()));
            }
            users.insert(u.id, u.username);
        }
        handlers.sort_by(|a, b| a.1.cmp(&b.1));
        let mut teams: Vec<(TeamId, String)> = store
            .list_teams()
            .await?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        teams.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(StaffNames {
            users,
            handlers,
            teams,
            labels: store.labels().await?,
        })
    }

    /// The routing rules and the default team.
    pub async fn routing_settings(&self) -> Result<RoutingSettings> {
        Ok(RoutingSettings {
            rules: self.store().routing_rules().await?,
            default_team: self.store().default_team().await?,
        })
    }

    /// Appends a routing rule (`None`: any category or arrondissement); returns its id.
    pub async fn add_routing_rule(
        &self,
        actor: AuditActor,
        category: Option<Category>,
        district: Option<&str>,
        team: TeamId,
    ) -> Result<String> {
        let rule = self
            .store()
            .add_routing_rule(category, district, team)
            .await?;
        let detail = format!(
            "routing rule {rule} added: category={} district={}",
            category.map_or("*", Category::as_str),
            district.unwrap_or("*")
        );
        self.settings_changed(actor, &format!("team:{team}"), &detail)
            .await?;
        Ok(rule)
    }

    /// Deletes a routing rule; `Store(NotFound)` when there is none with this id.
    pub async fn delete_routing_rule(&self, actor: AuditActor, rule: &str) -> Result<()> {
        self.store().delete_routing_rule(rule).await?;
        self.settings_changed(actor, "routing", &format!("routing rule {rule} deleted"))
            .await
    }

    /// Sets the team that receives what no rule matches.
    pub async fn set_default_team(&self, actor: AuditActor, team: TeamId) -> Result<()> {
        self.store().set_default_team(team).await?;
        self.settings_changed(actor, &format!("team:{team}"), "default team")
            .await
    }

    /// Adds a label to the list; `Store(Conflict)` when the name is taken.
    pub async fn add_label(&self, actor: AuditActor, name: &str) -> Result<LabelId> {
        let id = self.store().add_label(name).await?;
        self.settings_changed(
            actor,
            &format!("label:{id}"),
            &format!("label added: {name}"),
        )
        .await?;
        Ok(id)
    }

    /// Deletes a label (from every report too); `Store(NotFound)` when there is none.
    pub async fn delete_label(&self, actor: AuditActor, id: LabelId) -> Result<()> {
        self.store().delete_label(id).await?;
        self.settings_changed(actor, &format!("label:{id}"), "label deleted")
            .await
    }

    pub(crate) async fn settings_changed(
        &self,
        actor: AuditActor,
        object: &str,
        detail: &str,
    ) -> Result<()> {
        self.append_audit(actor, AuditKind::SettingsChanged, object, detail)
            .await
            .map(drop)
    }

    /// The stored copies of a report's files (which parts have an original, a clean copy), for a
    /// reader the caller has already let open the report.
    pub async fn report_blobs(&self, id: ReportId) -> Result<Vec<BlobRef>> {
        Ok(self.store().report_blobs(id).await?)
    }

    /// A report's number, `None` when there is no such report.
    pub async fn report_number(&self, id: ReportId) -> Result<Option<i64>> {
        Ok(self.store().report(id).await?.map(|r| r.number))
    }

    /// The month of the oldest incident, as stored (`YYYY-MM`), if any.
    pub async fn first_incident_month(&self) -> Result<Option<String>> {
        Ok(self.store().first_incident_month().await?)
    }

    /// A page of the audit log, newest first.
    pub async fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>> {
        Ok(self.store().audit_entries(filter).await?)
    }

    /// Whether the database answers (for a readiness probe).
    pub async fn ping(&self) -> Result<()> {
        Ok(self.store().ping().await?)
    }
}
