//! The linear programs of the audit: a component's system, its reduction, one solve with `microlp`.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use microlp::{ComparisonOp, Error as LpError, OptimizationDirection, Problem, SolveOutcome};

/// One component's linear system: `sum(coefficient * x) = rhs` per row, over local variables.
pub(super) struct System {
    pub values: Vec<f64>,
    pub rows: Vec<(Vec<(usize, f64)>, f64)>,
}

/// The answer of one solve.
pub(super) enum Solved {
    /// An optimum, with the values of the system's variables at it.
    Optimal { objective: f64, values: Vec<f64> },
    /// The objective grows without limit.
    Unbounded,
    /// Anything else (infeasible, numerical trouble, a panic in the solver): the caller fails safe.
    Failed,
}

/// Merges the unknowns that appear in a single equation (in this month's grid: the quartiers and the
/// residual of an arrondissement) into one non-negative variable per equation and sign: any value of
/// it can be split among them in any way, so the reduced system has exactly the feasible values of
/// every other unknown, and the group's sum has the range of the merged variable. Returns the reduced
/// system, each unknown's reduced variable, and how many unknowns each reduced variable stands for.
pub(super) fn reduce(
    values: &[f64],
    rows: &[(Vec<(usize, f64)>, f64)],
) -> (System, Vec<usize>, Vec<usize>) {
    let mut occurrences = vec![0usize; values.len()];
    for (terms, _) in rows {
        for (l, _) in terms {
            if let Some(o) = occurrences.get_mut(*l) {
                *o += 1;
            }
        }
    }
    let mut of_var = vec![usize::MAX; values.len()];
    let mut reduced_values = Vec::new();
    let mut members = Vec::new();
    let mut groups: BTreeMap<(usize, bool), usize> = BTreeMap::new();
    for (row, (terms, _)) in rows.iter().enumerate() {
        for (l, c) in terms {
            if occurrences.get(*l) != Some(&1) {
                continue;
            }
            let r = *groups.entry((row, *c > 0.0)).or_insert_with(|| {
                reduced_values.push(0.0);
                members.push(0);
                reduced_values.len() - 1
            });
            if let (Some(slot), Some(v), Some(m), Some(value)) = (
                of_var.get_mut(*l),
                reduced_values.get_mut(r),
                members.get_mut(r),
                values.get(*l),
            ) {
                *slot = r;
                *v += value;
                *m += 1;
            }
        }
    }
    for (l, slot) in of_var.iter_mut().enumerate() {
        if *slot == usize::MAX {
            reduced_values.push(values.get(l).copied().unwrap_or(0.0));
            members.push(1);
            *slot = reduced_values.len() - 1;
        }
    }
    let reduced_rows = rows
        .iter()
        .map(|(terms, rhs)| {
            let mut merged: BTreeMap<usize, f64> = BTreeMap::new();
            for (l, c) in terms {
                if let Some(r) = of_var.get(*l) {
                    // Members of a group share the sign: the group enters once.
                    merged.insert(*r, *c);
                }
            }
            (merged.into_iter().collect(), *rhs)
        })
        .collect();
    (
        System {
            values: reduced_values,
            rows: reduced_rows,
        },
        of_var,
        members,
    )
}

