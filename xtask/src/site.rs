//! The front end: wasm bundle, JS glue, stylesheet and public files, in `target/site`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::{cargo, run, target_dir, workspace_root};

const OUTPUT_NAME: &str = "careerhub";
const HASH_FILE: &str = "hash.txt";
/// The loader the split chunks come with, and the main module it loads them into; both are
/// named relative to each other, so a bundle works from whatever directory it is served.
const SPLIT_LOADER: &str = "./__wasm_split.js";
const MAIN_MODULE: &str = "./careerhub.js";
/// `<split point>: <chunk> <chunk>…` per line: the chunks a page of each area needs besides the
/// main module (`cargo xtask dist` prints their sizes).
const SPLIT_MANIFEST: &str = "split.txt";
/// One file per area of pages with all of its chunks (`pack_areas`).
const PACK_EXTENSION: &str = "pack";
const BINARYEN_VERSION: &str = "132.0.0";

/// Builds the front end into `site_root` (the server's SITE_ROOT).
pub fn build(release: bool, site_root: &Path) -> anyhow::Result<()> {
    let wasm_profile = if release { "wasm-release" } else { "dev" };
    let mut command = cargo();
    command.args([
        "build",
        "--package",
        "careerhub-frontend",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        wasm_profile,
    ]);
    run(&mut command).context(
        "building the wasm front end (is `rustup target add wasm32-unknown-unknown` done?)",
    )?;

    let profile_dir = if release { "wasm-release" } else { "debug" };
    let built = target_dir()
        .join("wasm32-unknown-unknown")
        .join(profile_dir)
        .join("careerhub_frontend.wasm");
    let pkg = site_root.join("pkg");
    if pkg.exists() {
        fs::remove_dir_all(&pkg).with_context(|| format!("clearing {}", pkg.display()))?;
    }
    // A release bundle goes into a directory named after its content (below); a debug one is
    // served from pkg itself and revalidated on every load.
    let bundle = if release {
        pkg.join("bundle")
    } else {
        pkg.clone()
    };
    fs::create_dir_all(&bundle)?;

    let main_wasm = split_wasm(&built, &bundle)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&main_wasm)
        .out_name(OUTPUT_NAME)
        .web(true)?
        // No DWARF even in a debug build: it was 100 MB of a 125 MB bundle that every page load
        // downloads and Chromium parses. Function names stay, so a panic's stack is readable.
        .keep_debug(false)
        // The split chunks import the main module's functions by their linker names.
        .keep_lld_exports(true)
        .demangle(false)
        .remove_name_section(release)
        .remove_producers_section(release)
        .typescript(false)
        .generate(&bundle)
        .context("running wasm-bindgen")?;

    fs::copy(
        workspace_root().join("style/main.css"),
        pkg.join(format!("{OUTPUT_NAME}.css")),
    )
    .context("copying style/main.css")?;
    copy_dir(&workspace_root().join("public"), site_root)?;

    if release {
        optimise_wasm(&files_ending_in(&bundle, ".wasm")?)?;
    }
    pack_areas(&bundle)?;
    if release {
        hash_and_compress(&pkg, &bundle)?;
    }
    Ok(())
}

/// Cuts the wasm at every area of pages (the `#[lazy]` functions in app/src/routes.rs): the
/// pages' code goes into chunks, which the browser fetches when a page needs them, so the first
/// download holds only what every page shares. Writes the chunks, their loader
/// (`__wasm_split.js`) and the manifest of which chunks each area needs into `bundle`, and
/// returns the main module, which wasm-bindgen still has to process.
fn split_wasm(built: &Path, bundle: &Path) -> anyhow::Result<PathBuf> {
    let input = fs::read(built).with_context(|| format!("reading {}", built.display()))?;
    let main_wasm = built.with_file_name("careerhub_frontend_split.wasm");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = bundle;
        options.main_out_path = &main_wasm;
        options.main_module = MAIN_MODULE;
        options.link_name = SPLIT_LOADER;
        options
    })
    .map_err(|error| anyhow::anyhow!("splitting the wasm at its lazy routes: {error:?}"))?;
    let mut manifest: Vec<_> = split.prefetch_map.into_iter().collect();
    manifest.sort();
    let manifest = manifest
        .into_iter()
        .map(|(split, chunks)| format!("{split}: {}\n", chunks.join(" ")))
        .collect::<String>();
    fs::write(bundle.join(SPLIT_MANIFEST), manifest)?;
    println!(
        "wasm split into the main module and {} chunks",
        split.split_modules.len()
    );
    Ok(main_wasm)
}

