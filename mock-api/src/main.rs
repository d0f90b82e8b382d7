//! `cargo run -p mock-api -- [--port 8081] [--dev] [--static DIR] [--secure-cookies] [--ncalayer-url URL]
//! [--ncalayer-port 13579] [--quiet]`

use std::net::SocketAddr;
use std::process::ExitCode;

use mock_api::{app, AppState, Cli};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = match Cli::parse(std::env::args().skip(1)) {
        Ok(cli) => cli,
        Err(message) if message == mock_api::USAGE => {
            println!("{message}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if let Some(dir) = &cli.options.static_dir {
        if !dir.join("index.html").is_file() {
            eprintln!("mock-api: {}/index.html does not exist", dir.display());
            return ExitCode::from(2);
        }
    }
    let addr = SocketAddr::from(([127, 0, 0, 1], cli.port));
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("mock-api: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "mock-api listening on http://{addr}{}{}{}",
        if cli.options.dev {
            " (dev mode: /__dev on)"
        } else {
            ""
        },
        cli.options
            .static_dir
            .as_ref()
            .map(|d| format!(", serving {}", d.display()))
            .unwrap_or_default(),
        if cli.options.secure_cookies {
            ", Secure cookies"
        } else {
            ""
        },
    );
    let state = AppState::from_fixtures();
    // The test PKI (EDS log-in, the stand-in NCALayer): generated once, off the request path.
    mock_api::pki::Pki::start_background();
    if cli.options.dev {
        mock_api::ncalayer::start(cli.ncalayer_port, state.clone()).await;
    }
    let router = app(state, cli.options);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("mock-api: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
