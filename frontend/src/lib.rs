use leptos::prelude::document;

/// Hydrates the server-rendered page. A page's code is in its area's wasm chunks (lazy routes), so
/// first the area the page names is loaded; hydration then finds everything in place and runs
/// synchronously. Then `<html>` gets `data-hydrated`, which browser tests wait for before they
/// click.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let area = document()
            .query_selector(&format!("meta[name={}]", careerhub_app::AREA_META))
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"));
        if let Some(area) = area {
            careerhub_app::load_page_code(&area).await;
        }
        leptos::mount::hydrate_body(careerhub_app::App);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
