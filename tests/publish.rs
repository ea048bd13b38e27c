//! `rajat publish` as a coach uses it: to a folder, and over SFTP to a real
//! OpenSSH server that this file starts on 127.0.0.1, on a free port, with
//! its own host key and an authorized key made for the test
//! (`/usr/sbin/sshd -D -f CONFIG`). Never a mock of SFTP.
//!
//! Each case runs against both destinations: a first publish, an edit, a
//! publish with nothing changed, files rajat did not publish, a missing or
//! damaged record, a folder without permission, and a publish of a
//! 1,000-page guide killed at many moments, after each of which every page a
//! visitor can reach must have its links and assets. Over SFTP also: an
//! unknown, a changed and a hashed host key, a wrong key, the SSH agent.
//!
//! The workflows (the release one, and the GitHub Pages one `rajat init`
//! writes) are checked against GitHub's workflow schema with
//! `check-jsonschema`, and the Pages one builds as the README says.
//!
//! Where sshd or check-jsonschema is missing, those cases say so loudly and
//! are reported as ignored, never as passed; with `RAJAT_REQUIRE_SSHD=1` and
//! `RAJAT_REQUIRE_JSONSCHEMA=1` (as in CI) that is a failure. Hence its own
//! harness (`harness = false`, libtest-mimic).

mod common;
#[path = "../benches/pipeline/corpus.rs"]
mod corpus;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Run, Site};
use libtest_mimic::{Arguments, Failed, Trial};

const SSHD: &str = "/usr/sbin/sshd";
/// rajat's own files at a destination, which are not part of the site.
const RECORD: &str = ".rajat-published";
const JOURNAL: &str = ".rajat-publishing";

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn fail(message: impl Into<String>) -> Failed {
    message.into().into()
}

/// Runs a command to make keys and the like; panics with its output if it fails.
fn run_tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("run {program}: {e}"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A real OpenSSH server on 127.0.0.1, stopped when dropped.
struct Sshd {
    dir: tempfile::TempDir,
    child: Child,
    port: u16,
    /// Whom the tests log in as.
    user: String,
}

impl Sshd {
    /// Starts sshd on a free port, or says why it cannot.
    fn start() -> Result<Sshd, String> {
        if !Path::new(SSHD).is_file() {
            return Err(format!("{SSHD} is missing"));
        }
        for tool in ["ssh-keygen", "ssh-keyscan", "ssh-agent", "ssh-add"] {
            if Command::new(tool).arg("-?").output().is_err() {
                return Err(format!("`{tool}` is missing"));
            }
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let d = dir.path();
        // The account `nobody` logs in too (see `locked_destination`): it must reach these files.
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).map_err(|e| e.to_string())?;
        let path = |name: &str| d.join(name).to_str().expect("utf-8").to_string();
        run_tool("ssh-keygen", &["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", &path("host_key")]);
        run_tool("ssh-keygen", &["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", &path("user_key")]);
        run_tool("ssh-keygen", &["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", &path("stranger_key")]);
        std::fs::copy(d.join("user_key.pub"), d.join("authorized_keys")).map_err(|e| e.to_string())?;
        std::fs::set_permissions(d.join("authorized_keys"), std::fs::Permissions::from_mode(0o644))
            .map_err(|e| e.to_string())?;
        if is_root() && !Path::new("/run/sshd").is_dir() {
            // Where sshd, started by root, keeps its privilege-separated children.
            std::fs::create_dir_all("/run/sshd").map_err(|e| format!("create /run/sshd: {e}"))?;
        }
        let user = if is_root() { "root".to_string() } else { run_tool("id", &["-un"]).trim().to_string() };
        let mut last = String::new();
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map_err(|e| e.to_string())?
                .port();
            let config = format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {host_key}\nPidFile {pid}\nAuthorizedKeysFile {keys}\n\
                 UsePAM no\nStrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
                 PubkeyAuthentication yes\nPermitRootLogin prohibit-password\nSubsystem sftp internal-sftp\n\
                 MaxStartups 100\nMaxSessions 100\nLogLevel ERROR\n",
                host_key = path("host_key"),
                pid = path("sshd.pid"),
                keys = path("authorized_keys"),
            );
            std::fs::write(d.join("sshd_config"), config).map_err(|e| e.to_string())?;
            let mut child = Command::new(SSHD)
                .args(["-D", "-e", "-f"])
                .arg(d.join("sshd_config"))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|e| format!("could not start {SSHD}: {e}"))?;
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(10) {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    let known_hosts =
                        format!("[127.0.0.1]:{port} {}", std::fs::read_to_string(d.join("host_key.pub")).unwrap());
                    std::fs::write(d.join("known_hosts"), known_hosts).map_err(|e| e.to_string())?;
                    return Ok(Sshd { dir, child, port, user });
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let output = child.wait_with_output().map_err(|e| e.to_string())?;
            last = String::from_utf8_lossy(&output.stderr).into_owned();
        }
        Err(format!("sshd did not start: {last}"))
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The host key's fingerprint as `ssh-keygen -lf` prints it: `SHA256:…`.
    fn fingerprint(&self) -> String {
        let line = run_tool("ssh-keygen", &["-lf", self.file("host_key.pub").to_str().unwrap()]);
        line.split_whitespace().nth(1).expect("a fingerprint").to_string()
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where a test publishes: a folder, or a folder reached over SFTP.
#[derive(Clone)]
enum Kind {
    Folder,
    Sftp(Arc<Sshd>),
}

/// A destination of a test: `dir`/site, in a temporary folder of its own.
struct Dest {
    kind: Kind,
    _tmp: tempfile::TempDir,
    /// The folder on disk that holds what was published (over SFTP too: the server is this machine).
    dir: PathBuf,
    /// An empty `~/.ssh`, so nothing of the machine's own leaks into a test.
    ssh_dir: PathBuf,
    /// Who logs in over SFTP.
    user: String,
}

impl Dest {
    fn new(kind: &Kind) -> Dest {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let ssh_dir = tmp.path().join("dot-ssh");
        std::fs::create_dir(&ssh_dir).unwrap();
        let user = match kind {
            Kind::Sftp(sshd) => sshd.user.clone(),
            Kind::Folder => String::new(),
        };
        Dest { kind: kind.clone(), dir: tmp.path().join("site"), _tmp: tmp, ssh_dir, user }
    }

    fn sshd(&self) -> Option<&Sshd> {
        match &self.kind {
            Kind::Sftp(sshd) => Some(sshd),
            Kind::Folder => None,
        }
    }

    /// The destination as `rajat publish` takes it.
    fn arg(&self) -> String {
        match &self.kind {
            Kind::Folder => self.dir.display().to_string(),
            Kind::Sftp(sshd) => format!("sftp://{}@127.0.0.1:{}{}/", self.user, sshd.port, self.dir.display()),
        }
    }

    /// `rajat publish DEST --root ROOT ARGS…`, logging in with the test's key and known_hosts.
    fn command(&self, root: &Path, args: &[&str]) -> Command {
        self.command_to(Some(self.arg()), root, args)
    }

    /// `rajat publish [DEST] --root ROOT ARGS…`: without DEST, site.yaml's `publish:` tells.
    fn command_to(&self, destination: Option<String>, root: &Path, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rajat"));
        command.arg("publish").args(destination).arg("--root").arg(root).args(args);
        command.env_remove("SSH_AUTH_SOCK").env("NO_COLOR", "1").env("RAJAT_SSH_DIR", &self.ssh_dir);
        command.env_remove("RAJAT_KNOWN_HOSTS").env_remove("RAJAT_IDENTITY");
        if let Some(sshd) = self.sshd() {
            command.env("RAJAT_KNOWN_HOSTS", sshd.file("known_hosts")).env("RAJAT_IDENTITY", sshd.file("user_key"));
        }
        command.stdin(Stdio::null());
        command
    }

    fn publish(&self, root: &Path, args: &[&str]) -> Run {
        self.run(self.command(root, args))
    }

    fn run(&self, mut command: Command) -> Run {
        let out = command.output().expect("run rajat");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The site as published: every file but rajat's own.
    fn site(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = common::snapshot(&self.dir);
        files.retain(|path, _| !is_own(path));
        files
    }

    /// The inode of each file: a file sent again is a new file renamed over the old one.
    fn inodes(&self) -> BTreeMap<String, u64> {
        walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&self.dir).unwrap().to_string_lossy().into_owned();
                (rel, e.metadata().unwrap().ino())
            })
            .collect()
    }
}

