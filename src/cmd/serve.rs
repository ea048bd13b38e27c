//! `rajat serve`

use std::net::IpAddr;

use super::RootArg;

/// Preview the site with live reload while you write.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// The port to listen on; the next free one is used if it is taken.
    #[arg(long, short = 'p', default_value_t = 1111)]
    port: u16,
    /// The address to listen on. Anything but loopback shows your drafts to the network.
    #[arg(long, short = 'b', default_value = "127.0.0.1", value_name = "ADDR")]
    bind: IpAddr,
    /// Open the site in your browser.
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Also answer requests for this host name (besides localhost and IP
    /// addresses); for reaching the preview by a name, e.g. in a VM. Repeatable.
    #[arg(long, value_name = "NAME")]
    allow_host: Vec<String>,
}

pub fn run(args: Args) -> rajat::Result<()> {
    rajat::serve::serve(rajat::serve::ServeOptions {
        root: args.root.root,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        open: args.open,
        allowed_hosts: args.allow_host,
    })
}