fn files_ending_in(dir: &Path, suffix: &str) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.to_string_lossy().ends_with(suffix) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Writes per area of pages one file holding all the chunks a page of it needs (`<area>.pack`,
/// the files of the manifest one after the other) and makes wasm-split's loader take a direct
/// load's chunks from its page's pack, and a navigation's from the next area's pack when many of
/// them are missing (`area_packs.js` says why). wasm-split's loader is
/// generated text: if its fetch or instantiate calls ever change shape, this fails the build
/// rather than ship a loader that quietly fetches chunk by chunk.
fn pack_areas(bundle: &Path) -> anyhow::Result<()> {
    const CHUNK_FETCH: (&str, &str) = ("fetch(new URL(\"./", ".wasm\", import.meta.url))");
    const INSTANTIATE: &str = "WebAssembly.instantiateStreaming(src, imports)";
    let manifest = fs::read_to_string(bundle.join(SPLIT_MANIFEST))?;
    let mut index = Vec::new();
    let mut splits = Vec::new();
    for line in manifest.lines() {
        let Some((split, chunks)) = line.split_once(':') else {
            continue;
        };
        let area = area_of_split(split);
        splits.push((split, area));
        let mut pack = Vec::new();
        let mut entries = Vec::new();
        for chunk in chunks.split_whitespace() {
            let bytes = fs::read(bundle.join(format!("{chunk}.wasm")))
                .with_context(|| format!("reading chunk {chunk} of {area}"))?;
            entries.push(format!("[\"{chunk}\", {}]", bytes.len()));
            pack.extend_from_slice(&bytes);
        }
        fs::write(bundle.join(format!("{area}.{PACK_EXTENSION}")), &pack)?;
        index.push(format!(
            "\"{area}\": {{ file: \"./{area}.{PACK_EXTENSION}\", chunks: [{}] }}",
            entries.join(", ")
        ));
    }

    let loader_path = bundle.join(SPLIT_LOADER);
    let loader = fs::read_to_string(&loader_path)?;
    let chunk_files = files_ending_in(bundle, ".wasm")?.len() - 1;
    let mut patched = String::with_capacity(loader.len());
    let mut rest = loader.as_str();
    let mut fetches = 0;
    while let Some(start) = rest.find(CHUNK_FETCH.0) {
        let name_start = start + CHUNK_FETCH.0.len();
        let name_end = name_start
            + rest[name_start..]
                .find(CHUNK_FETCH.1)
                .context("a chunk fetch without its end in __wasm_split.js")?;
        patched.push_str(&rest[..start]);
        patched.push_str(&format!("fetchChunk(\"{}\")", &rest[name_start..name_end]));
        rest = &rest[name_end + CHUNK_FETCH.1.len()..];
        fetches += 1;
    }
    patched.push_str(rest);
    let instantiations = patched.matches(INSTANTIATE).count();
    anyhow::ensure!(
        fetches == chunk_files && instantiations == chunk_files,
        "wasm-split's loader changed shape: {fetches} chunk fetches and {instantiations} \
         instantiations for {chunk_files} chunk files; update pack_areas"
    );
    let mut patched = patched.replace(INSTANTIATE, "instantiateChunk(src, imports)");
    for (split, area) in splits {
        patched = load_pack_first(&patched, split, area)?;
    }
    let runtime =
        include_str!("area_packs.js").replace("AREA_PACKS", &format!("{{ {} }}", index.join(", ")));
    // After the first line, wasm-split's import of the main module.
    let (import, body) = patched
        .split_once('\n')
        .context("__wasm_split.js has no import line")?;
    fs::write(&loader_path, format!("{import}\n{runtime}{body}"))?;
    Ok(())
}

/// Wraps the loader wasm-split exports for an area's split point in `packFirst` (area_packs.js),
/// so that navigating to the area can fetch its pack before the loader requests its chunks:
/// `= wrapAsyncCb(makeLoad(() => {…}, [chunks]));` becomes
/// `= wrapAsyncCb(packFirst("area", makeLoad(() => {…}, [chunks])));`.
fn load_pack_first(loader: &str, split: &str, area: &str) -> anyhow::Result<String> {
    let export = format!("export const __wasm_split_load_{split} = wrapAsyncCb(makeLoad(");
    let start = loader
        .find(&export)
        .with_context(|| format!("wasm-split's loader changed shape: no `{export}`"))?;
    const END: &str = "]));";
    let end = start
        + loader[start..]
            .find(END)
            .with_context(|| format!("wasm-split's loader changed shape: `{export}` never ends"))?;
    let wrapped = format!(
        "export const __wasm_split_load_{split} = wrapAsyncCb(packFirst(\"{area}\", makeLoad("
    );
    Ok(format!(
        "{}{wrapped}{}])));{}",
        &loader[..start],
        &loader[start + export.len()..end],
        &loader[end + END.len()..]
    ))
}

/// The area a split point is named after: `account_pages_1759…` (Leptos adds a hash) →
/// `account_pages`, the name the page's `<meta name="careerhub-area">` gives.
fn area_of_split(split: &str) -> &str {
    match split.rsplit_once('_') {
        Some((area, hash)) if hash.bytes().all(|byte| byte.is_ascii_digit()) => area,
        _ => split,
    }
}

/// `wasm-opt -Oz` from npm's binaryen on the main module and every chunk, one process per core
/// (about 370 files; one at a time, the 196 of nine areas took 5 to 8 minutes on two cores).
/// Debian's binaryen 108 produces a wasm that fails to instantiate, so we install a known-good
/// version into target/tools the first time. One line for all files: wasm-opt's own output is shown only when
/// it fails (it warns about every chunk's name section, which it then strips).
fn optimise_wasm(files: &[PathBuf]) -> anyhow::Result<()> {
    let tools = workspace_root().join("target").join("tools");
    let wasm_opt = tools.join("node_modules/.bin/wasm-opt");
    if !wasm_opt.exists() {
        println!(
            "Installing wasm-opt (binaryen {BINARYEN_VERSION}) from npm into {}",
            tools.display()
        );
        fs::create_dir_all(&tools)?;
        run(Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&tools)
            .arg(format!("binaryen@{BINARYEN_VERSION}")))
        .context("installing binaryen with npm (is Node.js installed?)")?;
    }
    let before: u64 = files
        .iter()
        .map(|wasm| fs::metadata(wasm).map(|meta| meta.len()))
        .sum::<Result<_, _>>()?;
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> anyhow::Result<()> {
                    while let Some(wasm) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                        optimise_one(&wasm_opt, wasm)?;
                        let done = done.fetch_add(1, Ordering::Relaxed) + 1;
                        print!("\rwasm-opt: {done} of {} files", files.len());
                        std::io::stdout().flush()?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles.into_iter().try_for_each(|handle| {
            handle
                .join()
                .map_err(|_| anyhow::anyhow!("a wasm-opt worker panicked"))?
        })
    })?;
    let after: u64 = files
        .iter()
        .map(|wasm| fs::metadata(wasm).map(|meta| meta.len()))
        .sum::<Result<_, _>>()?;
    println!(
        "\rwasm-opt: {} files, {} KiB -> {} KiB",
        files.len(),
        before / 1024,
        after / 1024
    );
    Ok(())
}