fn is_own(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path == RECORD || path == JOURNAL || name.ends_with(".rajat-part")
}

/// The built site in `root`'s public/, without the manifest.
fn built(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = common::snapshot(&root.join("public"));
    files.remove(".rajat-manifest");
    files
}

/// The fixture guide, built once so that `--no-build` publishes can follow.
fn fixture() -> Site {
    let site = Site::fixture("basic");
    site.rajat(&["build"]).ok();
    site
}

/// The number in "Published N files".
fn published_count(run: &Run) -> Result<usize, Failed> {
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Published "))
        .ok_or_else(|| fail(format!("no summary line:\nstdout: {}\nstderr: {}", run.stdout, run.stderr)))?;
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).ok_or_else(|| fail(format!("no count in {line:?}")))
}

fn ok(run: &Run) -> Result<(), Failed> {
    if run.code != 0 {
        return Err(fail(format!(
            "rajat publish failed ({}):\nstdout: {}\nstderr: {}",
            run.code, run.stdout, run.stderr
        )));
    }
    Ok(())
}

fn check(condition: bool, message: impl FnOnce() -> String) -> Result<(), Failed> {
    if condition { Ok(()) } else { Err(fail(message())) }
}

fn same_site(dest: &Dest, root: &Path) -> Result<(), Failed> {
    let (published, built) = (dest.site(), built(root));
    if published != built {
        let differ: Vec<&String> =
            published.keys().chain(built.keys()).filter(|k| published.get(*k) != built.get(*k)).take(10).collect();
        return Err(fail(format!("the destination differs from public/ in {differ:?}")));
    }
    check(dest.dir.join(RECORD).is_file(), || "the destination keeps a record of what was published".into())?;
    check(!dest.dir.join(JOURNAL).exists(), || "a finished publish leaves no journal".into())
}

// ---------------------------------------------------------------- the cases

fn first_publish_makes_an_equal_tree(kind: &Kind) -> Result<(), Failed> {
    let site = fixture();
    let dest = Dest::new(kind);
    let run = dest.publish(site.root(), &["--no-build"]);
    ok(&run)?;
    same_site(&dest, site.root())?;
    let files = built(site.root()).len();
    check(published_count(&run)? == files, || format!("all {files} files are sent: {}", run.stdout))?;
    check(run.stdout.contains(&format!("to {}", dest.arg().trim_end_matches('/'))), || run.stdout.clone())?;
    check(run.stdout.contains("; 0 deleted"), || run.stdout.clone())
}

fn an_edit_sends_only_the_changed_files(kind: &Kind) -> Result<(), Failed> {
    let site = fixture();
    let dest = Dest::new(kind);
    ok(&dest.publish(site.root(), &["--no-build"]))?;
    let before = built(site.root());
    let inodes = dest.inodes();
    site.replace("content/about.md", "Everyone.", "Everyone who says no.");
    // Without --no-build: publish builds first.
    let run = dest.publish(site.root(), &[]);
    ok(&run)?;
    check(run.stdout.contains("Built 5 pages"), || format!("it built first: {}", run.stdout))?;
    let after = built(site.root());
    let changed: BTreeSet<&String> = after.keys().filter(|p| before.get(*p) != after.get(*p)).collect();
    // The page, the booklet that holds it, and the search index that reads its words.
    let expected = |p: &&String| {
        ["about/index.html", "booklet/index.html"].contains(&p.as_str()) || p.starts_with("rajat/search/")
    };
    check(changed.len() >= 3 && changed.iter().all(expected), || {
        format!("the edit changes the page, the booklet and the search index: {changed:?}")
    })?;
    check(published_count(&run)? == changed.len(), || format!("only {changed:?} are sent: {}", run.stdout))?;
    // What was sent, as the destination shows it: files replaced by new ones.
    let now = dest.inodes();
    let replaced: BTreeSet<&String> =
        now.iter().filter(|(p, ino)| !is_own(p) && inodes.get(*p) != Some(*ino)).map(|(p, _)| p).collect();
    check(replaced == changed, || format!("files replaced at the destination: {replaced:?}, changed: {changed:?}"))?;
    same_site(&dest, site.root())
}

fn a_second_publish_sends_nothing(kind: &Kind) -> Result<(), Failed> {
    let site = fixture();
    let dest = Dest::new(kind);
    ok(&dest.publish(site.root(), &["--no-build"]))?;
    let inodes = dest.inodes();
    let run = dest.publish(site.root(), &["--no-build"]);
    ok(&run)?;
    check(published_count(&run)? == 0, || run.stdout.clone())?;
    check(run.stdout.contains("(it already had this site)"), || run.stdout.clone())?;
    check(dest.inodes() == inodes, || "nothing at the destination changed, not even the record".into())
}

