//! Logging in over SSH the way a person already has it set up: the host's
//! key checked against `known_hosts` before anything is sent, then the SSH
//! agent, then the usual key files, then a password typed at the terminal.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::client;
use russh::keys::agent::client::{AgentClient, AgentStream};
use russh::keys::{Algorithm, HashAlg, PrivateKeyWithHashAlg, PublicKey, PublicKeyOrCertificate};

use super::known_hosts::Known;
use crate::error::Diagnostic;

/// Where rajat finds what SSH needs, and whether it may ask the person at the terminal.
#[derive(Clone, Debug, Default)]
pub struct SshOptions {
    /// The file of trusted host keys; `~/.ssh/known_hosts` when `None`.
    pub known_hosts: Option<PathBuf>,
    /// Private keys to try, in order, after the agent's; `~/.ssh/id_ed25519`,
    /// `id_ecdsa` and `id_rsa` when empty.
    pub identities: Vec<PathBuf>,
    /// The folder the defaults above are in; `~/.ssh` when `None`.
    pub ssh_dir: Option<PathBuf>,
    /// Whether to ask the SSH agent (`SSH_AUTH_SOCK`) for keys.
    pub agent: bool,
    /// Whether a passphrase or password may be asked for at the terminal.
    pub interactive: bool,
}

impl SshOptions {
    /// `~/.ssh` in the home folder: `None` when there is no home folder.
    /// Never a `.ssh` in the current folder, which would trust the host
    /// keys of whoever put one in the folder rajat was started in.
    fn ssh_dir(&self) -> Option<PathBuf> {
        self.ssh_dir.clone().or_else(|| home().map(|home| home.join(".ssh")))
    }

    /// The known_hosts file rajat reads: `None` when it is the default and
    /// there is no home folder to find it in.
    pub fn known_hosts(&self) -> Option<PathBuf> {
        self.known_hosts.clone().or_else(|| Some(self.ssh_dir()?.join("known_hosts")))
    }

    /// The key files to try; none of the defaults without a home folder.
    fn identities(&self) -> Vec<PathBuf> {
        if !self.identities.is_empty() {
            return self.identities.clone();
        }
        let Some(dir) = self.ssh_dir() else { return Vec::new() };
        ["id_ed25519", "id_ecdsa", "id_rsa"].iter().map(|name| dir.join(name)).collect()
    }
}

/// What the host's key was found to be.
#[derive(Clone, Debug)]
enum HostKey {
    /// In known_hosts: go on.
    Trusted,
    /// Not in known_hosts.
    Unknown { key: PublicKey },
    /// known_hosts holds another key of the same kind for this host.
    Changed { key: PublicKey, lines: Vec<usize> },
}

/// The connection's handler: checks the host's key, and remembers what it found.
pub struct Client {
    known: Vec<Known>,
    verdict: Arc<Mutex<Option<HostKey>>>,
}

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(&mut self, key: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        // rajat never asks for a host certificate (no certificate algorithm
        // is offered), so a certificate here is not one it can check.
        let PublicKeyOrCertificate::PublicKey { key, .. } = key else {
            return Ok(false);
        };
        let verdict = verdict(key, &self.known);
        let trusted = matches!(verdict, HostKey::Trusted);
        *self.verdict.lock().unwrap_or_else(|e| e.into_inner()) = Some(verdict);
        Ok(trusted)
    }
}

/// Whether `key` is one of the `known` keys recorded for the host. The key
/// is trusted when a line holds it (and none revokes it); it has changed
/// when a line holds another key of its kind and none holds it.
fn verdict(key: &PublicKey, known: &[Known]) -> HostKey {
    let holds = |k: &Known| k.key.key_data() == key.key_data();
    if let Some(revoked) = known.iter().find(|k| k.revoked && holds(k)) {
        return HostKey::Changed { key: key.clone(), lines: vec![revoked.line] };
    }
    if known.iter().any(|k| !k.revoked && holds(k)) {
        return HostKey::Trusted;
    }
    let same_kind = |k: &Known| !k.revoked && family(&k.key.algorithm()) == family(&key.algorithm());
    let lines: Vec<usize> = known.iter().filter(|k| same_kind(k)).map(|k| k.line).collect();
    if lines.is_empty() { HostKey::Unknown { key: key.clone() } } else { HostKey::Changed { key: key.clone(), lines } }
}

