//! A fresh instance with many accepted incidents, written the fastest honest way: the instance is
//! created in-process with the key files and database the server will open (`<dir>/instance.key`,
//! `<dir>/audit.key`, `<dir>/vigie.sqlite`, as `vigie serve --data-dir <dir>` finds them), then the
//! incidents go through `Store::insert_incidents`, one transaction per batch.
//!
//! The incidents follow the demonstration's shape (`vigie_app::demo_shape`): the same
//! weights for arrondissements and categories, the same seasonal swing, three in four naming a
//! quartier (the first quartiers of an arrondissement weighing more), the same sources by category,
//! seizures counting 1 to 3 facts, one in five incidents standing for two contributors.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use vigie_app::demo_shape::{CATEGORY_MONTHLY, DemoShape, season};
use vigie_app::{App, InitOptions, KeyPaths, NewAccount, Settings};
use vigie_domain::area::AreaList;
use vigie_domain::observatory::disclosure::DisclosureRules;
use vigie_domain::observatory::{ContextSeries, Incident, Month};
use vigie_domain::{AuditActor, Role, RoleSet, UserId};
use vigie_store::{IncidentFilter, Store, StoreOptions, Window};

/// The analyst account the benchmark publishes as.
pub const ANALYST: &str = "banc.analyste";
/// The file that says what a seeded directory holds, so that `--seed-dir` can reuse it.
const MARKER: &str = "vigie-bench-seed.txt";
/// The official series `vigie serve --demo` shows beside its figures, relative to the workspace.
pub const CONTEXT_CSV: &str = "data/context/ssmsi-bouches-du-rhone-2016-2025.csv";
/// Their territory and source line, as `vigie serve --demo` gives them.
const CONTEXT_TERRITORY: &str = "Bouches-du-Rhône (13)";
const CONTEXT_SOURCE: &str =
    "SSMSI, bases statistiques de la délinquance enregistrée (data.gouv.fr), Licence Ouverte 2.0";

/// The official context series of [`CONTEXT_CSV`] in the workspace, if the file is there.
pub fn context_series() -> Result<Vec<ContextSeries>> {
    let path = crate::server::workspace_root().join(CONTEXT_CSV);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    vigie_observatory::parse_ssmsi_csv(&text, CONTEXT_TERRITORY, CONTEXT_SOURCE)
        .map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// The settings the in-process instance runs with: the server's defaults (production KDF, k = 5),
/// with optional noise.
pub fn settings(epsilon: Option<f64>) -> Settings {
    Settings {
        observatory: DisclosureRules {
            epsilon,
            ..DisclosureRules::default()
        },
        ..Settings::default()
    }
}

/// Where `vigie serve --data-dir DIR` looks for its files (the configuration's defaults).
pub fn key_paths(dir: &Path) -> KeyPaths {
    KeyPaths::in_data_dir(dir)
}

/// The default database URL of a data directory.
pub fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("vigie.sqlite").display())
}

/// Opens the instance in `dir` (initialised) as the server would.
pub async fn open(dir: &Path, epsilon: Option<f64>) -> Result<App> {
    let store = Store::connect(&StoreOptions::new(sqlite_url(dir)))
        .await
        .context("opening the database")?;
    store.migrate().await.context("migrating")?;
    App::open(store, &key_paths(dir), settings(epsilon))
        .await
        .context("opening the instance")
}

/// The months seeded and the months after them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// The first seeded month.
    pub first: Month,
    /// The last seeded month: the period of the first edition.
    pub last: Month,
    /// How many months are seeded.
    pub months: u32,
}

impl Calendar {
    /// `months` months ending two months before `now`'s, so that the month after them is over too
    /// (the following month's edition).
    pub fn ending_before(now: Month, months: u32) -> Calendar {
        let last = now.previous().previous();
        let mut first = last;
        for _ in 1..months {
            first = first.previous();
        }
        Calendar {
            first,
            last,
            months,
        }
    }

