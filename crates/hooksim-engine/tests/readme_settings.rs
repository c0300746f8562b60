//! The README's Scenario reference lists every key of `settings:` (issue 15, item 5): the keys
//! under `settings:` in its example, in order, are the engine's table of settings.

use hooksim_engine::input::settings;

#[test]
fn the_readme_lists_the_settings_of_the_table() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).expect("README.md");
    let block = readme
        .split("\nsettings:                            # every key optional")
        .nth(1)
        .expect("the README's Scenario example has a settings: block");
    let listed: Vec<&str> = block
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .filter_map(|l| l.strip_prefix("  ")?.split_once(':').map(|(k, _)| k))
        .filter(|k| !k.starts_with(' ') && !k.is_empty())
        .collect();
    let table: Vec<&str> = settings::keys().collect();
    assert_eq!(listed, table, "README.md's settings: block and input/settings.rs differ");
}
