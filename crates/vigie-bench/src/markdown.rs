//! Markdown output: result tables, and replacing a marked section of a documentation file
//! (`<!-- bench:NAME -->` ... `<!-- /bench:NAME -->`) so that reruns update the figures in place.

use std::path::Path;

use anyhow::Context;

use crate::UsageError;

/// The documentation file a benchmark's `--write` names, read and its section found before minutes
/// are spent measuring, then rewritten with the results.
pub struct Target<'a> {
    path: &'a Path,
    text: String,
    section: &'static str,
}

impl<'a> Target<'a> {
    /// The file at `path`, if one was given, refused unless its section `section` is marked once.
    pub fn check(
        path: Option<&'a Path>,
        section: &'static str,
    ) -> Result<Option<Self>, UsageError> {
        let Some(path) = path else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?;
        find_section(&text, section).map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
        Ok(Some(Target {
            path,
            text,
            section,
        }))
    }

    /// Writes the file back with its section replaced by `body`.
    pub fn write(&self, body: &str) -> anyhow::Result<()> {
        let updated = replace_section(&self.text, self.section, body)
            .map_err(|e| UsageError(format!("{}: {e}", self.path.display())))?;
        std::fs::write(self.path, updated)
            .with_context(|| format!("writing {}", self.path.display()))?;
        eprintln!("results written to {}", self.path.display());
        Ok(())
    }
}

/// The opening and closing markers of the section named `name`.
pub fn markers(name: &str) -> (String, String) {
    (
        format!("<!-- bench:{name} -->"),
        format!("<!-- /bench:{name} -->"),
    )
}

/// Where the section's body lies in `text` (between the end of the opening marker and the start of
/// the closing one). Each marker must appear exactly once, in order.
pub fn find_section(text: &str, name: &str) -> Result<std::ops::Range<usize>, UsageError> {
    let (open, close) = markers(name);
    let missing = |m: &str| UsageError(format!("the file has no `{m}` marker line"));
    let twice = |m: &str| UsageError(format!("the file has the `{m}` marker more than once"));
    let start = text.find(&open).ok_or_else(|| missing(&open))?;
    if text[start + open.len()..].contains(&open) {
        return Err(twice(&open));
    }
    let end = text.find(&close).ok_or_else(|| missing(&close))?;
    if text[end + close.len()..].contains(&close) {
        return Err(twice(&close));
    }
    if end < start + open.len() {
        return Err(UsageError(format!("`{close}` comes before `{open}`")));
    }
    Ok(start + open.len()..end)
}

/// `text` with the section named `name` replaced by `body` (surrounded by blank lines so that the
/// Markdown around the markers still renders).
pub fn replace_section(text: &str, name: &str, body: &str) -> Result<String, UsageError> {
    let range = find_section(text, name)?;
    let mut out = String::with_capacity(text.len() + body.len());
    out.push_str(&text[..range.start]);
    out.push_str("\n\n");
    out.push_str(body.trim());
    out.push_str("\n\n");
    out.push_str(&text[range.end..]);
    Ok(out)
}

/// A Markdown table: the first column left-aligned (labels), the others right-aligned (numbers).
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    out.push_str(&format!("| {} |\n", headers.join(" | ")));
    let align: Vec<&str> = (0..headers.len())
        .map(|i| if i == 0 { "---" } else { "---:" })
        .collect();
    out.push_str(&format!("| {} |\n", align.join(" | ")));
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

/// An argument as a POSIX shell would need it written.
pub fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=@%+,".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// Asserts that `out` contains each of `parts` (a failure names the missing part and shows `out`).
#[cfg(test)]
pub fn assert_contains_all(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "missing {part:?} in:\n{out}");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const DOC: &str = "# Performance\n\nIntro.\n\n<!-- bench:startup -->\nnot yet measured\n<!-- /bench:startup -->\n\nAfter.\n";

    #[test]
    fn replaces_only_the_section() {
        let out = replace_section(DOC, "startup", "| a | b |\n").unwrap();
        assert_eq!(
            out,
            "# Performance\n\nIntro.\n\n<!-- bench:startup -->\n\n| a | b |\n\n<!-- /bench:startup -->\n\nAfter.\n"
        );
    }

    #[test]
    fn replacing_twice_is_stable() {
        let once = replace_section(DOC, "startup", "figures").unwrap();
        let twice = replace_section(&once, "startup", "figures").unwrap();
        assert_eq!(once, twice);
    }

    #[test]
    fn other_sections_are_left_alone() {
        let doc = format!("{DOC}<!-- bench:reports -->\nold\n<!-- /bench:reports -->\n");
        let out = replace_section(&doc, "reports", "new").unwrap();
        assert!(out.contains("<!-- bench:startup -->\nnot yet measured\n<!-- /bench:startup -->"));
        assert!(out.contains("<!-- bench:reports -->\n\nnew\n\n<!-- /bench:reports -->"));
    }

    #[test]
    fn bad_markers_are_named() {
        let e = replace_section("no markers", "startup", "x").unwrap_err();
        assert!(e.0.contains("<!-- bench:startup -->"), "{e}");
        let e = replace_section("<!-- bench:startup -->\n", "startup", "x").unwrap_err();
        assert!(e.0.contains("<!-- /bench:startup -->"), "{e}");
        let e = replace_section(
            "<!-- /bench:startup -->\n<!-- bench:startup -->\n",
            "startup",
            "x",
        )
        .unwrap_err();
        assert!(e.0.contains("comes before"), "{e}");
        let e = replace_section(&format!("{DOC}{DOC}"), "startup", "x").unwrap_err();
        assert!(e.0.contains("more than once"), "{e}");
    }

    #[test]
    fn table_aligns_numbers_right() {
        let t = table(
            &["figure", "median"],
            &[vec!["ready (ms)".into(), "412".into()]],
        );
        assert_eq!(
            t,
            "| figure | median |\n| --- | ---: |\n| ready (ms) | 412 |\n"
        );
    }

    #[test]
    fn quoting() {
        for (word, quoted) in [
            ("--runs", "--runs"),
            ("docs/performance.md", "docs/performance.md"),
            ("my file", "'my file'"),
            ("it's", r"'it'\''s'"),
            ("", "''"),
        ] {
            assert_eq!(shell_quote(word), quoted);
        }
    }
}
