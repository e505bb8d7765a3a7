#![no_main]
// JSON text as it arrives, or (input not starting with `{`) bytes that steer mutations of
// a valid seed: see gridcore::fuzzing.
libfuzzer_sys::fuzz_target!(|data: &[u8]| gridcore::fuzzing::run_target("points_rules", data));
