//! Issue 16, item 6: a List of 100,000 items without apiVersion gave 100,000 diagnostics, and
//! `renderEmbed` (the wasm API and `<hooksim-timeline>`) built 43 MB of HTML from them; the
//! playground froze for 32 s. The diagnostics are capped (100 of one code, 1,000 in all, a
//! `limit-exceeded` saying how many more), so the embed stays small. Its time is a benchmark
//! (`make bench`, limits/hostile/a-list-of-100000-items-without-apiversion), not a test.

#[path = "../../hooksim-engine/tests/hostile/mod.rs"]
mod hostile;

use hooksim_engine::diagnostics::{MAX_DIAGNOSTICS, MAX_PER_CODE};

#[test]
fn the_embed_of_100000_diagnostics_lists_the_first_and_says_how_many_more() {
    let input = hostile::a_list_of_100000_items_without_apiversion();
    let html = hooksim_session::embed_input(&input, None, None, false);
    let listed = html.matches("<li class=\"hs-diag ").count();
    assert!(listed <= MAX_DIAGNOSTICS + 10, "{listed} diagnostics listed");
    assert!(html.matches(">missing-api-version<").count() <= MAX_PER_CODE);
    assert!(html.contains("more missing-api-version diagnostics are not listed"), "the cut is said");
    // 43 MB before; about 50 KB now (with `showSource`, the 4 MB input is shown besides).
    assert!(html.len() < 200_000, "{} bytes of HTML", html.len());
}
