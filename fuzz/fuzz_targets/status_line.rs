//! The status-line reader, differentially: the fast path in `store/status/format.rs` must
//! read every line it takes exactly as ron reads it (or leave it to ron), no line may make
//! the reader panic, and a record read must be written and read back as itself.
//! (`tests/fuzz_short.rs` runs the same check on every `cargo test`.)
//!
//! The first byte chooses: even, the rest is the line itself; odd, the rest is spliced
//! into one of the lines this build writes, so that most inputs are near a real line even
//! without a corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planmeet::store::status::format::differential::{check_line, mutate, sample_lines};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if mode % 2 == 0 {
        // The reader sees one line at a time, without its line end.
        for line in text.split('\n') {
            check_line(line);
        }
        return;
    }
    let lines = sample_lines();
    let base = &lines[usize::from(mode / 2) % lines.len()];
    // The next two bytes: where to splice, and how much to cut.
    let mut bytes = text.bytes();
    let at = usize::from(bytes.next().unwrap_or(0)) * 2;
    let remove = usize::from(bytes.next().unwrap_or(0) % 8);
    let insert = text.get(2..).unwrap_or("");
    check_line(&mutate(base, at, remove, &insert.replace('\n', "")));
});