pub(super) fn solve(
    system: &System,
    direction: OptimizationDirection,
    objective: &[(usize, f64)],
    reach: &[(usize, f64, f64)],
) -> Solved {
    let n = system.values.len();
    let mut cost = vec![0.0; n];
    for (l, c) in objective {
        if let Some(slot) = cost.get_mut(*l) {
            *slot = *c;
        }
    }
    let run = || {
        let mut problem = Problem::new(direction);
        let vars: Vec<_> = cost
            .iter()
            .map(|c| problem.add_var(*c, (0.0, f64::INFINITY)))
            .collect();
        // `t <= x - base`, `0 <= t <= cap`, each `t` in the objective.
        for (l, base, cap) in reach {
            if let Some(x) = vars.get(*l) {
                let t = problem.add_var(1.0, (0.0, *cap));
                problem.add_constraint([(t, 1.0), (*x, -1.0)].as_slice(), ComparisonOp::Le, -base);
            }
        }
        for (terms, rhs) in &system.rows {
            let expr: Vec<_> = terms
                .iter()
                .filter_map(|(l, c)| vars.get(*l).map(|v| (*v, *c)))
                .collect();
            problem.add_constraint(expr.as_slice(), ComparisonOp::Eq, *rhs);
        }
        match problem.solve() {
            Ok(SolveOutcome::Solution(s)) => Solved::Optimal {
                objective: s.objective(),
                values: vars.iter().map(|v| s.var_value(*v)).collect(),
            },
            Err(LpError::Unbounded) => Solved::Unbounded,
            Ok(SolveOutcome::Interrupted(_)) | Err(_) => Solved::Failed,
        }
    };
    // The solver is a dependency: should it ever panic, the cell fails safe instead of the release
    // taking the process down.
    catch_unwind(AssertUnwindSafe(run)).unwrap_or(Solved::Failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(terms: &[(usize, f64)], rhs: f64) -> (Vec<(usize, f64)>, f64) {
        (terms.to_vec(), rhs)
    }

    #[test]
    fn singletons_merge_per_equation() {
        // x0 = x1 + x2 + x3 (x1..x3 nowhere else), x0 = x4 + 5 (x4 nowhere else).
        let rows = [
            row(&[(0, 1.0), (1, -1.0), (2, -1.0), (3, -1.0)], 0.0),
            row(&[(0, 1.0), (4, -1.0)], 5.0),
        ];
        let (system, of_var, members) = reduce(&[9.0, 2.0, 3.0, 4.0, 4.0], &rows);
        assert_eq!(of_var[1], of_var[2]);
        assert_eq!(of_var[2], of_var[3]);
        assert_ne!(of_var[0], of_var[1]);
        assert_ne!(of_var[4], of_var[1]);
        assert_eq!(members[of_var[1]], 3);
        assert_eq!(members[of_var[0]], 1);
        assert_eq!(system.values[of_var[1]], 9.0);
        assert_eq!(system.values.len(), 3);
        assert!(system.rows.iter().all(|(terms, _)| terms.len() == 2));
    }

    #[test]
    fn solves_bounded_unbounded_and_infeasible_systems() {
        // x0 = x1 + x2, x0 = 7.
        let system = System {
            values: vec![7.0, 3.0, 4.0],
            rows: vec![
                row(&[(0, 1.0), (1, -1.0), (2, -1.0)], 0.0),
                row(&[(0, 1.0)], 7.0),
            ],
        };
        let max = solve(&system, OptimizationDirection::Maximize, &[(1, 1.0)], &[]);
        assert!(matches!(max, Solved::Optimal { objective, .. } if (objective - 7.0).abs() < 1e-9));
        let min = solve(&system, OptimizationDirection::Minimize, &[(1, 1.0)], &[]);
        assert!(matches!(min, Solved::Optimal { objective, .. } if objective.abs() < 1e-9));
        // Reach: x1 >= 3 + t, t <= 5 -> t = 4 at most (x1 <= 7).
        let reach = solve(
            &system,
            OptimizationDirection::Maximize,
            &[],
            &[(1, 3.0, 5.0)],
        );
        assert!(
            matches!(reach, Solved::Optimal { ref values, .. } if (values[1] - 7.0).abs() < 1e-9)
        );
        // Without the second row, x1 grows for ever.
        let open = System {
            values: vec![7.0, 3.0, 4.0],
            rows: vec![row(&[(0, 1.0), (1, -1.0), (2, -1.0)], 0.0)],
        };
        let up = solve(&open, OptimizationDirection::Maximize, &[(1, 1.0)], &[]);
        assert!(matches!(up, Solved::Unbounded));
        // x0 + x1 = -1 has no non-negative solution.
        let impossible = System {
            values: vec![0.0, 0.0],
            rows: vec![row(&[(0, 1.0), (1, 1.0)], -1.0)],
        };
        let none = solve(
            &impossible,
            OptimizationDirection::Maximize,
            &[(0, 1.0)],
            &[],
        );
        assert!(matches!(none, Solved::Failed));
    }
}