fn optimise_one(wasm_opt: &Path, wasm: &Path) -> anyhow::Result<()> {
    let output = Command::new(wasm_opt)
        .arg(wasm)
        .args([
            "-Oz",
            // Repeats the passes until the file stops shrinking: 1–2 KiB less brotli per page.
            "--converge",
            // wasm-split leaves the chunks their function names, and every file a producers and
            // a target-features section; pages need none of them (0.7 KiB brotli an area).
            "--strip-debug",
            "--strip-producers",
            "--strip-target-features",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-reference-types",
            "--enable-multivalue",
            "--enable-mutable-globals",
            "-o",
        ])
        .arg(wasm)
        .output()
        .with_context(|| format!("starting {}", wasm_opt.display()))?;
    if !output.status.success() {
        anyhow::bail!(
            "wasm-opt failed on {} with {}:\n{}",
            wasm.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// Names the stylesheet `careerhub.<hash>.css` and the bundle's directory after the hash of
/// everything in it (the JS and wasm files import each other by relative names, so the names
/// inside stay plain), writes brotli and gzip copies next to each file, and records both hashes
/// in `hash.txt` for the server.
fn hash_and_compress(pkg: &Path, bundle: &Path) -> anyhow::Result<()> {
    let css = pkg.join(format!("{OUTPUT_NAME}.css"));
    let css_bytes = fs::read(&css).with_context(|| format!("reading {}", css.display()))?;
    let css_hash = short_hash(Sha256::digest(&css_bytes));
    let hashed_css = pkg.join(format!("{OUTPUT_NAME}.{css_hash}.css"));
    fs::rename(&css, &hashed_css)?;
    compress(&hashed_css, &css_bytes)?;

    let mut bundle_digest = Sha256::new();
    let files = files_ending_in(bundle, "")?;
    for file in &files {
        bundle_digest.update(file.file_name().unwrap_or_default().as_encoded_bytes());
        bundle_digest.update(fs::read(file)?);
    }
    let bundle_hash = short_hash(bundle_digest.finalize());
    let hashed_bundle = pkg.join(&bundle_hash);
    fs::rename(bundle, &hashed_bundle)?;
    for file in files_ending_in(&hashed_bundle, "")? {
        if file
            .extension()
            .is_some_and(|ext| ext == "js" || ext == "wasm" || ext == PACK_EXTENSION)
        {
            compress(&file, &fs::read(&file)?)?;
        }
    }
    print_wasm_sizes(&hashed_bundle)?;
    fs::write(
        pkg.join(HASH_FILE),
        format!("css: {css_hash}\nbundle: {bundle_hash}\n"),
    )?;
    Ok(())
}

fn short_hash(digest: impl AsRef<[u8]>) -> String {
    digest
        .as_ref()
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// What a direct page load downloads, compressed: the main module and its area's pack (the
/// chunks `split_wasm` listed for the area, in one file).
fn print_wasm_sizes(bundle: &Path) -> anyhow::Result<()> {
    let brotli_size =
        |file: &str| fs::metadata(bundle.join(format!("{file}.br"))).map(|meta| meta.len());
    let main = brotli_size(&format!("{OUTPUT_NAME}_bg.wasm"))?;
    println!("wasm main module: {} KiB brotli", main / 1024);
    let manifest = fs::read_to_string(bundle.join(SPLIT_MANIFEST))?;
    for line in manifest.lines() {
        let Some((split, chunks)) = line.split_once(':') else {
            continue;
        };
        let area = area_of_split(split);
        let size = brotli_size(&format!("{area}.{PACK_EXTENSION}"))?;
        println!(
            "  {area}: {} chunks in one pack, {} KiB brotli; with the main module {} KiB",
            chunks.split_whitespace().count(),
            size / 1024,
            (size + main) / 1024
        );
    }
    Ok(())
}

fn compress(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(bytes)?;
    fs::write(with_suffix(path, "gz"), gzip.finish()?)?;

    let mut brotli_bytes = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut brotli_bytes, &params)?;
    fs::write(with_suffix(path, "br"), &brotli_bytes)?;
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let destination = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &destination)?;
        } else {
            fs::copy(entry.path(), destination)?;
        }
    }
    Ok(())
}