fn a_deleted_page_goes_and_files_rajat_did_not_publish_stay(kind: &Kind) -> Result<(), Failed> {
    let site = fixture();
    let dest = Dest::new(kind);
    ok(&dest.publish(site.root(), &["--no-build"]))?;
    std::fs::write(dest.dir.join("CNAME"), "guide.example.org").unwrap();
    std::fs::create_dir_all(dest.dir.join("photos")).unwrap();
    std::fs::write(dest.dir.join("photos/me.jpg"), "a photo").unwrap();
    std::fs::write(dest.dir.join("situations/notes.txt"), "mine").unwrap();
    // A page removed from the guide (and the link to it).
    std::fs::remove_file(site.path("content/situations/gamma.md")).unwrap();
    for file in ["content/situations/alpha.md", "content/situations/beta.md", "content/situations/_index.md"] {
        let text = site.read(file);
        site.write(file, text.replace("[gamma](gamma.md)", "gamma").replace("(gamma.md)", "(alpha.md)"));
    }
    site.rajat(&["build"]).ok();
    let run = dest.publish(site.root(), &["--no-build"]);
    ok(&run)?;
    check(!dest.dir.join("situations/gamma").exists(), || {
        "the page rajat published and the site dropped is deleted".into()
    })?;
    for mine in ["CNAME", "photos/me.jpg", "situations/notes.txt"] {
        check(dest.dir.join(mine).is_file(), || format!("{mine}, which rajat did not publish, is kept"))?;
    }
    // --dry-run names what --delete-unknown would delete, and deletes nothing.
    let dry = dest.publish(site.root(), &["--no-build", "--dry-run", "--delete-unknown"]);
    ok(&dry)?;
    for mine in ["CNAME", "photos/me.jpg", "situations/notes.txt"] {
        check(dry.stdout.contains(&format!("delete  {mine}")), || format!("--dry-run names {mine}: {}", dry.stdout))?;
        check(dest.dir.join(mine).is_file(), || format!("--dry-run deleted {mine}"))?;
    }
    let run = dest.publish(site.root(), &["--no-build", "--delete-unknown"]);
    ok(&run)?;
    for mine in ["CNAME", "photos/me.jpg", "situations/notes.txt"] {
        check(run.stdout.contains(&format!("Deleted {mine} ")), || format!("{mine} is named: {}", run.stdout))?;
        check(!dest.dir.join(mine).exists(), || format!("--delete-unknown deletes {mine}"))?;
    }
    check(!dest.dir.join("photos").exists(), || "a folder left empty goes too".into())?;
    same_site(&dest, site.root())
}

fn a_missing_or_damaged_record_is_rebuilt_from_the_files(kind: &Kind) -> Result<(), Failed> {
    let site = fixture();
    let dest = Dest::new(kind);
    ok(&dest.publish(site.root(), &["--no-build"]))?;
    let record = std::fs::read(dest.dir.join(RECORD)).unwrap();
    for damage in ["missing", "cut short", "not rajat's"] {
        match damage {
            "missing" => std::fs::remove_file(dest.dir.join(RECORD)).unwrap(),
            "cut short" => std::fs::write(dest.dir.join(RECORD), &record[..record.len() / 2]).unwrap(),
            _ => std::fs::write(dest.dir.join(RECORD), "hello").unwrap(),
        }
        let inodes = dest.inodes();
        let run = dest.publish(site.root(), &["--no-build"]);
        ok(&run)?;
        check(run.stdout.contains("had no record of an earlier publish"), || format!("{damage}: {}", run.stdout))?;
        check(published_count(&run)? == 0, || format!("{damage}: the files there are the site's: {}", run.stdout))?;
        let unchanged =
            dest.inodes().into_iter().filter(|(p, _)| !is_own(p)).all(|(p, ino)| inodes.get(&p) == Some(&ino));
        check(unchanged, || format!("{damage}: no file of the site was sent again"))?;
        check(std::fs::read(dest.dir.join(RECORD)).unwrap() == record, || {
            format!("{damage}: the record is whole again")
        })?;
    }
    // A file changed at the destination behind rajat's back, with no record: it is sent again.
    std::fs::remove_file(dest.dir.join(RECORD)).unwrap();
    let about = dest.dir.join("about/index.html");
    let mut text = std::fs::read(&about).unwrap();
    text[10] ^= 1;
    std::fs::write(&about, &text).unwrap();
    let run = dest.publish(site.root(), &["--no-build", "--delete-unknown"]);
    ok(&run)?;
    check(published_count(&run)? == 1, || run.stdout.clone())?;
    same_site(&dest, site.root())
}

fn a_file_in_the_way_is_never_replaced(kind: &Kind) -> Result<(), Failed> {
    let site = fixture();
    let dest = Dest::new(kind);
    // Someone's own home page where the guide's would go.
    std::fs::create_dir_all(&dest.dir).unwrap();
    std::fs::write(dest.dir.join("index.html"), "my own home page").unwrap();
    let run = dest.publish(site.root(), &["--no-build"]);
    check(run.code == 1, || format!("refused: {}\n{}", run.stdout, run.stderr))?;
    check(run.stderr.contains("`index.html`") && run.stderr.contains("--delete-unknown"), || run.stderr.clone())?;
    let left: Vec<String> = common::snapshot(&dest.dir).into_keys().collect();
    check(left == ["index.html"], || format!("nothing was sent: {left:?}"))?;
    check(std::fs::read_to_string(dest.dir.join("index.html")).unwrap() == "my own home page", || "kept".into())?;
    let run = dest.publish(site.root(), &["--no-build", "--delete-unknown"]);
    ok(&run)?;
    check(run.stdout.contains("Replaced index.html (rajat did not publish it"), || format!("named: {}", run.stdout))?;
    same_site(&dest, site.root())
}

/// A file of someone else's where a new page of the guide goes, put there
/// since the last publish (so the record does not know it): the publish
/// stops and names it, and so does every publish after it. A stopped
/// publish's journal never makes the file rajat's to replace; only
/// `--delete-unknown` does, naming it.
fn a_file_in_the_way_stays_after_a_refused_publish(kind: &Kind) -> Result<(), Failed> {
    let site = fixture();
    let dest = Dest::new(kind);
    ok(&dest.publish(site.root(), &["--no-build"]))?;
    std::fs::create_dir_all(dest.dir.join("extra")).unwrap();
    std::fs::write(dest.dir.join("extra/index.html"), "my own page").unwrap();
    site.write("content/extra.md", "---\ntitle: Extra\n---\nMore.\n");
    site.rajat(&["build"]).ok();
    for attempt in ["first", "second"] {
        let run = dest.publish(site.root(), &["--no-build"]);
        check(run.code == 1, || format!("{attempt} publish refused: {}\n{}", run.stdout, run.stderr))?;
        check(run.stderr.contains("extra/index.html") && run.stderr.contains("--delete-unknown"), || {
            format!("{attempt} publish names the file and what to do: {}", run.stderr)
        })?;
        let mine = std::fs::read_to_string(dest.dir.join("extra/index.html")).unwrap();
        check(mine == "my own page", || format!("after the {attempt} publish, the file is replaced: {mine:.60}"))?;
    }
    let run = dest.publish(site.root(), &["--no-build", "--delete-unknown"]);
    ok(&run)?;
    check(run.stdout.contains("Replaced extra/index.html (rajat did not publish it"), || {
        format!("named: {}", run.stdout)
    })?;
    same_site(&dest, site.root())
}

