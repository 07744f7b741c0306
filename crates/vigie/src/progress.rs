//! Progress bars for the command line's long work (backups, restores, the demo's seeding and its
//! import of the official figures), drawn on standard error only when it is a terminal: tests,
//! pipes and logs see nothing.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar, or nothing when standard error is not a terminal.
pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    /// A bar if standard error is a terminal.
    pub fn on_terminal() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{msg:>8} [{bar:40}] {pos}/{len} ({elapsed})")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        Bar { bar }
    }

    /// A bar of `total` steps of work called `what` (the demo's seeding), or nothing off a
    /// terminal. It ticks by itself, so that a long step still shows time passing.
    pub fn steps(what: &str, total: u64) -> Self {
        let this = Bar::on_terminal();
        if let Some(b) = &this.bar {
            if let Ok(style) =
                ProgressStyle::with_template("{prefix} [{bar:40}] {pos}/{len} {msg} ({elapsed})")
            {
                b.set_style(style.progress_chars("=> "));
            }
            b.set_prefix(what.to_owned());
            b.set_length(total);
            b.enable_steady_tick(std::time::Duration::from_millis(200));
        }
        this
    }

    /// The previous step is done (if any) and `name` starts.
    pub fn step(&self, name: &'static str) {
        if let Some(b) = &self.bar {
            if !b.message().is_empty() {
                b.inc(1);
            }
            b.set_message(name);
        }
    }

    /// Every step is done: the bar goes away.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl vigie_app::backup::Progress for Bar {
    fn stage(&self, name: &'static str, total: u64) {
        if let Some(b) = &self.bar {
            b.set_message(name);
            b.set_length(total);
            b.set_position(0);
        }
    }

    fn advance(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    fn done(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
