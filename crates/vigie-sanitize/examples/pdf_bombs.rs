//! Cleans one PDF of the hostile test set and prints the outcome and the time it took, so that
//! `/usr/bin/time -v` can measure the peak memory each case costs:
//!
//! ```sh
//! cargo build --release -p vigie-sanitize --example pdf_bombs
//! for case in hostile huge many objects overlapping wide sections; do
//!   /usr/bin/time -f "$case %M KiB %e s" target/release/examples/pdf_bombs $case
//! done
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../tests/it/hostile/mod.rs"]
mod hostile;

use hostile::{hostile_pdf, object_stream, raw_pdf};
use vigie_sanitize::{Limits, MemoryBudget, sanitize};

fn main() {
    let case = std::env::args().nth(1).unwrap_or_default();
    let file = match case.as_str() {
        "hostile" => hostile_pdf(true),
        "huge" => raw_pdf(&[object_stream(vec![0u8; 12 << 20], 1, 0)]),
        "many" => raw_pdf(&vec![object_stream(vec![b' '; 7 << 20], 1, 0); 12]),
        "objects" => {
            let n = 300_000;
            let header: String = (0..n)
                .map(|i| format!("{} {} ", 1_000 + i, 2 * i))
                .collect();
            let mut content = header.clone().into_bytes();
            content.extend(std::iter::repeat_n(b"0 ".as_slice(), n).flatten());
            raw_pdf(&[object_stream(content, n, header.len())])
        }
        "overlapping" => {
            let array = format!("[{}]", "0 ".repeat(2000));
            let header: String = (0..2000).map(|i| format!("{} 0 ", 1_000 + i)).collect();
            raw_pdf(&[object_stream(
                format!("{header}{array}").into_bytes(),
                2000,
                header.len(),
            )])
        }
        "wide" => {
            // One array of 16 million zeros: 31 MiB of `0 `, just under the largest PDF cleaned in memory.
            let body = format!("[{}]", "0 ".repeat((31 << 20) / 2));
            raw_pdf(&[body.into_bytes()])
        }
        "sections" => {
            let mut f = raw_pdf(&[]);
            for _ in 0..40 {
                f.extend_from_slice(b"\ntrailer << /Pr#65v 9 >>");
            }
            f
        }
        other => panic!("unknown case {other}"),
    };
    let limits = Limits::default();
    let budget = MemoryBudget::default();
    let start = std::time::Instant::now();
    let result = sanitize(file.as_slice(), std::io::sink(), &limits, &budget);
    println!(
        "{case}: {} bytes in, {:?} in {:.1} ms",
        file.len(),
        result.map(|r| r.output_bytes),
        start.elapsed().as_secs_f64() * 1000.0
    );
}
