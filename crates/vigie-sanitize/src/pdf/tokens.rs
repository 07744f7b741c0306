//! A bound on what lopdf will build from some bytes, found by scanning them before it parses.
//!
//! lopdf parses one object whole before our load filter sees it: a single array of sixteen million
//! zeros (32 MiB of `0 `) costs it about 2 GB of `Object`s, 120 bytes each. Nothing in the file
//! says how large an object is, so the bytes are scanned first and their tokens counted: every
//! object lopdf makes comes from at least one token. Stream data and cross-reference tables are
//! not PDF syntax and are skipped, except from the first `obj` keyword they hold on (an object
//! hidden there, which a cross-reference offset could point lopdf to, is counted).

/// What the scan found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Scan {
    /// Tokens counted.
    pub(crate) tokens: usize,
    /// Whether every checkpoint fell outside strings and comments, at nesting depth 0.
    pub(crate) checkpoints_at_top: bool,
}

fn is_space(c: u8) -> bool {
    matches!(c, 0 | 9 | 10 | 12 | 13 | 32)
}

fn is_delimiter(c: u8) -> bool {
    b"()<>[]{}/%".contains(&c)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Counts the tokens of `bytes`, and checks that each offset of `checkpoints` (sorted) starts at
/// the top level. With `skip_data`, stream data and cross-reference tables are skipped as said
/// above (a raw file); without, everything is syntax (an object stream's objects).
pub(crate) fn scan(bytes: &[u8], checkpoints: &[usize], skip_data: bool) -> Scan {
    let mut tokens = 0usize;
    let mut depth = 0usize;
    let mut at_top = true;
    let mut next_check = checkpoints.iter().peekable();
    let mut i = 0;
    while i < bytes.len() {
        // Checkpoints between here and the next token or space are at the current depth.
        while let Some(&&c) = next_check.peek() {
            if c > i {
                break;
            }
            at_top &= c == i && depth == 0;
            next_check.next();
        }
        let c = bytes[i];
        if is_space(c) {
            i += 1;
            continue;
        }
        tokens += 1;
        match c {
            b'%' => {
                tokens -= 1;
                while i < bytes.len() && !matches!(bytes[i], b'\r' | b'\n') {
                    i += 1;
                }
            }
            b'(' => {
                let mut nesting = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => nesting += 1,
                        b')' => {
                            nesting -= 1;
                            if nesting == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 2;
            }
            b'<' => {
                while i < bytes.len() && bytes[i] != b'>' {
                    i += 1;
                }
                i += 1;
            }
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => {
                // A name, number or keyword: a run of regular characters.
                let start = i;
                i += 1;
                while i < bytes.len() && !is_space(bytes[i]) && !is_delimiter(bytes[i]) {
                    i += 1;
                }
                let word = &bytes[start..i];
                if skip_data && (word == b"stream" || word == b"xref") {
                    let end_mark: &[u8] = if word == b"stream" {
                        b"endstream"
                    } else {
                        b"trailer"
                    };
                    let end = find(&bytes[i..], end_mark).map_or(bytes.len(), |e| i + e);
                    if let Some(hidden) = find(&bytes[i..end], b"obj") {
                        tokens += scan(&bytes[i + hidden..end], &[], false).tokens;
                    }
                    i = end;
                }
            }
        }
    }
    // Checkpoints past the end are not objects lopdf can read.
    at_top &= next_check.next().is_none();
    Scan {
        tokens,
        checkpoints_at_top: at_top,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_counted_and_data_skipped() {
        let s = scan(b"1 0 obj << /A [1 2 (x ] y) <41>] >> endobj", &[], true);
        // 1 0 obj << /A [ 1 2 (..) <..> ] >> endobj
        assert_eq!(s.tokens, 13);
        let s = scan(b"<< /Length 9 >> stream\n[[[0 0 0]\nendstream", &[], true);
        assert_eq!(s.tokens, 6, "stream data is skipped");
        let s = scan(b"stream\n 5 0 obj [0 0 0] endobj endstream", &[], true);
        assert_eq!(s.tokens, 1 + 8, "an object hidden in data is counted");
        let s = scan(b"xref\n0 2\n0000000000 65535 f \ntrailer", &[], true);
        assert_eq!(s.tokens, 2);
    }

    #[test]
    fn checkpoints_must_start_objects_at_the_top_level() {
        let objects = b"[0 1] << /A 2 >> (a [ b) 7";
        assert!(scan(objects, &[0, 6, 17, 25], false).checkpoints_at_top);
        assert!(
            !scan(objects, &[1], false).checkpoints_at_top,
            "inside an array"
        );
        assert!(
            !scan(objects, &[19], false).checkpoints_at_top,
            "inside a string"
        );
        assert!(
            !scan(objects, &[40], false).checkpoints_at_top,
            "past the end"
        );
    }
}