/// An algorithm without its signature hash: RSA keys are one kind, whatever they sign with.
fn family(algorithm: &Algorithm) -> String {
    match algorithm {
        Algorithm::Rsa { .. } => "ssh-rsa".into(),
        other => other.to_string(),
    }
}

/// A logged-in SSH connection.
pub struct Session {
    pub handle: client::Handle<Client>,
}

/// The host as known_hosts and `ssh` name it: `host`, or `[host]:port`.
fn host_entry(host: &str, port: u16) -> String {
    if port == 22 { host.to_string() } else { format!("[{host}]:{port}") }
}

/// The home folder as `ssh` finds it: HOME, else the account's (on Windows
/// %USERPROFILE%, where its OpenSSH keeps `.ssh`). A HOME that is empty or
/// relative names no folder of the user's, so it is no home folder at all.
fn home() -> Option<PathBuf> {
    std::env::home_dir().filter(|home| home.is_absolute())
}

/// `~/.ssh/known_hosts` with the home folder as `~` (and `/` between the
/// names, which every shell takes, PowerShell too), for commands a person copies.
fn shown_path(path: &Path) -> String {
    let rest = home().and_then(|home| path.strip_prefix(home).ok().map(Path::to_path_buf));
    match rest {
        Some(rest) if !rest.as_os_str().is_empty() => {
            let names: Vec<_> = rest.iter().map(|name| name.to_string_lossy()).collect();
            format!("~/{}", names.join("/"))
        }
        _ => path.display().to_string(),
    }
}

/// Refuses to connect when there is no home folder to find
/// `~/.ssh/known_hosts` in, and no other file of trusted keys was named.
fn no_home(entry: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "rajat could not find your home folder, so it has no ~/.ssh/known_hosts to check the host key of {entry} \
         against; it did not log in or send anything"
    ))
    .hint(
        "set HOME to your home folder (on Windows, USERPROFILE), or name the file of trusted host keys with \
         --known-hosts FILE (or RAJAT_KNOWN_HOSTS) and a key with --identity FILE",
    )
}

/// Connects to `host:port`, checks its key, and logs in as `user`.
/// Nothing but the key exchange happens before the key is found in known_hosts.
pub async fn connect(host: &str, port: u16, user: &str, options: &SshOptions) -> Result<Session, Diagnostic> {
    let Some(known_hosts) = options.known_hosts() else { return Err(no_home(&host_entry(host, port))) };
    let known = match super::known_hosts::keys_for(&known_hosts, host, port) {
        Ok(known) => known,
        Err(e) => {
            return Err(Diagnostic::error(format!(
                "could not read the trusted host keys in `{}`: {e}",
                known_hosts.display()
            ))
            .in_file(&known_hosts)
            .hint("check that the file can be read; rajat reads it to know your host"));
        }
    };
    // Ask for the kinds of host key already trusted first, as `ssh` does, so
    // a host with several keys shows the one known_hosts has.
    let mut preferred: Vec<Algorithm> = russh::Preferred::DEFAULT.key.to_vec();
    preferred.sort_by_key(|a| !known.iter().any(|k| !k.revoked && family(&k.key.algorithm()) == family(a)));
    let config = client::Config {
        preferred: russh::Preferred { key: preferred.into(), ..russh::Preferred::DEFAULT },
        inactivity_timeout: Some(Duration::from_secs(120)),
        keepalive_interval: Some(Duration::from_secs(20)),
        nodelay: true,
        ..Default::default()
    };
    let verdict = Arc::new(Mutex::new(None));
    let handler = Client { known, verdict: Arc::clone(&verdict) };
    let address = format!("{}:{port}", if host.contains(':') { format!("[{host}]") } else { host.to_string() });
    let connecting = client::connect(Arc::new(config), address.as_str(), handler);
    let connected = tokio::time::timeout(Duration::from_secs(30), connecting).await;
    let entry = host_entry(host, port);
    let handle = match connected {
        Ok(Ok(handle)) => handle,
        Err(_) => {
            return Err(Diagnostic::error(format!("{entry} did not answer within 30 seconds"))
                .hint("check the host's name and port (`sftp://user@host:PORT/…`), and that you are online"));
        }
        Ok(Err(e)) => {
            let found = verdict.lock().unwrap_or_else(|e| e.into_inner()).clone();
            return Err(match found {
                Some(HostKey::Unknown { key }) => unknown_host(&entry, host, port, user, &key, &known_hosts),
                Some(HostKey::Changed { key, lines }) => changed_host(&entry, host, port, &key, &lines, &known_hosts),
                _ => connection_failed(&entry, &e),
            });
        }
    };
    let mut session = Session { handle };
    authenticate(&mut session, &entry, user, options).await?;
    Ok(session)
}