fn site_yaml_names_the_destination(kind: &Kind) -> Result<(), Failed> {
    let site = fixture();
    let dest = Dest::new(kind);
    let yaml = site.read("site.yaml");
    // A folder in site.yaml is relative to the site's folder.
    let written = match kind {
        Kind::Folder => {
            let inside = site.path("to-publish");
            std::fs::create_dir_all(&inside).unwrap();
            std::os::unix::fs::symlink(dest.dir.parent().unwrap(), inside.join("dest")).unwrap();
            "to-publish/dest/site".to_string()
        }
        Kind::Sftp(_) => dest.arg(),
    };
    site.write("site.yaml", format!("{yaml}publish: {written}\n"));
    // `rajat publish` alone: no destination on the command line.
    let run = dest.run(dest.command_to(None, site.root(), &["--no-build"]));
    ok(&run)?;
    same_site(&dest, site.root())?;
    // A destination site.yaml cannot use is reported at its line and column.
    site.write("site.yaml", format!("{yaml}publish: ftp://example.org/\n"));
    let run = dest.run(dest.command_to(None, site.root(), &["--no-build"]));
    let line = yaml.lines().count() + 1;
    check(run.code == 1 && run.stderr.contains(&format!("site.yaml:{line}:10")), || run.stderr.clone())?;
    check(run.stderr.contains("rajat cannot publish to `ftp://` addresses"), || run.stderr.clone())
}

/// A destination rajat may not write to: the changed page is named, with its
/// remote path and what to do; the live site is untouched; once allowed, the
/// next publish finishes.
fn a_folder_without_permission_is_named(kind: &Kind) -> Result<(), Failed> {
    let site = fixture();
    let mut dest = Dest::new(kind);
    // Root may write anywhere: over SFTP it logs in as `nobody` instead; for
    // a folder destination, the page's folder is mounted read-only on itself.
    if is_root()
        && let Kind::Sftp(_) = kind
    {
        dest.user = "nobody".into();
        std::fs::create_dir_all(&dest.dir).unwrap();
        std::os::unix::fs::chown(&dest.dir, Some(65534), Some(65534)).unwrap();
    }
    let mount = is_root() && matches!(kind, Kind::Folder);
    let about = dest.dir.join("about");
    let result = (|| {
        ok(&dest.publish(site.root(), &["--no-build"]))?;
        let before = dest.site();
        let lock = |locked: bool| -> Result<(), Failed> {
            if mount {
                let steps: &[&[&str]] = if locked { &[&["--bind"], &["-o", "remount,bind,ro"]] } else { &[] };
                for args in steps {
                    let out = Command::new("mount").args(*args).arg(&about).arg(&about).output()?;
                    check(out.status.success(), || {
                        format!("mount {args:?}: {}", String::from_utf8_lossy(&out.stderr))
                    })?;
                }
                if !locked {
                    let out = Command::new("umount").arg(&about).output()?;
                    check(out.status.success(), || String::from_utf8_lossy(&out.stderr).into_owned())?;
                }
                return Ok(());
            }
            if is_root() {
                // `nobody` may not write into a folder root owns.
                let owner = if locked { 0 } else { 65534 };
                std::os::unix::fs::chown(&about, Some(owner), Some(owner))?;
            } else {
                let mode = if locked { 0o555 } else { 0o755 };
                std::fs::set_permissions(&about, std::fs::Permissions::from_mode(mode))?;
            }
            Ok(())
        };
        lock(true)?;
        site.replace("content/about.md", "Everyone.", "Everyone who says no.");
        site.rajat(&["build"]).ok();
        let run = dest.publish(site.root(), &["--no-build"]);
        check(run.code == 1, || format!("refused: {}\n{}", run.stdout, run.stderr))?;
        check(run.stderr.contains("permission denied"), || run.stderr.clone())?;
        check(run.stderr.contains(&about.display().to_string()), || format!("names the remote path: {}", run.stderr))?;
        check(run.stderr.contains("public/"), || format!("names the file: {}", run.stderr))?;
        check(run.stderr.contains("still whole"), || format!("says the live site is fine: {}", run.stderr))?;
        // The live site is the previous one, whole.
        let now = dest.site();
        // Files other than pages go first: the booklet and the search index may be new already.
        let first = |p: &String| p.starts_with("booklet/") || p.starts_with("rajat/search/");
        check(now.iter().all(|(p, b)| before.get(p) == Some(b) || first(p)), || {
            "only files sent whole changed".into()
        })?;
        lock(false)?;
        ok(&dest.publish(site.root(), &["--no-build"]))?;
        same_site(&dest, site.root())
    })();
    if mount {
        // Unmounted already unless the test failed half way.
        let _ = Command::new("umount").arg(&about).output();
    }
    result
}

/// A destination on a small disk: a site that no longer fits is refused
/// before anything is sent, saying how much room there is and what to do.
/// Needs a tmpfs, which only root can mount.
fn a_full_disk_is_refused_before_anything_is_sent(kind: &Kind) -> Result<(), Failed> {
    let site = fixture();
    let mut dest = Dest::new(kind);
    let disk = dest.dir.parent().unwrap().join("small-disk");
    std::fs::create_dir_all(&disk)?;
    let out = Command::new("mount").args(["-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs"]).arg(&disk).output()?;
    check(out.status.success(), || format!("mount a tmpfs: {}", String::from_utf8_lossy(&out.stderr)))?;
    dest.dir = disk.join("site");
    let result = (|| {
        ok(&dest.publish(site.root(), &["--no-build"]))?;
        let before = dest.site();
        // 1.5 MB more: the 2 MB disk has no room for it.
        site.write("static/handout.pdf", vec![b'x'; 1_500_000]);
        site.rajat(&["build"]).ok();
        let run = dest.publish(site.root(), &["--no-build"]);
        check(run.code == 1, || format!("refused: {}\n{}", run.stdout, run.stderr))?;
        check(run.stderr.contains("free, and the site's changes need 1.5 MB"), || run.stderr.clone())?;
        check(run.stderr.contains("make room there") && run.stderr.contains("nothing was sent"), || {
            run.stderr.clone()
        })?;
        check(dest.site() == before, || "nothing was sent".into())?;
        check(!dest.dir.join(JOURNAL).exists(), || "not even the journal".into())?;
        // Made smaller, it fits, and goes.
        site.write("static/handout.pdf", vec![b'x'; 300_000]);
        site.rajat(&["build"]).ok();
        ok(&dest.publish(site.root(), &["--no-build"]))?;
        same_site(&dest, site.root())
    })();
    let _ = Command::new("umount").arg(&disk).output();
    result
}

