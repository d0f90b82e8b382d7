//! mock-api: Zeinet's development backend. It implements contract/openapi.json in memory,
//! seeded from the fixtures in `fixtures/`; see README.md for the flags and the test users.

use std::path::PathBuf;
use std::sync::Arc;

use axum::middleware::from_fn_with_state;
use axum::Router;

pub mod bounded;
pub mod cancel;
pub mod cms;
pub mod dev;
pub mod eds;
pub mod egov;
mod error;
mod handlers;
mod middleware;
pub mod model;
pub mod ncalayer;
pub mod pki;
pub mod redact;
pub mod refund;
pub mod registration;
mod routes;
pub mod state;
mod static_files;
pub mod throttle;
pub mod time;

pub use handlers::SESSION_COOKIE;
pub use middleware::content_security_policy;
pub use routes::{operations, Route, ROUTES};
pub use state::{AppState, Fixtures};
pub use static_files::is_hashed;

/// The default address of NCALayer (its stand-in in development).
pub const DEFAULT_NCALAYER_URL: &str = "ws://127.0.0.1:13579";

/// How the mock runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// Serve `/__dev` (reset, faults, maintenance, fixture size).
    pub dev: bool,
    /// Serve this directory (a built `dist/`) with an SPA fallback.
    pub static_dir: Option<PathBuf>,
    /// The session cookie `__Host-zeinet_session` with `; Secure` (HTTPS deployments): a
    /// sibling subdomain cannot set a cookie of that name, so it cannot shadow the session.
    pub secure_cookies: bool,
    /// A session ends after this many seconds without a request (`--session-idle`, 900).
    pub session_idle_seconds: u32,
    /// ...and this many seconds after the log-in, whatever is done (`--session-absolute`,
    /// 28,800: 8 hours).
    pub session_absolute_seconds: u32,
    /// NCALayer's address, allowed by the CSP's connect-src (as ws:// and wss://).
    pub ncalayer_url: String,
    /// One line per request on stderr.
    pub log_requests: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dev: false,
            static_dir: None,
            secure_cookies: false,
            session_idle_seconds: zeinet_domain::session::DEFAULT_IDLE_SECONDS,
            session_absolute_seconds: zeinet_domain::session::DEFAULT_ABSOLUTE_SECONDS,
            ncalayer_url: DEFAULT_NCALAYER_URL.to_owned(),
            log_requests: true,
        }
    }
}

/// The command line: `[--port 8081] [--dev] [--static DIR] [--secure-cookies]
/// [--session-idle SECONDS] [--session-absolute SECONDS] [--ncalayer-url URL] [--ncalayer-port N]
/// [--quiet]`.
#[derive(Clone, Debug)]
pub struct Cli {
    pub port: u16,
    /// The stand-in NCALayer's port (with `--dev`; 0 = off).
    pub ncalayer_port: u16,
    pub options: Options,
}

pub const USAGE: &str = "usage: mock-api [--port 8081] [--dev] [--static DIR] [--secure-cookies] \
[--session-idle 900] [--session-absolute 28800] [--ncalayer-url ws://127.0.0.1:13579] [--ncalayer-port 13579] [--quiet]";

