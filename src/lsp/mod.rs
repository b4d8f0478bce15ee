//! The language server: LSP over stdio on tower-lsp-server. This layer converts between
//! protocol types and the engine's ([`crate::analysis`], [`crate::ide`]); it holds no
//! analysis logic of its own.
//!
//! `server` holds the state and the `LanguageServer` impl, which delegates each request to
//! its feature module (`lifecycle`, `sync`, `reload`, `diagnostics`, `hover`, `completion`,
//! `code_actions`, `navigation`, `references`, `inlay_hints`, `commands`); each converts
//! the request, calls `ide` or the engine, and converts the answer with `convert` (and
//! `position`, for offsets).

mod code_actions;
mod commands;
mod completion;
mod convert;
mod diagnostics;
mod documents;
#[doc(hidden)]
pub mod fuzzing;
mod glossary_file;
mod health;
mod hover;
mod index;
mod inlay_hints;
mod lifecycle;
mod navigation;
mod position;
mod references;
mod reload;
mod rename;
mod server;
mod sync;
mod transport;
mod workspace;

pub use position::Encoding;

/// Serves LSP on stdin/stdout until the client says `exit`; returns the process exit code
/// (0 after `shutdown`, 1 without, as LSP says).
pub fn serve_stdio() -> i32 {
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("glossary-ls: error: cannot start the async runtime: {e}");
            return 2;
        }
    };
    let code = runtime.block_on(async {
        let (service, socket) = tower_lsp_server::LspService::build(server::Backend::new)
            .custom_method("glossaryLs/define", server::Backend::define)
            .custom_method(
                "glossaryLs/crashForTesting",
                server::Backend::crash_for_testing,
            )
            .finish();
        let shutdown = service.inner().shutdown_flag();
        // stdin → guard → server → merge → stdout (see `transport`).
        let (to_server, server_in) = tokio::io::duplex(1 << 16);
        let (server_out, from_server) = tokio::io::duplex(1 << 16);
        let (errors_tx, errors_rx) = tokio::sync::mpsc::channel(64);
        tokio::spawn(transport::filter_input(
            tokio::io::stdin(),
            to_server,
            errors_tx,
        ));
        let output = tokio::spawn(transport::merge_output(
            from_server,
            errors_rx,
            tokio::io::stdout(),
        ));
        tower_lsp_server::Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
        // The server's end of the output pipe is closed now: let the last frames out.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), output).await;
        if shutdown.load(std::sync::atomic::Ordering::SeqCst) {
            0
        } else {
            1
        }
    });
    // Stdin may still be open (a blocking read in progress): leave without waiting for it.
    runtime.shutdown_background();
    code
}

/// Logs go to stderr (stdout carries the protocol), filtered by `GLOSSARY_LS_LOG`
/// (`error`, `warn`, `info`, `debug`, `trace`; default `warn`).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("GLOSSARY_LS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
