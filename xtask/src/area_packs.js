// Added to wasm-split's loader by `cargo xtask` (site.rs, `pack_areas`). On a direct load, the
// chunks of the area the page names (<meta name="careerhub-area">, app/src/routes.rs) come in
// one file, fetched as soon as this module is evaluated, alongside the main module. Issuing one
// fetch per chunk (64-101 of them, when there were nine areas) cost the main thread 110-150 ms
// on a slow phone, and their streaming compiles ran in the same task as hydration. Client-side navigation to another area
// (`packFirst`, wrapped around each area's loader) fetches that area's pack too when many of its
// chunks are still missing, and the few missing ones one by one otherwise; a pack that fails to
// arrive falls back to fetching its chunks one by one, as wasm-split does.
const areaPacks = AREA_PACKS;
// A pack repeats the chunks the area shares with pages already shown: below this many missing
// chunks, separate requests cost less than downloading those again.
const PACK_WHEN_MISSING = 8;
// Where each chunk comes from once a pack that holds it was requested: [bytes, offset, length].
const packedChunks = new Map();
const requestedChunks = new Set();
function requestPack(area) {
    const pack = areaPacks[area];
    if (pack === undefined) {
        return;
    }
    const bytes = fetch(new URL(pack.file, import.meta.url)).then(response =>
        response.ok ? response.arrayBuffer() : Promise.reject(new Error(`${pack.file}: ${response.status}`)));
    bytes.catch(() => {});
    let offset = 0;
    for (const [name, length] of pack.chunks) {
        if (!packedChunks.has(name)) {
            packedChunks.set(name, [bytes, offset, length]);
        }
        offset += length;
    }
}
requestPack(document.querySelector('meta[name="careerhub-area"]')?.content);
function packFirst(area, load) {
    return () => {
        const missing = areaPacks[area]?.chunks
            .filter(([name]) => !requestedChunks.has(name) && !packedChunks.has(name)).length ?? 0;
        if (missing >= PACK_WHEN_MISSING) {
            requestPack(area);
        }
        return load();
    };
}
function fetchChunk(name) {
    requestedChunks.add(name);
    const url = new URL(`./${name}.wasm`, import.meta.url);
    const place = packedChunks.get(name);
    if (place === undefined) {
        return fetch(url);
    }
    const [bytes, offset, length] = place;
    return bytes.then(bytes => new Uint8Array(bytes, offset, length), () => fetch(url));
}
async function instantiateChunk(source, imports) {
    const loaded = await source;
    return loaded instanceof Response
        ? WebAssembly.instantiateStreaming(loaded, imports)
        : WebAssembly.instantiate(loaded, imports);
}