    /// Every seeded month, in order.
    pub fn all(&self) -> Vec<Month> {
        self.first.through(self.last).collect()
    }
}

/// `total` incidents shared among `months` with the seasonal swing; the shares add up to `total`.
pub fn month_counts(total: u64, months: &[Month]) -> Vec<u64> {
    let weights: Vec<u64> = months.iter().map(|m| u64::from(season(*m))).collect();
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut counts: Vec<u64> = weights
        .iter()
        .map(|w| (u128::from(total) * u128::from(*w) / u128::from(sum)) as u64)
        .collect();
    let mut missing = total - counts.iter().sum::<u64>();
    let n = counts.len();
    let mut i = 0;
    while missing > 0 && n > 0 {
        counts[i % n] += 1;
        missing -= 1;
        i += 1;
    }
    counts
}

/// Invented accepted incidents of the demonstration's shape ([`vigie_app::demo_shape`]), categories
/// drawn by the demonstration's monthly weights.
pub struct Generator {
    shape: DemoShape,
    category_weights: Vec<u32>,
    analyst: UserId,
    serial: u64,
}

impl Generator {
    /// A generator over the instance's areas; `seed` chooses the sequence.
    pub fn new(areas: &AreaList, analyst: UserId, seed: u64) -> Result<Generator> {
        let Some(shape) = DemoShape::new(areas, seed) else {
            bail!("the instance has no arrondissement");
        };
        Ok(Generator {
            shape,
            category_weights: CATEGORY_MONTHLY.iter().map(|(_, w)| *w).collect(),
            analyst,
            serial: 0,
        })
    }

    /// One accepted incident of `month`.
    pub fn incident(&mut self, month: Month) -> Incident {
        let category = CATEGORY_MONTHLY[self.shape.rng.weighted(&self.category_weights)].0;
        self.serial += 1;
        let reference = format!("[BANC D'ESSAI] source fictive n° {}", self.serial);
        self.shape
            .incident(category, month, self.analyst, reference)
    }
}

/// Today's date for `recorded_day`.
pub fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

/// Inserts `counts[i]` incidents of `months[i]`, `batch` per transaction. Returns the time spent
/// in the inserts (the generation excluded) and the number of transactions.
pub async fn insert(
    store: &Store,
    generator: &mut Generator,
    months: &[Month],
    counts: &[u64],
    batch: usize,
    mut progress: impl FnMut(u64),
) -> Result<(Duration, u64)> {
    let day = today();
    let mut buffer: Vec<Incident> = Vec::with_capacity(batch);
    let mut spent = Duration::ZERO;
    let mut transactions = 0;
    let mut done = 0;
    let mut flush = async |buffer: &mut Vec<Incident>| -> Result<()> {
        let started = Instant::now();
        store
            .insert_incidents(buffer, &day)
            .await
            .context("inserting incidents")?;
        spent += started.elapsed();
        transactions += 1;
        done += buffer.len() as u64;
        buffer.clear();
        progress(done);
        Ok(())
    };
    for (month, count) in months.iter().zip(counts) {
        for _ in 0..*count {
            buffer.push(generator.incident(*month));
            if buffer.len() >= batch {
                flush(&mut buffer).await?;
            }
        }
    }
    if !buffer.is_empty() {
        flush(&mut buffer).await?;
    }
    Ok((spent, transactions))
}

/// A seeded instance.
#[derive(Clone, Debug)]
pub struct Seeded {
    /// The months it holds.
    pub calendar: Calendar,
    /// Accepted incidents.
    pub incidents: u64,
    /// Incidents per transaction.
    pub batch: u64,
    /// Time spent in `insert_incidents` (`None` when an earlier seeding was reused).
    pub insert_time: Option<Duration>,
    /// The whole preparation: instance, accounts, incidents (`None` when reused).
    pub total_time: Option<Duration>,
    /// Bytes of the database files.
    pub database_bytes: u64,
    /// Official context series the editions carry.
    pub context_series: usize,
}