fn fingerprint(key: &PublicKey) -> String {
    format!("{} {}", key.algorithm(), key.fingerprint(HashAlg::Sha256))
}

/// Where `ssh-keyscan`'s line goes, with `-f`-style care when the file is not the default.
fn keyscan(host: &str, port: u16, known_hosts: &Path) -> String {
    let port = if port == 22 { String::new() } else { format!("-p {port} ") };
    format!("ssh-keyscan {port}{host} >> {}", shown_path(known_hosts))
}

fn unknown_host(entry: &str, host: &str, port: u16, user: &str, key: &PublicKey, known_hosts: &Path) -> Diagnostic {
    let ssh_port = if port == 22 { String::new() } else { format!("-p {port} ") };
    Diagnostic::error(format!(
        "the host key of {entry} is not in {}, so rajat did not log in or send anything; the host showed the key {}",
        shown_path(known_hosts),
        fingerprint(key)
    ))
    .hint(format!(
        "if that is your host's key (its control panel or support can tell you the fingerprint), trust it with\n      \
         {}\n    or log in once with `ssh {ssh_port}{user}@{host}`, which shows the fingerprint and asks; then publish again",
        keyscan(host, port, known_hosts)
    ))
}

fn changed_host(
    entry: &str,
    host: &str,
    port: u16,
    key: &PublicKey,
    lines: &[usize],
    known_hosts: &Path,
) -> Diagnostic {
    let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    Diagnostic::error(format!(
        "the host key of {entry} has CHANGED: it showed {}, not the key {} trusts for it; rajat did not log in or send anything",
        fingerprint(key),
        shown_path(known_hosts)
    ))
    .in_file(known_hosts)
    .at_line(lines[0].parse().unwrap_or(0), 1)
    .hint(format!(
        "someone may be pretending to be your host, or the host got a new key. Ask your host whether its key changed and what its \
         fingerprint is; only if it matches, forget the old key (line {} of {}) and trust the new one:\n      \
         ssh-keygen -R '{entry}' -f {}\n      {}",
        lines.join(", "),
        shown_path(known_hosts),
        shown_path(known_hosts),
        keyscan(host, port, known_hosts)
    ))
}

fn connection_failed(entry: &str, error: &russh::Error) -> Diagnostic {
    let hint = match error {
        russh::Error::IO(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            "nothing answers SSH there: check the port (`sftp://user@host:PORT/…`; your host's instructions for SFTP give it)"
        }
        russh::Error::IO(_) => "check the host's name and port, and that you are online",
        _ => "check that the address is an SSH server (`ssh -p PORT user@host` tries it)",
    };
    Diagnostic::error(format!("could not connect to {entry}: {error}")).hint(hint)
}

