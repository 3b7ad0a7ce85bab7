// Added to wasm-split's loader by `cargo xtask` (site.rs, `pack_areas`). On a direct load, the
// chunks of the area the page names (<meta name="careerhub-area">, app/src/routes.rs) come in
// one file, fetched as soon as this module is evaluated, alongside the main module. Issuing one
// fetch per chunk (64-101 of them) cost the main thread 110-150 ms on a slow phone, and their
// streaming compiles ran in the same task as hydration. Chunks of other areas (client-side
// navigation) and a pack that fails to arrive are fetched one by one, as wasm-split does.
const areaPacks = AREA_PACKS;
const pagePack = (() => {
    const area = document.querySelector('meta[name="careerhub-area"]')?.content;
    const pack = area === undefined ? undefined : areaPacks[area];
    if (pack === undefined) {
        return undefined;
    }
    const bytes = fetch(new URL(pack.file, import.meta.url)).then(response =>
        response.ok ? response.arrayBuffer() : Promise.reject(new Error(`${pack.file}: ${response.status}`)));
    bytes.catch(() => {});
    const places = new Map();
    let offset = 0;
    for (const [name, length] of pack.chunks) {
        places.set(name, [offset, length]);
        offset += length;
    }
    return { bytes, places };
})();
function fetchChunk(name) {
    const url = new URL(`./${name}.wasm`, import.meta.url);
    const place = pagePack?.places.get(name);
    if (place === undefined) {
        return fetch(url);
    }
    return pagePack.bytes.then(bytes => new Uint8Array(bytes, ...place), () => fetch(url));
}
async function instantiateChunk(source, imports) {
    const loaded = await source;
    return loaded instanceof Response
        ? WebAssembly.instantiateStreaming(loaded, imports)
        : WebAssembly.instantiate(loaded, imports);
}
