//! `zorgkring account …`: the support desk's tools for login problems, on the same database and
//! key as the server.

use crate::cli::{AccountAction, AccountArgs};
use crate::{secret_file, storage};
use anyhow::bail;
use std::sync::Arc;
use zk_app::App;
use zk_app::password_check::NetworkState;
use zk_app::support_desk::{AccountReport, end_sessions, lookup_from, unlock};
use zk_domain::SystemClock;

pub async fn run(args: AccountArgs) -> anyhow::Result<()> {
    let backend = storage::open(&args.storage).await?;
    backend.migrate().await?;
    let store = backend.store();
    let key = secret_file::load(
        args.secret_key_file.as_deref(),
        &args.storage.data_dir,
        store.as_ref(),
    )
    .await?;
    let app = App::new(store, Arc::new(SystemClock), key);
    let result = match &args.action {
        AccountAction::Show { email, ip } => {
            // Counted the way the web layer counts it (an IPv6 address by its /64).
            let ip = ip.map(zk_web::limit_key);
            match lookup_from(&app, email, ip.as_deref()).await? {
                Some(r) => {
                    print_report(&r, ip.as_deref());
                    Ok(())
                }
                None => Err(anyhow::anyhow!("no account with that e-mail address")),
            }
        }
        AccountAction::Unlock { email } => match unlock(&app, email).await? {
            true => {
                println!("The login wait is lifted.");
                Ok(())
            }
            false => Err(anyhow::anyhow!("no account with that e-mail address")),
        },
        AccountAction::EndSessions { email } => match end_sessions(&app, email).await? {
            Some(n) => {
                println!("Ended {n} session(s).");
                Ok(())
            }
            None => Err(anyhow::anyhow!("no account with that e-mail address")),
        },
    };
    backend.close().await;
    if let Err(e) = result {
        bail!(e);
    }
    Ok(())
}

fn print_report(r: &AccountReport, ip: Option<&str>) {
    println!("name:            {}", r.name);
    println!("e-mail:          {}", r.email);
    println!("created:         {}", r.created_at);
    match &r.phone {
        Some((phone, true)) => println!("SMS:             {phone}"),
        Some((phone, false)) => println!("SMS:             none (phone {phone} not verified)"),
        None => println!("SMS:             none"),
    }
    println!(
        "app:             {}",
        if r.authenticator { "yes" } else { "none" }
    );
    println!("passkeys:        {}", r.passkeys);
    println!(
        "failed logins:   {} in the last day, from {} network(s)",
        r.failed_logins,
        r.networks.len()
    );
    for n in &r.networks {
        println!("  network {}: {}", n.network, network_line(n));
    }
    if let (Some(from), Some(ip)) = (&r.from, ip) {
        println!(
            "from {ip} (network {}): {}",
            from.network.network,
            network_line(&from.network)
        );
        if let Some(until) = from.address_waits_until {
            println!("  and {ip} itself waits until {until} (failures for any address)");
        }
    }
    if r.networks
        .iter()
        .any(|n| n.closed || n.waiting_until.is_some())
    {
        println!(
            "login from any other network: not held back (lift all with: zorgkring account unlock)"
        );
    } else {
        println!("login:           not held back from any network");
    }
    println!("active sessions: {}", r.active_sessions);
}

/// One network's state in words: closed for the day, waiting, or free.
fn network_line(n: &NetworkState) -> String {
    if n.closed {
        format!(
            "{} failed: closed until a password reset or an unlock",
            n.failures
        )
    } else if let Some(until) = n.waiting_until {
        format!("{} failed: waits until {until}", n.failures)
    } else {
        format!("{} failed: may try now", n.failures)
    }
}
