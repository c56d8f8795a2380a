//! `zorgkring provider …`: register care providers and add their staff, on the same database
//! and key as the server.

use crate::cli::{ProviderAction, ProviderArgs, StaffAction};
use crate::{secret_file, storage};
use anyhow::anyhow;
use std::sync::Arc;
use zk_app::App;
use zk_app::providers::{NewProvider, create_provider};
use zk_app::staff::{NewStaffMember, add_staff_member};
use zk_domain::{ProviderId, SystemClock};
use zk_store::StaffRole;
use zk_web::i18n::{I18n, Lang, Tr};

pub async fn run(args: ProviderArgs) -> anyhow::Result<()> {
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
    let result = act(&app, &args).await;
    backend.close().await;
    result
}

async fn act(app: &App, args: &ProviderArgs) -> anyhow::Result<()> {
    match &args.action {
        ProviderAction::Add {
            name,
            secretariat_email,
            secretariat_phone,
            letter_validity_days,
        } => {
            let provider = create_provider(
                app,
                NewProvider {
                    name: name.clone(),
                    secretariat_email: secretariat_email.clone(),
                    secretariat_phone: secretariat_phone.clone(),
                    letter_validity_days: *letter_validity_days,
                },
            )
            .await?;
            println!("{}", provider.id);
            Ok(())
        }
        ProviderAction::Staff {
            action:
                StaffAction::Add {
                    provider,
                    email,
                    first_name,
                    last_name,
                    role,
                },
        } => {
            let provider: ProviderId = provider
                .parse()
                .map_err(|_| anyhow!("--provider is not a provider id"))?;
            let role = StaffRole::parse(role).ok_or_else(|| anyhow!("unknown role {role}"))?;
            let i18n = Arc::new(I18n::new(&args.brand_name).map_err(|e| anyhow!(e))?);
            let tr = Tr::new(i18n, Lang::Nl);
            let added = add_staff_member(
                app,
                NewStaffMember {
                    provider,
                    email: email.clone(),
                    first_name: first_name.clone(),
                    last_name: last_name.clone(),
                    role,
                },
                &args.public_url,
                |invitee, provider, link| {
                    zk_web::staff_welcome(&tr, invitee.first_name, &provider.name, link)
                },
            )
            .await?;
            // Whether the address has an account is not said: the invitation is the same.
            println!(
                "Invited {} as {}; a member once accepted.",
                added.invitation.email,
                role.as_str()
            );
            println!("Invitation link (valid 7 days, once, also sent by e-mail):");
            println!("{}", added.link);
            Ok(())
        }
    }
}