/// Answers the server's own questions at the terminal (keyboard-interactive):
/// `Some(true)` when it let the user in, `Some(false)` when it asked and
/// refused three times, `None` when it asked nothing (it does not log in so).
async fn keyboard_interactive(session: &mut Session, user: &str) -> Result<Option<bool>, russh::Error> {
    use russh::client::KeyboardInteractiveAuthResponse as Reply;
    let mut asked = false;
    for attempt in 1..=3 {
        let mut reply = session.handle.authenticate_keyboard_interactive_start(user, None).await?;
        // A server may ask in several rounds (a password, then a code).
        for _ in 0..8 {
            let Reply::InfoRequest { instructions, prompts, .. } = reply else { break };
            asked = true;
            if !instructions.trim().is_empty() {
                eprintln!("{}", instructions.trim());
            }
            let mut answers = Vec::with_capacity(prompts.len());
            for prompt in prompts {
                let answer = if prompt.echo {
                    eprint!("{}", prompt.prompt);
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line).map(|_| line.trim_end_matches(['\r', '\n']).to_string())
                } else {
                    rpassword::prompt_password(&prompt.prompt)
                };
                answers.push(answer.unwrap_or_default());
            }
            reply = session.handle.authenticate_keyboard_interactive_respond(answers).await?;
        }
        match reply {
            Reply::Success => return Ok(Some(true)),
            _ if !asked => return Ok(None),
            _ if attempt < 3 => eprintln!("Permission denied; try again."),
            _ => {}
        }
    }
    Ok(Some(false))
}

/// The signature hash the server wants for RSA keys (SHA-512 or SHA-256 where it says so), asked once.
async fn rsa_hash(session: &Session, known: &mut Option<Option<HashAlg>>) -> Option<HashAlg> {
    if known.is_none() {
        *known = Some(session.handle.best_supported_rsa_hash().await.ok().flatten().flatten());
    }
    known.flatten()
}

/// The SSH agent, whatever it is reached through (a Unix socket, a Windows pipe).
type Agent = AgentClient<Box<dyn AgentStream + Send + Unpin>>;

/// The SSH agent: `None` when there is none to ask, an error when
/// SSH_AUTH_SOCK names one that does not answer.
#[cfg(unix)]
async fn agent() -> Option<Result<Agent, russh::keys::Error>> {
    let socket = std::env::var_os("SSH_AUTH_SOCK").filter(|s| !s.is_empty())?;
    Some(AgentClient::connect_uds(socket).await.map(AgentClient::dynamic))
}

/// The SSH agent: SSH_AUTH_SOCK's pipe, else the pipe of Windows' own
/// OpenSSH agent service, which sets no variable (and is off unless turned on).
/// russh waits for a busy pipe without end, so rajat waits 5 seconds.
#[cfg(windows)]
async fn agent() -> Option<Result<Agent, russh::keys::Error>> {
    let named = std::env::var_os("SSH_AUTH_SOCK").filter(|s| !s.is_empty());
    let pipe = named.clone().unwrap_or_else(|| r"\\.\pipe\openssh-ssh-agent".into());
    let connecting = AgentClient::connect_named_pipe(pipe);
    match tokio::time::timeout(Duration::from_secs(5), connecting).await {
        Ok(Ok(agent)) => Some(Ok(agent.dynamic())),
        Ok(Err(_)) | Err(_) if named.is_none() => None,
        Ok(Err(e)) => Some(Err(e)),
        Err(_) => Some(Err(std::io::Error::from(std::io::ErrorKind::TimedOut).into())),
    }
}