// ------------------------------------------------------- SFTP and its keys

fn sshd_of(kind: &Kind) -> &Sshd {
    match kind {
        Kind::Sftp(sshd) => sshd,
        Kind::Folder => unreachable!("an SFTP case"),
    }
}

fn nothing_written(dest: &Dest) -> Result<(), Failed> {
    check(!dest.dir.exists(), || format!("nothing may be written: {:?}", common::snapshot(&dest.dir).keys()))
}

fn an_unknown_host_key_is_refused_and_nothing_written(kind: &Kind) -> Result<(), Failed> {
    let sshd = sshd_of(kind);
    let site = fixture();
    let dest = Dest::new(kind);
    let empty = dest.ssh_dir.join("known_hosts");
    std::fs::write(&empty, "").unwrap();
    let mut command = dest.command(site.root(), &["--no-build"]);
    command.env("RAJAT_KNOWN_HOSTS", &empty);
    let run = dest.run(command);
    check(run.code == 1, || format!("refused: {}\n{}", run.stdout, run.stderr))?;
    check(run.stderr.contains(&sshd.fingerprint()), || format!("shows {}: {}", sshd.fingerprint(), run.stderr))?;
    let keyscan = format!("ssh-keyscan -p {} 127.0.0.1 >> {}", sshd.port, empty.display());
    check(run.stderr.contains(&keyscan), || format!("says `{keyscan}`: {}", run.stderr))?;
    check(run.stderr.contains(&format!("ssh -p {} {}@127.0.0.1", sshd.port, dest.user)), || run.stderr.clone())?;
    nothing_written(&dest)?;
    // Doing what it says makes the next publish go through.
    let scanned = run_tool("ssh-keyscan", &["-p", &sshd.port.to_string(), "127.0.0.1"]);
    std::fs::write(&empty, scanned).unwrap();
    let mut command = dest.command(site.root(), &["--no-build"]);
    command.env("RAJAT_KNOWN_HOSTS", &empty);
    ok(&dest.run(command))?;
    same_site(&dest, site.root())
}

fn a_changed_host_key_is_refused(kind: &Kind) -> Result<(), Failed> {
    let sshd = sshd_of(kind);
    let site = fixture();
    let dest = Dest::new(kind);
    // Another ed25519 key recorded for this host and port.
    let other = dest.ssh_dir.join("other");
    run_tool("ssh-keygen", &["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", other.to_str().unwrap()]);
    let known = dest.ssh_dir.join("known_hosts");
    let line = format!("[127.0.0.1]:{} {}", sshd.port, std::fs::read_to_string(other.with_extension("pub")).unwrap());
    std::fs::write(&known, format!("# mine\nexample.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOl5oT1ctkEXnyOHuL6ZvwTt0F9g3fdE3xH21ZV8Clxq\n{line}")).unwrap();
    let mut command = dest.command(site.root(), &["--no-build"]);
    command.env("RAJAT_KNOWN_HOSTS", &known);
    let run = dest.run(command);
    check(run.code == 1, || format!("refused: {}\n{}", run.stdout, run.stderr))?;
    check(run.stderr.contains("CHANGED") && run.stderr.contains(&sshd.fingerprint()), || run.stderr.clone())?;
    check(run.stderr.contains(&format!("ssh-keygen -R '[127.0.0.1]:{}'", sshd.port)), || run.stderr.clone())?;
    check(run.stderr.contains(&format!("{}:3", known.display())), || format!("names line 3: {}", run.stderr))?;
    nothing_written(&dest)
}

fn hashed_known_hosts_entries_are_trusted(kind: &Kind) -> Result<(), Failed> {
    let sshd = sshd_of(kind);
    let site = fixture();
    let dest = Dest::new(kind);
    let known = dest.ssh_dir.join("known_hosts");
    std::fs::copy(sshd.file("known_hosts"), &known).unwrap();
    run_tool("ssh-keygen", &["-H", "-f", known.to_str().unwrap()]);
    let text = std::fs::read_to_string(&known).unwrap();
    check(text.starts_with("|1|") && !text.contains("127.0.0.1"), || format!("hashed: {text}"))?;
    let mut command = dest.command(site.root(), &["--no-build"]);
    command.env("RAJAT_KNOWN_HOSTS", &known);
    ok(&dest.run(command))?;
    same_site(&dest, site.root())
}

/// `~/.ssh` is the home folder's, however rajat is started: on Windows,
/// where `sftp` keeps `known_hosts` in `%USERPROFILE%\.ssh` and HOME is
/// not set, and on Unix without HOME (cron, a service). Never a `.ssh`
/// folder in whatever the current folder is: trusting the host keys found
/// there would trust whoever put them in the site's folder. A relative HOME
/// is no home folder: rajat refuses, and says so.
fn ssh_files_are_the_home_folder_s_not_the_current_folder_s(kind: &Kind) -> Result<(), Failed> {
    let sshd = sshd_of(kind);
    let site = fixture();
    let dest = Dest::new(kind);
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir(elsewhere.path().join(".ssh")).unwrap();
    std::fs::copy(sshd.file("known_hosts"), elsewhere.path().join(".ssh/known_hosts")).unwrap();
    std::fs::copy(sshd.file("user_key"), elsewhere.path().join(".ssh/id_ed25519")).unwrap();
    let started_in_elsewhere = |home: Option<&Path>| {
        let mut command = dest.command(site.root(), &["--no-build"]);
        command
            .env_remove("HOME")
            .env_remove("RAJAT_SSH_DIR")
            .env_remove("RAJAT_KNOWN_HOSTS")
            .env_remove("RAJAT_IDENTITY");
        if let Some(home) = home {
            command.env("HOME", home);
        }
        command.current_dir(elsewhere.path());
        dest.run(command)
    };
    // Without HOME: the account's home folder, which does not trust the server.
    let run = started_in_elsewhere(None);
    check(run.code == 1, || {
        format!("the current folder's .ssh/known_hosts is not trusted: {}\n{}", run.stdout, run.stderr)
    })?;
    check(run.stderr.contains("is not in ~/.ssh/known_hosts"), || format!("names ~/.ssh/known_hosts: {}", run.stderr))?;
    nothing_written(&dest)?;
    // HOME relative (here the current folder itself): no home folder of the
    // user's at all, so no known_hosts to check against.
    let run = started_in_elsewhere(Some(Path::new(".")));
    check(run.code == 1, || format!("without a home folder, nothing is trusted: {}\n{}", run.stdout, run.stderr))?;
    check(run.stderr.contains("could not find your home folder") && run.stderr.contains("~/.ssh/known_hosts"), || {
        format!("says there is no home folder and names ~/.ssh/known_hosts: {}", run.stderr)
    })?;
    nothing_written(&dest)?;
    // The same .ssh as the home folder's is trusted: the refusals above were for where it was.
    ok(&started_in_elsewhere(Some(elsewhere.path())))?;
    same_site(&dest, site.root())
}