fn marker_text(calendar: &Calendar, incidents: u64, context: usize) -> String {
    format!(
        "incidents={incidents} first={} last={} context={context}\n",
        calendar.first, calendar.last
    )
}

/// The size of the SQLite database with its write-ahead log.
pub fn database_bytes(dir: &Path) -> u64 {
    ["vigie.sqlite", "vigie.sqlite-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum()
}

/// Seeds `dir` (which must be empty or missing), or reuses it when it already holds exactly this.
pub async fn prepare(dir: &Path, calendar: Calendar, incidents: u64, batch: u64) -> Result<Seeded> {
    let marker = dir.join(MARKER);
    let context = context_series()?;
    let wanted = marker_text(&calendar, incidents, context.len());
    if let Ok(found) = std::fs::read_to_string(&marker) {
        if found != wanted {
            bail!(
                "{} was seeded for `{}`, not `{}`: delete it or choose another --seed-dir",
                dir.display(),
                found.trim(),
                wanted.trim()
            );
        }
        eprintln!(
            "reusing the seeded instance in {} ({})",
            dir.display(),
            wanted.trim()
        );
        check_reused(dir, incidents).await?;
        return Ok(Seeded {
            calendar,
            incidents,
            batch,
            insert_time: None,
            total_time: None,
            database_bytes: database_bytes(dir),
            context_series: context.len(),
        });
    }
    create_empty(dir)?;
    let started = Instant::now();
    let (app, analyst) = new_instance(dir, &context).await?;
    let insert_time = seed_incidents(&app, analyst, &calendar, incidents, batch, started).await?;
    app.store().close().await;
    let total_time = started.elapsed();
    std::fs::write(&marker, wanted).with_context(|| format!("writing {}", marker.display()))?;
    Ok(Seeded {
        calendar,
        incidents,
        batch,
        insert_time: Some(insert_time),
        total_time: Some(total_time),
        database_bytes: database_bytes(dir),
        context_series: context.len(),
    })
}

/// The marker only says what a directory was seeded with: refuses a database that does not hold
/// `incidents` accepted incidents, so that a reused seeding is measured for what it claims to be.
async fn check_reused(dir: &Path, incidents: u64) -> Result<()> {
    let app = open(dir, None).await?;
    let (_, n) = app
        .store()
        .list_incidents(
            &IncidentFilter {
                status: Some(vigie_domain::observatory::IncidentStatus::Accepted),
                ..IncidentFilter::default()
            },
            Window {
                offset: 0,
                limit: 1,
            },
        )
        .await?;
    app.store().close().await;
    if u64::try_from(n).ok() != Some(incidents) {
        bail!(
            "{} holds {n} accepted incidents, not {incidents}: delete it to seed again",
            dir.display()
        );
    }
    Ok(())
}

/// Creates the seed directory, readable by its owner only as the server's data directory is;
/// refuses one that already holds anything, so that no other files are mixed with the instance.
fn create_empty(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        bail!(
            "{} is not empty and holds no seeded instance",
            dir.display()
        );
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("creating {}", dir.display()))?;
    Ok(())
}

/// A new instance in `dir`, as `vigie init` makes it (database, key files, the admin), with the
/// server's default settings.
pub async fn init_instance(dir: &Path) -> Result<App> {
    let store = Store::connect(&StoreOptions::new(sqlite_url(dir)))
        .await
        .context("creating the database")?;
    store.migrate().await.context("migrating")?;
    let init = InitOptions {
        admin: "admin".into(),
        escrow: false,
        receipt_kdf: vigie_vault::KdfParams::production(),
        demo: false,
    };
    Ok(App::init(store, &key_paths(dir), settings(None), &init)
        .await
        .context("initialising the instance")?
        .app)
}