/// Logs in: the agent's keys, then the key files, then a password.
async fn authenticate(session: &mut Session, entry: &str, user: &str, options: &SshOptions) -> Result<(), Diagnostic> {
    let mut tried: Vec<String> = Vec::new();
    let lost = |e: russh::Error| {
        Diagnostic::error(format!("the connection to {entry} was lost while logging in: {e}")).hint("try again")
    };
    // Asked only for an RSA key: the answer can take the server a moment.
    let mut rsa: Option<Option<HashAlg>> = None;
    if options.agent
        && let Some(agent) = agent().await
    {
        match agent {
            Ok(mut agent) => {
                let identities = agent.request_identities().await.unwrap_or_default();
                let count = identities.len();
                for identity in identities {
                    let russh::keys::agent::AgentIdentity::PublicKey { key, .. } = identity else { continue };
                    let hash = if key.algorithm().is_rsa() { rsa_hash(session, &mut rsa).await } else { None };
                    if let Ok(result) = session.handle.authenticate_publickey_with(user, key, hash, &mut agent).await
                        && result.success()
                    {
                        return Ok(());
                    }
                }
                tried.push(format!("the SSH agent's {count} {}", if count == 1 { "key" } else { "keys" }));
            }
            Err(_) => tried.push("the SSH agent (SSH_AUTH_SOCK is set, but no agent answered)".into()),
        }
    }
    for path in options.identities() {
        if !path.is_file() {
            continue;
        }
        let shown = shown_path(&path);
        let key = match russh::keys::load_secret_key(&path, None) {
            Ok(key) => Some(key),
            Err(russh::keys::Error::KeyIsEncrypted) if options.interactive => {
                let mut key = None;
                for _ in 0..3 {
                    let Ok(passphrase) = rpassword::prompt_password(format!("Passphrase for {shown}: ")) else { break };
                    if passphrase.is_empty() {
                        break;
                    }
                    if let Ok(k) = russh::keys::load_secret_key(&path, Some(&passphrase)) {
                        key = Some(k);
                        break;
                    }
                    eprintln!("That passphrase does not open {shown}.");
                }
                key
            }
            Err(russh::keys::Error::KeyIsEncrypted) => {
                tried.push(format!("{shown} (it needs its passphrase, and there is no terminal to ask it on; add it to the SSH agent with `ssh-add {shown}`)"));
                continue;
            }
            Err(e) => {
                tried.push(format!("{shown} (rajat could not read it: {e})"));
                continue;
            }
        };
        let Some(key) = key else {
            tried.push(format!("{shown} (no passphrase given)"));
            continue;
        };
        let hash = if key.algorithm().is_rsa() { rsa_hash(session, &mut rsa).await } else { None };
        let result = session
            .handle
            .authenticate_publickey(user, PrivateKeyWithHashAlg::new(Arc::new(key), hash))
            .await
            .map_err(lost)?;
        if result.success() {
            return Ok(());
        }
        tried.push(shown);
    }
    if options.interactive {
        // As `ssh` does: keyboard-interactive first (how servers that check
        // passwords through PAM ask), then the plain password method.
        match keyboard_interactive(session, user).await.map_err(lost)? {
            Some(true) => return Ok(()),
            Some(false) => tried.push("the password the server asked for".into()),
            None => {}
        }
    }
    if options.interactive && !tried.iter().any(|t| t.starts_with("the password")) {
        for _ in 0..3 {
            let Ok(password) = rpassword::prompt_password(format!("Password for {user}@{entry}: ")) else { break };
            if password.is_empty() {
                break;
            }
            let result = session.handle.authenticate_password(user, password).await.map_err(lost)?;
            if result.success() {
                return Ok(());
            }
            eprintln!("Permission denied.");
        }
        tried.push("a password".into());
    }
    let tried = if tried.is_empty() {
        "no key was found to try (no SSH agent, no ~/.ssh/id_ed25519, id_ecdsa or id_rsa), and there is no terminal to ask for a password".to_string()
    } else {
        format!("tried {}", tried.join(", "))
    };
    let hint = if options.interactive {
        "check the user name in the destination (`sftp://USER@host/…`) and the password; or log in with a key: add your \
         public key to the account (`ssh-copy-id` does, or your host's control panel)"
    } else {
        "check the user name in the destination (`sftp://USER@host/…`); to log in with a key, add your public key to the \
         account (`ssh-copy-id` does, or your host's control panel), or run rajat publish at a terminal to type the password"
    };
    Err(Diagnostic::error(format!("{entry} did not let `{user}` log in: {tried}")).hint(hint))
}
