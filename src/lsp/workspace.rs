//! Workspace folders, their configuration and the projects (glossaries) built from it.
//!
//! A document belongs to the nearest `glossary-ls.toml` above it; without one, to the
//! workspace folder that holds it (configured by the client's settings), or, outside every
//! folder, to the client's settings alone. Projects are built once and shared; a reload
//! builds a new one and keeps the last good one when the new one has errors.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Config, ConfigError, ConfigErrors};
use crate::project::{Overrides, Project, same_path};

/// Which project a document belongs to: a configuration file, or a folder with the client's
/// settings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ProjectKey {
    ConfigFile(PathBuf),
    Folder(PathBuf),
}

/// Errors of the last (re)load of a project, to show where they are.
#[derive(Clone, Debug, Default)]
pub struct LoadErrors {
    /// Every error of the configuration (empty when it loaded).
    pub config: Vec<ConfigError>,
}

/// A glossary problem and the severity its project's configuration gives it.
pub type ShownProblem = (crate::glossary::Problem, crate::rules::Severity);

#[derive(Debug, Default)]
pub struct Workspace {
    pub roots: Vec<PathBuf>,
    /// Settings from `initializationOptions` / `didChangeConfiguration`.
    pub settings: Config,
    projects: HashMap<ProjectKey, Arc<Project>>,
    /// A newer build with glossary errors, kept aside while the last good one stays in force.
    broken: HashMap<ProjectKey, Arc<Project>>,
    errors: HashMap<ProjectKey, LoadErrors>,
    /// When each project was last asked for (a counter), to drop the least used one when
    /// there are more than [`MAX_PROJECTS`].
    used: HashMap<ProjectKey, u64>,
    clock: u64,
}

/// How many projects (each a compiled glossary) are kept at most. Requests may name files
/// anywhere (each directory is a project when there is no workspace folder), so without a
/// bound they could fill memory; a dropped project is loaded again when next needed.
pub const MAX_PROJECTS: usize = 16;

