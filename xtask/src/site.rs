//! The front end: wasm bundle, JS glue, stylesheet and public files, in `target/site`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::{cargo, run, site_root, target_dir, workspace_root};

const OUTPUT_NAME: &str = "careerhub";
const HASH_FILE: &str = "hash.txt";
const BINARYEN_VERSION: &str = "132.0.0";

pub fn build(release: bool) -> anyhow::Result<()> {
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
    let input = target_dir()
        .join("wasm32-unknown-unknown")
        .join(profile_dir)
        .join("careerhub_frontend.wasm");
    let pkg = site_root().join("pkg");
    if pkg.exists() {
        fs::remove_dir_all(&pkg).with_context(|| format!("clearing {}", pkg.display()))?;
    }
    fs::create_dir_all(&pkg)?;

    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&input)
        .out_name(OUTPUT_NAME)
        .web(true)?
        // No DWARF even in a debug build: it was 100 MB of a 125 MB bundle that every page load
        // downloads and Chromium parses. Function names stay, so a panic's stack is readable.
        .keep_debug(false)
        .remove_name_section(release)
        .remove_producers_section(release)
        .typescript(false)
        .generate(&pkg)
        .context("running wasm-bindgen")?;

    let wasm = pkg.join(format!("{OUTPUT_NAME}_bg.wasm"));
    if release {
        optimise_wasm(&wasm)?;
    }
    fs::copy(
        workspace_root().join("style/main.css"),
        pkg.join(format!("{OUTPUT_NAME}.css")),
    )
    .context("copying style/main.css")?;
    copy_dir(&workspace_root().join("public"), &site_root())?;

    if release {
        hash_and_compress(&pkg)?;
    }
    Ok(())
}

/// `wasm-opt -Oz` from npm's binaryen. Debian's binaryen 108 produces a wasm that fails to
/// instantiate, so we install a known-good version into target/tools the first time.
fn optimise_wasm(wasm: &Path) -> anyhow::Result<()> {
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
    let before = fs::metadata(wasm)?.len();
    run(Command::new(&wasm_opt)
        .arg(wasm)
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-reference-types",
            "--enable-multivalue",
            "--enable-mutable-globals",
            "-o",
        ])
        .arg(wasm))?;
    let after = fs::metadata(wasm)?.len();
    println!("wasm-opt: {} KiB -> {} KiB", before / 1024, after / 1024);
    Ok(())
}

/// Renames js, wasm and css to `careerhub.<hash>.<ext>`, writes brotli and gzip copies next to
/// each, and remembers the hashes for [`write_hash_file`].
fn hash_and_compress(pkg: &Path) -> anyhow::Result<()> {
    let mut lines = String::new();
    for (kind, name) in [
        ("js", format!("{OUTPUT_NAME}.js")),
        ("wasm", format!("{OUTPUT_NAME}_bg.wasm")),
        ("css", format!("{OUTPUT_NAME}.css")),
    ] {
        let path = pkg.join(&name);
        let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let hash: String = Sha256::digest(&bytes)
            .iter()
            .take(8)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        let hashed = pkg.join(format!("{OUTPUT_NAME}.{hash}.{kind}"));
        fs::rename(&path, &hashed)?;
        compress(&hashed, &bytes)?;
        lines.push_str(&format!("{kind}: {hash}\n"));
    }
    fs::write(pkg.join(HASH_FILE), lines)?;
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
    if path.extension().is_some_and(|ext| ext == "wasm") {
        println!(
            "wasm bundle: {} KiB, gzip {} KiB, brotli {} KiB",
            bytes.len() / 1024,
            fs::metadata(with_suffix(path, "gz"))?.len() / 1024,
            brotli_bytes.len() / 1024
        );
    }
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
