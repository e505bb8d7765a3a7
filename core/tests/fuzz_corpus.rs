//! Replays every committed fuzz input through its target's checks: the seeds
//! (`fuzz/seeds/<target>/`, written by tools/fuzz_seeds.py from the conformance cases) and
//! every input that ever failed (`fuzz/regressions/<target>/`). `make fuzz` searches for
//! new ones; this test keeps the old ones fixed.

use gridcore::fuzzing::{run_target, TARGETS};
use std::path::PathBuf;

fn inputs(folder: &str, target: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz").join(folder).join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
    files.sort();
    files
}

#[test]
fn seeds_and_past_failures_pass_their_checks() {
    let mut replayed = 0;
    for target in TARGETS {
        let seeds = inputs("seeds", target);
        assert!(!seeds.is_empty() || matches!(target, "customer_config" | "template_set"), "{target} has seeds");
        for file in seeds.iter().chain(&inputs("regressions", target)) {
            let data = std::fs::read(file).unwrap();
            // The structured mode reads the same bytes as steering: replay both ways.
            let name = file.display().to_string();
            let result = std::panic::catch_unwind(|| {
                run_target(target, &data);
                gridcore::fuzzing::run_structured(target, &data);
            });
            assert!(result.is_ok(), "{target}: {name} fails its checks");
            replayed += 1;
        }
    }
    eprintln!("{replayed} fuzz inputs replayed");
}
