//! `rajat check --external`: request every http(s) link of the guide, once per
//! address, a few at a time, and report those that do not answer with a page.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::error::Diagnostic;
use crate::links::Target;
use crate::site::Site;

/// How external links are requested.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The longest one request (redirects included) may take.
    pub timeout: Duration,
    /// How many requests may be in flight at once.
    pub concurrency: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { timeout: Duration::from_secs(10), concurrency: 8 }
    }
}

/// One external address and every place the guide links to it.
#[derive(Clone, Debug)]
pub struct ExternalLink {
    /// Without its `#fragment`, which never reaches the server.
    pub url: String,
    /// A located warning for each place, its message filled in if the link fails.
    pub places: Vec<Diagnostic>,
}

/// Every http(s) link of the pages (bodies and forms, as recorded when
/// they rendered) and of each language's menu, by address.
pub fn collect(site: &Site) -> Vec<ExternalLink> {
    let mut by_url: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for page in &site.pages {
        for link in page.links().filter(|l| l.target == Target::External && is_http(&l.dest)) {
            let place = Diagnostic::warning("").in_file(&page.header.path).at_line(link.line, link.col);
            by_url.entry(without_fragment(&link.dest)).or_default().push(place);
        }
    }
    let config = &site.config;
    let mut seen: Vec<&crate::config::MenuItem> = Vec::new();
    // A language without a menu of its own has the default one's entries: each is asked about once.
    for item in config.languages.iter().flat_map(|l| &l.menu) {
        if seen.contains(&item) {
            continue;
        }
        seen.push(item);
        let Some(url) = item.url.as_deref().filter(|u| is_http(u)) else { continue };
        let place = Diagnostic::warning("").in_file(crate::config::CONFIG_FILE);
        let place = match config.source.find(url) {
            Some(offset) => place.at_offset(&config.source, offset).span(url.chars().count()),
            None => place,
        };
        by_url.entry(without_fragment(url)).or_default().push(place);
    }
    by_url.into_iter().map(|(url, places)| ExternalLink { url, places }).collect()
}

/// Whether `url` is an http(s) address, in any case.
pub fn is_http(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn without_fragment(url: &str) -> String {
    url.split('#').next().unwrap_or(url).to_string()
}

/// Requests every link, `settings.concurrency` at a time, and returns a
/// warning for each place a failing link is written.
pub fn check(links: &[ExternalLink], settings: &Settings) -> Vec<Diagnostic> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .http_status_as_error(false)
        .user_agent(format!("rajat/{} (link check)", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<(usize, Failure)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..settings.concurrency.clamp(1, links.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(link) = links.get(i) else { break };
                    if let Err(failure) = request(&agent, &link.url, settings.timeout) {
                        failures.lock().unwrap_or_else(|e| e.into_inner()).push((i, failure));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort_by_key(|(i, _)| *i);
    let mut problems = Vec::new();
    for (i, failure) in failures {
        let link = &links[i];
        for place in &link.places {
            let mut d = place.clone().hint(failure.hint);
            d.message = format!("external link `{}` {}", link.url, failure.what);
            problems.push(d);
        }
    }
    problems
}

/// Why a link failed, phrased to follow "external link `…`".
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// What happened: `answered 404 Not Found`.
    pub what: String,
    /// What to do about it.
    pub hint: &'static str,
}

/// Asks for `url` with HEAD, and with GET when HEAD gets an error status: some
/// servers refuse HEAD (405, or 403/404) yet serve the page. Redirects are followed.
pub fn request(agent: &ureq::Agent, url: &str, timeout: Duration) -> Result<(), Failure> {
    match agent.head(url).call() {
        Ok(response) if response.status().as_u16() < 400 => return Ok(()),
        Ok(_) => {}
        Err(e) => return Err(transport_failure(&e, timeout)),
    }
    match agent.get(url).call() {
        Ok(response) if response.status().as_u16() < 400 => Ok(()),
        Ok(response) => {
            let status = response.status();
            let code = status.as_u16();
            let what = format!("answered {code} {}", status.canonical_reason().unwrap_or("")).trim_end().to_string();
            let hint = match code {
                404 | 410 => "the page is gone: link to where it moved, or remove the link",
                401 | 403 => "the server refused rajat's request; open the link in a browser to see whether it works",
                429 => "the server is limiting requests; run the check again later",
                500.. => "the server had a problem; run the check again later, and open the link in a browser",
                _ => "open the link in a browser, then fix or remove it",
            };
            Err(Failure { what, hint })
        }
        Err(e) => Err(transport_failure(&e, timeout)),
    }
}

fn transport_failure(err: &ureq::Error, timeout: Duration) -> Failure {
    let check = "check the address, and open the link in a browser";
    let what = match err {
        ureq::Error::Timeout(_) => format!("did not answer within {} s", timeout.as_secs_f64()),
        ureq::Error::HostNotFound => "failed: the host was not found".into(),
        ureq::Error::ConnectionFailed => "failed: could not connect".into(),
        ureq::Error::TooManyRedirects => "redirects too many times".into(),
        ureq::Error::BadUri(why) => format!("is not a valid address: {why}"),
        other => format!("failed: {other}"),
    };
    Failure { what, hint: check }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_that_never_answers_times_out() {
        // Accepts connections on loopback and holds them open without a word.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/slow", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let held: Vec<_> = listener.incoming().take(2).collect();
            std::thread::sleep(Duration::from_secs(5));
            drop(held);
        });
        let links = vec![ExternalLink {
            url: url.clone(),
            places: vec![Diagnostic::warning("").in_file("content/a.md").at_line(3, 7)],
        }];
        let started = std::time::Instant::now();
        let problems = check(&links, &Settings { timeout: Duration::from_millis(300), concurrency: 8 });
        assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            format!("content/a.md:3:7: warning: external link `{url}` did not answer within 0.3 s")
        );
    }

    #[test]
    fn only_http_links_count_and_fragments_are_dropped() {
        assert!(is_http("https://example.com/") && is_http("HTTP://EXAMPLE.COM"));
        assert!(!is_http("mailto:me@example.com") && !is_http("ftp://example.com") && !is_http("../a.md"));
        assert_eq!(without_fragment("https://e.com/a#b"), "https://e.com/a");
    }
}