/// Creates the instance as `vigie init` would (database, key files, the admin), then the analyst the
/// benchmark publishes as, and imports the official context series the editions carry.
async fn new_instance(dir: &Path, context: &[ContextSeries]) -> Result<(App, UserId)> {
    let app = init_instance(dir).await?;
    let analyst = NewAccount {
        username: ANALYST.into(),
        roles: RoleSet::of(&[Role::Analyst]),
        contact: None,
    };
    let (analyst, _) = app
        .create_user(AuditActor::Cli, &analyst)
        .await
        .context("creating the analyst")?;
    if !context.is_empty() {
        let who = app.principal(analyst).await?;
        app.import_context(&who, context)
            .await
            .context("importing the context series")?;
    }
    Ok((app, analyst))
}

/// Inserts the incidents of every month of `calendar`, `batch` per transaction, saying how far it
/// is every tenth of the way (a large seeding takes minutes); returns the time spent inserting.
async fn seed_incidents(
    app: &App,
    analyst: UserId,
    calendar: &Calendar,
    incidents: u64,
    batch: u64,
    started: Instant,
) -> Result<Duration> {
    let months = calendar.all();
    let counts = month_counts(incidents, &months);
    let mut generator = Generator::new(&app.settings().areas, analyst, 0x0056_4947_4945)?;
    let batch_size = usize::try_from(batch).unwrap_or(usize::MAX);
    let mut next_note = 0;
    let (insert_time, _) = insert(
        app.store(),
        &mut generator,
        &months,
        &counts,
        batch_size,
        |done| {
            if done >= next_note {
                eprintln!(
                    "  seeding: {done}/{incidents} incidents, {:.0} s",
                    started.elapsed().as_secs_f64()
                );
                next_note = done + incidents / 10;
            }
        },
    )
    .await?;
    Ok(insert_time)
}

/// Copies the seeded instance (database, key files, blob directory) to `to`, which must not exist.
pub fn copy_instance(from: &Path, to: &Path) -> Result<()> {
    copy_dir(from, to).with_context(|| format!("copying {} to {}", from.display(), to.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().mode(0o700).create(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else if kind.is_file() {
            if entry.file_name() == MARKER {
                continue;
            }
            std::fs::copy(entry.path(), &target)?;
        } else {
            return Err(anyhow!(
                "{}: neither a file nor a directory",
                entry.path().display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn month_counts_add_up_and_follow_the_seasons() {
        let cal = Calendar::ending_before(Month::new(2026, 11).unwrap(), 24);
        assert_eq!(cal.last, Month::new(2026, 9).unwrap());
        assert_eq!(cal.first, Month::new(2024, 10).unwrap());
        let months = cal.all();
        assert_eq!(months.len(), 24);
        let counts = month_counts(1_000_000, &months);
        assert_eq!(counts.iter().sum::<u64>(), 1_000_000);
        let july = months.iter().position(|m| m.month() == 7).unwrap();
        let february = months.iter().position(|m| m.month() == 2).unwrap();
        assert!(counts[july] > counts[february]);
        assert_eq!(month_counts(5, &months).iter().sum::<u64>(), 5);
    }

    #[test]
    fn generated_incidents_are_valid_and_skewed() {
        let areas = AreaList::marseille().unwrap();
        let mut g = Generator::new(&areas, UserId::random(), 1).unwrap();
        let month = Month::new(2026, 3).unwrap();
        let mut north = 0;
        let mut seventh = 0;
        let mut named = 0;
        for _ in 0..20_000 {
            let i = g.incident(month);
            assert!(areas.district(&i.district).is_some());
            if let Some(q) = &i.neighbourhood {
                assert_eq!(areas.neighbourhood(q).unwrap().district, i.district);
                named += 1;
            }
            assert!(i.count >= 1 && i.contributors >= 1);
            match i.district.as_str() {
                "13214" => north += 1,
                "13207" => seventh += 1,
                _ => {}
            }
        }
        assert!(north > 4 * seventh, "{north} {seventh}");
        assert!((14_000..16_000).contains(&named), "{named}");
    }
}
