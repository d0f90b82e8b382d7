//! `cargo run -p mock-api -- [--port 8081] [--dev] [--static DIR] [--secure-cookies] [--ncalayer-url URL]
//! [--ncalayer-port 13579] [--quiet]`
//!
//! `cargo run -p mock-api -- egov-sign <link> [--iin IIN] [--api http://127.0.0.1:8081]`: plays
//! eGov mobile against a running mock over HTTP (API №1, API №2 GET, sign, API №2 PUT; API №2
//! with the Bearer token API №1 handed out, as the phone does).

use std::net::SocketAddr;
use std::process::ExitCode;

use mock_api::{app, AppState, Cli};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("egov-sign") {
        return egov_sign(&args[1..]).await;
    }
    let cli = match Cli::parse(args) {
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
    // The peer address is the log-in throttle's client key.
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    if let Err(e) = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("mock-api: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

const EGOV_USAGE: &str =
    "usage: mock-api egov-sign <qr_text | mobile_link | API №1 URL | procedure id> \
[--iin 900101300007] [--api http://127.0.0.1:8081]";

/// `egov-sign <link> [--iin IIN] [--api URL]`: the phone's part over real HTTP (`--api` is used
/// only when the link is a bare procedure id).
async fn egov_sign(args: &[String]) -> ExitCode {
    let mut link = None;
    let mut iin = mock_api::pki::DEFAULT_IIN.to_owned();
    let mut api = mock_api::egov::DEFAULT_BASE.to_owned();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| it.next().cloned());
        match flag {
            "--iin" => match value() {
                Some(v) => iin = v,
                None => return usage_error("--iin needs a value"),
            },
            "--api" => match value() {
                Some(v) => api = v.trim_end_matches('/').to_owned(),
                None => return usage_error("--api needs a value"),
            },
            "-h" | "--help" => {
                println!("{EGOV_USAGE}");
                return ExitCode::SUCCESS;
            }
            other if other.starts_with("--") || link.is_some() => {
                return usage_error(&format!("unexpected argument: {other}"))
            }
            other => link = Some(other.to_owned()),
        }
    }
    let Some(mut link) = link else {
        return usage_error("the link is missing");
    };
    if mock_api::egov::api1_url(&link).is_none()
        && !link.is_empty()
        && link.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        link = format!("{api}/api/egov/sign/{link}");
    }
    match mock_api::egov::play_phone(&mock_api::egov::Transport::Http, &link, &iin).await {
        Ok(report) => {
            println!(
                "eGov mobile: procedure {} signed by {} ({} document(s)) via {}",
                report.id, report.iin, report.documents, report.api2
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("eGov mobile: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("{message}\n{EGOV_USAGE}");
    ExitCode::from(2)
}