fn a_wrong_key_is_refused_and_nothing_written(kind: &Kind) -> Result<(), Failed> {
    let sshd = sshd_of(kind);
    let site = fixture();
    let dest = Dest::new(kind);
    let mut command = dest.command(site.root(), &["--no-build"]);
    command.env("RAJAT_IDENTITY", sshd.file("stranger_key"));
    let run = dest.run(command);
    check(run.code == 1, || format!("refused: {}\n{}", run.stdout, run.stderr))?;
    check(run.stderr.contains(&format!("did not let `{}` log in", dest.user)), || run.stderr.clone())?;
    check(run.stderr.contains("stranger_key"), || format!("names the key it tried: {}", run.stderr))?;
    check(run.stderr.contains("ssh-copy-id"), || format!("says what to do: {}", run.stderr))?;
    nothing_written(&dest)?;
    // The default keys are looked for in ~/.ssh: the authorized key there logs in.
    std::fs::copy(sshd.file("user_key"), dest.ssh_dir.join("id_ed25519")).unwrap();
    let mut command = dest.command(site.root(), &["--no-build"]);
    command.env_remove("RAJAT_IDENTITY");
    ok(&dest.run(command))?;
    same_site(&dest, site.root())
}

fn the_ssh_agent_logs_in(kind: &Kind) -> Result<(), Failed> {
    let sshd = sshd_of(kind);
    let site = fixture();
    let dest = Dest::new(kind);
    let socket = dest.ssh_dir.join("agent.sock");
    let mut agent = Command::new("ssh-agent").arg("-D").arg("-a").arg(&socket).stdout(Stdio::null()).spawn()?;
    let started = Instant::now();
    while !socket.exists() && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let result = (|| {
        let added = Command::new("ssh-add").arg(sshd.file("user_key")).env("SSH_AUTH_SOCK", &socket).output()?;
        check(added.status.success(), || String::from_utf8_lossy(&added.stderr).into_owned())?;
        let mut command = dest.command(site.root(), &["--no-build"]);
        // No key file at all: only the agent holds the key.
        command.env_remove("RAJAT_IDENTITY").env("SSH_AUTH_SOCK", &socket);
        ok(&dest.run(command))?;
        same_site(&dest, site.root())
    })();
    let _ = agent.kill();
    let _ = agent.wait();
    result
}

// -------------------------------------------- stopped at many moments

type Tree = BTreeMap<String, Vec<u8>>;

/// Two versions of a 1,000-page guide, each built: the second has other
/// text on every page, 50 more pages, and a stylesheet of its own (the
/// first's goes), so a publish between them sends, replaces and deletes.
struct Versions {
    _tmp: tempfile::TempDir,
    roots: [PathBuf; 2],
    trees: [Tree; 2],
}

impl Versions {
    fn new() -> Versions {
        let tmp = tempfile::tempdir().unwrap();
        let roots = [tmp.path().join("v1"), tmp.path().join("v2")];
        corpus::write(&roots[0], 1000, 11).unwrap();
        corpus::write(&roots[1], 1050, 12).unwrap();
        // Each version's pages use a stylesheet of its own.
        for (i, root) in roots.iter().enumerate() {
            let base = root.join("templates/base.html");
            let text = std::fs::read_to_string(&base).unwrap();
            std::fs::write(&base, text.replace("url('style.css')", &format!("url('look-{i}.css')"))).unwrap();
            std::fs::write(root.join(format!("static/look-{i}.css")), format!("body {{ --version: {i}; }}\n")).unwrap();
        }
        let trees = [0, 1].map(|i| {
            common::rajat(&["build", "--root", roots[i].to_str().unwrap()], &roots[i]).ok();
            built(&roots[i])
        });
        assert!(trees[1].contains_key("look-1.css") && !trees[1].contains_key("look-0.css"));
        let page = String::from_utf8_lossy(&trees[1]["section-01/page-01-0003/index.html"]).into_owned();
        assert!(page.contains("/look-1.css"), "{page}");
        Versions { _tmp: tmp, roots, trees }
    }
}

/// Every file at the destination is whole (one version's bytes), and every
/// page a visitor can reach from the home page has its links and assets.
fn every_reachable_page_works(dest: &Dest, v: &Versions) -> Result<(usize, bool), Failed> {
    let files = dest.site();
    for (path, bytes) in &files {
        if v.trees.iter().all(|t| t.get(path) != Some(bytes)) {
            return Err(fail(format!("`{path}` at the destination is neither version's: a torn or stray file")));
        }
    }
    let mut seen = BTreeSet::from(["index.html".to_string()]);
    let mut queue = vec!["index.html".to_string()];
    check(files.contains_key("index.html"), || "the home page is there".into())?;
    while let Some(page) = queue.pop() {
        let html = String::from_utf8_lossy(&files[&page]).into_owned();
        for link in common::links(&html) {
            if link.contains("://") || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            let Some(target) = common::resolve(&page, &link) else { continue };
            if !files.contains_key(&target) {
                return Err(fail(format!("`{page}` links to `{link}`, which is not there")));
            }
            if target.ends_with(".html") && seen.insert(target.clone()) {
                queue.push(target);
            }
        }
    }
    let mixed = v.trees.iter().all(|t| *t != files);
    Ok((seen.len(), mixed))
}

/// Waits until the destination stops changing: a server may still be
/// carrying out what a killed client sent it.
fn settle(dest: &Dest) {
    let mut last = dest.inodes();
    for _ in 0..40 {
        std::thread::sleep(Duration::from_millis(100));
        let now = dest.inodes();
        if now == last {
            return;
        }
        last = now;
    }
}

