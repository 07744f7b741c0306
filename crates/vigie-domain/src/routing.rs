//! Routing: which team receives a new report. Rules match a category, a district, or both; the most
//! specific matching rule wins; a report no rule matches goes to the default team, never to nobody.

use crate::TeamId;
use crate::report::Category;

/// One routing rule. `None` matches anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutingRule {
    /// The category it applies to, or any.
    pub category: Option<Category>,
    /// The district code it applies to, or any.
    pub district: Option<String>,
    /// Where matching reports go.
    pub team: TeamId,
}

impl RoutingRule {
    fn matches(&self, category: Category, district: &str) -> bool {
        self.category.is_none_or(|c| c == category)
            && self.district.as_deref().is_none_or(|d| d == district)
    }

    /// Higher is more specific: both fields (3) > category only (2) > district only (1) > neither (0).
    fn specificity(&self) -> u8 {
        u8::from(self.category.is_some()) * 2 + u8::from(self.district.is_some())
    }
}

/// The team a report goes to. Among the most specific matching rules the first one listed wins, so an
/// admin's order breaks ties; with no match, `default`.
pub fn route(rules: &[RoutingRule], category: Category, district: &str, default: TeamId) -> TeamId {
    let mut best: Option<&RoutingRule> = None;
    for rule in rules.iter().filter(|r| r.matches(category, district)) {
        if best.is_none_or(|b| rule.specificity() > b.specificity()) {
            best = Some(rule);
        }
    }
    best.map_or(default, |r| r.team)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(category: Option<Category>, district: Option<&str>, team: TeamId) -> RoutingRule {
        RoutingRule {
            category,
            district: district.map(str::to_owned),
            team,
        }
    }

    #[test]
    fn the_most_specific_rule_wins_and_nothing_is_lost() {
        let (default, north, minors, north_minors, first, second) = (
            TeamId::random(),
            TeamId::random(),
            TeamId::random(),
            TeamId::random(),
            TeamId::random(),
            TeamId::random(),
        );
        let rules = vec![
            rule(None, Some("13215"), north),
            rule(Some(Category::LookoutsMinors), None, minors),
            rule(Some(Category::LookoutsMinors), Some("13215"), north_minors),
            rule(Some(Category::Corruption), Some("13201"), first),
            rule(Some(Category::Corruption), Some("13201"), second),
        ];
        let table = [
            (Category::LookoutsMinors, "13215", north_minors),
            (Category::LookoutsMinors, "13203", minors),
            (Category::DealPoint, "13215", north),
            (Category::DealPoint, "13203", default),
            (Category::Corruption, "13201", first),
            (Category::Other, "99999", default),
        ];
        for (category, district, expected) in table {
            assert_eq!(
                route(&rules, category, district, default),
                expected,
                "{category} in {district}"
            );
        }
        assert_eq!(route(&[], Category::Threats, "13201", default), default);
        let catch_all = vec![rule(None, None, north)];
        assert_eq!(
            route(&catch_all, Category::Threats, "13201", default),
            north
        );
    }
}
