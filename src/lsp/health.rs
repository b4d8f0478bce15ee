//! Glossary health in the editor ([`glossary_health`]): `unused-entry` hints on the entries
//! of the glossary files and `glossary-candidate` notes at the top of the team's glossary
//! file, from the workspace index, published with the glossary files' other problems.
//! Computed again, a moment after the index changes and one run at a time, and published
//! only when they changed: typing in a document costs nothing here.

use std::time::Duration;

use super::server::{Backend, blocking};
use crate::glossary::Problem;
use crate::glossary_health;
use crate::rules::{Rule, Severity};

/// How long index changes gather before health is computed again.
const SETTLE: Duration = Duration::from_millis(300);

/// Whether health is being computed, must be again, and what was last published.
#[derive(Debug, Default)]
pub(super) struct HealthState {
    running: bool,
    again: bool,
    shown: u64,
}

impl Backend {
    fn health_state(&self) -> std::sync::MutexGuard<'_, HealthState> {
        self.inner
            .health
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The workspace index changed: health is computed again soon.
    pub(super) fn health_changed(&self) {
        {
            let mut state = self.health_state();
            if state.running {
                state.again = true;
                return;
            }
            state.running = true;
        }
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(SETTLE).await;
                let work = this.clone();
                let fingerprint = blocking(move || fingerprint(&work.health_problems()))
                    .await
                    .unwrap_or_default();
                let publish = {
                    let mut state = this.health_state();
                    let changed = state.shown != fingerprint;
                    state.shown = fingerprint;
                    changed
                };
                if publish {
                    this.publish_problems().await;
                }
                let mut state = this.health_state();
                if !state.again {
                    state.running = false;
                    break;
                }
                state.again = false;
            }
        });
    }

    /// The glossary health problems of the workspace, with their levels: none before the
    /// index is built, and none with several projects (the index's entry numbers are each
    /// project's own).
    pub(super) fn health_problems(&self) -> Vec<(Problem, Severity)> {
        let Some(project) = self.index_speaks_for_all() else {
            return Vec::new();
        };
        let glossary = project.engine.glossary();
        let severities = &project.engine.settings().severities;
        let everywhere = |_: &std::path::Path| true;
        let show = self.path_shower();
        self.with_built_index(|index| {
            let mut found = Vec::new();
            if let Some(severity) = severities.get(Rule::UnusedEntry) {
                found.extend(
                    glossary_health::unused_entries(glossary, index, &everywhere)
                        .into_iter()
                        .map(|p| (p, severity)),
                );
            }
            if let (Some(severity), Some(file)) = (
                severities.get(Rule::GlossaryCandidate),
                project.own_glossary_file(),
            ) {
                found.extend(
                    glossary_health::candidates(glossary, index, None, file, &show)
                        .into_iter()
                        .map(|p| (p, severity)),
                );
            }
            found
        })
        .unwrap_or_default()
    }
}

fn fingerprint(problems: &[(Problem, Severity)]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for (problem, severity) in problems {
        (problem.to_string(), format!("{severity:?}")).hash(&mut hasher);
    }
    hasher.finish()
}
