//! The partners map (`/espace/coordination/carte`, issue 12, item 10): the prevention structures
//! by quartier and the partner directory's organisations by arrondissement served, counted by
//! kind, for the coordinators (`ManageCoordination`; a refusal is audited).
//!
//! Only clear columns are read (kind, areas, active): no structure contact and no partner's
//! details are opened, so nothing is decrypted and no `decrypted` entry is written. Housing and
//! shelters are left out by the domain's count ([`vigie_domain::partners_map`]), before any
//! figure exists.

use vigie_domain::Principal;
use vigie_domain::partners_map::{MapFilter, PartnersMap};

use crate::{App, Result};

impl App {
    /// The partners map's counts, as `filter` asks.
    pub async fn partners_map(&self, who: &Principal, filter: MapFilter) -> Result<PartnersMap> {
        self.may_coordinate(who, "partners_map").await?;
        let structures = self.store().structures().await?;
        let partners = self.store().partners().await?;
        Ok(PartnersMap::count(
            structures.iter().map(|r| &r.clear),
            partners.iter().map(|r| &r.clear),
            filter,
        ))
    }
}