fn a_publish_killed_at_many_moments_keeps_every_page_working(kind: &Kind, v: &Versions) -> Result<(), Failed> {
    let dest = Dest::new(kind);
    ok(&dest.publish(&v.roots[0], &["--no-build"]))?;
    // How long a publish from one version to the other takes: the stops spread over it.
    let mut full = Duration::from_millis(100);
    for version in [1, 0] {
        let started = Instant::now();
        ok(&dest.publish(&v.roots[version], &["--no-build"]))?;
        full = full.max(started.elapsed());
    }
    let (mut stops, mut mixed, mut reachable) = (0, 0, 0);
    // Toward each version in turn, from wherever the stop before left it.
    let mut target = 0;
    for i in 0..14u32 {
        target = 1 - target;
        let mut child =
            dest.command(&v.roots[target], &["--no-build"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
        std::thread::sleep(full * i / 12);
        // SAFETY: the pid is our own child's.
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        child.wait()?;
        settle(&dest);
        stops += 1;
        let (pages, was_mixed) = every_reachable_page_works(&dest, v)
            .map_err(|e| fail(format!("after a stop at {:?}: {}", full * i / 12, e.message().unwrap_or(""))))?;
        reachable = reachable.max(pages);
        if was_mixed {
            mixed += 1;
        }
    }
    // The next publish completes it: exactly the version asked for, nothing left over.
    ok(&dest.publish(&v.roots[target], &["--no-build"]))?;
    check(dest.site() == v.trees[target], || "the publish after the stops gives the version asked for".into())?;
    let leftovers: Vec<String> = common::snapshot(&dest.dir).into_keys().filter(|p| is_own(p) && p != RECORD).collect();
    check(leftovers.is_empty(), || format!("nothing of the stopped publishes is left: {leftovers:?}"))?;
    println!("{stops} stopped publishes, {mixed} of them half way; up to {reachable} pages reachable, each whole");
    check(mixed >= 2, || format!("the stops should land half way through a publish: only {mixed} of {stops} did"))
}

/// Exit status as for `build`: 2 for a mistyped command line, 1 for a
/// destination rajat cannot use, with what to do.
fn the_exit_status_says_what_went_wrong() -> Result<(), Failed> {
    let site = fixture();
    let root = site.root().to_str().unwrap();
    let run = common::rajat(&["publish", "/tmp/x", "--root", root, "--no-such-flag"], site.root());
    check(run.code == 2, || format!("a mistyped flag exits with 2: {}", run.stderr))?;
    let run = common::rajat(&["publish", "--root", root, "--no-build"], site.root());
    check(
        run.code == 1 && run.stderr.contains("needs a destination") && run.stderr.contains("publish: sftp://"),
        || format!("no destination: {}", run.stderr),
    )?;
    let run = common::rajat(&["publish", "https://example.org/", "--root", root], site.root());
    check(run.code == 1 && run.stderr.contains("rajat cannot publish to `https://` addresses"), || run.stderr.clone())?;
    check(!run.stdout.contains("Built"), || "a destination it cannot use is refused before building".into())?;
    let run = common::rajat(&["publish", site.path("public/copy").to_str().unwrap(), "--root", root], site.root());
    check(run.code == 1 && run.stderr.contains("inside the output folder"), || run.stderr.clone())
}

// ------------------------------------------------------------ workflows

/// The repository's workflows and the one `rajat init` writes, as a user gets it.
fn workflows() -> Vec<(String, String)> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<(String, String)> = std::fs::read_dir(repo.join(".github/workflows"))
        .unwrap()
        .flatten()
        .map(|e| {
            (
                format!(".github/workflows/{}", e.file_name().to_string_lossy()),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    common::rajat(&["init", "guide"], tmp.path()).ok();
    let pages = std::fs::read_to_string(tmp.path().join("guide/.github/workflows/pages.yml")).unwrap();
    files.push(("the workflow `rajat init` writes".into(), pages));
    files.sort();
    files
}

/// check-jsonschema, from PyPI, or why it cannot run.
fn check_jsonschema() -> Result<(), String> {
    match Command::new("check-jsonschema").arg("--version").output() {
        Ok(out) if out.status.success() => Ok(()),
        _ => Err("check-jsonschema is missing".into()),
    }
}

/// Validates `files` against GitHub's workflow schema; the validator's complaint when one is not.
fn validate(files: &[(String, String)]) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let mut command = Command::new("check-jsonschema");
    command.args(["--builtin-schema", "vendor.github-workflows"]);
    for (i, (_, text)) in files.iter().enumerate() {
        let path = tmp.path().join(format!("workflow-{i}.yml"));
        std::fs::write(&path, text).unwrap();
        command.arg(path);
    }
    let out = command.output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}

fn the_workflows_follow_github_s_schema() -> Result<(), Failed> {
    let files = workflows();
    check(files.len() >= 2, || {
        format!("the release workflow and the Pages one: {:?}", files.iter().map(|f| &f.0).collect::<Vec<_>>())
    })?;
    validate(&files).map_err(|e| {
        fail(format!(
            "{:?} do not follow GitHub's workflow schema:\n{e}",
            files.iter().map(|f| &f.0).collect::<Vec<_>>()
        ))
    })?;
    // The validator does validate: a job without `runs-on` is refused.
    let broken = files[0].1.replacen("runs-on:", "runs_on:", 1);
    check(validate(&[("broken".into(), broken)]).is_err(), || "check-jsonschema let a broken workflow through".into())
}

fn the_pages_workflow_builds_as_the_readme_says() -> Result<(), Failed> {
    let files = workflows();
    let pages = &files.iter().find(|(name, _)| name.contains("rajat init")).expect("init's workflow").1;
    let command = pages
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("run: ").filter(|c| c.starts_with("rajat build")))
        .ok_or_else(|| fail("the Pages workflow has no `run: rajat build` step"))?;
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let publish = readme
        .split("\n## ")
        .find(|s| s.starts_with("Publish"))
        .ok_or_else(|| fail("README has no Publish section"))?;
    check(publish.contains(command), || {
        format!("README's Publish section must show the workflow's build command `{command}`")
    })?;
    // The release the Pages workflow downloads is one the release workflow makes.
    let release = &files.iter().find(|(name, _)| name.ends_with("release.yml")).expect("the release workflow").1;
    check(
        pages.contains("rajat-x86_64-unknown-linux-gnu.tar.gz")
            && release.contains("target: x86_64-unknown-linux-gnu")
            && release.contains("rajat-${{ matrix.target }}.${{ matrix.archive }}"),
        || {
            "the Pages workflow downloads rajat-x86_64-unknown-linux-gnu.tar.gz, which the release workflow must make"
                .into()
        },
    )?;
    for target in ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu", "apple-darwin", "windows"] {
        check(release.contains(target), || format!("the release workflow builds for {target}"))?;
    }
    check(publish.contains("rajat publish"), || "README's Publish section shows rajat publish".into())
}

// ------------------------------------------------------------- harness

type Case = fn(&Kind) -> Result<(), Failed>;

/// The two built versions of the 1,000-page guide, made once for both destinations.
type Shared = Arc<std::sync::Mutex<Option<Arc<Versions>>>>;

fn shared_versions(versions: &Shared) -> Arc<Versions> {
    let mut slot = versions.lock().unwrap_or_else(|e| e.into_inner());
    Arc::clone(slot.get_or_insert_with(|| Arc::new(Versions::new())))
}

const BOTH: &[(&str, Case)] = &[
    ("first_publish_makes_an_equal_tree", first_publish_makes_an_equal_tree),
    ("an_edit_sends_only_the_changed_files", an_edit_sends_only_the_changed_files),
    ("a_second_publish_sends_nothing", a_second_publish_sends_nothing),
    (
        "a_deleted_page_goes_and_files_rajat_did_not_publish_stay",
        a_deleted_page_goes_and_files_rajat_did_not_publish_stay,
    ),
    ("a_missing_or_damaged_record_is_rebuilt_from_the_files", a_missing_or_damaged_record_is_rebuilt_from_the_files),
    ("a_file_in_the_way_is_never_replaced", a_file_in_the_way_is_never_replaced),
    ("a_file_in_the_way_stays_after_a_refused_publish", a_file_in_the_way_stays_after_a_refused_publish),
    ("site_yaml_names_the_destination", site_yaml_names_the_destination),
    ("a_folder_without_permission_is_named", a_folder_without_permission_is_named),
];

const KILLED: &str = "a_publish_killed_at_many_moments_keeps_every_page_working";

const SFTP_ONLY: &[(&str, Case)] = &[
    ("an_unknown_host_key_is_refused_and_nothing_written", an_unknown_host_key_is_refused_and_nothing_written),
    ("a_changed_host_key_is_refused", a_changed_host_key_is_refused),
    ("hashed_known_hosts_entries_are_trusted", hashed_known_hosts_entries_are_trusted),
    ("a_wrong_key_is_refused_and_nothing_written", a_wrong_key_is_refused_and_nothing_written),
    (
        "ssh_files_are_the_home_folder_s_not_the_current_folder_s",
        ssh_files_are_the_home_folder_s_not_the_current_folder_s,
    ),
    ("the_ssh_agent_logs_in", the_ssh_agent_logs_in),
];

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let versions: Shared = Arc::default();
    let killed = |kind: Kind| {
        let versions = Arc::clone(&versions);
        Trial::test(format!("{}::{KILLED}", if matches!(kind, Kind::Folder) { "folder" } else { "sftp" }), move || {
            a_publish_killed_at_many_moments_keeps_every_page_working(&kind, &shared_versions(&versions))
        })
    };
    let mut trials: Vec<Trial> =
        BOTH.iter().map(|&(name, case)| Trial::test(format!("folder::{name}"), move || case(&Kind::Folder))).collect();
    trials.push(killed(Kind::Folder));
    let full_disk = |kind: Kind, prefix: &str| {
        let name = format!("{prefix}::a_full_disk_is_refused_before_anything_is_sent");
        if is_root() {
            Trial::test(name, move || a_full_disk_is_refused_before_anything_is_sent(&kind))
        } else {
            Trial::test(name, || Err("needs root to mount a small disk; see the notice above".into()))
                .with_ignored_flag(true)
        }
    };
    if !is_root() && !args.list {
        eprintln!(
            "\n{bar}\nTHE FULL-DISK PUBLISH TESTS DID NOT RUN: they need a small tmpfs, which only root can mount.\n\
             Run the tests as root (as CI does) to include them.\n{bar}\n",
            bar = "!".repeat(78)
        );
    }
    trials.push(full_disk(Kind::Folder, "folder"));
    trials.push(Trial::test(
        "workflows::the_pages_workflow_builds_as_the_readme_says",
        the_pages_workflow_builds_as_the_readme_says,
    ));
    trials
        .push(Trial::test("command_line::the_exit_status_says_what_went_wrong", the_exit_status_says_what_went_wrong));
    let schema = if args.list { Err("listing only".to_string()) } else { check_jsonschema() };
    match schema {
        Ok(()) => trials
            .push(Trial::test("workflows::the_workflows_follow_github_s_schema", the_workflows_follow_github_s_schema)),
        Err(why) => {
            if !args.list {
                eprintln!(
                    "\n{bar}\nTHE WORKFLOW SCHEMA TEST DID NOT RUN: {why}.\n\
                     Install it (pip install check-jsonschema) and run `cargo test` again.\n{bar}\n",
                    bar = "!".repeat(78)
                );
                if std::env::var("RAJAT_REQUIRE_JSONSCHEMA").is_ok_and(|v| v == "1") {
                    eprintln!("RAJAT_REQUIRE_JSONSCHEMA=1, so a missing check-jsonschema is a failure.");
                    return ExitCode::FAILURE;
                }
            }
            trials.push(
                Trial::test("workflows::the_workflows_follow_github_s_schema", || {
                    Err("check-jsonschema is missing; see the notice above".into())
                })
                .with_ignored_flag(true),
            );
        }
    }
    let sshd = if args.list { Err("listing only".to_string()) } else { Sshd::start().map(Arc::new) };
    let sftp_cases = BOTH.iter().chain(SFTP_ONLY);
    match sshd {
        Ok(sshd) => {
            for &(name, case) in sftp_cases {
                let kind = Kind::Sftp(Arc::clone(&sshd));
                trials.push(Trial::test(format!("sftp::{name}"), move || case(&kind)));
            }
            trials.push(full_disk(Kind::Sftp(Arc::clone(&sshd)), "sftp"));
            trials.push(killed(Kind::Sftp(sshd)));
        }
        Err(why) => {
            if !args.list {
                eprintln!(
                    "\n{bar}\nTHE SFTP TESTS DID NOT RUN: they need a real OpenSSH server, and {why}.\n\
                     Install it (apt-get install -y openssh-server) and run `cargo test` again.\n{bar}\n",
                    bar = "!".repeat(78)
                );
                if std::env::var("RAJAT_REQUIRE_SSHD").is_ok_and(|v| v == "1") {
                    eprintln!("RAJAT_REQUIRE_SSHD=1, so a missing sshd is a failure.");
                    return ExitCode::FAILURE;
                }
            }
            let full = "a_full_disk_is_refused_before_anything_is_sent";
            for name in sftp_cases.map(|(name, _)| *name).chain([KILLED, full]) {
                trials.push(
                    Trial::test(format!("sftp::{name}"), || Err("sshd is missing; see the notice above".into()))
                        .with_ignored_flag(true),
                );
            }
        }
    }
    let conclusion = libtest_mimic::run(&args, trials);
    drop(versions);
    conclusion.exit_code()
}
