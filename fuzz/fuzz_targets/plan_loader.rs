//! The plan loader must never panic or hang, whatever bytes a plan file holds: it either
//! loads a plan or reports an error with a place.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match planmeet::store::load_plan_str(text, "fuzz.ron") {
        Ok(loaded) => {
            // Whatever loads must also serialise and load again to the same plan.
            let written = planmeet::store::plan_file::to_ron(&loaded.plan).expect("serialises");
            let again = planmeet::store::plan_file::parse_plan(&written, "again.ron")
                .expect("what was written reads back");
            assert_eq!(loaded.plan, again);
        }
        Err(error) => {
            // Rendering the message must not panic either (carets, widths, locations).
            let _ = error.to_string();
        }
    }
});
