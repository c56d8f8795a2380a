//! The e-mail that says a message is waiting: no subject, no text, no client, no sender; only
//! that there is a new message and the link to the messages.

use super::{Block, button, compose, hello, regards};
use crate::i18n::Tr;
use zk_app::registration::RenderedMail;

pub fn message_waiting(tr: &Tr, name: &str, link: &str) -> RenderedMail {
    compose(
        tr.t("msg-mail-subject"),
        vec![
            hello(tr, name),
            Block::Strong(tr.t("msg-mail-1")),
            button(tr, "msg-mail-button", link),
            regards(tr),
        ],
    )
}