impl Workspace {
    /// The key of the project a file belongs to.
    pub fn key_for(&self, path: Option<&Path>) -> ProjectKey {
        let dir = path.and_then(Path::parent);
        if let Some(config) = dir.and_then(Config::discover) {
            return ProjectKey::ConfigFile(config);
        }
        let root = dir
            .and_then(|d| {
                self.roots
                    .iter()
                    .filter(|r| d.starts_with(r))
                    .max_by_key(|r| r.as_os_str().len())
            })
            .or(self.roots.first())
            .cloned()
            .or_else(|| dir.map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."));
        ProjectKey::Folder(root)
    }

    /// The project for `key`, loading it the first time.
    pub fn project(&mut self, key: &ProjectKey) -> Arc<Project> {
        self.clock += 1;
        self.used.insert(key.clone(), self.clock);
        if let Some(project) = self.projects.get(key) {
            return project.clone();
        }
        self.make_room();
        let project = match self.load(key) {
            Ok(project) => {
                self.errors.insert(key.clone(), LoadErrors::default());
                project
            }
            Err(error) => {
                self.record_error(key, error);
                // Nothing good to keep yet: fall back to the built-in glossary.
                Arc::new(Project::from_config(
                    Config::default(),
                    "",
                    None,
                    Path::new("."),
                    &Overrides::default(),
                ))
            }
        };
        self.projects.insert(key.clone(), project.clone());
        project
    }

    /// Drops the least recently used projects until a new one fits under [`MAX_PROJECTS`].
    fn make_room(&mut self) {
        while self.projects.len() >= MAX_PROJECTS {
            let Some(oldest) = self
                .projects
                .keys()
                .min_by_key(|k| self.used.get(*k).copied().unwrap_or(0))
                .cloned()
            else {
                return;
            };
            tracing::debug!("dropping the least used project {oldest:?}");
            self.projects.remove(&oldest);
            self.broken.remove(&oldest);
            self.errors.remove(&oldest);
            self.used.remove(&oldest);
        }
    }

    fn load(&self, key: &ProjectKey) -> Result<Arc<Project>, ConfigErrors> {
        self.loader().load(key)
    }

    /// What building this workspace's projects needs, to build them without holding the
    /// workspace (a large glossary takes seconds, and requests need the workspace meanwhile).
    pub fn loader(&self) -> Loader {
        Loader {
            settings: self.settings.clone(),
        }
    }

    /// The loaded projects that `changed` files touch (all of them when `changed` is `None`).
    pub fn affected(&self, changed: Option<&[PathBuf]>) -> Vec<ProjectKey> {
        self.projects
            .iter()
            .filter(|(key, project)| match changed {
                None => true,
                Some(paths) => paths.iter().any(|p| touches(key, project, p)),
            })
            .map(|(key, _)| key.clone())
            .collect()
    }

    /// Puts rebuilt projects in force; a rebuild with errors keeps the last good project.
    /// Projects dropped while they were rebuilt stay dropped. Returns the keys whose project
    /// changed.
    pub fn apply(
        &mut self,
        rebuilt: Vec<(ProjectKey, Result<Arc<Project>, ConfigErrors>)>,
    ) -> Vec<ProjectKey> {
        let mut reloaded = Vec::new();
        for (key, result) in rebuilt {
            if !self.projects.contains_key(&key) {
                continue;
            }
            match result {
                Ok(project) => {
                    let broken = is_broken(&project);
                    let had_good = self.projects.get(&key).is_some_and(|old| {
                        !is_broken(old) && self.errors.get(&key).is_none_or(|e| e.config.is_empty())
                    });
                    self.errors.insert(key.clone(), LoadErrors::default());
                    if broken && had_good {
                        // Keep the last good glossary; the new problems are still shown.
                        self.broken.insert(key.clone(), project);
                    } else {
                        self.broken.remove(&key);
                        self.projects.insert(key.clone(), project);
                    }
                }
                Err(error) => self.record_error(&key, error),
            }
            reloaded.push(key);
        }
        reloaded
    }

    /// Keeps a configuration error to show (the project in force stays as it was).
    fn record_error(&mut self, key: &ProjectKey, errors: ConfigErrors) {
        tracing::warn!("{errors}");
        self.errors
            .insert(key.clone(), LoadErrors { config: errors.0 });
    }

    /// Problems to show for each project: its configuration errors, and the glossary
    /// problems of the newest build (which may not be the one in force) at the severity its
    /// configuration gives them (rules turned off are left out).
    pub fn problems(&self) -> Vec<(ProjectKey, Vec<ConfigError>, Vec<ShownProblem>)> {
        self.projects
            .iter()
            .map(|(key, project)| {
                let newest = self.broken.get(key).unwrap_or(project);
                let severities = &newest.engine.settings().severities;
                let problems = newest
                    .engine
                    .glossary()
                    .problems()
                    .iter()
                    .filter_map(|problem| {
                        let rule: crate::rules::Rule = problem.kind.rule_id().parse().ok()?;
                        Some((problem.clone(), severities.get(rule)?))
                    })
                    .collect();
                (
                    key.clone(),
                    self.errors
                        .get(key)
                        .map(|e| e.config.clone())
                        .unwrap_or_default(),
                    problems,
                )
            })
            .collect()
    }

    /// Every project loaded so far.
    pub fn projects(&self) -> impl Iterator<Item = (&ProjectKey, &Arc<Project>)> {
        self.projects.iter()
    }
}

/// Builds projects from a copy of the workspace's settings.
pub struct Loader {
    settings: Config,
}

impl Loader {
    /// The project for `key`; a configuration with errors is an error (all of them), so
    /// that the last good project stays in force.
    pub fn load(&self, key: &ProjectKey) -> Result<Arc<Project>, ConfigErrors> {
        let project = match key {
            ProjectKey::ConfigFile(path) => {
                let root = path.parent().unwrap_or(Path::new("."));
                Project::load(Some(path), root, &Overrides::default())?.checked()?
            }
            ProjectKey::Folder(root) => {
                Project::from_config(self.settings.clone(), "", None, root, &Overrides::default())
                    .checked()?
            }
        };
        let project = Arc::new(project);
        // Sort the names for completion now, off the request path.
        let warm = project.clone();
        std::thread::spawn(move || {
            warm.engine.name_index();
        });
        Ok(project)
    }
}

/// Whether a project's glossary is broken (an `incomplete-entry` is a finding, not a break).
fn is_broken(project: &Project) -> bool {
    project
        .engine
        .glossary()
        .problems()
        .iter()
        .any(|p| p.kind.breaks_glossary())
}

/// Whether a changed file matters to a project: its configuration, one of its glossary
/// files, or a new file in a folder of glossary sources.
fn touches(key: &ProjectKey, project: &Project, path: &Path) -> bool {
    if path
        .file_name()
        .is_some_and(|n| n == crate::config::CONFIG_FILE_NAME)
    {
        return true;
    }
    if let ProjectKey::ConfigFile(config) = key
        && config == path
    {
        return true;
    }
    path.ends_with(crate::project::DEFAULT_GLOSSARY)
        || project.glossary_files.iter().any(|g| same_path(g, path))
        || project
            .config
            .glossary
            .sources
            .iter()
            .any(|s| path.starts_with(project.root.join(s)))
}
