//! `zorgkring account …`: the support desk's tools for login problems, on the same database and
//! key as the server.

use crate::cli::{AccountAction, AccountArgs};
use crate::{secret_file, storage};
use anyhow::bail;
use std::sync::Arc;
use zk_app::App;
use zk_app::support_desk::{end_sessions, lookup, unlock};
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
        AccountAction::Show { email } => match lookup(&app, email).await? {
            Some(r) => {
                println!("name:            {}", r.name);
                println!("e-mail:          {}", r.email);
                println!("created:         {}", r.created_at);
                match r.phone {
                    Some((phone, true)) => println!("second factor:   SMS to {phone}"),
                    Some((phone, false)) => {
                        println!("second factor:   none (phone {phone} not verified)")
                    }
                    None => println!("second factor:   none"),
                }
                println!("failed logins:   {}", r.failed_logins);
                match r.waiting_until {
                    Some(until) => {
                        println!("login waits until {until} (lift with: zorgkring account unlock)")
                    }
                    None => println!("login:           not waiting"),
                }
                println!("active sessions: {}", r.active_sessions);
                Ok(())
            }
            None => Err(anyhow::anyhow!("no account with that e-mail address")),
        },
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
