//! The plan loader must never panic or hang, whatever bytes a plan file holds: it either
//! loads a plan or reports an error with a place. (`tests/fuzz_short.rs` runs the same
//! check on every `cargo test`.)
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    planmeet::store::plan_file::check_fuzz_input(text);
});
