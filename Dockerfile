# Multi-stage build: the release site (wasm-opt'd, hashed, precompressed) and both binaries.
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev nodejs npm \
    && rm -rf /var/lib/apt/lists/* && rustup target add wasm32-unknown-unknown
WORKDIR /src
COPY . .
RUN cargo xtask dist

FROM debian:bookworm-slim
# fonts-noto-cjk: CVs with Chinese, Japanese or Korean text (the other fonts are in the binary).
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 postgresql-client ca-certificates curl \
    fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/target/release/careerhub /src/target/release/careerhub-admin /app/
COPY --from=build /src/target/site /app/site
ENV SITE_ROOT=/app/site BIND_ADDR=0.0.0.0:3000 DATA_DIR=/data
EXPOSE 3000
CMD ["/app/careerhub"]
