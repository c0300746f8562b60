//! The gallery as the page shows it (issue 12): the examples in sections (the basics first, then
//! failures, deletion, Jobs, versions; web/examples/gallery.txt), "start here" on the first, a
//! search box, each example with its outcome badge. Opening it puts the focus in the search box;
//! Esc (app.rs) and ✕ close it and give the focus back to the Examples button.

use yew::prelude::*;

use crate::gallery;

/// The id of the toolbar's Examples button, which gets the focus back when the gallery closes.
pub const BUTTON_ID: &str = "pg-examples-btn";

/// Gives the focus to the element with `id`, if any.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = crate::dom::document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub current: Option<&'static str>,
    pub on_close: Callback<()>,
}

#[component]
pub fn GalleryView(props: &GalleryProps) -> Html {
    let query = use_state(String::new);
    let search = use_node_ref();
    {
        let search = search.clone();
        use_effect_with((), move |_| {
            if let Some(el) = search.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| {
            on_close.emit(());
            focus(BUTTON_ID);
        })
    };
    let pick = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                query.set(i.value());
            }
        })
    };
    let sections: Vec<_> = gallery::sections()
        .into_iter()
        .map(|(name, list)| (name, list.into_iter().filter(|e| gallery::matches(e, &query)).collect::<Vec<_>>()))
        .filter(|(_, list)| !list.is_empty())
        .collect();
    let shown: usize = sections.iter().map(|(_, l)| l.len()).sum();
    let start = gallery::sections().first().and_then(|(_, l)| l.first().map(|e| e.id));
    html! {
        <div class="pg-gallery-wrap" onclick={close.clone()}>
            <nav id="pg-gallery" class="pg-gallery" aria-label="Examples" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <div class="pg-gallery-head">
                    <input ref={search} type="search" class="pg-gallery-search" placeholder="Search the examples"
                        aria-label="Search the examples" value={(*query).clone()} {oninput} />
                    <span class="pg-gallery-count" role="status">{ format!("{shown} of {}", gallery::all().len()) }</span>
                    <button class="pg-btn pg-icon" onclick={close} aria-label="Close the examples">{"✕"}</button>
                </div>
                if shown == 0 {
                    <p class="pg-hint pg-gallery-none">{"No example matches."}</p>
                }
                { for sections.into_iter().map(|(name, list)| html! {
                    <section class="pg-gallery-section" aria-label={name}>
                        <h2>{ name }</h2>
                        <ul>
                            { for list.into_iter().map(|e| html! {
                                <li class={classes!((props.current == Some(e.id)).then_some("pg-current"))}>
                                    <a href={format!("#example/{}", e.id)} data-id={e.id} onclick={pick.clone()}>
                                        <span class="pg-ex-title">
                                            if start == Some(e.id) { <span class="pg-start">{"Start here"}</span>{" "} }
                                            { e.title }
                                        </span>
                                        <span class={classes!("hs-badge", "pg-ex-phase", format!("hs-phase-{}", e.phase.to_ascii_lowercase()))}
                                            data-phase={e.phase} title="The outcome: the final phase of the last operation">{ e.phase }</span>
                                        <span class="pg-ex-id">{ e.id }</span>
                                    </a>
                                </li>
                            }) }
                        </ul>
                    </section>
                }) }
            </nav>
        </div>
    }
}