impl Cli {
    /// Parses the arguments (without the program name). `Err` carries the message to print.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Cli, String> {
        let mut cli = Cli {
            port: 8081,
            ncalayer_port: ncalayer::DEFAULT_PORT,
            options: Options::default(),
        };
        let mut ncalayer_url_given = false;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
                _ => (arg.clone(), None),
            };
            let mut value = |name: &str| {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
            };
            match flag.as_str() {
                "--port" => {
                    let v = value("--port")?;
                    cli.port = v.parse().map_err(|_| format!("bad port: {v}\n{USAGE}"))?;
                }
                "--dev" => cli.options.dev = true,
                "--static" => cli.options.static_dir = Some(PathBuf::from(value("--static")?)),
                "--secure-cookies" => cli.options.secure_cookies = true,
                "--session-idle" | "--session-absolute" => {
                    let v = value(&flag)?;
                    let seconds =
                        v.parse::<u32>().ok().filter(|s| *s > 0).ok_or_else(|| {
                            format!("bad {flag}: {v} (seconds, at least 1)\n{USAGE}")
                        })?;
                    if flag == "--session-idle" {
                        cli.options.session_idle_seconds = seconds;
                    } else {
                        cli.options.session_absolute_seconds = seconds;
                    }
                }
                "--ncalayer-url" => {
                    cli.options.ncalayer_url = value("--ncalayer-url")?;
                    ncalayer_url_given = true;
                }
                "--ncalayer-port" => {
                    let v = value("--ncalayer-port")?;
                    cli.ncalayer_port = v.parse().map_err(|_| format!("bad port: {v}\n{USAGE}"))?;
                }
                "--quiet" => cli.options.log_requests = false,
                "-h" | "--help" => return Err(USAGE.to_owned()),
                other => return Err(format!("unknown argument: {other}\n{USAGE}")),
            }
        }
        // The CSP must allow the stand-in where it listens.
        if !ncalayer_url_given && cli.ncalayer_port != 0 {
            cli.options.ncalayer_url = format!("ws://127.0.0.1:{}", cli.ncalayer_port);
        }
        Ok(cli)
    }
}

/// What the handlers and layers share.
#[derive(Clone)]
pub(crate) struct Ctx {
    pub state: AppState,
    pub options: Arc<Options>,
    pub csp: Arc<str>,
}

/// The whole application: /api (from [`ROUTES`]), /__dev, and the static files or a JSON 404.
pub fn app(state: AppState, options: Options) -> Router {
    let ctx = Ctx {
        state,
        csp: content_security_policy(&options.ncalayer_url).into(),
        options: Arc::new(options),
    };
    let router = Router::new()
        .merge(routes::api_router(&ctx))
        .merge(dev::router(&ctx));
    let router = match &ctx.options.static_dir {
        Some(dir) => router.fallback_service(static_files::service(dir, &ctx.options.ncalayer_url)),
        None => router.fallback(|| async { error::ApiError::not_found() }),
    };
    router
        .layer(from_fn_with_state(
            ctx.clone(),
            middleware::security_headers,
        ))
        .layer(from_fn_with_state(ctx.clone(), middleware::log_requests))
        .with_state(ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn cli_flags() {
        let cli = Cli::parse(args("")).unwrap();
        assert_eq!(cli.port, 8081);
        assert!(
            !cli.options.dev && !cli.options.secure_cookies && cli.options.static_dir.is_none()
        );
        let cli = Cli::parse(args(
            "--port 9000 --dev --static dist --secure-cookies --ncalayer-url wss://127.0.0.1:13580 --quiet",
        ))
        .unwrap();
        assert_eq!(cli.port, 9000);
        assert!(cli.options.dev && cli.options.secure_cookies && !cli.options.log_requests);
        assert_eq!(cli.options.static_dir, Some(PathBuf::from("dist")));
        assert_eq!(cli.options.ncalayer_url, "wss://127.0.0.1:13580");
        assert_eq!(Cli::parse(args("--port=8082")).unwrap().port, 8082);
        assert_eq!(cli.ncalayer_port, 13579);
        let cli = Cli::parse(args("--dev --ncalayer-port 13580")).unwrap();
        assert_eq!(cli.ncalayer_port, 13580);
        assert_eq!(cli.options.ncalayer_url, "ws://127.0.0.1:13580");
        let cli = Cli::parse(args("--ncalayer-port=0 --ncalayer-url wss://x:1")).unwrap();
        assert_eq!(
            (cli.ncalayer_port, cli.options.ncalayer_url.as_str()),
            (0, "wss://x:1")
        );
        assert!(Cli::parse(args("--ncalayer-port x")).is_err());
        assert!(Cli::parse(args("--port")).is_err());
        assert!(Cli::parse(args("--bogus")).is_err());
    }
}
